"""The city map, its accessible list and its GeoJSON."""

import json
import re
from decimal import Decimal

import pytest
from django.utils.translation import gettext

from organisations.choices import District, LegalForm, PlaceKind
from organisations.tests.factories import OrganisationFactory, PlaceFactory, sphere

from .directory_helpers import (
    GEOJSON,
    LIST,
    MAP,
    _no_page_cache,  # noqa: F401 -- an autouse fixture: pages uncached
    features,
    listed,
    mapped_organisations,
    on_map_list,
)

pytestmark = pytest.mark.django_db


def test_geojson_is_a_feature_collection_of_places(client):
    organisation = OrganisationFactory(name="Fundacja Punktowa")
    PlaceFactory(
        organisation=organisation,
        name="Świetlica Żabka",
        kind=PlaceKind.ACTIVITY_POINT,
        street_address="ul. Żelazna 5",
        postal_code="00-001",
        latitude=Decimal("52.231234"),
        longitude=Decimal("20.991234"),
    )

    response = client.get(GEOJSON)

    assert response["Content-Type"] == "application/geo+json"
    assert "max-age=60" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert json.loads(response.content) == {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [20.991234, 52.231234]},
                "properties": {
                    "name": "Świetlica Żabka",
                    "kind": str(PlaceKind.ACTIVITY_POINT.label),
                    "address": "ul. Żelazna 5, 00-001",
                    "organisation": "Fundacja Punktowa",
                    "organisation_url": f"/organizacje/{organisation.slug}/",
                },
            }
        ],
    }


def test_geojson_and_profile_map_survive_awkward_names(client):
    awkward = 'Fundacja "Cudzysłów" \\ </script><b>'
    organisation = OrganisationFactory(name=awkward)
    PlaceFactory(organisation=organisation, name="Tab\tNowa\nlinia")

    (feature,) = features(client)
    page = client.get(f"/organizacje/{organisation.slug}/").content.decode()

    assert feature["properties"]["organisation"] == awkward
    assert feature["properties"]["name"] == "Tab\tNowa\nlinia"
    assert "</script><b>" not in page
    data = json.loads(
        re.search(r'<script id="org-places-data" type="application/json">(.*?)</script>', page)[1]
    )
    assert data["features"][0]["properties"]["organisation"] == awkward


def test_geojson_links_to_profiles_in_the_visitors_language(client):
    organisation = OrganisationFactory(name="Fundacja Dwujęzyczna")
    PlaceFactory(organisation=organisation)

    english = json.loads(client.get(f"/en{GEOJSON}").content)["features"][0]["properties"]

    assert english["organisation_url"] == f"/en/organizacje/{organisation.slug}/"
    assert english["kind"] == "Facility"


def test_geojson_is_utf8_and_the_next_page_still_reads_text(client):
    # On PostgreSQL the GeoJSON is read as raw bytes; that must not leak into other queries.
    organisation = OrganisationFactory(name="Fundacja Żółw")
    PlaceFactory(organisation=organisation, name="Świetlica Łąka")

    response = client.get(GEOJSON)

    (feature,) = json.loads(response.content.decode("utf-8"))["features"]
    assert feature["properties"]["name"] == "Świetlica Łąka"
    assert listed(client.get(LIST)) == ["Fundacja Żółw"]


def test_geojson_honours_the_filters(client):
    sport = OrganisationFactory(name="Klub Biegowy", legal_form=LegalForm.SPORTS_CLUB, district=District.WOLA)
    sport.spheres.add(sphere("16"))
    PlaceFactory(organisation=sport, name="Stadion", district=District.BEMOWO)
    PlaceFactory(organisation=sport, name="Siedziba klubu", district=District.WOLA)
    culture = OrganisationFactory(name="Dom Kultury Żoliborz", district=District.ZOLIBORZ)
    culture.spheres.add(sphere("15"))
    PlaceFactory(organisation=culture, name="Sala prób", district=District.ZOLIBORZ)

    assert mapped_organisations(client, "?sfera=16") == {"Klub Biegowy"}
    assert mapped_organisations(client, "?forma=fundacja") == {"Dom Kultury Żoliborz"}
    assert mapped_organisations(client, "?q=żOLIBORZ") == {"Dom Kultury Żoliborz"}
    # On the map the district is the place's, not the seat's.
    assert [f["properties"]["name"] for f in features(client, "?dzielnica=bemowo")] == ["Stadion"]
    assert features(client, "?dzielnica=bemowo&sfera=15") == []
    assert len(features(client)) == 3


def test_map_page_offers_a_list_of_the_same_places(client, settings):
    settings.MAP_TILE_URL = "https://kafelki.example.org/{z}/{x}/{y}.png"
    sport = OrganisationFactory(name="Klub Biegowy")
    PlaceFactory(organisation=sport, name="Stadion", district=District.BEMOWO)
    PlaceFactory(organisation=sport, name="Siedziba klubu", district=District.WOLA)
    other = OrganisationFactory(name="Fundacja Wolska")
    PlaceFactory(organisation=other, name="Świetlica Wolska", district=District.WOLA)
    OrganisationFactory(name="Fundacja Bez Miejsc")

    everything = client.get(MAP)
    bemowo = client.get(MAP, {"dzielnica": "bemowo"})

    assert on_map_list(everything) == ["Fundacja Wolska", "Klub Biegowy"]
    page = everything.content.decode()
    assert 'data-tile-url="https://kafelki.example.org/{z}/{x}/{y}.png"' in page
    assert 'data-geojson-url="/organizacje/mapa.geojson"' in page
    assert "vendor/leaflet.markercluster/leaflet.markercluster.js" in page
    assert 'href="#map-list"' in page
    assert on_map_list(bemowo) == ["Klub Biegowy"]
    page = bemowo.content.decode()
    assert "Stadion" in page
    assert "Siedziba klubu" not in page
    assert 'data-geojson-url="/organizacje/mapa.geojson?dzielnica=bemowo"' in page


def test_map_list_empty_state_offers_to_clear_the_filters(client):
    PlaceFactory(district=District.WOLA)

    page = client.get(MAP, {"dzielnica": "wesola"}).content.decode()

    assert gettext("No places match these filters.") in page
    assert re.search(r'<a class="button" href="/organizacje/mapa/">', page)
