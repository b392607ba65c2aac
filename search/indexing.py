"""Keeping the indexes in step with the content: incremental updates and full rebuilds.

Every change is applied to the database index, and to Elasticsearch when it is
configured. A failure to index never fails the change that caused it: it is
logged, and ``manage.py search_index --rebuild`` repairs the index.
"""

import logging

from django.conf import settings
from django.db import transaction

from . import registry
from .backends import database, elastic

logger = logging.getLogger(__name__)


def elasticsearch_enabled() -> bool:
    return bool(settings.ELASTICSEARCH_URL)


def update(type_name: str, ids) -> int:
    """Re-index the objects ``ids`` of ``type_name``: index the visible ones, remove the rest."""
    search_type = registry.get(type_name)
    if search_type is None:
        return 0
    ids = {str(i) for i in ids}
    entries = list(search_type.entries(ids))
    gone = ids - {str(entry.object_id) for entry in entries}
    database.write(type_name, entries, gone)
    if elasticsearch_enabled():
        try:
            elastic.write(type_name, entries, gone)
        except Exception as error:
            logger.warning("search: Elasticsearch not updated for %s %s: %s", type_name, sorted(ids), error)
    return len(entries)


def rebuild(type_names=None, *, database_index=True, elasticsearch_index=None, stdout=None) -> dict[str, int]:
    """Rebuild the indexes of ``type_names`` (every type by default); returns documents per type."""
    if elasticsearch_index is None:
        elasticsearch_index = elasticsearch_enabled()
    counts = {}
    for name in type_names or registry.all_types():
        search_type = registry.get(name)
        if database_index:
            with transaction.atomic():
                database.clear(name)
                batch, count = [], 0
                for entry in search_type.entries():
                    batch.append(entry)
                    if len(batch) == 1000:
                        database.write(name, batch)
                        count += len(batch)
                        batch = []
                database.write(name, batch)
                counts[name] = count + len(batch)
            if stdout:
                stdout.write(f"  {name}: {counts[name]} entries in the database index")
        if elasticsearch_index:
            counts[name] = elastic.rebuild(name, stdout=stdout)
    return counts


def queue(type_name: str, ids) -> None:
    """Re-index after the current transaction commits, through a Celery task."""
    ids = [str(i) for i in ids if i is not None]
    if not ids:
        return

    def send():
        from .tasks import update_index

        try:
            update_index.delay(type_name, ids)
        except Exception:
            # Indexing must never undo or break what the user just did.
            logger.exception("search: could not queue indexing of %s %s", type_name, ids)

    transaction.on_commit(send)
