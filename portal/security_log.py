"""Security events as structured log records: who, from where, what happened.

One logger (``portal.security``) for every event an operator must be able to
find after an incident: lockouts, second-factor failures, refused permissions,
exports of personal data. Each record carries ``event``, ``user``, ``ip`` and
the event's own details in ``extra`` so that a JSON formatter or a log shipper
can index them without parsing the message.
"""

import json
import logging
from datetime import UTC, datetime

logger = logging.getLogger("portal.security")


def client_ip(request) -> str:
    """The caller's address as the web server saw it (a proxy sets REMOTE_ADDR)."""
    if request is None:
        return ""
    return request.META.get("REMOTE_ADDR", "") or ""


def log_security_event(event: str, *, request=None, user=None, level=logging.WARNING, **details) -> None:
    """Record one security event.

    ``event`` is a short stable name (``"lockout"``, ``"second_factor_failed"``,
    ``"permission_refused"``, ``"personal_data_export"``); ``details`` are plain
    values (ids, counts, paths), never passwords or tokens.
    """
    if user is None and request is not None:
        user = getattr(request, "user", None)
    username = ""
    user_id = None
    if user is not None and getattr(user, "is_authenticated", False):
        username = user.get_username()
        user_id = user.pk
    record = {
        "event": event,
        "user": username,
        "user_id": user_id,
        "ip": client_ip(request),
        "path": request.path if request is not None else "",
        **details,
    }
    summary = " ".join(f"{key}={value!r}" for key, value in record.items() if value not in ("", None))
    logger.log(level, "security %s", summary, extra={"security": record})


# The fields every JSON line has, in this order; the event's own values go under "details".
_TOP_LEVEL = ("event", "user", "ip", "path")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: timestamp, level, event, user, ip, path and details.

    Used by the ``portal.security`` logger in ``LOGGING``; a record logged without
    ``log_security_event`` still comes out as a valid line, its message in details.
    """

    def format(self, record: logging.LogRecord) -> str:
        security = dict(getattr(record, "security", None) or {})
        line = {
            "timestamp": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
        }
        for key in _TOP_LEVEL:
            line[key] = security.pop(key, "")
        if not line["event"]:
            security["message"] = record.getMessage()
        if record.exc_info:
            security["exception"] = self.formatException(record.exc_info)
        line["details"] = security
        return json.dumps(line, ensure_ascii=False, default=str)
