"""The monitoring base's pages, under /konto/monitoring/."""

from django.urls import path

from .access import views as access

app_name = "monitoring"

urlpatterns = [
    path("", access.home, name="home"),
    path("dostep/wniosek/", access.request_access, name="request_access"),
    path("zespol/", access.staff, name="staff"),
    path("administracja/", access.admin_overview, name="admin_overview"),
    path("administracja/dostep/<int:pk>/", access.admin_activate, name="admin_activate"),
    path("administracja/umowa/<int:contract_pk>/", access.admin_from_contract, name="admin_from_contract"),
]
