"""What django-auditlog records. Personal data is masked in the log."""

from auditlog.registry import auditlog

from .models import Invitation, Membership, Organisation, Place, User

auditlog.register(
    User,
    exclude_fields=["password", "last_login"],
    mask_fields=["phone", "first_name", "last_name"],
    m2m_fields={"groups"},
)
# Every change to an organisation's data is recorded: who, when, which fields, before and after.
auditlog.register(Organisation, m2m_fields={"spheres"})
auditlog.register(Place)
auditlog.register(Invitation, exclude_fields=["token"])
auditlog.register(Membership)
