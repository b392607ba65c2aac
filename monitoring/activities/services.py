"""Group activities, their sessions and attendance register, and individual support.

Attendance is saved for a whole register at once, or not at all: a leader who sends 20 rows
either has all 20 saved or is told which rows are wrong, with nothing half-written.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from portal.permissions import ensure

from ..audit import audit_record, audit_record_many
from ..choices import AttendanceStatus, AuditAction
from ..models import Attendance, Enrolment, IndividualSupport, Session, StaffRole

ACTIVITY_OF_ANOTHER_PROJECT = _("Activities are added to projects your organisation leads.")
MEMBER_NOT_ENROLLED = _("%(name)s is not enrolled in this project.")
LEADER_NOT_STAFF = _("The leader must have a monitoring role in your organisation.")
SESSION_OUTSIDE_PROJECT = _("The session must take place within the project's period (%(start)s–%(end)s).")
SESSION_DUPLICATE = _("This activity already has a session on %(date)s at %(time)s.")
SESSION_TOO_LONG = _("A session lasts between 1 minute and 12 hours.")
ATTENDANCE_NOT_ENROLLED = _(
    "%(name)s was not enrolled in the project on %(date)s, so no attendance can be recorded."
)
ATTENDANCE_NOT_MEMBER = _("%(name)s is not in this activity's group.")
ATTENDANCE_BAD_STATUS = _("Choose present, absent or excused for %(name)s.")
SUPPORT_NOT_ENROLLED = _("%(name)s was not enrolled in the project on %(date)s.")
SUPPORT_TOO_LONG = _("Individual support lasts between 1 minute and 12 hours.")

MAX_MINUTES = 12 * 60


def enrolled_on(project, day):
    """Ids of participants whose enrolment in ``project`` covers ``day``."""
    enrolments = Enrolment.objects.filter(project=project, starts_on__lte=day).exclude(ends_on__lt=day)
    return set(enrolments.values_list("participant_id", flat=True))


def activity_save(*, user, activity, members=()):
    """Create or change a group activity of a project the user's organisation leads."""
    organisation = activity.project.organisation
    ensure(user, "monitoring.manage", organisation)
    members = list(members)
    if any(m.organisation_id != organisation.pk for m in members):
        raise ValidationError({"project": ACTIVITY_OF_ANOTHER_PROJECT})
    enrolled = set(
        Enrolment.objects.filter(project=activity.project).values_list("participant_id", flat=True)
    )
    for member in members:
        if member.pk not in enrolled:
            raise ValidationError({"members": MEMBER_NOT_ENROLLED % {"name": member}})
    if (
        activity.leader_id
        and not StaffRole.objects.filter(organisation=organisation, user_id=activity.leader_id).exists()
    ):
        raise ValidationError({"leader": LEADER_NOT_STAFF})
    with transaction.atomic():
        activity.save()
        activity.members.set(members)
    return activity


def session_create(*, user, activity, date, starts_at, duration_minutes: int) -> Session:
    project = activity.project
    ensure(user, "monitoring.use", project.organisation)
    if not project.starts_on <= date <= project.ends_on:
        raise ValidationError(
            {
                "date": SESSION_OUTSIDE_PROJECT
                % {
                    "start": project.starts_on.strftime("%d.%m.%Y"),
                    "end": project.ends_on.strftime("%d.%m.%Y"),
                }
            }
        )
    if not 0 < duration_minutes <= MAX_MINUTES:
        raise ValidationError({"duration_minutes": SESSION_TOO_LONG})
    duplicate = SESSION_DUPLICATE % {"date": date.strftime("%d.%m.%Y"), "time": starts_at.strftime("%H:%M")}
    if Session.objects.filter(activity=activity, date=date, starts_at=starts_at).exists():
        raise ValidationError(duplicate)
    try:
        with transaction.atomic():
            return Session.objects.create(
                activity=activity, date=date, starts_at=starts_at, duration_minutes=duration_minutes
            )
    except IntegrityError:  # the same session sent twice at once
        raise ValidationError(duplicate) from None


def register_rows(session):
    """The group's participants enrolled in the project on the session's day, with their saved status."""
    enrolled = enrolled_on(session.activity.project, session.date)
    members = [m for m in session.activity.members.all() if m.pk in enrolled]
    saved = dict(session.attendance.values_list("participant_id", "status"))
    return [(member, saved.get(member.pk)) for member in members]


def attendance_record(*, user, session, statuses: dict) -> int:
    """Save the register of ``session``: ``statuses`` maps participant ids to a status.

    All rows are checked first; one wrong row refuses the whole register (ValidationError with
    one message per wrong row). Returns how many rows were saved.
    """
    activity = session.activity
    organisation = activity.project.organisation
    ensure(user, "monitoring.use", organisation)
    members = {m.pk: m for m in activity.members.all()}
    enrolled = enrolled_on(activity.project, session.date)
    errors = []
    for participant_id, status in statuses.items():
        member = members.get(participant_id)
        if member is None:
            errors.append(ATTENDANCE_NOT_MEMBER % {"name": participant_id})
        elif participant_id not in enrolled:
            errors.append(
                ATTENDANCE_NOT_ENROLLED % {"name": member, "date": session.date.strftime("%d.%m.%Y")}
            )
        elif status not in AttendanceStatus.values:
            errors.append(ATTENDANCE_BAD_STATUS % {"name": member})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        existing = {a.participant_id: a for a in session.attendance.select_for_update()}
        changed, created = [], []
        for participant_id, status in statuses.items():
            row = existing.get(participant_id)
            if row is None:
                created.append(Attendance(session=session, participant_id=participant_id, status=status))
            elif row.status != status:
                row.status = status
                changed.append(row)
        Attendance.objects.bulk_create(created)
        Attendance.objects.bulk_update(changed, ["status"])
        touched = [members[a.participant_id] for a in [*created, *changed]]
        audit_record_many(
            user=user,
            organisation=organisation,
            action=AuditAction.CHANGE,
            what=f"attendance: session {session.pk}",
            participants=touched,
        )
    return len(statuses)


def support_record(*, user, project, participant, type: str, date, duration_minutes: int, staff=None):
    """Record individual support given to an enrolled participant."""
    ensure(user, "monitoring.use", project.organisation)
    if participant.pk not in enrolled_on(project, date):
        raise ValidationError(
            {"date": SUPPORT_NOT_ENROLLED % {"name": participant, "date": date.strftime("%d.%m.%Y")}}
        )
    if not 0 < duration_minutes <= MAX_MINUTES:
        raise ValidationError({"duration_minutes": SUPPORT_TOO_LONG})
    with transaction.atomic():
        support = IndividualSupport.objects.create(
            project=project,
            participant=participant,
            type=type,
            date=date,
            duration_minutes=duration_minutes,
            staff=staff or user,
        )
        audit_record(
            user=user,
            organisation=project.organisation,
            action=AuditAction.CREATE,
            participant=participant,
            what=f"individual support: project {project.pk}",
        )
    return support
