"""One way to write the access log, used by every stage that shows or changes participants."""

from .choices import AuditAction
from .models import AccessLogEntry


def audit_record(*, user, organisation, action: AuditAction, what: str, participant=None) -> AccessLogEntry:
    """Log that ``user`` did ``action`` to ``what`` (a participant's record, an export, a list)."""
    return AccessLogEntry.objects.create(
        organisation=organisation,
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        participant=participant,
        what=str(what)[:300],
    )


def audit_record_many(*, user, organisation, action: AuditAction, what: str, participants) -> None:
    """Log one entry per participant (a list shown or exported)."""
    AccessLogEntry.objects.bulk_create(
        [
            AccessLogEntry(
                organisation=organisation, user=user, action=action, participant=p, what=str(what)[:300]
            )
            for p in participants
        ]
    )
