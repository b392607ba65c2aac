"""Changes to competitions are recorded by django-auditlog, like organisations'."""

from auditlog.registry import auditlog

from .models import Competition

auditlog.register(Competition, m2m_fields={"committee"})
