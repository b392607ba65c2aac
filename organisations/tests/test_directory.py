"""The public directory of organisations and their profiles (the map: test_map.py)."""

import json
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext

from organisations.choices import District, LegalForm, PlaceKind
from organisations.tests.factories import OrganisationFactory, PlaceFactory, sphere

from .directory_helpers import (
    GEOJSON,
    LIST,
    MAP,
    PNG,
    _no_page_cache,  # noqa: F401 -- an autouse fixture: pages uncached
    bulk_organisations,
    features,
    listed,
    mapped_organisations,
    on_map_list,
)

pytestmark = pytest.mark.django_db


def test_directory_lists_public_organisations_alphabetically(client):
    OrganisationFactory(name="Stowarzyszenie Bielańskie")
    OrganisationFactory(name="Fundacja Aktywni")
    OrganisationFactory(name="Fundacja Ukryta", is_suspended=True, suspension_reason="Nadużycia")

    response = client.get(LIST)

    assert response.status_code == 200
    assert listed(response) == ["Fundacja Aktywni", "Stowarzyszenie Bielańskie"]
    assert "Fundacja Ukryta" not in response.content.decode()


def test_directory_card_shows_what_identifies_an_organisation(client):
    organisation = OrganisationFactory(
        name="Fundacja Zielone Podwórka",
        short_name="Zielone Podwórka",
        legal_form=LegalForm.FOUNDATION,
        district=District.ZOLIBORZ,
        is_public_benefit=True,
        description="Zakładamy ogrody społeczne na podwórkach.",
    )
    organisation.spheres.add(sphere("17"))

    page = client.get(LIST).content.decode()

    assert f'href="/organizacje/{organisation.slug}/"' in page
    for text in ("Zielone Podwórka", "Żoliborz", str(LegalForm.FOUNDATION.label), "OPP"):
        assert text in page
    assert "Zakładamy ogrody społeczne" in page
    assert "Ekologia i ochrona zwierząt" in page


def test_filter_by_sphere(client):
    OrganisationFactory(name="Kolonie Letnie").spheres.add(sphere("14"))
    OrganisationFactory(name="Teatr Podwórkowy").spheres.add(sphere("15"), sphere("14"))
    OrganisationFactory(name="Schronisko Azyl").spheres.add(sphere("17"))

    assert listed(client.get(LIST, {"sfera": "14"})) == ["Kolonie Letnie", "Teatr Podwórkowy"]
    assert listed(client.get(LIST, {"sfera": "17"})) == ["Schronisko Azyl"]


def test_filter_by_district(client):
    OrganisationFactory(name="Mokotowski Klub Seniora", district=District.MOKOTOW)
    OrganisationFactory(name="Wolskie Centrum", district=District.WOLA)

    assert listed(client.get(LIST, {"dzielnica": "mokotow"})) == ["Mokotowski Klub Seniora"]


def test_filter_by_legal_form(client):
    OrganisationFactory(name="Fundacja Ada", legal_form=LegalForm.FOUNDATION)
    OrganisationFactory(name="Stowarzyszenie Ela", legal_form=LegalForm.ASSOCIATION)

    assert listed(client.get(LIST, {"forma": "stowarzyszenie"})) == ["Stowarzyszenie Ela"]


def test_filters_combine(client):
    match = OrganisationFactory(
        name="Sportowa Praga", district=District.PRAGA_POLNOC, legal_form=LegalForm.SPORTS_CLUB
    )
    match.spheres.add(sphere("16"))
    OrganisationFactory(name="Sportowa Wola", district=District.WOLA, legal_form=LegalForm.SPORTS_CLUB)
    other_form = OrganisationFactory(name="Sportowa Fundacja", district=District.PRAGA_POLNOC)
    other_form.spheres.add(sphere("16"))
    OrganisationFactory(
        name="Praski Klub Szachowy", district=District.PRAGA_POLNOC, legal_form=LegalForm.SPORTS_CLUB
    ).spheres.add(sphere("16"))

    response = client.get(
        LIST, {"q": "sportowa", "sfera": "16", "dzielnica": "praga-polnoc", "forma": "klub_sportowy"}
    )

    assert listed(response) == ["Sportowa Praga"]


def test_text_search_ignores_case_including_polish_letters(client):
    OrganisationFactory(name="Żółty Rower", description="")
    OrganisationFactory(name="Fundacja Nocna", short_name="Świetliki", description="")
    OrganisationFactory(name="Stowarzyszenie Opieka", description="Prowadzimy ŚWIETLICĘ dla dzieci.")
    OrganisationFactory(name="Fundacja Inna", description="Nic wspólnego.")

    assert listed(client.get(LIST, {"q": "żółty"})) == ["Żółty Rower"]
    assert listed(client.get(LIST, {"q": "ŻÓŁTY rower"})) == ["Żółty Rower"]
    assert listed(client.get(LIST, {"q": "  świetli  "})) == ["Fundacja Nocna", "Stowarzyszenie Opieka"]
    # Every word must match, in any of the three fields.
    assert listed(client.get(LIST, {"q": "opieka dzieci"})) == ["Stowarzyszenie Opieka"]
    assert listed(client.get(LIST, {"q": "opieka rower"})) == []


def test_text_search_treats_punctuation_literally(client):
    OrganisationFactory(name="Klub (Nie)Zwykły")
    OrganisationFactory(name="Klub Zwykły")

    assert listed(client.get(LIST, {"q": "(nie)"})) == ["Klub (Nie)Zwykły"]
    assert listed(client.get(LIST, {"q": ".*"})) == []


def test_directory_paginates_twenty_per_page_keeping_the_filters(client):
    bulk_organisations(23, prefix="Wolska")
    OrganisationFactory(name="Wolska Na Mokotowie", district=District.MOKOTOW)

    first = client.get(LIST, {"dzielnica": "wola"})
    second = client.get(LIST, {"dzielnica": "wola", "page": "2"})

    assert len(listed(first)) == 20
    assert listed(second) == [f"Wolska {n:04d}" for n in range(20, 23)]
    page = first.content.decode()
    assert "?dzielnica=wola&amp;page=2" in page
    assert re.search(r'class="org-count" role="status">\s*23\b', page)


def test_empty_result_explains_and_offers_to_clear_the_filters(client):
    OrganisationFactory(name="Fundacja Jedyna", district=District.WOLA)

    response = client.get(LIST, {"dzielnica": "wesola"})

    page = response.content.decode()
    assert listed(response) == []
    assert gettext("No organisations match these filters.") in page
    assert re.search(r'<a class="button" href="/organizacje/">', page)


def test_an_invalid_filter_is_reported_and_ignored(client):
    OrganisationFactory(name="Fundacja Jedyna")

    response = client.get(LIST, {"dzielnica": "atlantyda"})

    assert listed(response) == ["Fundacja Jedyna"]
    assert 'class="field__error"' in response.content.decode()


def test_filter_form_is_labelled_and_shareable(client):
    page = client.get(LIST, {"dzielnica": "wola"}).content.decode()

    assert re.search(r'<form class="filters org-filters" method="get" action="/organizacje/"', page)
    for name in ("q", "sfera", "dzielnica", "forma"):
        assert f'<label for="id_{name}">' in page
    assert '<option value="wola" selected>' in page
    assert 'href="/organizacje/mapa/?dzielnica=wola"' in page


# --- profiles ----------------------------------------------------------------------------------------


def test_profile_shows_the_organisation_in_full(client):
    organisation = OrganisationFactory(
        name="Fundacja Dobrych Sąsiadów",
        short_name="Dobrzy Sąsiedzi",
        legal_form=LegalForm.FOUNDATION,
        krs="0000123456",
        is_public_benefit=True,
        district=District.OCHOTA,
        street_address="ul. Grójecka 1",
        postal_code="02-001",
        email="kontakt@sasiedzi.example.org",
        phone="22 123 45 67",
        website="https://sasiedzi.example.org",
        description="Pomagamy sąsiadom.\n\nOrganizujemy wolontariat.",
        logo=SimpleUploadedFile("logo.png", PNG, content_type="image/png"),
    )
    organisation.spheres.add(sphere("26"), sphere("9"))
    PlaceFactory(organisation=organisation, name="Klub Sąsiada", kind=PlaceKind.FACILITY)

    response = client.get(f"/organizacje/{organisation.slug}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r"<h1>Fundacja Dobrych Sąsiadów</h1>", page)
    for text in (
        "Dobrzy Sąsiedzi",
        str(LegalForm.FOUNDATION.label),
        "0000123456",
        organisation.nip,
        organisation.regon,
        "OPP",
        "ul. Grójecka 1",
        "02-001 Warszawa",
        "Ochota",
        'href="mailto:kontakt@sasiedzi.example.org"',
        'href="tel:221234567"',
        'href="https://sasiedzi.example.org"',
        "<p>Pomagamy sąsiadom.</p>",
        "Promocja i organizacja wolontariatu",
        "Działalność na rzecz osób w wieku emerytalnym",
        "Klub Sąsiada",
    ):
        assert text in page, text
    assert re.search(
        r'<img class="org-profile__logo" src="[^"]+\.png" alt="[^"]*Fundacja Dobrych Sąsiadów"', page
    )


def test_profile_maps_its_places(client):
    organisation = OrganisationFactory(name="Fundacja Mapowa")
    PlaceFactory(
        organisation=organisation,
        name="Siedziba",
        kind=PlaceKind.SEAT,
        latitude=Decimal("52.250000"),
        longitude=Decimal("21.000000"),
    )

    page = client.get(f"/organizacje/{organisation.slug}/").content.decode()

    data = json.loads(
        re.search(r'<script id="org-places-data" type="application/json">(.*?)</script>', page)[1]
    )
    assert data["features"][0]["geometry"]["coordinates"] == [21.0, 52.25]
    assert data["features"][0]["properties"]["name"] == "Siedziba"
    assert "data-organisation-map" in page
    assert "vendor/leaflet/leaflet.js" in page


def test_profile_without_places_or_contact_says_so(client):
    organisation = OrganisationFactory(name="Fundacja Skromna")

    page = client.get(f"/organizacje/{organisation.slug}/").content.decode()

    assert gettext("The organisation has not listed any places of activity yet.") in page
    assert gettext("The organisation has not given any contact details yet.") in page
    assert "leaflet.js" not in page


def test_suspended_or_unknown_organisation_has_no_profile(client):
    suspended = OrganisationFactory(name="Fundacja Zawieszona", is_suspended=True)

    assert client.get(f"/organizacje/{suspended.slug}/").status_code == 404
    assert client.get("/organizacje/nie-ma-takiej/").status_code == 404


def test_an_organisation_called_mapa_does_not_take_the_maps_address(client):
    organisation = OrganisationFactory(name="Mapa")

    assert organisation.slug == "mapa-2"
    assert client.get(f"/organizacje/{organisation.slug}/").status_code == 200
    assert gettext("List of places") in client.get(MAP).content.decode()


# --- suspension hides everywhere ---------------------------------------------------------------------


def test_suspending_removes_the_organisation_from_every_public_view(client):
    organisation = OrganisationFactory(name="Fundacja Przejściowa")
    PlaceFactory(organisation=organisation, name="Punkt Przejściowy")
    profile = f"/organizacje/{organisation.slug}/"
    assert listed(client.get(LIST)) == ["Fundacja Przejściowa"]
    assert on_map_list(client.get(MAP)) == ["Fundacja Przejściowa"]
    assert mapped_organisations(client) == {"Fundacja Przejściowa"}

    organisation.is_suspended = True
    organisation.save()

    assert listed(client.get(LIST)) == []
    assert client.get(profile).status_code == 404
    assert on_map_list(client.get(MAP)) == []
    assert features(client) == []


def test_english_pages_link_within_the_english_site(client):
    organisation = OrganisationFactory(name="Fundacja Dwujęzyczna")
    PlaceFactory(organisation=organisation)

    directory = client.get("/en/organizacje/").content.decode()
    map_page = client.get("/en/organizacje/mapa/").content.decode()

    assert f'href="/en/organizacje/{organisation.slug}/"' in directory
    assert 'data-geojson-url="/en/organizacje/mapa.geojson"' in map_page
    assert client.get(f"/en/organizacje/{organisation.slug}/").status_code == 200


def test_header_links_to_the_directory_and_the_map(client):
    menu = re.search(r'<nav id="main-nav".*?</nav>', client.get(MAP).content.decode(), re.DOTALL)[0]

    assert '<a href="/organizacje/">' in menu
    assert '<a href="/organizacje/mapa/" aria-current="page">' in menu


# --- page cache --------------------------------------------------------------------------------------


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600


def test_directory_pages_are_cached_for_anonymous_visitors(client, page_cache):
    OrganisationFactory(name="Fundacja Stała")

    assert client.get(LIST)["X-Page-Cache"] == "miss"
    assert client.get(LIST)["X-Page-Cache"] == "hit"


def test_changing_an_organisation_clears_the_cached_pages(
    client, page_cache, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name="Fundacja Stara Nazwa")
    profile = f"/organizacje/{organisation.slug}/"
    client.get(LIST)
    client.get(profile)

    with django_capture_on_commit_callbacks(execute=True):
        organisation.name = "Fundacja Nowa Nazwa"
        organisation.save()

    assert listed(client.get(LIST)) == ["Fundacja Nowa Nazwa"]
    assert "Fundacja Nowa Nazwa" in client.get(profile).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        organisation.is_suspended = True
        organisation.save()

    assert listed(client.get(LIST)) == []
    assert client.get(profile).status_code == 404


def test_changing_places_or_spheres_clears_the_cached_profile(
    client, page_cache, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name="Fundacja Ruchoma")
    profile = f"/organizacje/{organisation.slug}/"
    client.get(profile)

    with django_capture_on_commit_callbacks(execute=True):
        place = PlaceFactory(organisation=organisation, name="Nowa Świetlica")
    assert "Nowa Świetlica" in client.get(profile).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        organisation.spheres.add(sphere("18"))
    assert "Turystyka i krajoznawstwo" in client.get(profile).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        place.delete()
    assert "Nowa Świetlica" not in client.get(profile).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        organisation.spheres.clear()
    assert "Turystyka i krajoznawstwo" not in client.get(profile).content.decode()


# --- query counts ------------------------------------------------------------------------------------


def _query_counts(client, urls) -> dict[str, int]:
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(captured)
    return counts


def test_query_counts_do_not_grow_with_the_number_of_organisations(client):
    spheres = [sphere("14"), sphere("15"), sphere("16"), sphere("17")]
    (watched,) = bulk_organisations(1, prefix="Obserwowana", spheres=spheres, places_each=3)
    bulk_organisations(9, prefix="Kilka", spheres=spheres)
    urls = [
        LIST,
        f"{LIST}?q=kilka&sfera=14&dzielnica=wola&forma=fundacja&page=2",
        f"/organizacje/{watched.slug}/",
        MAP,
        f"{MAP}?sfera=15&dzielnica=wola",
        GEOJSON,
        f"{GEOJSON}?q=kilka&sfera=16&dzielnica=wola&forma=fundacja",
    ]
    client.get(LIST)  # warm per-process caches (content types, the site)
    few = _query_counts(client, urls)

    bulk_organisations(490, prefix="Wiele", spheres=spheres, places_each=3)
    many = _query_counts(client, urls)

    assert many == few
    assert many[LIST] <= 8, many
    assert many[GEOJSON] <= 4, many
    # Every page shows all it promises: many organisations, their spheres and places.
    assert len(listed(client.get(LIST))) == 20
    assert len(features(client)) == 1 * 3 + 9 * 2 + 490 * 3
