"""The organisations screen in the Wagtail admin asks the same permission rules."""

import pytest
from django.urls import reverse

from organisations.choices import Role
from organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _verified_client(client, user, totp_device):
    from conftest import current_code

    device = totp_device(user)
    client.force_login(user)
    client.post(reverse("accounts:otp_verify"), {"token": current_code(device)})
    return client


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("superuser", True), (Role.OFFICIAL, True), (Role.EDITOR, False), (Role.MONITORING_ADMIN, False)],
    ids=str,
)
def test_organisation_list_in_admin(client, make_user, totp_device, role, allowed):
    organisation = OrganisationFactory(name="Fundacja Widoczna")
    client = _verified_client(client, make_user(role), totp_device)
    response = client.get(reverse("organisation_account:index"))
    if allowed:
        assert response.status_code == 200
        assert organisation.name in response.content.decode()
    else:
        assert response.status_code in (302, 403)


def test_official_edits_an_organisation_and_sees_a_polish_nip_error(client, make_user, totp_device):
    organisation = OrganisationFactory()
    client = _verified_client(client, make_user(Role.OFFICIAL), totp_device)
    url = reverse("organisation_account:edit", args=[organisation.pk])
    data = {
        "name": "Nowa nazwa",
        "short_name": "",
        "slug": organisation.slug,
        "legal_form": organisation.legal_form,
        "krs": organisation.krs,
        "nip": "1234567890",
        "regon": organisation.regon,
        "district": "wola",
        "city": "Warszawa",
    }
    response = client.post(url, data)
    assert "Ten NIP jest nieprawidłowy" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name != "Nowa nazwa"


def test_only_a_superuser_may_delete_an_organisation(client, make_user, totp_device):
    organisation = OrganisationFactory()
    client = _verified_client(client, make_user(Role.OFFICIAL), totp_device)
    response = client.post(reverse("organisation_account:delete", args=[organisation.pk]))
    assert response.status_code in (302, 403)
    assert organisation.__class__.objects.filter(pk=organisation.pk).exists()
