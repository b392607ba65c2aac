"""A person's own data, under /konto/moje-dane/ (included before the other /konto/ addresses)."""

from django.urls import path

from .views import personal_data as views

app_name = "personal_data"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("pobierz/", views.download, name="download"),
    path("usun-konto/", views.delete, name="delete"),
    path("usunieto/", views.deleted, name="deleted"),
]
