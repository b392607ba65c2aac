"""The database search index: one row per searchable object, the same fields on every database.

The full-text part is not a Django field: on PostgreSQL generated ``tsvector``
columns with GIN indexes (migrations 0002 and 0003: everything, and the title alone),
on SQLite an FTS5 table kept in step by triggers. Both index ``title_terms`` and
``body_terms`` (the light Polish stems from ``search.text``); PostgreSQL also indexes
the hunspell Polish forms of the title and of the text (``body_lemmas``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    type = models.CharField(_("type"), max_length=40)
    object_id = models.CharField(_("object id"), max_length=64)
    title = models.CharField(_("title"), max_length=500)
    title_key = models.CharField(_("title for exact matching"), max_length=255, db_index=True)
    body = models.TextField(_("text"), blank=True)
    title_terms = models.TextField(_("title terms"), blank=True)
    body_terms = models.TextField(_("text terms"), blank=True)
    # PostgreSQL: the text's words by their hunspell forms, looked up once per distinct word
    # (search.backends.postgres.lemmas) instead of once per occurrence while indexing.
    body_lemmas = models.TextField(_("text dictionary forms"), blank=True, default="")
    url = models.CharField(_("address"), max_length=500)
    date = models.DateField(_("date"), null=True, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    indexed_at = models.DateTimeField(_("indexed"), auto_now=True)

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        constraints = [models.UniqueConstraint(fields=["type", "object_id"], name="search_entry_unique")]

    def __str__(self):
        return f"{self.type}:{self.object_id} {self.title}"


class SearchTag(models.Model):
    """One filter value of an entry (an organisation has several spheres): filtering and facets."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="tags")
    key = models.CharField(max_length=40)
    value = models.CharField(max_length=100)

    class Meta:
        indexes = [models.Index(fields=["key", "value", "entry"], name="search_tag_lookup")]

    def __str__(self):
        return f"{self.key}={self.value}"
