"""What an app declares to make its content searchable (in its own ``documents.py``).

A searchable type is one subclass of :class:`SearchType`, registered with
:func:`search.registry.register`. It names

* ``document``: an ``elasticsearch.dsl`` Document subclass of :class:`SearchDocument`
  (the Elasticsearch mapping; the database backend indexes the same fields),
* ``get_queryset()``: every object the public may see, and nothing else,
* ``to_entry(obj)``: the indexed fields of one object,
* ``filters``: the per-type filters offered as facets,
* ``watch``: which model changes should re-index which of its objects.

Nothing here queries the database at import time.
"""

import datetime
import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.html import strip_tags
from elasticsearch.dsl import Completion, Date, Document, Keyword, Text

# Analysers are defined in the index settings (search.backends.elastic.analysis_settings),
# so the mapping can name them whatever stemmer the server offers.
POLISH = "portal_polish"
FOLDED = "portal_folded"
STEMS = "portal_stems"


class SearchDocument(Document):
    """Fields every searchable type has, in Elasticsearch and in the database index."""

    type = Keyword()
    object_id = Keyword()
    title = Text(analyzer=POLISH, fields={"folded": Text(analyzer=FOLDED), "key": Keyword()})
    body = Text(analyzer=POLISH, fields={"folded": Text(analyzer=FOLDED)})
    # The portal's own light Polish stems (search.text.terms): inflections match even
    # on a server without a Polish stemmer plugin.
    title_stems = Text(analyzer=STEMS)
    body_stems = Text(analyzer=STEMS)
    url = Keyword(index=False)
    date = Date()
    # "key=value" of every filter value, for filtering and one aggregation for all facets.
    tags = Keyword()
    suggest = Completion(analyzer=FOLDED, preserve_separators=False)


@dataclass
class Filter:
    """A per-type filter: its label and a callable giving ``{value: label}`` for the facet."""

    label: str
    choices: Callable[[], dict[str, str]] | None = None

    def labels(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in (self.choices() if self.choices else {}).items()}


@dataclass
class Entry:
    """One searchable object as both backends index it."""

    object_id: str
    title: str
    url: str
    body: str = ""
    date: datetime.date | None = None
    filters: dict[str, list[str]] = field(default_factory=dict)

    def tags(self) -> list[tuple[str, str]]:
        return [(key, str(value)) for key, values in self.filters.items() for value in values if value]


class SearchType:
    """Base of a searchable type; see the module docstring."""

    name: str = ""
    label: str = ""
    document: type[SearchDocument] = SearchDocument
    filters: dict[str, Filter] = {}
    # model label → function(instance) giving the ids of this type to re-index after
    # that instance is saved or deleted. The type's own model maps to ``lambda o: [o.pk]``.
    watch: dict[str, Callable[[object], Iterable]] = {}

    # through-model getter → function(instance) giving ids, for many-to-many changes.
    watch_m2m: dict[Callable[[], type], Callable[[object], Iterable]] = {}

    def connect_signals(self) -> None:
        """Connect signals other than post_save/post_delete (e.g. Wagtail's publish signals)."""

    def get_queryset(self):
        raise NotImplementedError

    def to_entry(self, obj) -> Entry | None:
        raise NotImplementedError

    def entries(self, ids=None, *, chunk_size: int = 500):
        """Entries of the visible objects (all, or those whose id is in ``ids``)."""
        queryset = self.get_queryset()
        if ids is not None:
            queryset = queryset.filter(pk__in=list(ids))
        # Indexed text (state names, amounts) is written in the site's main language.
        with translation.override(settings.LANGUAGE_CODE):
            for obj in queryset.iterator(chunk_size=chunk_size):
                entry = self.to_entry(obj)
                if entry is not None:
                    yield entry


_TAG_BOUNDARY = re.compile(r"<[^>]*>")


def plain_text(value) -> str:
    """Readable text of rich text, HTML or StreamField raw data (tags and markup dropped)."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return " ".join(plain_text(v) for k, v in value.items() if k not in ("type", "id", "anchor"))
    if isinstance(value, list | tuple):
        return " ".join(plain_text(v) for v in value)
    if isinstance(value, str):
        # A tag becomes a space: "<h2>Cel</h2><p>Przeciw…" must not index "CelPrzeciw…".
        return " ".join(html.unescape(strip_tags(_TAG_BOUNDARY.sub(r"\g<0> ", value))).split())
    return ""
