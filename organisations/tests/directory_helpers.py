"""What the directory and map tests share: addresses, how to read a page, many organisations fast."""

import html
import json
import re

import pytest

from organisations.models import Organisation, Place
from organisations.tests.factories import OrganisationFactory, PlaceFactory

LIST = "/organizacje/"
MAP = "/organizacje/mapa/"
GEOJSON = "/organizacje/mapa.geojson"

# The smallest valid PNG: one transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001"
    "0d0a2db40000000049454e44ae426082"
)


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Most tests check what is rendered; the cache tests switch it back on.
    settings.PAGE_CACHE_SECONDS = 0


def listed(response) -> list[str]:
    """Names of the organisations on a directory page, in order."""
    found = re.findall(r'class="org-card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())
    return [html.unescape(name) for name in found]


def on_map_list(response) -> list[str]:
    found = re.findall(r'class="org-map-list__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())
    return [html.unescape(name) for name in found]


def features(client, query="") -> list[dict]:
    response = client.get(f"{GEOJSON}{query}")
    assert response.status_code == 200
    return json.loads(response.content)["features"]


def mapped_organisations(client, query="") -> set[str]:
    return {f["properties"]["organisation"] for f in features(client, query)}


def bulk_organisations(count: int, *, prefix: str, spheres=(), places_each: int = 2) -> list[Organisation]:
    """Many organisations with places and spheres in a few queries (no per-row saves)."""
    organisations = OrganisationFactory.build_batch(count)
    for n, organisation in enumerate(organisations):
        organisation.name = f"{prefix} {n:04d}"
        organisation.slug = f"{prefix.lower()}-{n}"
        organisation.description = "Działamy w dzielnicy. " * 20
    Organisation.objects.bulk_create(organisations)
    Place.objects.bulk_create(
        [PlaceFactory.build(organisation=o) for o in organisations for _ in range(places_each)]
    )
    through = Organisation.spheres.through
    through.objects.bulk_create(
        [through(organisation_id=o.pk, publicbenefitsphere_id=s.pk) for o in organisations for s in spheres]
    )
    return organisations


# --- the directory ---------------------------------------------------------------------------------
