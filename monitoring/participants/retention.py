"""Retention: participants whose projects all ended long ago are anonymised (a scheduled task).

The period is ``MONITORING_ANONYMISE_AFTER_DAYS`` (default 5 years after the end of the last
project, the usual time a grant's documentation is kept). What stays is what the aggregate
reports need: year of birth, gender, district, school, attendance and support; names, the date
of birth, the national ID, the family and who gave consents are removed. The access log keeps
no values, only field names, so there is nothing of the person left to erase there.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from ..audit import audit_record
from ..choices import AuditAction
from ..models import Consent, Enrolment, Participant

DEFAULT_DAYS = 5 * 365


def retention_days() -> int:
    return int(getattr(settings, "MONITORING_ANONYMISE_AFTER_DAYS", DEFAULT_DAYS))


def participants_due_for_anonymisation(*, today=None):
    """Participants with enrolments, all in projects that ended more than the period ago."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=retention_days())
    recent = Enrolment.objects.filter(participant=OuterRef("pk"), project__ends_on__gte=cutoff)
    return (
        Participant.objects.filter(anonymised_at__isnull=True, enrolments__isnull=False)
        .exclude(Exists(recent))
        .distinct()
    )


def participant_anonymise(*, participant, user=None) -> None:
    """Remove what identifies the participant; keep what the aggregates need."""
    with transaction.atomic():
        participant.first_name = ""
        participant.last_name = f"#{participant.pk}"
        participant.birth_date = None
        participant.national_id_encrypted = ""
        participant.family = None
        participant.duplicate_of = None
        participant.anonymised_at = timezone.now()
        participant.save()
        Consent.objects.filter(participant=participant).update(given_by="")
        audit_record(
            user=user,
            organisation=participant.organisation,
            action=AuditAction.ANONYMISE,
            participant=participant,
            what="participant anonymised",
        )


def participants_anonymise_expired(*, today=None) -> int:
    """Anonymise every participant due; returns how many. Safe to run again."""
    count = 0
    for participant in (
        participants_due_for_anonymisation(today=today).select_related("organisation").iterator()
    ):
        participant_anonymise(participant=participant)
        count += 1
    return count
