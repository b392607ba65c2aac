"""The public pages of competitions: the list with its filters, the announcement, the home page's highlights."""

import gettext as gettext_module
import re
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext, trans_real

from competitions import services
from competitions.choices import CompetitionMode, CompetitionState
from competitions.models import (
    Competition,
    CompetitionDocument,
    CompetitionTransition,
    MeritCriterion,
    PriorFunding,
    RequiredAttachment,
)
from competitions.selectors import COMPETITIONS_PER_PAGE
from competitions.templatetags.competition_tags import money, percent, time_left
from competitions.tests.factories import CompetitionFactory
from home.cache import GENERATION_KEY
from home.tests.factories import add_document
from organisations.choices import LegalForm, Role
from organisations.tests.factories import sphere

pytestmark = pytest.mark.django_db

LIST = "/konkursy/"
WARSAW = ZoneInfo("Europe/Warsaw")


def warsaw(*args) -> datetime:
    return datetime(*args, tzinfo=WARSAW)


@pytest.fixture
def official(make_user):
    return make_user(Role.OFFICIAL)


def announced(official, **fields) -> Competition:
    return services.competition_announce(user=official, competition=CompetitionFactory(**fields))


def public(state=CompetitionState.ANNOUNCED, **fields) -> Competition:
    """A competition put straight into a public state, with any deadline (the services refuse past ones)."""
    deadline = fields.pop("offer_deadline", None)
    competition = CompetitionFactory(**fields)
    changes = {"state": state, "announced_at": timezone.now() - timedelta(days=30)}
    if deadline:
        changes["offer_deadline"] = deadline
    if state == CompetitionState.CANCELLED:
        changes.update(cancelled_at=timezone.now(), cancellation_reason="Brak środków.")
    Competition.objects.filter(pk=competition.pk).update(**changes)
    return Competition.objects.get(pk=competition.pk)


def detail_url(competition) -> str:
    return f"/konkursy/{competition.slug}/"


def listed(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'class="comp-card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


# --- the list ----------------------------------------------------------------------------------------


def test_drafts_are_never_listed_or_shown(client, official):
    shown = announced(official, title="Ogłoszony konkurs")
    draft = CompetitionFactory(title="Szkic konkursu")
    # Cancelled before it was ever announced: the public never saw it.
    withdrawn = CompetitionFactory(title="Szkic odwołany")
    services.competition_cancel(user=official, competition=withdrawn, reason="Pomyłka.")

    assert listed(client.get(LIST)) == [shown.title]
    assert client.get(detail_url(shown)).status_code == 200
    assert client.get(detail_url(draft)).status_code == 404
    assert client.get(detail_url(withdrawn)).status_code == 404
    assert client.get("/konkursy/nie-ma-takiego/").status_code == 404


def test_a_row_shows_what_a_resident_compares(client, official):
    competition = announced(
        official,
        title="Lato w mieście",
        signature="WSS-KOP/2027/07",
        funds_allotted=Decimal("300000.00"),
        offer_deadline=warsaw(2027, 4, 30, 12, 0),
    )
    page = client.get(LIST).content.decode()
    assert f'href="{detail_url(competition)}"' in page
    assert "WSS-KOP/2027/07" in page
    assert str(CompetitionMode.OPEN.label) in page
    assert "Wypoczynek dzieci i młodzieży" in page  # the sphere, capitalised
    assert "300\xa0000,00\xa0zł" in page
    assert '<time datetime="2027-04-30T12:00:00+02:00">30 kwietnia 2027, 12:00</time>' in page
    assert gettext("Accepting offers") in page
    assert re.search(r"1 (competition|konkurs)", page)


def test_the_list_closes_competitions_past_their_deadline_before_showing_them(client, official):
    competition = announced(official)
    Competition.objects.filter(pk=competition.pk).update(offer_deadline=timezone.now() - timedelta(seconds=1))

    page = client.get(LIST).content.decode()

    assert Competition.objects.get(pk=competition.pk).state == CompetitionState.CLOSED
    assert "comp-badge--closed" in page
    assert "comp-badge--announced" not in page


@pytest.fixture
def varied():
    """Competitions in every public state, two spheres and three years (of their Warsaw deadlines)."""
    return {
        "open_children": public(title="Otwarty dzieci", offer_deadline=warsaw(2027, 6, 30, 12)),
        "open_culture": public(
            title="Otwarty kultura", sphere=sphere("16"), offer_deadline=warsaw(2027, 3, 1, 12)
        ),
        # Late on New Year's Eve in Warsaw is still 2027 (22:30 in UTC).
        "closed_children": public(
            CompetitionState.CLOSED, title="Zamknięty dzieci", offer_deadline=warsaw(2027, 12, 31, 23, 30)
        ),
        # Just after midnight in Warsaw is 2028, though it is still 2027 in UTC.
        "closed_culture": public(
            CompetitionState.CLOSED,
            title="Zamknięty kultura",
            sphere=sphere("16"),
            offer_deadline=warsaw(2028, 1, 1, 0, 30),
        ),
        "cancelled_children": public(
            CompetitionState.CANCELLED, title="Unieważniony dzieci", offer_deadline=warsaw(2026, 5, 1, 12)
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["closed_culture", "closed_children", "open_children", "open_culture", "cancelled_children"]),
        ("stan=announced", ["open_children", "open_culture"]),
        ("stan=closed", ["closed_culture", "closed_children"]),
        ("stan=cancelled", ["cancelled_children"]),
        ("sfera=16", ["closed_culture", "open_culture"]),
        ("rok=2027", ["closed_children", "open_children", "open_culture"]),
        ("rok=2028", ["closed_culture"]),
        ("stan=closed&sfera=14", ["closed_children"]),
        ("stan=announced&sfera=16&rok=2027", ["open_culture"]),
        ("stan=cancelled&rok=2027", []),
    ],
)
def test_filters_narrow_the_list_each_and_combined(client, varied, query, expected):
    # Deadlines in the past stay "announced" here only until a page closes them: keep them open.
    Competition.objects.filter(state=CompetitionState.ANNOUNCED).update(
        offer_deadline=timezone.now() + timedelta(days=40)
    )
    for key in ("open_children", "open_culture"):
        varied[key].refresh_from_db()
    if "rok=" in query or "stan=announced" not in query:
        # The year filter needs the open ones' original years: set them back as far in the future.
        Competition.objects.filter(pk=varied["open_children"].pk).update(offer_deadline=warsaw(2027, 6, 30, 12))
        Competition.objects.filter(pk=varied["open_culture"].pk).update(offer_deadline=warsaw(2027, 3, 1, 12))
    titles = listed(client.get(f"{LIST}?{query}"))
    assert titles == [varied[key].title for key in expected]
