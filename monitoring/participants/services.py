"""Participants, families, consents and enrolments; every change is written to the access log.

A participant belongs to one organisation and to at most one family at a time. A national ID
(PESEL) is recorded only on enrolment in a project whose kind requires it, encrypted at rest.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.pl import pesel

from portal.permissions import ensure

from ..audit import audit_record
from ..choices import AuditAction
from ..crypto import encrypt_text
from ..models import Consent, Enrolment, Participant

BIRTH_IN_FUTURE = _("The date of birth cannot be in the future.")
BIRTH_TOO_EARLY = _("The date of birth cannot be before 1900.")
BIRTH_YEAR_IMPOSSIBLE = _("The year of birth must be between 1900 and this year.")
BIRTH_YEAR_MISMATCH = _("The year of birth does not match the date of birth.")
BIRTH_MISSING = _("Give the date of birth or at least the year of birth.")
IN_ANOTHER_FAMILY = _(
    "%(name)s already belongs to the family %(family)s. Remove them from it first: a participant "
    "belongs to one family at a time."
)
FAMILY_OF_ANOTHER = _("Choose a family of your organisation.")
DUPLICATE_FLAGGED = _(
    "A participant with the same name and date of birth is already recorded; both are marked for merging."
)
CONSENT_IN_FUTURE = _("A consent cannot be given in the future.")
WITHDRAWAL_IN_FUTURE = _("A withdrawal cannot be dated in the future.")
WITHDRAWAL_BEFORE_CONSENT = _("A consent cannot be withdrawn before it was given.")
ALREADY_WITHDRAWN = _("This consent is already withdrawn.")
PROJECT_OF_ANOTHER = _(
    "Participants can be enrolled only in projects your organisation leads or is a partner of."
)
ENROLMENT_OUTSIDE_PROJECT = _("The enrolment must begin within the project's period.")
ENROLMENT_ENDS_BEFORE_START = _("The enrolment cannot end before it begins.")
ENROLMENT_OVERLAPS = _("The participant is already enrolled in this project for that time.")
NATIONAL_ID_NOT_NEEDED = _("A national ID (PESEL) is recorded only for projects that require it.")
NATIONAL_ID_REQUIRED = _("This project requires the participant's national ID (PESEL).")
NATIONAL_ID_INVALID = _("This is not a valid PESEL number.")
NATIONAL_ID_BIRTH_MISMATCH = _("The PESEL number does not match the date of birth.")

FIRST_YEAR = 1900


def participant_check_birth(participant) -> None:
    """Refuse impossible dates and years of birth; fill the year from the date."""
    today = timezone.localdate()
    if participant.birth_date:
        if participant.birth_date > today:
            raise ValidationError({"birth_date": BIRTH_IN_FUTURE})
        if participant.birth_date < date(FIRST_YEAR, 1, 1):
            raise ValidationError({"birth_date": BIRTH_TOO_EARLY})
        if participant.birth_year and participant.birth_year != participant.birth_date.year:
            raise ValidationError({"birth_year": BIRTH_YEAR_MISMATCH})
        participant.birth_year = participant.birth_date.year
    elif not participant.birth_year:
        raise ValidationError({"birth_year": BIRTH_MISSING})
    elif not FIRST_YEAR <= participant.birth_year <= today.year:
        raise ValidationError({"birth_year": BIRTH_YEAR_IMPOSSIBLE})


def _check_family(participant, previous_family_id) -> None:
    family = participant.family
    if family is None:
        return
    if family.organisation_id != participant.organisation_id:
        raise ValidationError({"family": FAMILY_OF_ANOTHER})
    if previous_family_id and previous_family_id != family.pk:
        raise ValidationError(
            {
                "family": IN_ANOTHER_FAMILY
                % {"name": participant, "family": type(family).objects.get(pk=previous_family_id)}
            }
        )


def _duplicate_of(participant):
    if not participant.birth_date:
        return None
    return (
        Participant.objects.filter(
            organisation_id=participant.organisation_id,
            name_key=f"{participant.first_name.strip()} {participant.last_name.strip()}".casefold(),
            birth_date=participant.birth_date,
            anonymised_at__isnull=True,
        )
        .exclude(pk=participant.pk)
        .order_by("pk")
        .first()
    )


def _changed_fields(participant) -> list[str]:
    if participant.pk is None:
        return []
    before = Participant.objects.get(pk=participant.pk)
    fields = [
        "first_name",
        "last_name",
        "birth_date",
        "birth_year",
        "gender",
        "district",
        "school_id",
        "family_id",
    ]
    return [f for f in fields if getattr(before, f) != getattr(participant, f)]


def participant_save(*, user, participant) -> Participant:
    """Create or change a participant of the user's organisation; duplicates are flagged, not refused.

    Returns the participant; ``participant.duplicate_of`` is set when the same name and date of
    birth is already recorded in the organisation.
    """
    ensure(user, "monitoring.manage", participant.organisation)
    participant.first_name = participant.first_name.strip()
    participant.last_name = participant.last_name.strip()
    participant_check_birth(participant)
    previous_family_id = (
        Participant.objects.filter(pk=participant.pk).values_list("family_id", flat=True).first()
        if participant.pk
        else None
    )
    _check_family(participant, previous_family_id)
    creating = participant.pk is None
    with transaction.atomic():
        changed = _changed_fields(participant)
        participant.duplicate_of = participant.duplicate_of or _duplicate_of(participant)
        participant.save()
        if creating:
            audit_record(
                user=user,
                organisation=participant.organisation,
                action=AuditAction.CREATE,
                participant=participant,
                what="participant",
            )
        elif changed:
            audit_record(
                user=user,
                organisation=participant.organisation,
                action=AuditAction.CHANGE,
                participant=participant,
                what="participant: " + ", ".join(changed),
            )
    return participant


def participant_leave_family(*, user, participant) -> None:
    ensure(user, "monitoring.manage", participant.organisation)
    if participant.family_id is None:
        return
    with transaction.atomic():
        participant.family = None
        participant.save(update_fields=["family"])
        audit_record(
            user=user,
            organisation=participant.organisation,
            action=AuditAction.CHANGE,
            participant=participant,
            what="participant: family_id",
        )


def family_save(*, user, family):
    ensure(user, "monitoring.manage", family.organisation)
    family.save()
    return family


def consent_add(*, user, participant, scope: str, given_on, given_by: str) -> Consent:
    ensure(user, "monitoring.manage", participant.organisation)
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": CONSENT_IN_FUTURE})
    with transaction.atomic():
        consent = Consent.objects.create(
            participant=participant, scope=scope, given_on=given_on, given_by=given_by, recorded_by=user
        )
        audit_record(
            user=user,
            organisation=participant.organisation,
            action=AuditAction.CREATE,
            participant=participant,
            what=f"consent: {scope}",
        )
    return consent


def consent_withdraw(*, user, consent, withdrawn_on) -> Consent:
    participant = consent.participant
    ensure(user, "monitoring.manage", participant.organisation)
    if consent.withdrawn_on:
        raise ValidationError(ALREADY_WITHDRAWN)
    if withdrawn_on > timezone.localdate():
        raise ValidationError({"withdrawn_on": WITHDRAWAL_IN_FUTURE})
    if withdrawn_on < consent.given_on:
        raise ValidationError({"withdrawn_on": WITHDRAWAL_BEFORE_CONSENT})
    with transaction.atomic():
        consent.withdrawn_on = withdrawn_on
        consent.save(update_fields=["withdrawn_on"])
        audit_record(
            user=user,
            organisation=participant.organisation,
            action=AuditAction.CHANGE,
            participant=participant,
            what=f"consent withdrawn: {consent.scope}",
        )
    return consent


def _check_national_id(participant, project, national_id: str) -> str:
    national_id = (national_id or "").strip()
    if not project.requires_national_id:
        if national_id:
            raise ValidationError({"national_id": NATIONAL_ID_NOT_NEEDED})
        return ""
    if not national_id:
        if participant.national_id_encrypted:
            return ""  # already recorded for another such project
        raise ValidationError({"national_id": NATIONAL_ID_REQUIRED})
    try:
        national_id = pesel.validate(national_id)
    except StdnumError:
        raise ValidationError({"national_id": NATIONAL_ID_INVALID}) from None
    if participant.birth_date and pesel.get_birth_date(national_id) != participant.birth_date:
        raise ValidationError({"national_id": NATIONAL_ID_BIRTH_MISMATCH})
    return national_id


def enrolment_create(
    *, user, participant, project, starts_on, ends_on=None, national_id: str = ""
) -> Enrolment:
    """Enrol a participant in a project the organisation leads or is a partner of."""
    organisation = participant.organisation
    ensure(user, "monitoring.manage", organisation)
    if (
        project.organisation_id != organisation.pk
        and not project.partners.filter(pk=organisation.pk).exists()
    ):
        raise ValidationError({"project": PROJECT_OF_ANOTHER})
    if not project.starts_on <= starts_on <= project.ends_on:
        raise ValidationError({"starts_on": ENROLMENT_OUTSIDE_PROJECT})
    if ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": ENROLMENT_ENDS_BEFORE_START})
    national_id = _check_national_id(participant, project, national_id)
    with transaction.atomic():
        Participant.objects.select_for_update().filter(pk=participant.pk).first()
        for other in Enrolment.objects.filter(participant=participant, project=project):
            other_end = other.ends_on or date.max
            if starts_on <= other_end and (ends_on or date.max) >= other.starts_on:
                raise ValidationError(ENROLMENT_OVERLAPS)
        enrolment = Enrolment.objects.create(
            participant=participant, project=project, starts_on=starts_on, ends_on=ends_on
        )
        what = f"enrolment: project {project.pk}"
        if national_id:
            participant.national_id_encrypted = encrypt_text(national_id)
            participant.save(update_fields=["national_id_encrypted"])
            what += ", national_id"
        audit_record(
            user=user,
            organisation=organisation,
            action=AuditAction.CREATE,
            participant=participant,
            what=what,
        )
    return enrolment


def enrolment_end(*, user, enrolment, ends_on) -> Enrolment:
    participant = enrolment.participant
    ensure(user, "monitoring.manage", participant.organisation)
    if ends_on < enrolment.starts_on:
        raise ValidationError({"ends_on": ENROLMENT_ENDS_BEFORE_START})
    with transaction.atomic():
        enrolment.ends_on = ends_on
        enrolment.save(update_fields=["ends_on"])
        audit_record(
            user=user,
            organisation=participant.organisation,
            action=AuditAction.CHANGE,
            participant=participant,
            what=f"enrolment ended: project {enrolment.project_id}",
        )
    return enrolment
