"""An NGO person creates an account, confirms the e-mail and registers the organisation."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from organisations.models import Membership, Organisation, User
from organisations.tests.factories import OrganisationFactory, _nip, _regon, sphere

pytestmark = pytest.mark.django_db

PERSON = {
    "first_name": "Alicja",
    "last_name": "Nowak",
    "email": "alicja@fundacja.example.org",
    "password1": "Zielona-Praga-2026",
    "password2": "Zielona-Praga-2026",
    "accept_terms": "on",
}


def organisation_data(**changes):
    data = {
        "name": "Fundacja Nowe Skrzydła",
        "short_name": "Nowe Skrzydła",
        "legal_form": "fundacja",
        "krs": "0000765432",
        "nip": _nip(9001),
        "regon": _regon(9001),
        "street_address": "ul. Ząbkowska 12",
        "postal_code": "03-736",
        "city": "Warszawa",
        "district": "praga-polnoc",
        "email": "biuro@noweskrzydla.example.org",
        "phone": "22 123 45 67",
        "website": "https://noweskrzydla.example.org",
        "description": "Wspieramy dzieci i młodzież z Pragi.",
        "spheres": [sphere("14").pk, sphere("30").pk],
    }
    data.update(changes)
    return data


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0).replace("http://testserver", "")


def test_a_person_registers_confirms_the_address_and_lands_on_the_organisation_form(client, committed):
    with committed():
        response = client.post(reverse("accounts:register"), PERSON)
    assert response.status_code == 302
    user = User.objects.get(email="alicja@fundacja.example.org")
    assert not user.is_active  # nothing can be done before the address is confirmed

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alicja@fundacja.example.org"]
    assert "Potwierdź adres e-mail" in mail.outbox[0].subject
    sent = client.get(response["Location"])
    assert "alicja@fundacja.example.org" in sent.content.decode()

    confirmed = client.get(link_in(mail.outbox[0]))
    assert confirmed["Location"] == reverse("organisation_account:register")
    user.refresh_from_db()
    assert user.is_active
    assert client.get(reverse("organisation_account:register")).status_code == 200


def test_a_used_or_forged_confirmation_link_says_so_and_offers_a_new_one(client, committed):
    with committed():
        client.post(reverse("accounts:register"), PERSON)
    link = link_in(mail.outbox[0])
    client.get(link)
    client.logout()
    again = client.get(link)
    assert again.status_code == 400
    assert "Ten link nie działa" in again.content.decode()
    forged = client.get(link[:-3] + "abc/")
    assert forged.status_code == 400


def test_registration_refuses_a_taken_address_and_different_passwords_keeping_the_rest(client, make_user):
    make_user(email="zajety@example.org")
    response = client.post(
        reverse("accounts:register"), {**PERSON, "email": "Zajety@example.org", "password2": "inne-haslo-123"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Konto z tym adresem e-mail już istnieje" in page
    assert "Dwa hasła się różnią" in page
    assert 'value="Alicja"' in page
    assert not mail.outbox


def test_registration_needs_the_terms_accepted(client):
    response = client.post(reverse("accounts:register"), {**PERSON, "accept_terms": ""})
    assert "Zaakceptuj regulamin" in response.content.decode()


def test_a_confirmed_person_registers_the_organisation_and_becomes_its_admin(client, make_user, committed):
    person = make_user(email="alicja@fundacja.example.org")
    client.force_login(person)
    with committed():
        response = client.post(reverse("organisation_account:register"), organisation_data())
    organisation = Organisation.objects.get(nip=organisation_data()["nip"])
    assert response["Location"] == reverse("organisation_account:edit", args=[organisation.slug])
    assert Membership.objects.get(user=person, organisation=organisation).is_admin
    assert set(organisation.spheres.values_list("code", flat=True)) == {"14", "30"}
    assert organisation.slug == "nowe-skrzydla"
    assert "Fundacja Nowe Skrzydła" in mail.outbox[-1].subject


def test_numbers_typed_with_spaces_and_dashes_are_stored_in_their_plain_form(client, make_user):
    nip = _nip(9001)
    client.force_login(make_user())
    typed = organisation_data(
        nip=f"PL {nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}",
        krs="0000 765 432",
        postal_code="03736",
        phone="0048 601-234-567",
        website="noweskrzydla.example.org",
    )
    response = client.post(reverse("organisation_account:register"), typed)
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert (organisation.nip, organisation.krs) == (nip, "0000765432")
    assert (organisation.postal_code, organisation.phone) == ("03-736", "+48 601 234 567")
    assert organisation.website == "https://noweskrzydla.example.org"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nip", "1234567890", "Ten NIP jest nieprawidłowy"),
        ("regon", "123456789", "Ten REGON jest nieprawidłowy"),
        ("krs", "12345", "Numer KRS musi mieć dokładnie 10 cyfr"),
        ("postal_code", "03-73", "Wpisz kod pocztowy w formacie 00-000"),
        ("postal_code", "0٣-736", "Wpisz kod pocztowy w formacie 00-000"),
        ("nip", "0000000000", "złożony z samych zer"),
        ("phone", "12345", "Wpisz numer telefonu z 9 cyfr"),
        ("website", "ftp://fundacja.example.org", "Wpisz adres strony zaczynający się od http://"),
    ],
)
def test_bad_registry_numbers_and_postal_codes_get_polish_messages_and_keep_the_form(
    client, make_user, field, value, message
):
    client.force_login(make_user())
    response = client.post(reverse("organisation_account:register"), organisation_data(**{field: value}))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'value="Fundacja Nowe Skrzydła"' in page
    assert "Wspieramy dzieci i młodzież z Pragi." in page
    assert not Organisation.objects.exists()


def test_nip_with_dashes_is_accepted_and_stored_as_digits(client, make_user):
    client.force_login(make_user())
    nip = organisation_data()["nip"]
    client.post(
        reverse("organisation_account:register"),
        organisation_data(nip=f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}"),
    )
    assert Organisation.objects.get().nip == nip


@pytest.mark.parametrize("field", ["nip", "krs"])
def test_a_second_registration_of_the_same_organisation_says_whom_to_contact(client, make_user, field):
    existing = OrganisationFactory(name="Fundacja Już Jest", email="kontakt@jujest.example.org")
    client.force_login(make_user())
    response = client.post(
        reverse("organisation_account:register"), organisation_data(**{field: getattr(existing, field)})
    )
    page = response.content.decode()
    assert "Fundacja Już Jest ma już konto w portalu" in page
    assert "kontakt@jujest.example.org" in page
    assert 'value="Fundacja Nowe Skrzydła"' in page
    assert Organisation.objects.count() == 1


def test_a_person_already_in_an_organisation_is_sent_to_its_profile(client, make_user):
    from organisations.choices import Role

    member = make_user(Role.NGO_MEMBER)
    client.force_login(member)
    response = client.get(reverse("organisation_account:register"))
    organisation = member.memberships.get().organisation
    assert response["Location"] == reverse("organisation_account:edit", args=[organisation.slug])
    client.post(reverse("organisation_account:register"), organisation_data())
    assert not Organisation.objects.filter(name="Fundacja Nowe Skrzydła").exists()


def test_registering_an_organisation_requires_signing_in(client):
    response = client.get(reverse("organisation_account:register"))
    assert response["Location"].startswith(reverse("accounts:login"))
