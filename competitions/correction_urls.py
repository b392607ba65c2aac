"""Part of the "offers" namespace (included by offer_urls): corrections after the formal check."""

from django.urls import path

from . import offer_views

urlpatterns = [
    path("<int:pk>/popraw/", offer_views.start_correction, name="start_correction"),
    path("<int:pk>/wersje/", offer_views.offer_versions, name="versions"),
]
