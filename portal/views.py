"""Views of the site itself: health checks for load balancers, the 403 handler, security.txt."""

import logging
import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpResponse
from django.utils import timezone
from django.views import defaults
from django.views.decorators.cache import never_cache

from .permissions import refused_action
from .security_log import log_security_event

# Each dependency gets this long; the checks run side by side, so /healthz answers
# within about this time even when one of them hangs.
CHECK_TIMEOUT = 2.0

# A hung check keeps its thread until the socket gives up; a small fixed pool means
# that a stuck dependency makes later checks report a timeout instead of piling up threads.
_executor = ThreadPoolExecutor(max_workers=6, thread_name_prefix="healthz")


def health_live(request):
    """Liveness: the process answers. No I/O, so it is also the floor measured by bench/."""
    return HttpResponse("ok\n", content_type="text/plain")


def check_database() -> None:
    """``SELECT 1`` through a fresh connection whose connect and statement are time-limited."""
    connection = connections.create_connection(DEFAULT_DB_ALIAS)
    if connection.vendor == "postgresql":
        options = dict(connection.settings_dict.get("OPTIONS") or {})
        options["connect_timeout"] = max(1, int(CHECK_TIMEOUT))
        options["options"] = f"{options.get('options', '')} -c statement_timeout={int(CHECK_TIMEOUT * 1000)}"
        connection.settings_dict = {**connection.settings_dict, "OPTIONS": options}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            if cursor.fetchone()[0] != 1:
                raise RuntimeError("unexpected answer")
    finally:
        connection.close()


def check_cache() -> None:
    """Write a fresh key and read it back: a cache that accepts writes but loses them fails."""
    cache = caches["default"]
    key = f"healthz:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("value not read back")
    finally:
        cache.delete(key)


def broker_in_use() -> bool:
    return bool(settings.CELERY_BROKER_URL) and not settings.CELERY_TASK_ALWAYS_EAGER


def check_broker() -> None:
    """Open and close one connection to the Celery broker (kombu), without retrying."""
    from kombu import Connection

    with Connection(
        settings.CELERY_BROKER_URL,
        connect_timeout=CHECK_TIMEOUT,
        transport_options={"socket_timeout": CHECK_TIMEOUT, "socket_connect_timeout": CHECK_TIMEOUT},
    ) as connection:
        connection.ensure_connection(max_retries=1, interval_start=0, timeout=CHECK_TIMEOUT)


def _checks() -> dict:
    checks = {"database": check_database, "cache": check_cache}
    if broker_in_use():
        checks["broker"] = check_broker
    return checks


@never_cache
def health(request):
    """Readiness for a load balancer: 200 when the database, the cache and (when tasks go
    through one) the broker answer; 503 naming what failed. Error texts are not shown:
    they may hold host names or credentials."""
    futures = {name: _executor.submit(check) for name, check in _checks().items()}
    wait_for(futures.values(), timeout=CHECK_TIMEOUT + 0.5)
    lines, failed = [], []
    for name, future in futures.items():
        if not future.done():
            future.cancel()
            failed.append(name)
            lines.append(f"{name}: timed out")
        elif future.exception() is not None:
            failed.append(name)
            lines.append(f"{name}: failed ({type(future.exception()).__name__})")
        else:
            lines.append(f"{name}: ok")
    if failed:
        logging.getLogger(__name__).error("health check failed: %s", ", ".join(failed))
        head = "failed: " + ", ".join(failed)
        return HttpResponse("\n".join([head, *lines]) + "\n", content_type="text/plain", status=503)
    return HttpResponse("\n".join(["ok", *lines]) + "\n", content_type="text/plain")


def log_permission_refused(request, reason) -> None:
    """Write a "permission_refused" security event, with the action ``can`` refused for
    ``reason`` in this request. For views that render their own 403 page instead of raising
    ``PermissionDenied`` (which ``permission_denied`` below logs by itself)."""
    log_security_event(
        "permission_refused",
        request=request,
        action=refused_action(PermissionDenied(reason)),
        reason=str(reason),
        method=request.method,
    )


def permission_denied(request, exception=None):
    """``handler403``: every refusal that became a 403 is a security event, with the action
    ``portal.permissions.can`` refused (when the refusal came from it)."""
    reason = exception.args[0] if exception is not None and exception.args else ""
    log_permission_refused(request, reason)
    return defaults.permission_denied(request, exception)


def security_txt(request):
    """RFC 9116: where to report a vulnerability (``SECURITY_CONTACT_EMAIL``). The file is
    generated, so Expires stays about six months ahead instead of lapsing unnoticed."""
    expires = (timezone.now() + timedelta(days=180)).replace(hour=0, minute=0, second=0, microsecond=0)
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    lines = [
        f"Contact: mailto:{settings.SECURITY_CONTACT_EMAIL}",
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: pl, en",
        f"Canonical: {base}/.well-known/security.txt",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
