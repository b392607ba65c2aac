"""The public search page: what a resident sees."""

import re

import pytest
from wagtail.models import PageViewRestriction

from home.models import StandardPage
from home.tests.factories import add_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed_site(site_pages, reindex):
    reindex()
    return site_pages


def test_search_finds_live_pages_by_title_and_body(client, indexed_site):
    html = client.get("/szukaj/", {"q": "portalu"}).content.decode()
    assert re.search(r"O <mark>portalu</mark>", html)
    assert re.search(r"1 wynik|1 result", html)


def test_search_never_returns_drafts_or_restricted_pages(client, site_pages, reindex):
    draft = StandardPage(title="Projekt regulaminu", slug="projekt")
    site_pages.home.add_child(instance=draft)
    draft.unpublish()
    private = add_page(site_pages.home, StandardPage, title="Regulamin wewnętrzny", slug="wewnetrzny")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    add_page(site_pages.home, StandardPage, title="Regulamin portalu", slug="regulamin")
    reindex()
    html = client.get("/szukaj/", {"q": "regulamin"}).content.decode()
    assert "portalu" in html
    assert "Projekt" not in html
    assert "wewnętrzny" not in html


def test_empty_query_shows_a_hint_not_an_error(client, indexed_site):
    response = client.get("/szukaj/")
    assert response.status_code == 200
    assert re.search("Wpisz słowo lub frazę|Type a word or phrase", response.content.decode())


def test_no_results_shows_a_helpful_empty_state(client, indexed_site):
    html = client.get("/szukaj/", {"q": "xyzzy"}).content.decode()
    assert re.search("Nic nie znaleziono|Nothing was found", html)
    assert 'href="/organizacje/"' in html
    assert 'href="/konkursy/"' in html


def test_a_misspelling_gets_a_suggestion(client, indexed_site):
    html = client.get("/szukaj/", {"q": "konsultacyjy"}).content.decode()
    assert re.search("Czy chodziło|Did you mean", html)
    assert 'href="?q=konsultacyjny"' in html


def test_results_are_paginated_and_keep_the_query(client, site_pages, reindex):
    for n in range(12):
        add_page(site_pages.home, StandardPage, title=f"Konkurs numer {n}", slug=f"konkurs-{n}")
    reindex()
    first = client.get("/szukaj/", {"q": "konkurs"}).content.decode()
    assert first.count('class="search-result ') == 10
    assert "?q=konkurs&amp;page=2" in first
    second = client.get("/szukaj/", {"q": "konkurs", "page": 2}).content.decode()
    assert second.count('class="search-result ') == 2
    assert "?q=konkurs&amp;page=1" in second


def test_bad_page_numbers_and_unknown_filters_are_ignored(client, indexed_site):
    for params in ({"page": "abc"}, {"page": "-3"}, {"typ": "nope"}, {"typ": "page", "kind": "x" * 500}):
        response = client.get("/szukaj/", {"q": "portalu", **params})
        assert response.status_code == 200


def test_type_facet_links_filter_the_results(client, indexed_site):
    html = client.get("/szukaj/", {"q": "pytania"}).content.decode()
    assert "?q=pytania&amp;typ=page" in html
    filtered = client.get("/szukaj/", {"q": "pytania", "typ": "page"}).content.decode()
    assert 'aria-current="true"' in filtered
    assert "?q=pytania&amp;typ=page&amp;kind=faq" in filtered


def test_autocomplete_answers_json(client, indexed_site):
    data = client.get("/szukaj/", {"q": "pyta", "podpowiedzi": ""}).json()
    assert data["suggestions"][0]["title"] == "Pytania i odpowiedzi"
    assert data["suggestions"][0]["url"] == "/pytania/"
    assert client.get("/szukaj/", {"q": "p", "podpowiedzi": ""}).json()["suggestions"] == []


def test_autocomplete_has_its_own_address(client, indexed_site):
    data = client.get("/szukaj/podpowiedzi/", {"q": "pyta"}).json()
    assert data["suggestions"][0]["title"] == "Pytania i odpowiedzi"
    assert client.get("/szukaj/podpowiedzi/", {"q": "p"}).json()["suggestions"] == []


def test_a_very_frequent_word_shows_a_capped_count(client, site_pages, reindex, monkeypatch):
    """PostgreSQL stops counting at COUNT_LIMIT matches (10,001; here 6) and says "5+"."""
    from django.db import connection

    from search.backends import base, postgres

    if connection.vendor != "postgresql":
        pytest.skip("SQLite counts every match")
    monkeypatch.setattr(base, "COUNT_LIMIT", 6)
    monkeypatch.setattr(postgres, "COUNT_LIMIT", 6)
    for n in range(8):
        add_page(site_pages.home, StandardPage, title=f"Dyżur numer {n}", slug=f"dyzur-{n}")
    reindex()
    html = client.get("/szukaj/", {"q": "dyzur"}).content.decode()
    assert re.search(r"5\+ (wyników|results)", html)
    assert re.search(r"\(5\+\)", html)  # the type facet's count is a lower bound too
    assert html.count('class="search-result ') == 8


def test_autocomplete_forgives_missing_diacritics_and_a_typo(client, indexed_site):
    titles = [
        s["title"]
        for s in client.get("/szukaj/", {"q": "aktualnośc", "podpowiedzi": ""}).json()["suggestions"]
    ]
    assert "Aktualności" in titles
    titles = [
        s["title"]
        for s in client.get("/szukaj/", {"q": "konsultacyjy", "podpowiedzi": ""}).json()["suggestions"]
    ]
    assert titles == ["Punkt konsultacyjny"]


def test_header_search_box_is_a_combobox(client, indexed_site):
    html = client.get("/o-portalu/").content.decode()
    assert 'role="combobox"' in html
    assert 'aria-autocomplete="list"' in html
    assert "js/search_autocomplete.js" in html
