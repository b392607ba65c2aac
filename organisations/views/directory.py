"""The public side of organisations: the directory, profiles, the city map and its GeoJSON.

The views hand templates plain dictionaries with labels and addresses already
looked up: ``get_FOO_display()`` and ``{% url %}`` cost tens of microseconds
each, and a page of twenty cards would call them a hundred times.
"""

import json

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.text import capfirst
from django.views.decorators.http import require_safe

from .. import selectors
from ..choices import District, LegalForm, PlaceKind
from ..directory_forms import DirectoryFilterForm
from .cards import cards_html

# Browsers and proxies may reuse the map data this long: a suspended
# organisation leaves the map within a minute.
GEOJSON_MAX_AGE = 60
CARD_SPHERES = 3  # on a directory card; the profile lists them all
_SLUG = "organisation-slug"


class _Labels:
    """Choice labels in the current language and the profile address pattern, built once per request."""

    def __init__(self):
        self.district = {value: str(label) for value, label in District.choices}
        self.legal_form = {value: str(label) for value, label in LegalForm.choices}
        self.kind = {value: str(label) for value, label in PlaceKind.choices}
        self.url_prefix, self.url_suffix = reverse("directory:organisation", kwargs={"slug": _SLUG}).split(
            _SLUG
        )

    def url(self, slug: str) -> str:
        return f"{self.url_prefix}{slug}{self.url_suffix}"

    def place(self, place) -> dict:
        return {
            "name": place.name,
            "kind": self.kind.get(place.kind, place.kind),
            "address": f"{place.street_address}, {place.postal_code}",
            "district": self.district.get(place.district, place.district),
        }

    def card(self, organisation) -> dict:
        spheres = [capfirst(name) for name in organisation.sphere_names]
        return {
            "name": organisation.name,
            "short_name": organisation.short_name,
            "url": self.url(organisation.slug),
            "legal_form": self.legal_form.get(organisation.legal_form, organisation.legal_form),
            "district": self.district.get(organisation.district, organisation.district),
            "is_public_benefit": organisation.is_public_benefit,
            "excerpt": organisation.excerpt,
            "logo_url": organisation.logo.url if organisation.logo else "",
            "spheres": spheres[:CARD_SPHERES],
            "more_spheres": max(len(spheres) - CARD_SPHERES, 0),
        }


def places_geojson(places, labels: _Labels | None = None) -> bytes:
    """A GeoJSON FeatureCollection of ``places`` (Place queryset), UTF-8, labels in the current language."""
    labels = labels or _Labels()
    return selectors.places_feature_collection(
        places, kind_labels=labels.kind, url_prefix=labels.url_prefix, url_suffix=labels.url_suffix
    )


def _feature_collection(organisation, places, labels: _Labels) -> dict:
    """The GeoJSON of one profile's few places, built from the rows the page already has.

    The same document the city map's GeoJSON holds for them (see ``selectors.places_feature_collection``).
    """
    url = labels.url(organisation.slug)
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(place.longitude), float(place.latitude)]},
                "properties": {
                    "name": place.name,
                    "kind": labels.kind.get(place.kind, place.kind),
                    "address": f"{place.street_address}, {place.postal_code}",
                    "organisation": organisation.name,
                    "organisation_url": url,
                },
            }
            for place in places
        ],
    }


def _filter_form(request) -> DirectoryFilterForm:
    return DirectoryFilterForm(request.GET, spheres=selectors.sphere_choices())


def _map_settings() -> dict:
    return {
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "city_bounds": json.dumps(list(settings.CITY_BOUNDS)),
    }


@require_safe
def directory(request):
    form = _filter_form(request)
    filters = form.filters
    page = selectors.directory_page(filters=filters, page_number=request.GET.get("page"))
    labels = _Labels()
    cards = [labels.card(organisation) for organisation in page]
    return render(
        request,
        "organisations/directory/list.html",
        {
            "form": form,
            "filters": filters,
            "querystring": form.querystring,
            "page_obj": page,
            "cards": cards,
            "cards_html": cards_html(cards),
        },
    )


@require_safe
def organisation(request, slug):
    found = selectors.public_organisation(slug=slug)
    if found is None:
        raise Http404
    labels = _Labels()
    places = found.place_list
    return render(
        request,
        "organisations/directory/organisation.html",
        {
            "organisation": found,
            "legal_form": labels.legal_form.get(found.legal_form, found.legal_form),
            "district": labels.district.get(found.district, found.district),
            "spheres": [capfirst(name) for name in found.sphere_names],
            "places": [labels.place(place) for place in places],
            "places_geojson": _feature_collection(found, places, labels),  # for json_script
            **_map_settings(),
        },
    )


@require_safe
def city_map(request):
    form = _filter_form(request)
    filters = form.filters
    querystring = form.querystring
    geojson_url = reverse("directory:geojson")
    page = selectors.map_list_page(filters=filters, page_number=request.GET.get("page"))
    labels = _Labels()
    return render(
        request,
        "organisations/directory/map.html",
        {
            "form": form,
            "filters": filters,
            "querystring": querystring,
            "geojson_url": f"{geojson_url}?{querystring}" if querystring else geojson_url,
            "page_obj": page,
            "entries": [
                {
                    "name": organisation.name,
                    "url": labels.url(organisation.slug),
                    "places": [labels.place(place) for place in organisation.place_list],
                }
                for organisation in page
            ],
            **_map_settings(),
        },
    )


@require_safe
def city_map_geojson(request):
    filters = _filter_form(request).filters
    response = HttpResponse(
        places_geojson(selectors.map_places(filters=filters)), content_type="application/geo+json"
    )
    patch_cache_control(response, public=True, max_age=GEOJSON_MAX_AGE)
    return response
