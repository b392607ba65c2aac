"""Public directory of organisations and the city map.

The map's routes come before the profile's ``<slug>/`` so that they always win;
``slugs.py`` reserves every fixed first segment here, so no organisation takes one.
"""

from django.urls import path

from .views import directory as views

app_name = "directory"

urlpatterns = [
    path("", views.directory, name="list"),
    path("mapa/", views.city_map, name="map"),
    path("mapa.geojson", views.city_map_geojson, name="geojson"),
    path("<slug:slug>/", views.organisation, name="organisation"),
]


def __getattr__(name):
    # The reserved words now come from slugs.reserved_slugs(); bench/scenario.py still imports
    # this name.
    if name == "RESERVED_SLUGS":
        from .slugs import reserved_slugs

        return reserved_slugs()
    raise AttributeError(name)
