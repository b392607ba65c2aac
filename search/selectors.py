"""Public site search over live, public CMS pages.

Uses Wagtail's search backend (the database by default). Only pages a visitor
may see are searched: live, and not behind a view restriction.
"""

from django.core.paginator import Paginator
from wagtail.models import Page

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def page_search(*, query: str, page_number=None):
    """A page of search results for ``query`` (None when the query is empty)."""
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    if not query:
        return None
    results = Page.objects.live().public().specific().search(query)
    return Paginator(results, RESULTS_PER_PAGE).get_page(page_number)
