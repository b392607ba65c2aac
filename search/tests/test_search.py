import pytest
from wagtail.models import PageViewRestriction

from home.models import StandardPage
from home.tests.factories import add_page

pytestmark = pytest.mark.django_db


def test_search_finds_live_pages_by_title_and_body(client, site_pages):
    html = client.get("/szukaj/", {"q": "portalu"}).content.decode()
    assert "O portalu" in html
    assert "wynik" in html


def test_search_never_returns_drafts_or_restricted_pages(client, site_pages):
    draft = StandardPage(title="Projekt regulaminu", slug="projekt")
    site_pages.home.add_child(instance=draft)
    draft.unpublish()
    private = add_page(site_pages.home, StandardPage, title="Regulamin wewnętrzny", slug="wewnetrzny")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    html = client.get("/szukaj/", {"q": "regulamin"}).content.decode()
    assert "Projekt regulaminu" not in html
    assert "Regulamin wewnętrzny" not in html


def test_empty_query_shows_a_hint_not_an_error(client, site_pages):
    response = client.get("/szukaj/")
    assert response.status_code == 200
    assert "Wpisz słowo lub frazę" in response.content.decode()


def test_no_results_shows_a_helpful_empty_state(client, site_pages):
    html = client.get("/szukaj/", {"q": "xyzzy"}).content.decode()
    assert "Nic nie znaleziono" in html


def test_results_are_paginated_and_keep_the_query(client, site_pages):
    for n in range(12):
        add_page(site_pages.home, StandardPage, title=f"Konkurs numer {n}", slug=f"konkurs-{n}")
    first = client.get("/szukaj/", {"q": "konkurs"}).content.decode()
    assert first.count('class="search-result"') == 10
    assert "q=konkurs&amp;page=2" in first
    second = client.get("/szukaj/", {"q": "konkurs", "page": 2}).content.decode()
    assert second.count('class="search-result"') == 2
