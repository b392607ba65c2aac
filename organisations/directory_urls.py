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
