"""A participant's rights: a copy of everything recorded about them, and erasure on request."""

from django.db import transaction
from django.utils import timezone

from portal.permissions import ensure

from ..audit import audit_record
from ..choices import AuditAction
from ..crypto import decrypt_text
from ..models import AccessLogEntry, Assessment, Attendance, IndividualSupport


def participant_data(*, user, participant) -> dict:
    """Everything recorded about the participant, for a subject access request (logged as an export)."""
    ensure(user, "monitoring.manage", participant.organisation)
    data = {
        "exported_at": timezone.now().isoformat(),
        "controller": participant.organisation.name,
        "participant": {
            "first_name": participant.first_name,
            "last_name": participant.last_name,
            "birth_date": participant.birth_date.isoformat() if participant.birth_date else None,
            "birth_year": participant.birth_year,
            "gender": participant.get_gender_display(),
            "district": participant.get_district_display(),
            "school": str(participant.school or ""),
            "family": str(participant.family or ""),
            "national_id": decrypt_text(participant.national_id_encrypted) or None,
        },
        "consents": [
            {
                "scope": c.get_scope_display(),
                "given_on": c.given_on.isoformat(),
                "given_by": c.given_by,
                "withdrawn_on": c.withdrawn_on.isoformat() if c.withdrawn_on else None,
            }
            for c in participant.consents.all()
        ],
        "enrolments": [
            {
                "project": e.project.title,
                "from": e.starts_on.isoformat(),
                "until": e.ends_on.isoformat() if e.ends_on else None,
            }
            for e in participant.enrolments.select_related("project")
        ],
        "attendance": [
            {
                "activity": a.session.activity.title,
                "date": a.session.date.isoformat(),
                "status": a.get_status_display(),
            }
            for a in Attendance.objects.filter(participant=participant).select_related("session__activity")
        ],
        "individual_support": [
            {"type": s.get_type_display(), "date": s.date.isoformat(), "minutes": s.duration_minutes}
            for s in IndividualSupport.objects.filter(participant=participant)
        ],
        "goals": [
            {"goal": a.goal.description, "assessed_on": a.assessed_on.isoformat(), "score": a.score}
            for a in Assessment.objects.filter(goal__participant=participant).select_related("goal")
        ],
    }
    audit_record(
        user=user,
        organisation=participant.organisation,
        action=AuditAction.EXPORT,
        participant=participant,
        what="subject access copy",
    )
    return data


def participant_erase(*, user, participant) -> None:
    """Erase the participant on request: their record and everything hanging from it.

    The access log's entries about them lose the link to the person (they never held values);
    one entry records that an erasure was made, without saying of whom.
    """
    organisation = participant.organisation
    ensure(user, "monitoring.manage", organisation)
    with transaction.atomic():
        AccessLogEntry.objects.filter(participant=participant).update(participant=None)
        family = participant.family
        participant.delete()
        if family is not None and not family.members.exists():
            family.delete()  # a household's name identifies it once nobody else is in it
        audit_record(
            user=user, organisation=organisation, action=AuditAction.CHANGE, what="participant erased"
        )
