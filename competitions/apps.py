from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "competitions"
    verbose_name = _("Competitions")

    def ready(self):
        from . import (
            audit,  # noqa: F401  registers models with django-auditlog
            permissions,  # noqa: F401  registers rules with portal.permissions
            signals,  # noqa: F401  clears the page cache when officials edit a competition
        )
