"""A public page costs the same number of queries with few or many pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.rich_text import RichText

from home.cache import invalidate_page_cache
from home.models import StandardPage
from home.tests.factories import add_news, add_page

pytestmark = pytest.mark.django_db

URLS = [
    "/",
    "/o-portalu/",
    "/aktualnosci/",
    "/aktualnosci/?page=2",
    "/pytania/",
    "/dokumenty/",
    "/punkt/",
    "/aktualnosci/aktualnosc-1/",
]


def _count(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _query_counts(client):
    """Per URL: queries of the first visit after a publish, and of the next visit."""
    invalidate_page_cache()  # what any publish does: every per-generation memo starts empty
    return {url: (_count(client, url), _count(client, url)) for url in URLS}


def test_query_count_does_not_grow_with_content(client, site_pages, settings):
    settings.PAGE_CACHE_SECONDS = 0
    add_news(site_pages.news_index, 12, start=site_pages.news[-1].date, prefix="kilka")
    client.get("/")  # warm per-process caches (content types, site root paths)
    few = _query_counts(client)

    add_news(site_pages.news_index, 150, start=site_pages.news[-1].date.replace(year=2027), prefix="wiele")
    for n in range(120):
        add_page(
            site_pages.standard if n % 2 else site_pages.home,
            StandardPage,
            title=f"Strona {n}",
            slug=f"strona-{n}",
            body=[("paragraph", RichText(f"<p>Treść {n}</p>"))],
        )
    many = _query_counts(client)

    assert many == few
    # First visit after a publish: routing, menu, footer and the page's data are looked up once
    # (with the languages: Wagtail's locale when routing, the locales, a page's translations,
    # and the footer's accessibility statement)...
    assert max(first for first, _ in many.values()) <= 14, many
    # ...then memoised until the next publish: only the page itself (and the news list) is queried.
    assert max(repeat for _, repeat in many.values()) <= 2, many
