"""Odd query parameters and path segments on the organisations' pages answer 200 (the bad value
ignored) or 404, never a server error, on SQLite and on PostgreSQL (which refuses NUL bytes)."""

import pytest
from django.urls import reverse

from organisations.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db

ODD_VALUES = [
    "abc",
    "-1",
    "0",
    "1e3",
    "9" * 30,
    "\x00",
    "1\x00",
    "ﬁ",
    "<script>",
    "%",
    "' OR 1=1 --",
    "a" * 5000,
]
PARAMETERS = ["page", "sfera", "dzielnica", "forma", "q"]


@pytest.mark.parametrize("name", ["directory:list", "directory:map", "directory:geojson"])
def test_odd_filter_and_page_values_are_ignored(client, name):
    place = PlaceFactory()
    url = reverse(name)
    for parameter in PARAMETERS:
        for value in ODD_VALUES:
            response = client.get(url, {parameter: [value, value]})
            assert response.status_code == 200, (parameter, value, response.status_code)
    # A bad sphere, district or page still shows the organisation, as if no filter were set.
    listing = client.get(reverse("directory:list"), {"sfera": "x", "dzielnica": "\x00", "page": "abc"})
    assert place.organisation.name in listing.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/konto/organizacja/zaproszenie/%00/",
        "/konto/organizacja/zaproszenie/a%00b/",
        "/konto/organizacja/zaproszenie/%C5%BC%C3%B3%C5%82w/",
        "/konto/organizacja/a%00/",
        "/konto/organizacja/a%00/czlonkowie/",
        "/organizacje/a%00/",
    ],
)
def test_odd_tokens_and_slugs_are_not_found(client, make_user, path):
    assert client.get(path).status_code == 404
    client.force_login(make_user())
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404
