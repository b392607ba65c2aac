"""axe-core finds no serious or critical violations on any public page type."""

import pytest

from home.tests.factories import add_document, build_site

from .conftest import serious_violations

PAGES = [
    "/",
    "/o-portalu/",
    "/aktualnosci/",
    "/aktualnosci/aktualnosc-1/",
    "/pytania/",
    "/dokumenty/",
    "/punkt/",
    "/szukaj/?q=portal",
    "/szukaj/?q=xyzzy",
    "/konto/logowanie/",
    "/nie-ma-takiej-strony/",
    "/en/about-the-portal/",
]


@pytest.fixture
def site(transactional_db):
    site = build_site()
    add_document("Wzór sprawozdania", category="reports")
    return site


def test_public_pages_have_no_serious_accessibility_violations(page, site):
    problems = {}
    for url in PAGES:
        page.goto(url)
        found = serious_violations(page)
        if found:
            problems[url] = found
    assert problems == {}


def test_login_errors_are_accessible(page, site):
    page.goto("/konto/logowanie/")
    page.get_by_role("button", name="Zaloguj się").click()
    assert page.get_by_role("alert").is_visible()
    assert serious_violations(page) == []
