"""An NGO person's pages for the organisation's account (under /konto/organizacja/)."""

from django.urls import path

from .views import manage

app_name = "organisation_account"

urlpatterns = [
    path("nowa/", manage.register_organisation, name="register"),
    # Tokens are URL-safe base64 (secrets.token_urlsafe): anything else, e.g. a NUL byte that
    # PostgreSQL refuses in a query, is a 404 before any lookup.
    path("zaproszenie/<slug:token>/", manage.accept_invitation, name="accept_invitation"),
    path("zaproszenia/<int:pk>/wycofaj/", manage.revoke_invitation, name="revoke_invitation"),
    path("czlonkowie/<int:pk>/usun/", manage.remove_member, name="remove_member"),
    path("<slug:slug>/", manage.edit_organisation, name="edit"),
    path("<slug:slug>/czlonkowie/", manage.members, name="members"),
]
