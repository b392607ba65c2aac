"""A resident finds organisations: filters the directory, reads a profile, looks at the city map.

Map tiles come from the network, which tests do not have: requests for them are
refused, as when a tile server is down, and the markers must show all the same.
"""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from organisations.choices import District, LegalForm, PlaceKind
from organisations.models import PublicBenefitSphere
from organisations.tests.factories import OrganisationFactory, PlaceFactory

from .conftest import serious_violations


def sphere(code: str, name: str) -> PublicBenefitSphere:
    # A migration loads the statutory list, but after another test's flush it may
    # not be restored: serialized rollback misses when a plain database test ran
    # first in the same process (the connection Playwright's thread sees differs).
    return PublicBenefitSphere.objects.get_or_create(code=code, defaults={"name": name})[0]


@pytest.fixture
def organisations(transactional_db):
    gardens = OrganisationFactory(
        name="Fundacja Mokotowskie Ogrody",
        short_name="Mokotowskie Ogrody",
        legal_form=LegalForm.FOUNDATION,
        district=District.MOKOTOW,
        is_public_benefit=True,
        street_address="ul. Puławska 100",
        postal_code="02-595",
        email="kontakt@ogrody.example.org",
        phone="22 100 20 30",
        website="https://ogrody.example.org",
        description="Zakładamy ogrody społeczne na mokotowskich podwórkach.",
    )
    gardens.spheres.add(
        sphere("17", "ekologia i ochrona zwierząt oraz ochrona dziedzictwa przyrodniczego"),
        sphere("12", "działalność wspomagająca rozwój wspólnot i społeczności lokalnych"),
    )
    PlaceFactory(
        organisation=gardens,
        name="Siedziba fundacji",
        kind=PlaceKind.SEAT,
        district=District.MOKOTOW,
        latitude=Decimal("52.190000"),
        longitude=Decimal("21.020000"),
    )
    PlaceFactory(
        organisation=gardens,
        name="Ogród przy Odyńca",
        kind=PlaceKind.ACTIVITY_POINT,
        district=District.MOKOTOW,
        latitude=Decimal("52.200000"),
        longitude=Decimal("21.000000"),
    )
    yards = OrganisationFactory(
        name="Stowarzyszenie Wolskie Podwórka", legal_form=LegalForm.ASSOCIATION, district=District.WOLA
    )
    for n in range(12):
        PlaceFactory(
            organisation=yards,
            name=f"Świetlica na Woli {n + 1}",
            district=District.WOLA,
            latitude=Decimal("52.235000") + Decimal(n) / 2000,
            longitude=Decimal("20.970000") + Decimal(n) / 2000,
        )
    OrganisationFactory(name="Fundacja Zawieszona", district=District.MOKOTOW, is_suspended=True)
    return gardens


@pytest.fixture
def offline_tiles(page):
    page.route(re.compile(r"tile\.openstreetmap\.org"), lambda route: route.abort())
    return page


def test_resident_filters_the_directory_reads_a_profile_and_opens_the_map(offline_tiles, organisations):
    page = offline_tiles
    page.goto("/organizacje/")
    cards = page.locator(".org-card")
    expect(cards).to_have_count(2)

    page.locator("#id_dzielnica").select_option("mokotow")
    page.locator(".org-filters button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/organizacje/\?.*dzielnica=mokotow"))
    expect(cards).to_have_count(1)
    expect(page.get_by_role("link", name="Stowarzyszenie Wolskie Podwórka")).to_have_count(0)
    assert serious_violations(page) == []

    page.get_by_role("link", name="Fundacja Mokotowskie Ogrody").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fundacja Mokotowskie Ogrody")
    expect(page.get_by_role("link", name="kontakt@ogrody.example.org")).to_be_visible()
    expect(page.get_by_text("Ogród przy Odyńca")).to_be_visible()
    # The small map shows both places although no tile has loaded.
    expect(page.locator("#org-places-map .leaflet-marker-icon")).to_have_count(2)
    assert serious_violations(page) == []

    page.locator("#main-nav a[href='/organizacje/mapa/']").click()
    expect(page).to_have_url(re.compile(r"/organizacje/mapa/$"))
    # Markers or clusters of them, drawn from the GeoJSON.
    expect(page.locator("#org-map .leaflet-marker-icon").first).to_be_visible()
    expect(page.locator("#org-map-status")).not_to_be_empty()
    listing = page.locator("#map-list")
    expect(listing.get_by_role("link", name="Fundacja Mokotowskie Ogrody")).to_be_visible()
    expect(listing.get_by_text("Świetlica na Woli 12")).to_be_visible()
    expect(page.get_by_text("Fundacja Zawieszona")).to_have_count(0)
    assert serious_violations(page) == []


def test_map_filters_apply_to_markers_and_the_list(offline_tiles, organisations):
    page = offline_tiles
    page.goto("/organizacje/mapa/?dzielnica=mokotow")

    listing = page.locator("#map-list")
    expect(listing.get_by_text("Siedziba fundacji")).to_be_visible()
    expect(listing.get_by_text("Świetlica na Woli 1", exact=True)).to_have_count(0)
    # Two places far enough apart to show as two markers once the map fits them.
    expect(page.locator("#org-map img.leaflet-marker-icon")).to_have_count(2)
    marker = page.locator("#org-map img.leaflet-marker-icon[alt^='Ogród przy Odyńca']")
    marker.click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup.get_by_role("link", name="Fundacja Mokotowskie Ogrody")).to_be_visible()


def test_keyboard_users_can_skip_the_map_to_the_list(offline_tiles, organisations):
    page = offline_tiles
    page.goto("/organizacje/mapa/")
    skip = page.locator("a.org-skip")

    skip.focus()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"#map-list$"))
    expect(page.locator("#map-list")).to_be_focused()
