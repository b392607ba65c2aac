"""A developer's machine: DEBUG on, SQLite, eager Celery, e-mail to the console."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-secret-key-never-used-in-production")

from .base import *  # noqa: E402,F403

DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
