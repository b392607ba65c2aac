"""A resident browses the portal: home, navigation, FAQ deep links, a download."""

import re

import pytest
from playwright.sync_api import expect

from home.models import NavigationSettings
from home.tests.factories import add_document, build_site


@pytest.fixture
def site(transactional_db):
    site = build_site()
    navigation = NavigationSettings.for_site(site.home.get_site())
    navigation.main_menu = [
        ("link", {"title": "", "page": p, "url": ""})
        for p in (site.standard, site.news_index, site.faq, site.library, site.consultation)
    ]
    navigation.save()
    add_document(
        "Wzór oferty realizacji zadania publicznego", category="offers", content=b"%PDF-1.4 wzor oferty"
    )
    return site


def test_resident_moves_through_the_portal_and_downloads_a_template(page, site):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Warszawa dla organizacji")

    menu = page.get_by_role("navigation", name="Menu główne")
    menu.get_by_role("link", name="O portalu").click()
    expect(page).to_have_url(re.compile(r"/o-portalu/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("O portalu")

    menu.get_by_role("link", name="Aktualności").click()
    page.get_by_role("link", name=site.news[-1].title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(site.news[-1].title)

    # A deep link opens the answer it names.
    page.goto("/pytania/#jak-zlozyc-oferte")
    answer = page.locator("details#jak-zlozyc-oferte")
    expect(answer).to_have_attribute("open", "")
    expect(answer.get_by_text("Ofertę składa się przez generator ofert.")).to_be_visible()
    # Another answer opens on click and offers its own link.
    other = page.locator("details#do-kiedy-trwa-nabor")
    other.locator("summary").click()
    other.get_by_role("link", name=re.compile("Link do tej odpowiedzi")).click()
    expect(page).to_have_url(re.compile(r"#do-kiedy-trwa-nabor$"))

    menu.get_by_role("link", name="Dokumenty").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Wzór oferty realizacji")).click()
    download = download_info.value
    with open(download.path(), "rb") as handle:
        assert handle.read().startswith(b"%PDF")


def test_resident_switches_to_english_and_back(page, site):
    # This page has no English translation: the switcher opens the English home page
    # (a translated page's switcher goes to its translation: home/tests).
    page.goto("/o-portalu/")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.get_by_role("link", name="Skip to main content")).to_be_attached()
    page.get_by_role("link", name="Polski").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("link", name="Przejdź do treści głównej")).to_be_attached()


def test_resident_searches_from_the_header(page, site):
    page.goto("/")
    page.get_by_role("combobox", name="Szukaj w portalu").fill("portalu")
    page.get_by_role("combobox", name="Szukaj w portalu").press("Enter")
    expect(page.get_by_role("link", name="O portalu").first).to_be_visible()


def test_keyboard_user_can_skip_to_content(page, site):
    page.goto("/o-portalu/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Przejdź do treści głównej")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))
