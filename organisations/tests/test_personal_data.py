"""A person's own data: the downloadable copy and the erasure of the account."""

import json
import logging

import pytest
from auditlog.models import LogEntry
from axes.models import AccessLog
from django.contrib.auth import get_user_model
from django.core import mail
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from competitions.models import Offer
from competitions.offer_services import offer_start
from competitions.tests.offer_helpers import open_competition
from conftest import PASSWORD
from notifications.models import Notification
from organisations.choices import Role
from organisations.models import Invitation, Membership
from organisations.services import personal_data
from organisations.tests.factories import MembershipFactory, OrganisationFactory
from organisations.views.personal_data import DOWNLOADS_PER_HOUR

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def member(make_user):
    return make_user(Role.NGO_MEMBER, first_name="Alicja", last_name="Nowak", email="alicja@example.org")


@pytest.fixture
def organisation(member):
    return member.memberships.get().organisation


@pytest.fixture
def offer(make_user, member, organisation):
    competition = open_competition(make_user(Role.OFFICIAL))
    return offer_start(user=member, competition=competition, organisation=organisation)


def download(client):
    return client.post(reverse("personal_data:download"))


def test_anonymous_people_are_sent_to_sign_in(client):
    for response in (
        client.get(reverse("personal_data:overview")),
        client.post(reverse("personal_data:download")),
        client.get(reverse("personal_data:delete")),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_copy_holds_the_account_memberships_notifications_documents_and_sign_ins(
    client, member, organisation, offer, caplog
):
    Notification.objects.create(recipient=member, event="offer.returned", title="Oferta zwrócona do poprawy")
    Invitation.objects.create(organisation=organisation, email="kolega@example.org", invited_by=member)
    Invitation.objects.create(organisation=OrganisationFactory(name="Inna Fundacja"), email=member.email)
    AccessLog.objects.create(username=member.email, ip_address="203.0.113.7", user_agent="Firefox")
    other = MembershipFactory(organisation=organisation).user
    Notification.objects.create(recipient=other, event="x", title="Cudze powiadomienie")
    client.force_login(member)

    with caplog.at_level(logging.INFO, logger="portal.security"):
        response = download(client)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="moje-dane-')
    data = json.loads(b"".join(response.streaming_content) if response.streaming else response.content)
    assert data["account"]["email"] == "alicja@example.org"
    assert data["account"]["first_name"] == "Alicja"
    assert data["account"]["roles"] == ["Członek organizacji"]
    records = data["records"]
    (membership,) = records["organisations.membership"]["items"]
    assert membership["organisation"]["label"] == organisation.name
    titles = [item["title"] for item in records["notifications.notification"]["items"]]
    assert titles == ["Oferta zwrócona do poprawy"]  # not someone else's
    assert [item["email"] for item in records["organisations.invitation"]["items"]] == ["kolega@example.org"]
    assert [item["email"] for item in data["invitations_received"]] == ["alicja@example.org"]
    # Secrets never leave: invitation tokens, password hashes.
    assert all("token" not in item for item in data["invitations_received"])
    assert all("token" not in item for item in records["organisations.invitation"]["items"])
    # The offer is the organisation's document: listed as a reference, not copied.
    (offer_ref,) = records["competitions.offer"]["items"]
    assert offer_ref["id"] == offer.pk
    assert "content" not in offer_ref
    assert "email" in data["account_changes"][0]["changes"]  # the account's creation
    assert "203.0.113.7" in [entry["ip_address"] for entry in data["login_history"]["sign_ins"]]
    assert member.password not in response.content.decode()
    events = [r.security for r in caplog.records if r.name == "portal.security"]
    assert [(e["event"], e["user"]) for e in events] == [("personal_data_export", "alicja@example.org")]


def test_every_model_linked_to_a_person_is_found_without_being_listed():
    found = {(model._meta.label_lower, field.name) for model, field in personal_data.user_relations()}
    # A few from different apps, none of them named in personal_data.py.
    assert {
        ("competitions.offerattachment", "uploaded_by"),
        ("competitions.report", "submitted_by"),
        ("competitions.competition", "committee"),
        ("otp_totp.totpdevice", "user"),
        ("auditlog.logentry", "actor"),
        ("wagtailcore.revision", "user"),
    } <= found
    # Fields a page inherits from wagtailcore.Page are found once, on Page.
    assert ("home.standardpage", "owner") not in found


def test_downloads_are_limited_per_hour_with_a_clear_message(client, member):
    client.force_login(member)
    for _ in range(DOWNLOADS_PER_HOUR):
        assert download(client).status_code == 200
    response = download(client)
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert f"Pobrano już Twoje dane {DOWNLOADS_PER_HOUR} razy w ciągu ostatniej godziny" in (
        response.content.decode()
    )


def delete(client, password=PASSWORD, confirm=True):
    data = {"password": password}
    if confirm:
        data["confirm"] = "on"
    return client.post(reverse("personal_data:delete"), data)


def test_deleting_the_account_anonymises_it_and_keeps_the_offer_with_a_former_member(
    client, member, organisation, offer, totp_device, committed
):
    totp_device(member)
    Notification.objects.create(recipient=member, event="x", title="Powiadomienie")
    AccessLog.objects.create(username=member.email, ip_address="203.0.113.7")
    elsewhere = Client()
    elsewhere.force_login(member)
    client.force_login(member)

    with committed():
        response = delete(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("personal_data:deleted")
    user = User.objects.get(pk=member.pk)
    assert user.email == f"usunieto-{user.pk}@invalid"
    assert (user.first_name, user.last_name, user.phone) == ("", "", "")
    assert not user.has_usable_password()
    assert not user.is_active
    assert not Membership.objects.filter(user=user).exists()
    assert not user.totpdevice_set.exists()
    assert not Notification.objects.filter(recipient=user).exists()
    # Signed out here and on the other device.
    for browser in (client, elsewhere):
        assert browser.get(reverse("accounts:profile")).status_code == 302
    # The offer stays, its author shown as a former member.
    kept = Offer.objects.get(pk=offer.pk)
    assert kept.saved_by_id == user.pk
    rendered = Template("{% load people %}{{ offer.saved_by|person }}").render(Context({"offer": kept}))
    assert rendered == "były członek organizacji"
    # Every page that prints the author plainly ({{ offer.saved_by }}) says the same.
    assert Template("{{ offer.saved_by }}").render(Context({"offer": kept})) == "były członek organizacji"
    # Nothing left that names the person: the audit log and the sign-in records are scrubbed.
    for entry in LogEntry.objects.all():
        text = json.dumps([entry.object_repr, entry.changes_text, entry.changes, entry.actor_email])
        assert "alicja@example.org" not in text
        assert "Alicja Nowak" not in text
    assert not AccessLog.objects.filter(username__iexact="alicja@example.org").exists()
    # The confirmation went to the old address.
    (message,) = mail.outbox
    assert message.to == ["alicja@example.org"]
    assert "usunięte" in message.subject


def test_the_person_filter_names_active_people_and_no_one(make_user):
    person = make_user(first_name="Jan", last_name="Nowak")
    template = Template('{% load people %}[{{ who|person }}][{{ nobody|person|default:"system" }}]')
    assert template.render(Context({"who": person, "nobody": None})) == "[Jan Nowak][system]"


def test_a_wrong_password_refuses_and_changes_nothing(client, member):
    client.force_login(member)
    response = delete(client, password="to-nie-jest-haslo")
    assert response.status_code == 200
    assert "Hasło jest nieprawidłowe." in response.content.decode()
    member.refresh_from_db()
    assert member.email == "alicja@example.org"
    assert member.is_active
    assert member.memberships.exists()
    assert mail.outbox == []


def test_the_box_must_be_ticked(client, member):
    client.force_login(member)
    response = delete(client, confirm=False)
    assert "Zaznacz pole, aby potwierdzić" in response.content.decode()
    member.refresh_from_db()
    assert member.is_active


def test_the_only_administrator_of_an_organisation_with_members_must_hand_over_first(client, make_user):
    organisation = OrganisationFactory(name="Fundacja Pomocna Dłoń")
    admin = make_user(Role.NGO_MEMBER, is_admin=True, organisation=organisation)
    make_user(Role.NGO_MEMBER, organisation=organisation)
    client.force_login(admin)

    refusal = "Jesteś jedynym administratorem „Fundacja Pomocna Dłoń”"
    overview = client.get(reverse("personal_data:overview")).content.decode()
    assert refusal in overview
    assert reverse("personal_data:delete") not in overview
    page = client.get(reverse("personal_data:delete"))
    assert refusal in page.content.decode()
    assert 'name="password"' not in page.content.decode()

    response = delete(client)
    assert response.status_code == 409
    admin.refresh_from_db()
    assert admin.is_active
    assert admin.memberships.exists()

    # Once another member is an administrator too, the account can go.
    Membership.objects.filter(organisation=organisation).update(is_admin=True)
    assert delete(client).status_code == 302


def test_the_only_member_of_an_organisation_may_delete_the_account(client, make_user):
    admin = make_user(Role.NGO_MEMBER, is_admin=True)
    client.force_login(admin)
    overview = client.get(reverse("personal_data:overview")).content.decode()
    assert "Pobierz moje dane" in overview
    assert reverse("personal_data:delete") in overview
    assert delete(client).status_code == 302


def test_staff_accounts_are_closed_by_the_administrator(client, make_user):
    official = make_user(Role.OFFICIAL)
    assert personal_data.erasure_refusals(user=official) == [str(personal_data.STAFF_ACCOUNT)]
