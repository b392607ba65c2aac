"""Public directory of organisations and the city map.

The map's routes come before the profile's ``<slug>/`` so that they always win;
``signals.py`` keeps organisations from taking a slug in ``RESERVED_SLUGS``.
"""

from django.urls import path

from .views import directory as views

app_name = "directory"

# Path segments under /organizacje/ that are not organisations.
RESERVED_SLUGS = frozenset({"mapa"})

urlpatterns = [
    path("", views.directory, name="list"),
    path("mapa/", views.city_map, name="map"),
    path("mapa.geojson", views.city_map_geojson, name="geojson"),
    path("<slug:slug>/", views.organisation, name="organisation"),
]
