"""Fast, isolated test runs: MD5 hasher, locmem cache and mail, temporary MEDIA_ROOT."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from .base import *  # noqa: E402,F403

DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-private-")
WAGTAILADMIN_BASE_URL = "http://testserver"
# With a broker configured (CI on PostgreSQL) tasks go through Redis, but tests
# still need their results synchronously.
CELERY_TASK_ALWAYS_EAGER = True
AXES_ENABLED = True
LOGGING = {"version": 1, "disable_existing_loggers": False}
