"""Participants of projects that ended long ago are anonymised by the scheduled task."""

from datetime import date

import pytest

from monitoring.choices import AuditAction, ConsentScope
from monitoring.crypto import encrypt_text
from monitoring.models import AccessLogEntry, Consent, Participant
from monitoring.participants.retention import participants_anonymise_expired
from monitoring.tasks import anonymise_expired_participants

from .factories import FamilyFactory, ParticipantFactory, ProjectFactory, active_organisation, enrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(settings):
    settings.MONITORING_ANONYMISE_AFTER_DAYS = 365
    organisation = active_organisation()
    old = ProjectFactory(organisation=organisation, starts_on=date(2020, 1, 1), ends_on=date(2020, 12, 31))
    current = ProjectFactory(
        organisation=organisation, starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    gone = ParticipantFactory(
        organisation=organisation,
        first_name="Dawny",
        family=FamilyFactory(organisation=organisation),
        national_id_encrypted=encrypt_text("15231401230"),
    )
    enrol(gone, old, starts_on=date(2020, 1, 1))
    Consent.objects.create(
        participant=gone, scope=ConsentScope.PARTICIPATION, given_on=date(2020, 1, 1), given_by="Anna Nowak"
    )
    still = ParticipantFactory(organisation=organisation, first_name="Obecny")
    enrol(still, old, starts_on=date(2020, 1, 1))
    enrol(still, current, starts_on=date(2026, 1, 1))
    never = ParticipantFactory(organisation=organisation, first_name="Nowy")  # not enrolled yet: kept
    return gone, still, never


def test_the_task_anonymises_only_those_whose_projects_all_ended_long_ago(people):
    gone, still, never = people
    assert anonymise_expired_participants.delay().get() == 1
    gone.refresh_from_db()
    assert gone.first_name == "" and gone.last_name == f"#{gone.pk}"
    assert gone.birth_date is None and gone.national_id_encrypted == "" and gone.family is None
    assert gone.birth_year == 2015 and gone.gender == "f" and gone.district == "wola"  # the aggregates stay
    assert Consent.objects.get(participant=gone).given_by == ""
    assert AccessLogEntry.objects.filter(participant=gone, action=AuditAction.ANONYMISE).exists()
    assert Participant.objects.get(pk=still.pk).first_name == "Obecny"
    assert Participant.objects.get(pk=never.pk).first_name == "Nowy"
    assert participants_anonymise_expired() == 0  # running again changes nothing


def test_the_period_is_a_setting(people, settings):
    settings.MONITORING_ANONYMISE_AFTER_DAYS = 365 * 20
    assert participants_anonymise_expired() == 0
