"""What django-auditlog records. Personal data is masked in the log."""

from auditlog.registry import auditlog

from .models import Membership, Organisation, User

auditlog.register(
    User,
    exclude_fields=["password", "last_login"],
    mask_fields=["phone", "first_name", "last_name"],
    m2m_fields={"groups"},
)
auditlog.register(Organisation)
auditlog.register(Membership)
