"""A resident searches from the header: a misspelled query without diacritics, an autocomplete
suggestion picked with the keyboard, a filter by type, and the hit opened."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from competitions.choices import CompetitionState
from competitions.models import Competition
from competitions.tests.factories import CompetitionFactory
from home.models import NewsItemPage
from home.tests.factories import add_page, build_site
from search import indexing


@pytest.fixture
def searchable(transactional_db, django_db_serialized_rollback):
    # Serialized rollback: the flush afterwards must not re-create content types under new
    # ids, or the next browser test cannot restore the migration snapshot.
    site = build_site()
    competition = CompetitionFactory(title="Zajęcia sportowe dla dzieci", slug="zajecia-sportowe")
    Competition.objects.filter(pk=competition.pk).update(
        state=CompetitionState.ANNOUNCED, announced_at=timezone.now() - timedelta(days=1)
    )
    add_page(
        site.news_index,
        NewsItemPage,
        title="Nabór na zajęcia sportowe dla dzieci",
        slug="nabor-zajecia",
        introduction="Ruszył konkurs na zajęcia sportowe dla dzieci.",
    )
    indexing.rebuild(elasticsearch_index=False)
    return competition


def test_resident_finds_a_competition_through_autocomplete(page, searchable):
    page.goto("/")
    box = page.get_by_role("combobox", name="Szukaj w portalu")
    box.press_sequentially("zajecia sportowr", delay=30)  # no diacritics, and a typo

    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    option = listbox.get_by_role("option", name=re.compile("Zajęcia sportowe dla dzieci"))
    expect(option).to_be_visible()

    # Keyboard only: arrow down to the competition's suggestion, Enter to search for it.
    for _ in range(3):
        box.press("ArrowDown")
        if option.get_attribute("aria-selected") == "true":
            break
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    box.press("Enter")

    expect(page).to_have_url(re.compile(r"/szukaj/\?q=Zaj"))
    results = page.locator(".search-results")
    expect(results.get_by_role("link", name="Nabór na zajęcia sportowe dla dzieci")).to_be_visible()

    page.get_by_role("link", name=re.compile(r"^(Konkursy|Competitions) \(1\)")).click()
    expect(page).to_have_url(re.compile(r"typ=competition"))
    expect(results.get_by_role("link", name="Nabór na zajęcia sportowe dla dzieci")).to_have_count(0)
    hit = results.get_by_role("link", name="Zajęcia sportowe dla dzieci")
    expect(hit).to_be_visible()

    hit.click()
    expect(page).to_have_url(re.compile(r"/konkursy/zajecia-sportowe/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zajęcia sportowe dla dzieci")
