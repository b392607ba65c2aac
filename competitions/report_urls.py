"""The contract and the reports of a granted offer, in the "offers" namespace (see offer_urls)."""

from django.urls import path

from . import report_views

urlpatterns = [
    path("<int:pk>/umowa/", report_views.contract_detail, name="contract"),
    path("<int:pk>/umowa/pdf/", report_views.contract_pdf, name="contract_pdf"),
    path("<int:pk>/umowa/podpisana/", report_views.contract_scan, name="contract_scan"),
    path("<int:pk>/sprawozdania/", report_views.report_list, name="reports"),
    path("<int:pk>/sprawozdania/<int:report_pk>/", report_views.report_form, name="report"),
    path(
        "<int:pk>/sprawozdania/<int:report_pk>/zalaczniki/",
        report_views.upload_report_attachment,
        name="report_upload_attachment",
    ),
    path(
        "<int:pk>/sprawozdania/<int:report_pk>/zalaczniki/<int:attachment_pk>/",
        report_views.download_report_attachment,
        name="report_attachment",
    ),
    path(
        "<int:pk>/sprawozdania/<int:report_pk>/zalaczniki/<int:attachment_pk>/usun/",
        report_views.remove_report_attachment,
        name="report_remove_attachment",
    ),
]
