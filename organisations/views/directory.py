"""The public side of organisations: the directory, profiles, the city map and its GeoJSON."""

import json

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from .. import selectors
from ..choices import PlaceKind
from ..directory_forms import DirectoryFilterForm

# Browsers and proxies may reuse the map data this long: a suspended
# organisation leaves the map within a minute.
GEOJSON_MAX_AGE = 60
_SLUG_PLACEHOLDER = "organisation-slug"


def _filter_form(request) -> DirectoryFilterForm:
    return DirectoryFilterForm(request.GET, spheres=selectors.sphere_choices())


def _map_settings() -> dict:
    return {
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "city_bounds": json.dumps(list(settings.CITY_BOUNDS)),
    }


def feature_collection(rows) -> dict:
    """GeoJSON for places given as ``selectors.map_places`` rows.

    Built from plain tuples with the organisation's address reversed once, so
    20,000 places cost one loop and no further queries.
    """
    kinds = {value: str(label) for value, label in PlaceKind.choices}
    url_prefix, url_suffix = reverse("directory:organisation", kwargs={"slug": _SLUG_PLACEHOLDER}).split(
        _SLUG_PLACEHOLDER
    )
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
                "properties": {
                    "name": name,
                    "kind": kinds.get(kind, kind),
                    "address": f"{street_address}, {postal_code}",
                    "organisation": organisation_name,
                    "organisation_short_name": short_name,
                    "organisation_url": f"{url_prefix}{slug}{url_suffix}",
                },
            }
            for (
                name,
                kind,
                street_address,
                postal_code,
                latitude,
                longitude,
                organisation_name,
                short_name,
                slug,
            ) in rows
        ],
    }


@require_safe
def directory(request):
    form = _filter_form(request)
    filters = form.filters
    return render(
        request,
        "organisations/directory/list.html",
        {
            "form": form,
            "filters": filters,
            "querystring": form.querystring,
            "page_obj": selectors.directory_page(filters=filters, page_number=request.GET.get("page")),
        },
    )


@require_safe
def organisation(request, slug):
    found = selectors.public_organisation(slug=slug)
    if found is None:
        raise Http404
    places = list(found.places.all())
    rows = [
        (
            p.name,
            p.kind,
            p.street_address,
            p.postal_code,
            float(p.latitude),
            float(p.longitude),
            found.name,
            found.short_name,
            found.slug,
        )
        for p in places
    ]
    return render(
        request,
        "organisations/directory/organisation.html",
        {
            "organisation": found,
            "spheres": list(found.spheres.all()),
            "places": places,
            "places_geojson": feature_collection(rows),
            **_map_settings(),
        },
    )


@require_safe
def city_map(request):
    form = _filter_form(request)
    filters = form.filters
    querystring = form.querystring
    geojson_url = reverse("directory:geojson")
    return render(
        request,
        "organisations/directory/map.html",
        {
            "form": form,
            "filters": filters,
            "querystring": querystring,
            "geojson_url": f"{geojson_url}?{querystring}" if querystring else geojson_url,
            "page_obj": selectors.map_list_page(filters=filters, page_number=request.GET.get("page")),
            **_map_settings(),
        },
    )


@require_safe
def city_map_geojson(request):
    filters = _filter_form(request).filters
    collection = feature_collection(selectors.map_places(filters=filters))
    response = HttpResponse(
        json.dumps(collection, ensure_ascii=False, separators=(",", ":")),
        content_type="application/geo+json",
    )
    patch_cache_control(response, public=True, max_age=GEOJSON_MAX_AGE)
    return response
