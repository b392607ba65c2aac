"""An NGO's offers: the generator and "My offers" (under /konto/oferty/)."""

from django.urls import include, path

from . import offer_views

app_name = "offers"

urlpatterns = [
    path("", offer_views.my_offers, name="list"),
    path("nowa/<slug:slug>/", offer_views.start_offer, name="start"),
    path("<int:pk>/", offer_views.offer_detail, name="detail"),
    path(
        "<int:pk>/krok/<str:step>/",
        offer_views.OfferWizard.as_view(url_name="offers:step", done_step_name="zlozona"),
        name="step",
    ),
    path("<int:pk>/pdf/", offer_views.offer_pdf, name="pdf"),
    path("<int:pk>/zalaczniki/", offer_views.upload_attachment, name="upload_attachment"),
    path("<int:pk>/zalaczniki/<int:attachment_pk>/", offer_views.download_attachment, name="attachment"),
    path("<int:pk>/wycofaj/", offer_views.withdraw_offer, name="withdraw"),
    # Part 2, each in its own module: corrections after the formal check, the update
    # (aktualizacja) of a reduced grant, the contract and the reports.
    path("", include("competitions.correction_urls")),
    path("", include("competitions.update_urls")),
    path("", include("competitions.report_urls")),
]
