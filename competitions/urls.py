"""Public pages of competitions, under /konkursy/ (the admin's own routes are namespaced "competitions")."""

from django.urls import path

from . import public_offer_views, views

app_name = "competition_pages"

urlpatterns = [
    path("", views.competition_list, name="list"),
    path("<slug:slug>/", views.competition_detail, name="detail"),
    path("<slug:slug>/wyniki.csv", views.competition_results_csv, name="results_csv"),
    path("<slug:slug>/oferty/<int:pk>/", public_offer_views.published_offer, name="offer"),
]
