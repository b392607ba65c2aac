from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring base")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The rules register themselves with portal.permissions on import.
        from django.core import checks

        from . import permissions  # noqa: F401
        from .crypto import check_encryption_key

        checks.register(check_encryption_key, checks.Tags.security, deploy=True)
