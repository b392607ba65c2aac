"""The update (aktualizacja) of a reduced grant; part of the "offers" namespace (included by offer_urls)."""

from django.urls import path

from . import update_views

urlpatterns = [
    path("<int:pk>/aktualizacja/", update_views.update_detail, name="update"),
    path("<int:pk>/aktualizacja/zloz/", update_views.update_submit, name="update_submit"),
    path("<int:pk>/aktualizacja/ocena/", update_views.update_review, name="update_review"),
    path("<int:pk>/aktualizacja/<slug:section>/", update_views.update_section, name="update_section"),
]
