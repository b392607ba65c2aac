"""A participant's copy of their data and erasure on request."""

import json
from datetime import date

import pytest
from django.urls import reverse

from monitoring.choices import AuditAction, ConsentScope, MonitoringRole
from monitoring.crypto import encrypt_text
from monitoring.models import AccessLogEntry, Consent, Enrolment, Family, Participant

from .factories import (
    FamilyFactory,
    ParticipantFactory,
    ProjectFactory,
    active_organisation,
    enrol,
    staff_member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def child():
    organisation = active_organisation()
    family = FamilyFactory(organisation=organisation, name="Rodzina Jedynaków")
    child = ParticipantFactory(
        organisation=organisation,
        first_name="Ignacy",
        family=family,
        national_id_encrypted=encrypt_text("15231401230"),
    )
    enrol(child, ProjectFactory(organisation=organisation, title="Klub Wolna"))
    Consent.objects.create(
        participant=child, scope=ConsentScope.PARTICIPATION, given_on=date(2026, 1, 2), given_by="matka"
    )
    return child


def test_the_coordinator_downloads_everything_recorded_about_the_person(sign_in, child):
    response = sign_in(staff_member(child.organisation)).get(
        reverse("monitoring:participant_copy", args=[child.pk])
    )
    assert response["Content-Disposition"] == f'attachment; filename="uczestnik-{child.pk}.json"'
    data = json.loads(response.content)
    assert (
        data["participant"]["first_name"] == "Ignacy" and data["participant"]["national_id"] == "15231401230"
    )
    assert data["enrolments"][0]["project"] == "Klub Wolna" and data["consents"][0]["given_by"] == "matka"
    assert AccessLogEntry.objects.filter(participant=child, action=AuditAction.EXPORT).exists()


def test_erasure_needs_a_post_with_confirmation_and_removes_the_person_everywhere(sign_in, child):
    client = sign_in(staff_member(child.organisation))
    client.get(reverse("monitoring:participant_detail", args=[child.pk]))
    url = reverse("monitoring:participant_erase", args=[child.pk])
    assert client.get(url).status_code == 200 and Participant.objects.filter(pk=child.pk).exists()
    unconfirmed = client.post(url, {})
    assert unconfirmed.status_code == 200 and Participant.objects.filter(pk=child.pk).exists()
    client.post(url, {"confirm": "on"})
    assert not Participant.objects.filter(pk=child.pk).exists()
    assert not Enrolment.objects.exists() and not Consent.objects.exists()
    assert not Family.objects.filter(name="Rodzina Jedynaków").exists()
    assert not AccessLogEntry.objects.filter(participant_id=child.pk).exists()
    assert AccessLogEntry.objects.filter(what="participant erased").exists()
    log = client.get(reverse("monitoring:access_log")).content.decode()
    assert "Ignacy" not in log


@pytest.mark.parametrize("who", ["educator", "stranger"])
def test_only_the_organisations_coordinator_copies_or_erases(sign_in, child, who):
    user = (
        staff_member(child.organisation, MonitoringRole.EDUCATOR)
        if who == "educator"
        else staff_member(active_organisation())
    )
    client = sign_in(user)
    expected = 403 if who == "educator" else 404
    assert client.get(reverse("monitoring:participant_copy", args=[child.pk])).status_code == expected
    assert (
        client.post(reverse("monitoring:participant_erase", args=[child.pk]), {"confirm": "on"}).status_code
        == expected
    )
    assert Participant.objects.filter(pk=child.pk).exists()
