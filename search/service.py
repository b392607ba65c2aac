"""The one search interface: ``search(...)`` and ``autocomplete(...)``.

Elasticsearch answers when ``ELASTICSEARCH_URL`` is set; the database otherwise,
and also whenever Elasticsearch cannot be reached (logged as a warning), so a
resident never sees an error page because of the search server.
"""

import logging

from django.conf import settings

from . import registry
from .backends import database, elastic
from .backends.base import MAX_PAGE, RESULTS_PER_PAGE, SearchQuery, SearchResults, SearchUnavailable
from .text import clean_input, has_words, normalise_query

logger = logging.getLogger(__name__)
MAX_QUERY_LENGTH = 200
MIN_AUTOCOMPLETE_LENGTH = 2


def make_query(
    *, text: str, type: str = "", filters=None, page=1, per_page: int = RESULTS_PER_PAGE
) -> SearchQuery:
    """A valid query from user input: unknown types, filters and pages are dropped, not errors."""
    search_type = registry.get(type or "")
    allowed = search_type.filters if search_type else {}
    clean_filters = {key: clean_input(value, 100) for key, value in (filters or {}).items() if key in allowed}
    clean_filters = {key: value for key, value in clean_filters.items() if value}
    try:
        page = min(max(int(page), 1), MAX_PAGE)
    except (TypeError, ValueError, OverflowError):  # "abc", "1e309", float("inf")
        page = 1
    return SearchQuery(
        text=normalise_query(text, MAX_QUERY_LENGTH),
        type=type if search_type else "",
        filters=clean_filters,
        page=page,
        per_page=per_page,
    )


def _backends():
    if settings.ELASTICSEARCH_URL:
        return [elastic, database]
    return [database]


def search(query: SearchQuery) -> SearchResults | None:
    """Typed hits, facets, total and a suggestion for ``query`` (None for an empty query)."""
    if not query.text:
        return None
    for backend in _backends():
        try:
            return backend.search(query)
        except SearchUnavailable as error:
            logger.warning("search: Elasticsearch unavailable, answering from the database: %s", error)
    raise AssertionError("the database backend always answers")  # pragma: no cover


def autocomplete(text: str, *, limit: int = 8) -> list[dict]:
    """Suggested titles for what is being typed in a search box."""
    text = normalise_query(text, MAX_QUERY_LENGTH)
    if len(text) < MIN_AUTOCOMPLETE_LENGTH or not has_words(text):
        return []
    for backend in _backends():
        try:
            return backend.autocomplete(text, limit=limit)
        except SearchUnavailable as error:
            logger.warning("search: Elasticsearch unavailable, suggesting from the database: %s", error)
    return []  # pragma: no cover
