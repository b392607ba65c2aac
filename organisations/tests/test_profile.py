"""Members keep the profile and places; admins invite colleagues; officials suspend."""

import io
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from organisations import services
from organisations.choices import Role
from organisations.models import Invitation, Membership, Place
from organisations.tests.factories import OrganisationFactory, PlaceFactory
from tests.second_factor_helpers import verified_login

pytestmark = pytest.mark.django_db


def profile_data(organisation, **changes):
    data = {
        "name": organisation.name,
        "short_name": organisation.short_name,
        "legal_form": organisation.legal_form,
        "krs": organisation.krs,
        "nip": organisation.nip,
        "regon": organisation.regon,
        "street_address": "ul. Górczewska 15",
        "postal_code": "01-189",
        "city": "Warszawa",
        "district": organisation.district,
        "email": "",
        "phone": "",
        "website": "",
        "description": "Opis organizacji.",
        "spheres": [],
        "places-TOTAL_FORMS": "1",
        "places-INITIAL_FORMS": "0",
        "places-MIN_NUM_FORMS": "0",
        "places-MAX_NUM_FORMS": "50",
        "places-0-kind": "",
        "places-0-name": "",
        "places-0-street_address": "",
        "places-0-postal_code": "",
        "places-0-district": "",
        "places-0-latitude": "",
        "places-0-longitude": "",
    }
    data.update(changes)
    return data


def new_place(**changes):
    place = {
        "places-0-kind": "facility",
        "places-0-name": "Świetlica Pod Dachem",
        "places-0-street_address": "ul. Płocka 9",
        "places-0-postal_code": "01-231",
        "places-0-district": "wola",
        "places-0-latitude": "52.231500",
        "places-0-longitude": "20.967200",
    }
    place.update(changes)
    return place


def image_file(name="logo.png", size=(60, 60), fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, "#0a5").save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


@pytest.fixture
def member(make_user):
    return make_user(Role.NGO_MEMBER, is_admin=True)


@pytest.fixture
def organisation(member):
    return member.memberships.get().organisation


def test_a_member_edits_the_profile_and_adds_a_place_on_the_map(client, member, organisation):
    client.force_login(member)
    url = reverse("organisation_account:edit", args=[organisation.slug])
    response = client.post(url, profile_data(organisation, description="Nowy opis.", **new_place()))
    assert response["Location"] == url
    organisation.refresh_from_db()
    assert organisation.description == "Nowy opis."
    place = organisation.places.get()
    assert (place.name, str(place.latitude), place.district) == ("Świetlica Pod Dachem", "52.231500", "wola")
    assert "Profil zapisano" in client.get(url).content.decode()


def test_coordinates_outside_the_city_are_refused_and_nothing_is_lost(client, member, organisation):
    client.force_login(member)
    url = reverse("organisation_account:edit", args=[organisation.slug])
    response = client.post(
        url,
        profile_data(
            organisation,
            description="Opis, który nie może zginąć.",
            **new_place(**{"places-0-latitude": "50.06"}),
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Te współrzędne leżą poza Warszawą" in page
    assert "Opis, który nie może zginąć." in page
    assert 'value="Świetlica Pod Dachem"' in page
    assert not Place.objects.exists()
    organisation.refresh_from_db()
    assert organisation.description == ""


def test_a_bad_postal_code_of_a_place_gets_a_polish_message(client, member, organisation):
    client.force_login(member)
    url = reverse("organisation_account:edit", args=[organisation.slug])
    response = client.post(url, profile_data(organisation, **new_place(**{"places-0-postal_code": "1234"})))
    assert "Wpisz kod pocztowy w formacie 00-000" in response.content.decode()


def test_a_member_removes_a_place(client, member, organisation):
    place = PlaceFactory(organisation=organisation)
    client.force_login(member)
    data = profile_data(
        organisation,
        **{
            "places-TOTAL_FORMS": "1",
            "places-INITIAL_FORMS": "1",
            "places-0-id": str(place.pk),
            "places-0-organisation": str(organisation.pk),
            "places-0-kind": place.kind,
            "places-0-name": place.name,
            "places-0-street_address": place.street_address,
            "places-0-postal_code": place.postal_code,
            "places-0-district": place.district,
            "places-0-latitude": str(place.latitude),
            "places-0-longitude": str(place.longitude),
            "places-0-DELETE": "on",
        },
    )
    client.post(reverse("organisation_account:edit", args=[organisation.slug]), data)
    assert not Place.objects.exists()


def test_a_logo_is_uploaded(client, member, organisation):
    client.force_login(member)
    url = reverse("organisation_account:edit", args=[organisation.slug])
    client.post(url, {**profile_data(organisation), "logo": image_file()})
    organisation.refresh_from_db()
    assert organisation.logo.name.startswith("organisations/logos/")


def test_an_oversized_logo_is_refused_with_its_size(client, member, organisation):
    client.force_login(member)
    url = reverse("organisation_account:edit", args=[organisation.slug])
    png = image_file("duze.png", size=(1800, 1800)).read()
    # A real image whose file is over 2 MB (padding after the PNG data still counts).
    big = SimpleUploadedFile("duze.png", png + b"\0" * (2 * 1024 * 1024), content_type="image/png")
    response = client.post(url, {**profile_data(organisation, description="Zostaje."), "logo": big})
    page = response.content.decode()
    assert "Logo jest za duże" in page
    assert "Zostaje." in page
    organisation.refresh_from_db()
    assert not organisation.logo


def test_a_file_that_is_not_an_image_is_refused_as_a_logo(client, member, organisation):
    client.force_login(member)
    url = reverse("organisation_account:edit", args=[organisation.slug])
    fake = SimpleUploadedFile("logo.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = client.post(url, {**profile_data(organisation), "logo": fake})
    assert "Prześlij poprawny plik graficzny" in response.content.decode()


def test_a_member_cannot_edit_another_organisation(client, member):
    other = OrganisationFactory()
    client.force_login(member)
    url = reverse("organisation_account:edit", args=[other.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, profile_data(other, description="Przejęte")).status_code == 403
    other.refresh_from_db()
    assert other.description != "Przejęte"


def test_an_official_can_edit_any_organisation(client, make_user):
    organisation = OrganisationFactory()
    verified_login(client, make_user(Role.OFFICIAL))
    url = reverse("organisation_account:edit", args=[organisation.slug])
    assert (
        client.post(url, profile_data(organisation, description="Poprawione przez urząd."))["Location"] == url
    )


@pytest.mark.parametrize("role", [None, Role.EDITOR, Role.COMMITTEE_MEMBER, Role.FACILITY_MANAGER])
def test_people_outside_the_organisation_cannot_edit_it(client, make_user, role):
    organisation = OrganisationFactory()
    verified_login(client, make_user(role))
    assert client.get(reverse("organisation_account:edit", args=[organisation.slug])).status_code == 403


def test_the_profile_form_requires_signing_in(client):
    organisation = OrganisationFactory()
    response = client.get(reverse("organisation_account:edit", args=[organisation.slug]))
    assert response["Location"].startswith(reverse("accounts:login"))


# Invitations


def test_an_admin_invites_a_colleague_who_registers_and_accepts(client, member, organisation, committed):
    client.force_login(member)
    with committed():
        client.post(
            reverse("organisation_account:members", args=[organisation.slug]), {"email": "kolega@example.org"}
        )
    invitation = Invitation.objects.get()
    assert mail.outbox[-1].to == ["kolega@example.org"]
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0).replace("http://testserver", "")
    client.logout()

    landing = client.get(link)
    assert "Zaproszenie do" in landing.content.decode()

    colleague = services.person_register(
        email="kolega@example.org", password="Dlugie-Haslo-2026", first_name="Ola", last_name="Kolega"
    )
    colleague.is_active = True
    colleague.save()
    client.force_login(colleague)
    accepted = client.post(link)
    assert accepted["Location"] == reverse("organisation_account:edit", args=[organisation.slug])
    assert Membership.objects.filter(user=colleague, organisation=organisation, is_admin=False).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert client.post(link).status_code == 410  # an invitation works once


def test_an_invitation_is_for_the_invited_address_only(client, member, organisation, make_user):
    invitation = services.invitation_send(user=member, organisation=organisation, email="kolega@example.org")
    intruder = make_user(email="ktos-inny@example.org")
    client.force_login(intruder)
    response = client.post(reverse("organisation_account:accept_invitation", args=[invitation.token]))
    assert "kolega@example.org" in response.content.decode()
    assert not Membership.objects.filter(user=intruder).exists()


def test_a_non_admin_member_cannot_invite(client, make_user, organisation):
    plain = make_user(Role.NGO_MEMBER, organisation=organisation)
    client.force_login(plain)
    url = reverse("organisation_account:members", args=[organisation.slug])
    page = client.get(url).content.decode()
    assert "Tylko administrator organizacji może zapraszać" in page
    assert client.post(url, {"email": "kolega@example.org"}).status_code == 403
    assert not Invitation.objects.exists()
    with pytest.raises(PermissionDenied):
        services.invitation_send(user=plain, organisation=organisation, email="kolega@example.org")


def test_inviting_twice_or_inviting_a_member_is_explained(client, member, organisation):
    client.force_login(member)
    url = reverse("organisation_account:members", args=[organisation.slug])
    client.post(url, {"email": "kolega@example.org"})
    again = client.post(url, {"email": "kolega@example.org"})
    assert "ma już oczekujące zaproszenie" in again.content.decode()
    self_invite = client.post(url, {"email": member.email})
    assert "już należy do tej organizacji" in self_invite.content.decode()


def test_a_withdrawn_or_expired_invitation_does_not_work(client, member, organisation, make_user):
    withdrawn = services.invitation_send(user=member, organisation=organisation, email="a@example.org")
    services.invitation_revoke(user=member, invitation=withdrawn)
    expired = services.invitation_send(user=member, organisation=organisation, email="b@example.org")
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    for invitation in (withdrawn, expired):
        client.force_login(make_user(email=invitation.email))
        response = client.post(reverse("organisation_account:accept_invitation", args=[invitation.token]))
        assert response.status_code == 410
        assert "wygasło" in response.content.decode()


def test_the_last_administrator_cannot_leave(member, organisation):
    with pytest.raises(ValidationError):
        services.membership_remove(user=member, membership=member.memberships.get())


def test_a_member_of_one_organisation_cannot_join_another(member, make_user):
    other_admin = make_user(Role.NGO_MEMBER, is_admin=True)
    other = other_admin.memberships.get().organisation
    invitation = services.invitation_send(user=other_admin, organisation=other, email=member.email)
    with pytest.raises(ValidationError):
        services.invitation_accept(user=member, invitation=invitation)


# Suspension


def test_an_official_suspends_with_a_reason_and_the_members_see_it(client, make_user, member, organisation):
    official = make_user(Role.OFFICIAL)
    with pytest.raises(ValidationError):
        services.organisation_suspend(user=official, organisation=organisation, reason="  ")
    services.organisation_suspend(user=official, organisation=organisation, reason="Dane niezgodne z KRS.")
    client.force_login(member)
    page = client.get(reverse("organisation_account:edit", args=[organisation.slug])).content.decode()
    assert "Dane niezgodne z KRS." in page
    services.organisation_restore(user=official, organisation=organisation)
    organisation.refresh_from_db()
    assert not organisation.is_suspended


@pytest.mark.parametrize("role", [Role.NGO_MEMBER, Role.EDITOR, Role.COMMITTEE_MEMBER, None])
def test_only_officials_suspend(make_user, role):
    organisation = OrganisationFactory()
    with pytest.raises(PermissionDenied):
        services.organisation_suspend(user=make_user(role), organisation=organisation, reason="Powód")


def test_changes_to_an_organisation_are_in_the_audit_log(member, organisation):
    from auditlog.models import LogEntry

    organisation.description = "Zmieniony opis"
    services.organisation_update(user=member, organisation=organisation)
    entry = LogEntry.objects.get_for_object(organisation).latest("timestamp")
    assert "description" in entry.changes_dict
    assert entry.changes_dict["description"][1] == "Zmieniony opis"


def test_profile_and_place_numbers_are_normalised_and_foreign_digits_refused(client, member, organisation):
    client.force_login(member)
    url = reverse("organisation_account:edit", args=[organisation.slug])
    refused = client.post(
        url,
        profile_data(
            organisation,
            description="Opis, który zostaje.",
            phone="６０１ ２３４ ５６７",  # full-width digits
            **new_place(**{"places-0-postal_code": "01٢31"}),
        ),
    )
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "Wpisz numer telefonu z 9 cyfr" in page
    assert "Wpisz kod pocztowy w formacie 00-000" in page
    assert "Opis, który zostaje." in page
    assert not organisation.places.exists()

    client.post(
        url,
        profile_data(
            organisation,
            phone="601-234-567",
            postal_code="01 189",
            **new_place(**{"places-0-postal_code": "01231"}),
        ),
    )
    organisation.refresh_from_db()
    assert (organisation.phone, organisation.postal_code) == ("+48 601 234 567", "01-189")
    assert organisation.places.get().postal_code == "01-231"
