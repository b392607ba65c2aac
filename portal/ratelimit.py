"""Rate limits for anonymous forms (registration, password reset, comments…), counted in the cache.

Fixed windows: the first request of a window creates its counter with ``cache.add`` (atomic) and
every request increments it with ``cache.incr`` (atomic in Redis and memcached), so concurrent
requests cannot both see a free slot. Two counters per call: one per IP address (one machine
hammering a form) and one per target (many machines aiming at one e-mail address). When the cache
is down the limit fails open and says so in the log: a broken cache must not lock residents out.
"""

import hashlib
import logging
import time

from django.core.cache import cache
from django.utils.translation import ngettext_lazy

logger = logging.getLogger(__name__)

TRY_AGAIN_IN_MINUTES = ngettext_lazy(
    "Too many attempts. Try again in %(minutes)s minute.",
    "Too many attempts. Try again in %(minutes)s minutes.",
    "minutes",
)
TRY_AGAIN_IN_SECONDS = ngettext_lazy(
    "Too many attempts. Try again in %(seconds)s second.",
    "Too many attempts. Try again in %(seconds)s seconds.",
    "seconds",
)


class RateLimited(Exception):
    """Too many requests in the window; ``retry_after`` seconds until the next is accepted."""

    def __init__(self, retry_after: int):
        self.retry_after = max(1, int(retry_after))
        super().__init__(f"rate limited, retry after {self.retry_after} s")

    @property
    def message(self) -> str:
        # Rendered when read, so it comes out in the language active for the response.
        if self.retry_after < 60:
            return TRY_AGAIN_IN_SECONDS % {"seconds": self.retry_after}
        minutes = -(-self.retry_after // 60)
        return TRY_AGAIN_IN_MINUTES % {"minutes": minutes}


def _key(scope: str, kind: str, value: str) -> str:
    # Hashed: keys stay short and the cache never holds e-mail addresses in clear.
    digest = hashlib.sha256(value.strip().casefold().encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{kind}:{digest}"


def _hit(key: str, limit: tuple[int, int], now: float) -> int | None:
    """Counts one request; the seconds to wait when over the limit, else None."""
    count, seconds = limit
    window_start = int(now // seconds) * seconds
    full_key = f"{key}:{window_start}"
    # The counter lives a little longer than its window so an increment never meets a
    # just-expired key; the next window has a new key anyway.
    cache.add(full_key, 0, timeout=seconds + 5)
    try:
        used = cache.incr(full_key)
    except ValueError:  # expired between add and incr: this request starts the counter
        cache.add(full_key, 1, timeout=seconds + 5)
        used = 1
    if used > count:
        return int(window_start + seconds - now) + 1
    return None


def check_rate_limit(
    *,
    scope: str,
    ip: str,
    target: str = "",
    per_ip: tuple[int, int] = (20, 3600),
    per_target: tuple[int, int] = (5, 3600),
) -> None:
    """Count one request of ``scope`` from ``ip`` aimed at ``target``; raise RateLimited if over.

    ``per_ip`` and ``per_target`` are (requests, seconds). The target (an e-mail address) is
    compared case-insensitively, so varying the letter case does not get more tries.
    """
    now = time.time()
    checks = [(_key(scope, "ip", ip or "unknown"), per_ip)]
    if target:
        checks.append((_key(scope, "target", target), per_target))
    waits = []
    try:
        for key, limit in checks:
            wait = _hit(key, limit, now)
            if wait is not None:
                waits.append(wait)
    except Exception:
        logger.exception("Rate limit %s not checked: the cache is unavailable", scope)
        return
    if waits:
        raise RateLimited(max(waits))
