"""Committee members' screens, under /konto/komisja/."""

from django.urls import path

from . import committee_views

app_name = "committee"

urlpatterns = [
    path("", committee_views.committee_list, name="list"),
    path("konkurs/<slug:slug>/", committee_views.committee_competition, name="competition"),
    path("oferta/<int:pk>/", committee_views.score_offer, name="score"),
    path("oferta/<int:pk>/konflikt/", committee_views.declare_conflict, name="conflict"),
    path("oferta/<int:pk>/pdf/", committee_views.offer_pdf, name="offer_pdf"),
]
