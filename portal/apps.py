from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package as an app, so Celery finds ``portal.tasks``."""

    name = "portal"
    verbose_name = "Portal"
