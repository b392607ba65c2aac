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
    response = client.get(reverse("organisations:index"))
    if allowed:
        assert response.status_code == 200
        assert organisation.name in response.content.decode()
    else:
        assert response.status_code in (302, 403)


def test_official_edits_an_organisation_and_sees_a_polish_nip_error(client, make_user, totp_device):
    organisation = OrganisationFactory()
    client = _verified_client(client, make_user(Role.OFFICIAL), totp_device)
    url = reverse("organisations:edit", args=[organisation.pk])
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
    response = client.post(reverse("organisations:delete", args=[organisation.pk]))
    assert response.status_code in (302, 403)
    assert organisation.__class__.objects.filter(pk=organisation.pk).exists()


def test_officials_filter_the_list_and_export_it_as_csv_and_xlsx(client, make_user, totp_device):
    OrganisationFactory(name="Fundacja z Woli", district="wola", nip="5260250274")
    OrganisationFactory(name="Fundacja z Mokotowa", district="mokotow")
    client = _verified_client(client, make_user(Role.OFFICIAL), totp_device)
    listing = client.get(reverse("organisations:index"), {"district": "wola"}).content.decode()
    assert "Fundacja z Woli" in listing
    assert "Fundacja z Mokotowa" not in listing

    csv = client.get(reverse("organisations:index"), {"district": "wola", "export": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    body = b"".join(csv.streaming_content).decode()
    assert "Fundacja z Woli" in body
    assert "5260250274" in body
    assert "Fundacja z Mokotowa" not in body

    xlsx = client.get(reverse("organisations:index"), {"export": "xlsx"})
    content = b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content
    assert content[:2] == b"PK"  # an Office Open XML (zip) workbook


def test_suspending_in_the_admin_needs_a_reason(client, make_user, totp_device):
    organisation = OrganisationFactory()
    client = _verified_client(client, make_user(Role.OFFICIAL), totp_device)
    url = reverse("organisations:edit", args=[organisation.pk])
    data = {
        "name": organisation.name,
        "short_name": "",
        "slug": organisation.slug,
        "legal_form": organisation.legal_form,
        "krs": organisation.krs,
        "nip": organisation.nip,
        "regon": organisation.regon,
        "district": organisation.district,
        "city": "Warszawa",
        "is_suspended": "on",
        "suspension_reason": "",
    }
    response = client.post(url, data)
    assert "Podaj powód zawieszenia" in response.content.decode()
    organisation.refresh_from_db()
    assert not organisation.is_suspended

    client.post(url, {**data, "suspension_reason": "Wykreślona z KRS."})
    organisation.refresh_from_db()
    assert organisation.is_suspended


@pytest.mark.parametrize(("role", "allowed"), [(Role.OFFICIAL, True), (Role.EDITOR, False)], ids=str)
def test_officials_read_the_log_of_changes_to_organisations(client, make_user, totp_device, role, allowed):
    from auditlog.models import LogEntry

    organisation = OrganisationFactory(name="Fundacja Zmieniona")
    organisation.description = "Nowy opis"
    organisation.save()
    client = _verified_client(client, make_user(role), totp_device)
    response = client.get(reverse("audit_log:index"))
    if not allowed:
        assert response.status_code in (302, 403)
        return
    assert "Fundacja Zmieniona" in response.content.decode()
    entry = LogEntry.objects.get_for_object(organisation).latest("timestamp")
    inspect = client.get(reverse("audit_log:inspect", args=[entry.pk]))
    assert "Nowy opis" in inspect.content.decode()
    assert client.get(reverse("audit_log:edit", args=[entry.pk])).status_code in (302, 403)


def test_officials_type_numbers_as_people_write_them_and_zeros_are_refused(client, make_user, totp_device):
    organisation = OrganisationFactory()
    client = _verified_client(client, make_user(Role.OFFICIAL), totp_device)
    url = reverse("organisations:edit", args=[organisation.pk])
    nip = organisation.nip
    data = {
        "name": organisation.name,
        "short_name": "",
        "slug": organisation.slug,
        "legal_form": organisation.legal_form,
        "krs": organisation.krs,
        "nip": f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}",
        "regon": organisation.regon,
        "district": organisation.district,
        "city": "Warszawa",
        "postal_code": "00950",
        "phone": "601 234 567",
    }
    response = client.post(url, {**data, "regon": "000000000"})
    assert "Numer REGON złożony z samych zer nie istnieje" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.postal_code != "00-950"

    client.post(url, data)
    organisation.refresh_from_db()
    assert (organisation.nip, organisation.postal_code, organisation.phone) == (
        nip,
        "00-950",
        "+48 601 234 567",
    )


def test_the_admin_list_speaks_polish_for_adding_and_for_yes_no_filters(client, make_user, totp_device):
    OrganisationFactory(name="Fundacja Czynna")
    OrganisationFactory(name="Fundacja Zawieszona", is_suspended=True, suspension_reason="Brak sprawozdań")
    client = _verified_client(client, make_user(Role.OFFICIAL), totp_device)
    listing = client.get(reverse("organisations:index"), {"is_suspended": "0"}).content.decode()
    assert "Dodaj organizację" in listing
    assert "Dodaj organizacja" not in listing
    assert "Fundacja Czynna" in listing
    assert "Fundacja Zawieszona" not in listing
    assert "False" not in listing  # the chosen filter reads "Nie", not Python's False
    assert "Nie" in listing
    suspended = client.get(reverse("organisations:index"), {"is_suspended": "1"}).content.decode()
    assert "Fundacja Zawieszona" in suspended
    assert "Fundacja Czynna" not in suspended
