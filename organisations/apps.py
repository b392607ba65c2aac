from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisations and users")

    def ready(self):
        from . import (
            audit,  # noqa: F401  registers models with django-auditlog
            permissions,  # noqa: F401  registers rules with portal.permissions
            signals,  # noqa: F401  clears the page cache when an organisation changes
        )
