import logging

from celery import shared_task

from . import indexing

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def update_index(type_name: str, ids: list[str]) -> None:
    """Bring the search index up to date for some objects of one type."""
    try:
        indexing.update(type_name, ids)
    except Exception:
        # Logged, not raised: a rebuild repairs the index; the change itself has been saved.
        logger.exception("search: indexing %s %s failed", type_name, ids)


@shared_task(ignore_result=True)
def rebuild_index() -> None:
    indexing.rebuild()
