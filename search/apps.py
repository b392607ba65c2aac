from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from . import signals

        signals.connect()
        post_migrate.connect(_index_if_empty, sender=self)


def _index_if_empty(sender, using="default", **kwargs):
    """After migrations, fill an empty database index from existing content (a first run, a restore)."""
    from .indexing import rebuild
    from .models import SearchEntry

    if not SearchEntry.objects.using(using).exists():
        rebuild(database_index=True, elasticsearch_index=False)
