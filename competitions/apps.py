from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "competitions"
    verbose_name = _("Competitions")

    def ready(self):
        from . import audit, permissions  # noqa: F401  register audit models and permission rules
        from . import signals  # noqa: F401  clear the page cache when officials edit a competition
