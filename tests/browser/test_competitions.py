"""A resident finds a competition: from the header to the list, a filter, the announcement, a document."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from competitions.choices import CompetitionState
from competitions.models import Competition, CompetitionDocument, MeritCriterion, PriorFunding
from competitions.tests.factories import CompetitionFactory
from home.tests.factories import add_document, build_site

from .conftest import serious_violations
from .test_directory import sphere


def announced(**fields) -> Competition:
    competition = CompetitionFactory(**fields)
    Competition.objects.filter(pk=competition.pk).update(
        state=CompetitionState.ANNOUNCED, announced_at=timezone.now()
    )
    return competition


@pytest.fixture
def competitions(transactional_db):
    build_site()
    children = sphere("14", "wypoczynek dzieci i młodzieży")
    sport = sphere("16", "wspieranie i upowszechnianie kultury fizycznej")
    summer = announced(
        title="Lato w mieście dla dzieci z Pragi",
        sphere=children,
        funds_allotted=Decimal("300000.00"),
        offer_deadline=timezone.now() + timedelta(days=12, hours=3, minutes=30),
    )
    PriorFunding.objects.create(competition=summer, year=2026, task="Półkolonie", amount=250000)
    MeritCriterion.objects.create(competition=summer, name="Jakość programu", max_points=30)
    document = add_document("Wzór oferty realizacji zadania", content=b"%PDF-1.4 wzor oferty")
    document.get_file_size()
    CompetitionDocument.objects.create(competition=summer, document=document, title="Wzór oferty")
    announced(title="Sportowe podwórka", sphere=sport)
    CompetitionFactory(title="Szkic konkursu na festyn", sphere=sport)
    return summer


def test_resident_filters_competitions_and_reads_an_announcement(page, competitions):
    page.goto("/")
    page.locator("#main-nav a[href='/konkursy/']").click()

    expect(page).to_have_url(re.compile(r"/konkursy/$"))
    cards = page.locator(".comp-card")
    expect(cards).to_have_count(2)
    expect(page.get_by_text("Szkic konkursu na festyn")).to_have_count(0)
    expect(page.locator("#main-nav a[href='/konkursy/']")).to_have_attribute("aria-current", "page")
    assert serious_violations(page) == []

    page.locator("#id_sfera").select_option("14")
    page.locator(".comp-filters button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/konkursy/\?.*sfera=14"))
    expect(cards).to_have_count(1)
    expect(page.get_by_role("link", name="Sportowe podwórka")).to_have_count(0)

    page.get_by_role("link", name="Lato w mieście dla dzieci z Pragi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lato w mieście dla dzieci z Pragi")
    deadline = page.locator(".comp-deadline")
    expect(deadline.locator("time")).to_have_attribute("datetime", re.compile(r"^\d{4}-\d\d-\d\dT"))
    expect(deadline.locator(".comp-deadline__left")).to_have_text(re.compile(r"12 (days|dni)"))
    expect(deadline.locator(f"a[href='/konto/oferty/nowa/{competitions.slug}/']")).to_be_visible()
    expect(page.get_by_text("300\xa0000,00\xa0zł").first).to_be_visible()
    assert serious_violations(page) == []

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Wzór oferty")).click()
    with open(download_info.value.path(), "rb") as handle:
        assert handle.read().startswith(b"%PDF")
