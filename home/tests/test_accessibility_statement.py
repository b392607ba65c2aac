"""The accessibility statement: every part the act asks for, and a link to it on every page."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from home import demo_statement
from home.demo import statement_fields
from home.models import AccessibilityStatementPage
from home.models.statement import (
    ERROR_AUDITOR_REQUIRED,
    ERROR_LIST_REQUIRED,
    ERROR_UPDATE_BEFORE_PUBLICATION,
)
from home.tests.factories import add_page

pytestmark = pytest.mark.django_db

REQUIRED_IDS = [
    "a11y-wstep",
    "a11y-podmiot",
    "a11y-url",
    "a11y-data-publikacja",
    "a11y-data-aktualizacja",
    "a11y-status",
    "a11y-data-sporzadzenie",
    "a11y-kontakt",
    "a11y-osoba",
    "a11y-email",
    "a11y-telefon",
    "a11y-procedura",
    "a11y-architektura",
    "a11y-aplikacje",
]


@pytest.fixture
def statement(site_pages):
    fields = statement_fields(demo_statement.PL)
    return add_page(site_pages.home, AccessibilityStatementPage, slug=demo_statement.SLUG, **fields)


def test_statement_renders_every_part_with_the_official_ids(client, statement):
    html = client.get("/deklaracja-dostepnosci/").content.decode()
    for element_id in REQUIRED_IDS:
        assert f'id="{element_id}"' in html, element_id
    assert '<span id="a11y-podmiot">Urząd m.st. Warszawy</span>' in html
    assert '<time id="a11y-data-publikacja" datetime="2026-09-01">2026-09-01</time>' in html
    assert '<time id="a11y-data-aktualizacja" datetime="2026-11-20">' in html
    assert "jest częściowo zgodna z ustawą z dnia 4 kwietnia 2019" in html
    assert "Treści niedostępne" in html and "Pliki PDF ofert" in html
    assert "Wyłączenia" in html and "Mapa organizacji" in html
    assert "na podstawie samooceny przeprowadzonej przez podmiot publiczny" in html
    assert 'href="mailto:dostepnosc.ngo@um.warszawa.pl"' in html
    assert 'href="tel:224431200"' in html
    assert "Rzecznika Praw Obywatelskich" in html and "skargę" in html
    assert "winda" in html  # the building


def test_external_assessment_names_the_assessor(client, statement):
    statement.assessment_method = "external"
    statement.auditor = "Fundacja Widzialni"
    statement.save_revision().publish()
    html = client.get("/deklaracja-dostepnosci/").content.decode()
    assert '<span id="a11y-audytor">Fundacja Widzialni</span>' in html
    assert "samooceny" not in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"inaccessible_content": []}, "inaccessible_content", ERROR_LIST_REQUIRED),
        ({"assessment_method": "external", "auditor": " "}, "auditor", ERROR_AUDITOR_REQUIRED),
        ({"updated_on": date(2026, 1, 1)}, "updated_on", ERROR_UPDATE_BEFORE_PUBLICATION),
    ],
)
def test_an_incomplete_statement_is_refused_with_a_message(statement, changes, field, message):
    for name, value in changes.items():
        setattr(statement, name, value)
    with pytest.raises(ValidationError) as raised:
        statement.full_clean()
    assert raised.value.message_dict[field] == [str(message)]


def test_a_fully_compliant_statement_needs_no_list(client, statement):
    statement.compliance = "full"
    statement.inaccessible_content = []
    statement.full_clean()
    statement.save_revision().publish()
    html = client.get("/deklaracja-dostepnosci/").content.decode()
    assert "jest w pełni zgodna" in html
    assert "Treści niedostępne" not in html


FOOTER_LINK = re.compile(
    r'<a class="site-footer__statement" href="/deklaracja-dostepnosci/"[^>]*>Deklaracja dostępności</a>'
)


def test_footer_links_to_the_statement_on_every_page_type(client, statement, site_pages):
    addresses = [
        "/",
        "/o-portalu/",
        "/aktualnosci/",
        site_pages.news[0].url,
        "/pytania/",
        "/dokumenty/",
        "/punkt/",
        "/deklaracja-dostepnosci/",
        "/organizacje/",
        "/organizacje/mapa/",
        "/konkursy/",
        "/szukaj/?q=konkurs",
        "/konto/logowanie/",
        "/konto/rejestracja/",
        "/nie-ma-takiej-strony/",
    ]
    for address in addresses:
        response = client.get(address)
        assert response.status_code in (200, 404), address
        assert FOOTER_LINK.search(response.content.decode()), address
