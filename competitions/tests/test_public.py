"""Public pages of competitions: the list and its filters, the announcement, the home page highlights."""

import gettext as gettext_module
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format
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
# Deadlines in a year to come: announced competitions stay open however late the tests run.
NEXT = timezone.now().year + 1


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


def test_a_row_shows_what_a_resident_compares(client):
    competition = public(
        title="Lato w mieście",
        signature="WSS-KOP/2027/07",
        funds_allotted=Decimal("300000.00"),
        offer_deadline=warsaw(NEXT, 4, 30, 12, 0),
    )
    page = client.get(LIST).content.decode()
    assert f'href="{detail_url(competition)}"' in page
    assert "WSS-KOP/2027/07" in page
    assert str(CompetitionMode.OPEN.label) in page
    assert "Wypoczynek dzieci i młodzieży" in page  # the sphere, capitalised
    assert "300\xa0000,00\xa0zł" in page
    assert f'<time datetime="{NEXT}-04-30T12:00:00+02:00">30 kwietnia {NEXT}, 12:00</time>' in page
    assert gettext("Accepting offers") in page
    assert re.search(r"1 (competition|konkurs)", page)


def test_the_list_shows_competitions_past_their_deadline_closed_without_writing(client, official):
    competition = announced(official)
    Competition.objects.filter(pk=competition.pk).update(offer_deadline=timezone.now() - timedelta(seconds=1))

    page = client.get(LIST).content.decode()

    # Shown closed; beat makes the transition (a GET never writes).
    assert Competition.objects.get(pk=competition.pk).state == CompetitionState.ANNOUNCED
    assert "comp-badge--closed" in page
    assert "comp-badge--announced" not in page


@pytest.fixture
def varied():
    """Competitions in every public state, two spheres and three years (of their Warsaw deadlines)."""
    return {
        "open_children": public(title="Otwarty dzieci", offer_deadline=warsaw(NEXT, 6, 30, 12)),
        "open_culture": public(
            title="Otwarty kultura", sphere=sphere("16"), offer_deadline=warsaw(NEXT, 3, 1, 12)
        ),
        # Late on New Year's Eve in Warsaw is still that year (22:30 in UTC).
        "closed_children": public(
            CompetitionState.CLOSED, title="Zamknięty dzieci", offer_deadline=warsaw(NEXT, 12, 31, 23, 30)
        ),
        # Just after midnight in Warsaw is the next year, though not yet in UTC.
        "closed_culture": public(
            CompetitionState.CLOSED,
            title="Zamknięty kultura",
            sphere=sphere("16"),
            offer_deadline=warsaw(NEXT + 1, 1, 1, 0, 30),
        ),
        "cancelled_children": public(
            CompetitionState.CANCELLED, title="Unieważniony dzieci", offer_deadline=warsaw(NEXT - 2, 5, 1, 12)
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
        (f"rok={NEXT}", ["closed_children", "open_children", "open_culture"]),
        (f"rok={NEXT + 1}", ["closed_culture"]),
        ("stan=closed&sfera=14", ["closed_children"]),
        (f"stan=announced&sfera=16&rok={NEXT}", ["open_culture"]),
        (f"stan=cancelled&rok={NEXT}", []),
    ],
)
def test_filters_narrow_the_list_each_and_combined(client, varied, query, expected):
    assert listed(client.get(f"{LIST}?{query}")) == [varied[key].title for key in expected]


def test_the_filters_offer_only_spheres_and_years_with_competitions(client, varied):
    CompetitionFactory(sphere=sphere("18"), offer_deadline=warsaw(NEXT + 5, 1, 1, 12))  # a draft
    page = client.get(LIST).content.decode()
    years = re.findall(r'<option value="(\d{4})"', page)
    assert years == [str(NEXT + 1), str(NEXT), str(NEXT - 2)]
    spheres = re.findall(r'<option value="(\d+)"', page)
    assert set(spheres) - set(years) == {"14", "16"}


def test_an_invalid_filter_is_explained_and_ignored(client, varied):
    page = client.get(f"{LIST}?rok=1999&stan=announced").content.decode()
    assert gettext("No published competition has its deadline in this year.") in page
    assert listed(client.get(f"{LIST}?rok=1999&stan=announced")) == ["Otwarty dzieci", "Otwarty kultura"]


def test_the_list_is_paginated_and_keeps_the_filters(client):
    for n in range(COMPETITIONS_PER_PAGE + 5):
        public(offer_deadline=warsaw(NEXT, 1, 1, 12) + timedelta(days=n))
    public(CompetitionState.CLOSED, offer_deadline=warsaw(NEXT, 1, 1, 12))

    first = client.get(f"{LIST}?stan=announced")
    assert len(listed(first)) == COMPETITIONS_PER_PAGE
    page = first.content.decode()
    assert re.search(r"25 (competitions|konkurs)", page)
    assert 'href="?stan=announced&amp;page=2"' in page
    assert len(listed(client.get(f"{LIST}?stan=announced&page=2"))) == 5
    assert len(listed(client.get(f"{LIST}?page=2"))) == 6


def test_empty_states_say_why_nothing_is_listed(client):
    page = client.get(LIST).content.decode()
    assert gettext("No competitions have been announced yet.") in page

    public(CompetitionState.CLOSED)
    page = client.get(f"{LIST}?stan=cancelled").content.decode()
    assert gettext("No competitions match these filters.") in page
    assert gettext("Clear filters and show all competitions") in page


# --- the announcement --------------------------------------------------------------------------------


@pytest.fixture
def full(official):
    """An announced competition with everything art. 13 asks of the announcement."""
    competition = CompetitionFactory(
        title="Lato w mieście",
        task_type="Organizacja półkolonii dla dzieci z Pragi-Północ",
        funds_allotted=Decimal("300000.00"),
        granting_rules="Dotacja pokrywa do 90% kosztów.",
        implementation_conditions="Zajęcia w budynkach dostępnych dla osób z niepełnosprawnościami.",
        implementation_start=datetime(NEXT, 7, 1).date(),
        implementation_end=datetime(NEXT, 8, 31).date(),
        selection_procedure="Ocena formalna, potem merytoryczna przez komisję.",
        selection_criteria="Jakość programu i kwalifikacje kadry.",
        selection_date=datetime(NEXT, 5, 15).date(),
        min_grant=Decimal("5000.00"),
        max_grant=Decimal("50000.00"),
        min_own_contribution=Decimal("10.00"),
        min_own_financial=Decimal("2.50"),
        eligible_legal_forms=[LegalForm.FOUNDATION, LegalForm.ASSOCIATION],
        joint_offers_allowed=True,
        offer_deadline=timezone.now() + timedelta(days=25, hours=3, minutes=30),
    )
    PriorFunding.objects.create(competition=competition, year=NEXT - 1, task="Półkolonie", amount=250000)
    PriorFunding.objects.create(
        competition=competition, year=NEXT - 2, task="Obozy", amount=Decimal("1200.5")
    )
    RequiredAttachment.objects.create(
        competition=competition, name="Statut organizacji", description="Kopia potwierdzona za zgodność"
    )
    MeritCriterion.objects.create(competition=competition, name="Jakość programu", max_points=30)
    MeritCriterion.objects.create(competition=competition, name="Koszty zadania", max_points=20)
    return services.competition_announce(user=official, competition=competition)


def test_the_announcement_shows_what_art_13_requires(client, full):
    page = client.get(detail_url(full)).content.decode()
    for text in (
        "Lato w mieście",
        full.signature,
        "Organizacja półkolonii dla dzieci z Pragi-Północ",
        "Wypoczynek dzieci i młodzieży",
        "300\xa0000,00\xa0zł",
        "Dotacja pokrywa do 90% kosztów.",
        "Zajęcia w budynkach dostępnych dla osób z niepełnosprawnościami.",
        f"1 lipca {NEXT}",
        f"31 sierpnia {NEXT}",
        "Ocena formalna, potem merytoryczna przez komisję.",
        "Jakość programu i kwalifikacje kadry.",
        f"15 maja {NEXT}",
        "5\xa0000,00\xa0zł",
        "50\xa0000,00\xa0zł",
        "10\xa0%",
        "2,5\xa0%",
        str(LegalForm.FOUNDATION.label),
        str(LegalForm.ASSOCIATION.label),
        gettext("Allowed: two or more organisations may submit an offer together."),
        "Statut organizacji",
        "Kopia potwierdzona za zgodność",
        "Prezydent m.st. Warszawy ogłasza otwarty konkurs ofert.",
    ):
        assert text in page, text
    # Merit criteria with their points and the total.
    assert re.search(r"Jakość programu</td><td[^>]*>30</td>", page)
    assert re.search(r"<tfoot>.*>50</td>", page)
    # Prior funding: a table with a caption, year, task and amount.
    table = page[page.index('aria-labelledby="comp-prior"') :]
    assert "<caption>" in table
    assert re.search(rf"<td>{NEXT - 1}</td><td>Półkolonie</td><td[^>]*>250\xa0000,00\xa0zł</td>", table)
    assert re.search(rf"<td>{NEXT - 2}</td><td>Obozy</td><td[^>]*>1\xa0200,50\xa0zł</td>", table)


def test_an_open_competition_shows_the_deadline_time_left_and_where_to_submit(client, full):
    response = client.get(detail_url(full))
    page = response.content.decode()
    deadline = timezone.localtime(full.offer_deadline, WARSAW)
    assert f'<time datetime="{deadline.isoformat()}">' in page
    assert time_left(full.offer_deadline) in page
    assert re.search(r"25 (days|dni)", time_left(full.offer_deadline))
    assert f'href="/konto/oferty/nowa/{full.slug}/"' in page
    assert gettext("Submit an offer") in page


def test_past_the_deadline_the_page_says_the_competition_is_closed_without_writing(client, full):
    Competition.objects.filter(pk=full.pk).update(offer_deadline=timezone.now() - timedelta(seconds=1))
    transitions = CompetitionTransition.objects.filter(competition=full).count()

    page = client.get(detail_url(full)).content.decode()

    # Shown closed; beat makes the transition (a GET never writes).
    assert Competition.objects.get(pk=full.pk).state == CompetitionState.ANNOUNCED
    assert CompetitionTransition.objects.filter(competition=full).count() == transitions
    assert gettext("Offers are no longer accepted") in page
    assert "comp-badge--closed" in page
    assert "/konto/oferty/nowa/" not in page
    assert "Statut organizacji" in page  # the announcement stays readable


def test_a_cancelled_competition_shows_the_reason_and_date(client, official, full):
    services.competition_cancel(user=official, competition=full, reason="Zmiana uchwały budżetowej.")
    page = client.get(detail_url(full)).content.decode()
    notice = page[page.index("comp-notice") :]
    assert gettext("This competition has been cancelled") in notice
    assert "Zmiana uchwały budżetowej." in notice
    with translation.override("pl"):
        assert date_format(timezone.localdate(), "j E Y") in notice  # e.g. "23 listopada 2026"
    assert "/konto/oferty/nowa/" not in page


def test_documents_are_listed_with_download_links_and_sizes(client, full):
    template = add_document("Wzór oferty realizacji zadania", content=b"%PDF-1.4 " + b"x" * 2039)
    template.get_file_size()  # stored on upload in the admin
    annex = add_document("Zarządzenie Prezydenta")
    CompetitionDocument.objects.create(competition=full, document=template, title="Wzór oferty (PDF)")
    CompetitionDocument.objects.create(competition=full, document=annex)

    page = client.get(detail_url(full)).content.decode()

    assert re.search(
        rf'href="{re.escape(template.url)}"[^>]*>Wzór oferty \(PDF\)<span[^>]*> \(PDF, 2[,.]0\xa0KB\)', page
    )
    assert f'href="{annex.url}"' in page
    assert "Zarządzenie Prezydenta" in page
    assert page.index("Wzór oferty (PDF)") < page.index("Zarządzenie Prezydenta")


def test_the_english_pages_work(client, full):
    assert client.get("/en/konkursy/").status_code == 200
    page = client.get(f"/en/konkursy/{full.slug}/").content.decode()
    assert "300,000.00\xa0zł" in page


# --- time left, money ----------------------------------------------------------------------------------

# How the translator is expected to put the time-left messages into Polish: the verb agrees
# with the first number and the gender of its noun. A test catalog, so the Polish plurals are
# tested whether or not locale/ has them yet.
POLISH = {
    ("%(count)d day", 0): "%(count)d dzień",
    ("%(count)d day", 1): "%(count)d dni",
    ("%(count)d day", 2): "%(count)d dni",
    ("%(count)d hour", 0): "%(count)d godzina",
    ("%(count)d hour", 1): "%(count)d godziny",
    ("%(count)d hour", 2): "%(count)d godzin",
    ("%(count)d minute", 0): "%(count)d minuta",
    ("%(count)d minute", 1): "%(count)d minuty",
    ("%(count)d minute", 2): "%(count)d minut",
    "%(first)s and %(second)s": "%(first)s i %(second)s",
    ("time left in days\x04%(duration)s left", 0): "Został %(duration)s",
    ("time left in days\x04%(duration)s left", 1): "Zostały %(duration)s",
    ("time left in days\x04%(duration)s left", 2): "Zostało %(duration)s",
    ("time left in hours\x04%(duration)s left", 0): "Została %(duration)s",
    ("time left in hours\x04%(duration)s left", 1): "Zostały %(duration)s",
    ("time left in hours\x04%(duration)s left", 2): "Zostało %(duration)s",
    ("time left in minutes\x04%(duration)s left", 0): "Została %(duration)s",
    ("time left in minutes\x04%(duration)s left", 1): "Zostały %(duration)s",
    ("time left in minutes\x04%(duration)s left", 2): "Zostało %(duration)s",
}


def _polish_plural(n: int) -> int:
    """The Plural-Forms of locale/pl: 1; 2–4 but not 12–14; everything else."""
    return 0 if n == 1 else 1 if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else 2


@pytest.fixture
def polish():
    catalog = trans_real.DjangoTranslation("pl")
    messages = gettext_module.NullTranslations()
    messages._catalog = POLISH
    messages.plural = _polish_plural
    catalog.merge(messages)
    with translation.override("pl"):
        # Only for this test: the cached catalog of "pl" is left as it was.
        previous, trans_real._active.value = trans_real._active.value, catalog
        try:
            yield
        finally:
            trans_real._active.value = previous


NOW = warsaw(2027, 5, 10, 12, 0)


@pytest.mark.parametrize(
    ("left", "expected"),
    [
        (timedelta(days=1), "Został 1 dzień"),
        (timedelta(days=2), "Zostały 2 dni"),
        (timedelta(days=5), "Zostało 5 dni"),
        (timedelta(days=12, hours=3), "Zostało 12 dni i 3 godziny"),
        (timedelta(days=22, hours=5, minutes=59), "Zostały 22 dni i 5 godzin"),
        (timedelta(days=1, hours=1), "Został 1 dzień i 1 godzina"),
        (timedelta(hours=1), "Została 1 godzina"),
        (timedelta(hours=3, minutes=20), "Zostały 3 godziny i 20 minut"),
        (timedelta(hours=14, minutes=22), "Zostało 14 godzin i 22 minuty"),
        (timedelta(minutes=1, seconds=59), "Została 1 minuta"),
        (timedelta(minutes=5), "Zostało 5 minut"),
    ],
)
def test_time_left_in_polish_uses_the_right_plural_forms(polish, left, expected):
    assert time_left(NOW + left, now=NOW) == expected


@pytest.mark.parametrize(
    ("left", "expected"),
    [
        (timedelta(days=1), "1 day left"),
        (timedelta(days=2, hours=1), "2 days and 1 hour left"),
        (timedelta(hours=3, minutes=20, seconds=59), "3 hours and 20 minutes left"),
        (timedelta(minutes=1), "1 minute left"),
        (timedelta(seconds=59), "Less than a minute left"),
        (timedelta(0), "The deadline for offers has passed."),
        (-timedelta(days=3), "The deadline for offers has passed."),
    ],
)
def test_time_left_in_english(left, expected):
    with translation.override("en"):
        assert time_left(NOW + left, now=NOW) == expected


@pytest.mark.parametrize(
    ("now", "deadline", "expected"),
    [
        # Clocks go forward on 28 March 2027: 23 real hours, but noon to noon is a calendar day.
        (warsaw(2027, 3, 27, 12), warsaw(2027, 3, 28, 12), "1 day left"),
        (warsaw(2027, 3, 27, 23), warsaw(2027, 3, 28, 12), "13 hours left"),
        # Clocks go back on 31 October 2027: 25 real hours, still a day.
        (warsaw(2027, 10, 30, 12), warsaw(2027, 10, 31, 12), "1 day left"),
        # Within the repeated hour the wall clock runs backwards: the real 20 minutes count.
        (
            datetime(2027, 10, 31, 0, 50, tzinfo=UTC),  # 02:50 summer time
            datetime(2027, 10, 31, 1, 10, tzinfo=UTC),  # 02:10 winter time
            "20 minutes left",
        ),
    ],
)
def test_time_left_counts_calendar_days_and_hours_on_the_warsaw_clock(now, deadline, expected):
    with translation.override("en"):
        assert time_left(deadline, now=now) == expected


def test_time_left_across_the_dst_change_in_polish(polish):
    now, deadline = warsaw(2027, 3, 27, 12), warsaw(2027, 3, 28, 12)
    assert deadline.astimezone(UTC) - now.astimezone(UTC) == timedelta(hours=23)
    assert time_left(deadline, now=now) == "Został 1 dzień"


def test_amounts_and_percentages_are_written_as_in_the_language():
    with translation.override("pl"):
        assert money(Decimal("300000")) == "300\xa0000,00\xa0zł"
        assert money(Decimal("0.5")) == "0,50\xa0zł"
        assert percent(Decimal("10.00")) == "10\xa0%"
        assert percent(Decimal("12.50")) == "12,5\xa0%"
    with translation.override("en"):
        assert money(Decimal("1234567.891")) == "1,234,567.89\xa0zł"


# --- the home page -----------------------------------------------------------------------------------


def test_the_home_page_shows_the_open_competitions_with_the_nearest_deadlines(client, site_pages):
    now = timezone.now()
    soonest = [public(title=f"Otwarty {n}", offer_deadline=now + timedelta(days=n + 1)) for n in range(3)]
    public(title="Otwarty najpóźniej", offer_deadline=now + timedelta(days=90))
    CompetitionFactory(title="Szkic na stronie głównej", offer_deadline=now + timedelta(hours=2))
    public(CompetitionState.CLOSED, title="Zamknięty na stronie głównej", offer_deadline=now)
    public(CompetitionState.CANCELLED, title="Unieważniony na stronie głównej")

    page = client.get("/").content.decode()

    section = page[page.index('id="competitions-title"') :]
    titles = re.findall(r'<h3 class="card__title"><a href="/konkursy/[^"]+/">([^<]+)</a>', section)
    assert titles[:3] == [c.title for c in soonest]
    for hidden in (
        "Otwarty najpóźniej",
        "Szkic na stronie",
        "Zamknięty na stronie",
        "Unieważniony na stronie",
    ):
        assert hidden not in page
    assert 'href="/konkursy/"' in section


def test_the_home_page_has_no_competitions_section_when_none_is_open(client, site_pages):
    public(CompetitionState.CLOSED)
    assert 'id="competitions-title"' not in client.get("/").content.decode()


# --- queries and the page cache -------------------------------------------------------------------


def _with_children(competition, documents):
    for n in range(2):
        PriorFunding.objects.create(competition=competition, year=2025 + n, task=f"Zadanie {n}", amount=1000)
        RequiredAttachment.objects.create(competition=competition, name=f"Załącznik {n}")
        MeritCriterion.objects.create(competition=competition, name=f"Kryterium {n}", max_points=10)
        CompetitionDocument.objects.create(competition=competition, document=documents[n])


def _query_counts(client, urls) -> dict[str, int]:
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(captured)
    return counts


def test_query_counts_do_not_grow_with_the_number_of_competitions(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    documents = [add_document(f"Dokument {n}") for n in range(2)]
    states = [CompetitionState.ANNOUNCED, CompetitionState.CLOSED, CompetitionState.CANCELLED]

    def make(count, start):
        made = []
        for n in range(count):
            competition = public(
                states[n % 3],
                sphere=sphere(("14", "16")[n % 2]),
                offer_deadline=warsaw(NEXT + n % 2, 2, 1, 12) + timedelta(hours=start + n),
            )
            _with_children(competition, documents)
            made.append(competition)
        return made

    watched = make(3, 0)
    urls = [
        LIST,
        f"{LIST}?stan=announced&sfera=14&rok={NEXT}",
        f"{LIST}?page=2",
        *(detail_url(c) for c in watched),
    ]
    client.get(LIST)  # warm per-process caches (content types, the site)
    few = _query_counts(client, urls)

    make(57, 3)
    many = _query_counts(client, urls)

    assert many == few
    # Five of the list's own (closing, spheres, years, count, page) or the competition and
    # its four kinds of children, and three of every page (site, menu, footer).
    assert many[LIST] <= 8, many
    assert max(many[detail_url(c)] for c in watched) <= 8, many
    assert len(listed(client.get(LIST))) == COMPETITIONS_PER_PAGE


def test_edits_in_the_admin_refresh_cached_pages(client, committed, full):
    url = detail_url(full)
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"

    with committed():
        Competition.objects.get(pk=full.pk).save()  # as the admin's edit view does
    assert client.get(url)["X-Page-Cache"] == "miss"

    with committed():
        RequiredAttachment.objects.create(competition=full, name="Sprawozdanie z poprzedniego roku")
    assert "Sprawozdanie z poprzedniego roku" in client.get(url).content.decode()

    with committed():
        RequiredAttachment.objects.filter(competition=full).delete()
    assert "Statut organizacji" not in client.get(url).content.decode()


def test_editing_a_draft_keeps_the_page_cache(committed):
    draft = CompetitionFactory()
    generation = cache.get(GENERATION_KEY)
    with committed():
        draft.title = "Nowy tytuł szkicu"
        draft.save()
        PriorFunding.objects.create(competition=draft, year=2026, task="Zadanie", amount=1)
    assert cache.get(GENERATION_KEY) == generation


def test_in_the_last_day_the_time_left_is_never_served_from_the_page_cache(client, full):
    Competition.objects.filter(pk=full.pk).update(offer_deadline=timezone.now() + timedelta(hours=5))
    response = client.get(detail_url(full))
    assert "no-cache" in response["Cache-Control"]
    assert "X-Page-Cache" not in response
