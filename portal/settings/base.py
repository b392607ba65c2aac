"""Settings safe for production: DEBUG off, secrets only from the environment.

`dev.py` and `test.py` override what a developer's machine or the test run need.
Every variable read here is documented in the README.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "portal",
    "home",
    "organisations",
    "competitions",
    "notifications",
    "monitoring",
    "loyalty",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtailgeowidget",
    "modelcluster",
    "taggit",
    "django_filters",
    "formtools",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "auditlog",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache: cached pages get the current policy too (portal/csp.py).
    "portal.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # First after static files: a cached anonymous page is answered before
    # sessions, auth and the rest of the stack are touched.
    "home.cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff reach no view without a confirmed one-time code (portal/second_factor.py).
    "portal.second_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: a new PostgreSQL connection pays ~1.5 s loading the hunspell Polish
# dictionary on its first search; health checks replace connections the server dropped.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=None)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://portal")}
# Sessions are read from the cache when it is shared by every worker (Redis): a GET instead of a
# database query on each signed-in request, 200 of them at once at an offer deadline. They are
# written through to the database, so a cache flush signs no one out. A per-process cache
# (locmem) would let one worker keep using a session another worker has ended, so without
# Redis sessions stay in the database alone.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if "redis" in CACHES["default"]["BACKEND"].lower()
    else "django.contrib.sessions.backends.db"
)

AUTH_USER_MODEL = "organisations.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "/"
WAGTAIL_FRONTEND_LOGIN_URL = "/konto/logowanie/"

# Login throttling: five failures for one e-mail from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# One lock key per address however it is typed (letter case, spaces, full-width letters), and a
# lockout page that says at what time signing in works again.
AXES_USERNAME_CALLABLE = "organisations.authentication.axes_username"
AXES_LOCKOUT_CALLABLE = "organisations.authentication.lockout_response"
AXES_RESET_ON_SUCCESS = True

OTP_TOTP_ISSUER = "Portal NGO"

# Internationalisation: Polish first, English second.
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Offers, their PDFs and attachments: never under MEDIA_URL; a view checks who downloads.
PRIVATE_MEDIA_ROOT = env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# E-mail: smtp://user:password@host:587/?tls=True in production.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Portal NGO <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: without a broker tasks run eagerly in the calling process.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL) or None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Task modules outside an app's tasks.py, which autodiscovery would not import in a worker.
CELERY_IMPORTS = ["organisations.personal_data_tasks"]
CELERY_BEAT_SCHEDULE = {
    "loyalty-advance-rounds": {
        "task": "loyalty.tasks.advance_rounds",
        "schedule": 60.0,  # rounds open and close within a minute of their instant
    },
    "loyalty-announce-rewards": {
        "task": "loyalty.tasks.announce_rewards",
        "schedule": 60.0,
    },
    "clear-expired-sessions": {
        "task": "portal.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=15),
    },
    "close-competitions-past-deadline": {
        "task": "competitions.tasks.close_competitions_past_deadline",
        "schedule": 60.0,  # every minute; pages show a competition past its deadline as closed
    },
    "render-missing-offer-pdfs": {
        "task": "competitions.tasks.render_missing_offer_pdfs",
        "schedule": 120.0,
    },
    "reject-late-corrections": {
        "task": "competitions.formal_tasks.reject_late_corrections",
        "schedule": 60.0,  # a correction not made in time rejects the offer formally
    },
    "send-report-reminders": {
        "task": "competitions.report_tasks.send_report_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "prune-login-attempts": {
        "task": "portal.tasks.prune_login_attempts",
        "schedule": crontab(hour=3, minute=30),
    },
    "anonymise-monitoring-participants": {
        "task": "monitoring.tasks.anonymise_expired_participants",
        "schedule": crontab(hour=3, minute=45),
    },
}

# Monitoring base: the Fernet key national IDs are encrypted with (production must set its own;
# `check --deploy` says so), and how long after a project ends its participants are anonymised.
MONITORING_ENCRYPTION_KEY = env.str("MONITORING_ENCRYPTION_KEY", default="")
MONITORING_ANONYMISE_AFTER_DAYS = env.int("MONITORING_ANONYMISE_AFTER_DAYS", default=1825)

# Search: the database by default; Elasticsearch when ELASTICSEARCH_URL is set.
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
# Index aliases are "<prefix>-<type>", so several environments can share one cluster.
SEARCH_INDEX_PREFIX = env.str("SEARCH_INDEX_PREFIX", default="portal")
# Seconds before an unresponsive Elasticsearch is given up and the database answers.
SEARCH_ELASTICSEARCH_TIMEOUT = env.float("SEARCH_ELASTICSEARCH_TIMEOUT", default=2.0)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Wagtail
WAGTAIL_SITE_NAME = "Portal organizacji pozarządowych"
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
# Pages have an English tree beside the Polish one (served under /en/; see home.i18n).
WAGTAIL_I18N_ENABLED = True
# ASCII slugs, Polish letters transliterated (ń → n, ł → l) as the rest of the project's addresses.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILDOCS_DOCUMENT_MODEL = "home.LibraryDocument"
WAGTAILDOCS_EXTENSIONS = ["csv", "doc", "docx", "odt", "ods", "pdf", "rtf", "txt", "xls", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAIL_PASSWORD_RESET_ENABLED = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = [("pl", "Polski"), ("en", "English")]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]

# Coordinates in the admin (wagtailgeowidget) use Leaflet with OpenStreetMap tiles.
GEO_WIDGET_DEFAULT_LOCATION = {"lat": 52.2297, "lng": 21.0122}
GEO_WIDGET_ZOOM = 12
MAP_TILE_URL = env.str("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
GEO_WIDGET_LEAFLET_TILE_LAYER = MAP_TILE_URL
MAP_TILE_ATTRIBUTION = env.str(
    "MAP_TILE_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
# The city's bounding box (south, west, north, east): places must lie inside it.
CITY_BOUNDS = (52.0977, 20.8516, 52.3681, 21.2711)
CITY_CENTRE = (52.2297, 21.0122)

# How long an anonymous page stays in the page cache; publishing clears it sooner.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (portal/csp.py): scripts, styles and frames from this host only,
# images also from MAP_TILE_URL's host. Where violations are reported (optional), and
# sources to add per directive, e.g. {"frame-src": ["https://www.youtube-nocookie.com"]}.
CSP_REPORT_URI = env.str("CSP_REPORT_URI", default="")
CSP_EXTRA_SOURCES: dict[str, list[str]] = {}

# Security events (portal.security_log) as one JSON object per line, to stderr or to
# SECURITY_LOG_FILE, so that a log shipper indexes them without parsing prose.
SECURITY_LOG_FILE = env.str("SECURITY_LOG_FILE", default="")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"security_json": {"()": "portal.security_log.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "security": (
            {
                "class": "logging.handlers.WatchedFileHandler",
                "filename": SECURITY_LOG_FILE,
                "formatter": "security_json",
            }
            if SECURITY_LOG_FILE
            else {"class": "logging.StreamHandler", "formatter": "security_json"}
        ),
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        "portal.security": {"handlers": ["security"], "level": "INFO", "propagate": False},
    },
}

# Where to report a vulnerability: the README and /.well-known/security.txt name it.
SECURITY_CONTACT_EMAIL = env.str("SECURITY_CONTACT_EMAIL", default="bezpieczenstwo@um.warszawa.pl")
