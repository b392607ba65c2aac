"""Production: everything from the environment, HTTPS enforced."""

from .base import *  # noqa: F403
from .base import env

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# Wagtail's live preview shows the page in a same-origin frame, so frames stay
# SAMEORIGIN rather than DENY.
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Error reporting (Sentry) when SENTRY_DSN is set; without it nothing is sent anywhere.
from .sentry import sentry_init  # noqa: E402

SENTRY_ENABLED = sentry_init(
    dsn=env.str("SENTRY_DSN", default=""),
    environment=env.str("SENTRY_ENVIRONMENT", default="production"),
    release=env.str("SENTRY_RELEASE", default=""),
    traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
)
