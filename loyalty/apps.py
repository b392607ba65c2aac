from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoyaltyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "loyalty"
    verbose_name = _("Loyalty programme")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules with portal.permissions)
