"""Abuse and privacy on the anonymous account forms: the pages never tell who has an account, the
holder is told by e-mail instead, old confirmation links cannot undo a deactivation, and the forms
that send e-mail are rate-limited per IP address and per address typed."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from organisations.models import User

from .test_registration import PERSON

pytestmark = pytest.mark.django_db

TOO_MANY = "Zbyt wiele prób. Spróbuj ponownie za"


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0).replace("http://testserver", "")


def test_registering_a_taken_address_looks_the_same_and_tells_the_holder(client, make_user, committed):
    holder = make_user(email="zajety@example.org")
    with committed():
        fresh = client.post(reverse("accounts:register"), {**PERSON, "email": "wolny@example.org"})
        taken = client.post(reverse("accounts:register"), {**PERSON, "email": "Zajety@Example.org"})
    assert fresh.status_code == taken.status_code == 302
    assert fresh["Location"].split("?")[0] == taken["Location"].split("?")[0]
    assert client.get(taken["Location"]).content.decode().count("już istnieje") == 0
    holder.refresh_from_db()
    assert holder.first_name != PERSON["first_name"]  # nothing of the stranger's data is kept
    assert User.objects.filter(email__iexact="zajety@example.org").count() == 1
    notice = mail.outbox[-1]
    assert notice.to == ["zajety@example.org"]
    assert "Ktoś próbował założyć konto z Twoim adresem" in notice.subject
    assert "/konto/haslo/reset/" in notice.body


def test_registering_again_an_address_never_confirmed_sends_the_link_again(client, committed):
    with committed():
        client.post(reverse("accounts:register"), PERSON)
        client.post(reverse("accounts:register"), PERSON)
    assert len(mail.outbox) == 2
    assert all("Potwierdź adres e-mail" in message.subject for message in mail.outbox)
    assert User.objects.count() == 1


def test_a_deactivated_account_cannot_reactivate_itself_with_the_old_link(client, committed):
    with committed():
        client.post(reverse("accounts:register"), PERSON)
    link = _link(mail.outbox[0])
    assert client.get(link).status_code == 302  # confirmed and signed in once
    client.logout()
    user = User.objects.get(email=PERSON["email"])
    user.is_active = False  # an official switches the account off
    user.save(update_fields=["is_active"])

    response = client.get(link)
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.is_active
    assert "_auth_user_id" not in client.session


def test_registration_is_rate_limited_per_address_keeping_what_was_typed(client, settings):
    from organisations.views.registration import REGISTER_LIMITS

    allowed = REGISTER_LIMITS["per_target"][0]
    for n in range(allowed):
        client.post(reverse("accounts:register"), PERSON, REMOTE_ADDR=f"10.1.0.{n}")
    response = client.post(reverse("accounts:register"), PERSON, REMOTE_ADDR="10.1.0.200")
    page = response.content.decode()
    assert response.status_code == 429
    assert TOO_MANY in page
    assert 'value="Alicja"' in page
    assert 'value="alicja@fundacja.example.org"' in page


def test_registration_is_rate_limited_per_ip_address(client):
    from organisations.views.registration import REGISTER_LIMITS

    allowed = REGISTER_LIMITS["per_ip"][0]
    for n in range(allowed):
        client.post(reverse("accounts:register"), {**PERSON, "email": f"osoba{n}@example.org"})
    response = client.post(reverse("accounts:register"), {**PERSON, "email": "kolejna@example.org"})
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    assert not User.objects.filter(email="kolejna@example.org").exists()
    # Another machine is not affected.
    other = client.post(
        reverse("accounts:register"), {**PERSON, "email": "inna@example.org"}, REMOTE_ADDR="10.9.9.9"
    )
    assert other.status_code == 302


def test_resending_the_confirmation_is_rate_limited(client, committed):
    from organisations.views.registration import RESEND_LIMITS

    with committed():
        client.post(reverse("accounts:register"), PERSON)
    url = reverse("accounts:resend_verification")
    for n in range(RESEND_LIMITS["per_target"][0]):
        client.post(url, {"email": PERSON["email"]}, REMOTE_ADDR=f"10.2.0.{n}")
    sent = len(mail.outbox)
    response = client.post(url, {"email": PERSON["email"].upper()}, REMOTE_ADDR="10.2.0.200")
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    assert len(mail.outbox) == sent


def test_password_reset_is_rate_limited_per_address(client, make_user):
    from organisations.views.accounts import PASSWORD_RESET_LIMITS

    make_user(email="anna@example.org")
    url = reverse("accounts:password_reset")
    allowed = PASSWORD_RESET_LIMITS["per_target"][0]
    for n in range(allowed):
        assert client.post(url, {"email": "anna@example.org"}, REMOTE_ADDR=f"10.3.0.{n}").status_code == 302
    response = client.post(url, {"email": "Anna@example.org"}, REMOTE_ADDR="10.3.0.200")
    page = response.content.decode()
    assert response.status_code == 429
    assert TOO_MANY in page
    assert 'value="Anna@example.org"' in page
    assert len(mail.outbox) == allowed


def test_password_reset_is_rate_limited_per_ip_address(client):
    from organisations.views.accounts import PASSWORD_RESET_LIMITS

    url = reverse("accounts:password_reset")
    for n in range(PASSWORD_RESET_LIMITS["per_ip"][0]):
        client.post(url, {"email": f"osoba{n}@example.org"})
    response = client.post(url, {"email": "kolejna@example.org"})
    assert response.status_code == 429


def test_the_sent_page_shows_an_address_with_a_plus_as_typed(client):
    response = client.post(reverse("accounts:register"), {**PERSON, "email": "alicja+ngo@example.org"})
    assert "alicja+ngo@example.org" in client.get(response["Location"]).content.decode()
    resent = client.post(reverse("accounts:resend_verification"), {"email": "alicja+ngo@example.org"})
    assert "alicja+ngo@example.org" in client.get(resent["Location"]).content.decode()


def test_the_duplicate_notice_is_sent_even_when_the_cache_is_down(make_user, committed):
    from unittest import mock

    from django.core.cache import cache

    from organisations import services
    from organisations.choices import Role
    from organisations.tests.factories import OrganisationFactory

    existing = OrganisationFactory()
    make_user(Role.NGO_MEMBER, organisation=existing, is_admin=True, email="prezes@example.org")
    with committed(), mock.patch.object(cache, "add", side_effect=ConnectionError("redis down")):
        services.organisation_duplicate_notify(user=make_user(), organisation=existing)
    assert [message.to for message in mail.outbox] == [["prezes@example.org"]]
