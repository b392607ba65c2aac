"""axe-core with the WCAG 2.1 A and AA rules, one test per page: the public pages and the
account pages an NGO member uses outside the competitions (registration, sign-in, profile,
the organisation's data and places, notifications), in Polish and in English."""

import pytest
from wagtail.models import Locale

from conftest import PASSWORD
from home import demo_statement
from home.demo import statement_fields
from home.models import AccessibilityStatementPage
from home.tests.factories import add_document, add_page, build_site, publish
from notifications.services import notify
from organisations.choices import Role

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

PUBLIC = [
    "/",
    "/o-portalu/",
    "/aktualnosci/",
    "/aktualnosci/aktualnosc-1/",
    "/pytania/",
    "/dokumenty/",
    "/punkt/",
    "/deklaracja-dostepnosci/",
    "/organizacje/",
    "/organizacje/mapa/",
    "/konkursy/",
    "/szukaj/?q=portal",
    "/konto/rejestracja/",
    "/konto/logowanie/",
    "/en/",
    "/en/accessibility-statement/",
]
SIGNED_IN = [
    "/konto/",
    "/konto/organizacja/{slug}/",
    "/konto/organizacja/{slug}/czlonkowie/",
    "/konto/powiadomienia/",
    "/en/konto/",
]


def _english(page, **fields):
    translated = page.copy_for_translation(Locale.objects.get(language_code="en")).specific
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()
    return publish(translated)


@pytest.fixture
def site(transactional_db):
    site = build_site()
    add_document("Wzór sprawozdania", category="reports")
    statement = add_page(
        site.home,
        AccessibilityStatementPage,
        slug=demo_statement.SLUG,
        **statement_fields(demo_statement.PL),
    )
    _english(site.home, title="Home", hero_title="Warsaw for organisations")
    english = statement_fields(demo_statement.EN)
    _english(statement, slug=demo_statement.EN["slug"], **english)
    return site


def violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG_21_AA)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("url", PUBLIC)
def test_public_page_meets_wcag_21_aa(page, site, url):
    page.goto(url)
    assert violations(page) == []


@pytest.mark.parametrize("url", SIGNED_IN)
def test_ngo_member_page_meets_wcag_21_aa(page, site, make_user, url):
    member = make_user(Role.NGO_MEMBER, is_admin=True, email="alicja@example.org")
    organisation = member.memberships.get().organisation
    notify(recipients=[member], event="test", title="Oferta przyjęta", url="/konto/", email=False)
    page.goto("/konto/logowanie/")
    page.locator("#id_username").fill(member.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    page.wait_for_url("**/konto/")
    page.goto(url.format(slug=organisation.slug))
    assert violations(page) == []
