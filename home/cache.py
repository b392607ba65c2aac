"""A whole-page cache for anonymous visitors, cleared whenever content changes.

Anonymous visitors see the same page, so it is rendered once and answered from
the cache until an editor publishes, unpublishes, moves or deletes a page, or
changes a document, the menu or the footer (see ``home.signals``). Every such
change bumps one generation number that is part of every key, so the whole site
is invalidated at once: menus and the home page's highlights depend on many pages.

The same generation keys smaller, per-process caches (``GenerationMemo``) that
make pages cheap to render when the page cache misses (signed-in people, new
generations, query strings): the Site of a host, the menu and footer, rendered
page bodies, the FAQ and the like. The middleware reads the generation once per
request; a publish seen by any process reaches every process on its next request.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.http.request import split_domain_port

GENERATION_KEY = "pagecache:generation"
_SKIPPED_PREFIXES = ("/admin/", "/konto/", "/en/konto/", "/documents/", "/static/", "/media/", "/healthz")
_USER_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")


def current_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # A timestamp, so a generation evicted from the cache is never reused.
        cache.add(GENERATION_KEY, time.time_ns(), None)
        generation = cache.get(GENERATION_KEY, 0)
    return generation


def _bump_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, time.time_ns(), None)
    _request.generation = None  # this request, too, sees the new generation


def invalidate_page_cache() -> None:
    """Forget every cached page and memo (one cache write, and one more on commit).

    Inside a transaction the generation is bumped again when it commits: a request
    that read the new generation before the commit may have cached what it saw of
    the old data under it.
    """
    _bump_generation()
    if connection.in_atomic_block:
        transaction.on_commit(_bump_generation)


# --- per-process caches keyed on the generation -------------------------------------------------------

_request = threading.local()  # .generation: read at most once per request
_MISSING = object()
MEMO_SECONDS = 600  # like the page cache: bounds what no signal reports (e.g. a replaced image file)


def request_generation() -> int:
    """The current generation, read once per request (on every call outside one)."""
    generation = getattr(_request, "generation", None)
    if generation is None:
        generation = current_generation()
        if getattr(_request, "active", False):
            _request.generation = generation
    return generation


class GenerationMemo:
    """Values computed at most once per process and generation (and ``MEMO_SECONDS``).

    For data every visitor sees alike, which changes only when the generation
    does. The newest ``maxsize`` entries are kept. Never store anything a request
    may change: callers get the same object back.
    """

    def __init__(self, maxsize: int):
        self.maxsize = maxsize
        self._entries: OrderedDict[Hashable, tuple[int, float, Any]] = OrderedDict()
        self._generation = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The value for ``key``, computed (and kept) if this generation has none yet."""
        value = self.peek(key, _MISSING)
        if value is _MISSING:
            value = compute()
            self.set(key, value)
        return value

    def peek(self, key: Hashable, default: Any = None) -> Any:
        generation = request_generation()
        with self._lock:
            if generation != self._generation:  # a new generation: drop the old entries
                self._entries.clear()
                self._generation = generation
            entry = self._entries.get(key)
            if entry is None or entry[0] != generation or entry[1] < time.monotonic():
                return default
            self._entries.move_to_end(key)
            return entry[2]

    def set(self, key: Hashable, value: Any) -> None:
        generation = request_generation()
        with self._lock:
            if generation != self._generation:  # computed under an older generation: keep nothing
                return
            self._entries[key] = (generation, time.monotonic() + MEMO_SECONDS, value)
            self._entries.move_to_end(key)
            if len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def memo_key(request, *parts) -> tuple | None:
    """A memo key for what ``request`` shows: its site and language plus ``parts``.

    None when nothing may be memoised: no request, or a preview (a draft must never be kept).
    """
    from django.utils import translation
    from wagtail.models import Site

    if request is None or getattr(request, "is_preview", False):
        return None
    site = Site.find_for_request(request)
    return (site.pk if site else None, translation.get_language(), *parts)


def memoise_for_request(memo: GenerationMemo, request, parts: tuple, compute: Callable[[], Any]) -> Any:
    key = memo_key(request, *parts)
    return compute() if key is None else memo.get(key, compute)


_sites = GenerationMemo(maxsize=64)


def _site_for_request(request):
    """``Site.find_for_request`` without its query, from a per-host memo (Site saves bump the generation)."""
    from wagtail.models import Site

    key = (split_domain_port(request._get_raw_host())[0], request.get_port())

    def find():
        site = Site._find_for_request(request)
        if site is None:
            return None
        return {field.attname: getattr(site, field.attname) for field in Site._meta.concrete_fields}

    fields = _sites.get(key, find)
    # A new instance per request: nothing a request caches on it leaks into the next one.
    return None if fields is None else Site.from_db(Site.objects.db, list(fields), list(fields.values()))


def _site_root_paths():
    from wagtail.models import Site

    return _sites.get("site root paths", Site.get_site_root_paths)


def _request_is_cacheable(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.path_info.startswith(_SKIPPED_PREFIXES)
        and not any(name in request.COOKIES for name in _USER_COOKIES)
    )


def _response_is_cacheable(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith("text/html")
        and "private" not in response.get("Cache-Control", "")
        and "no-cache" not in response.get("Cache-Control", "")
    )


def _key(request, generation: int) -> str:
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"pagecache:{generation}:{hashlib.sha256(url.encode()).hexdigest()}"


class AnonymousPageCacheMiddleware:
    """Answers anonymous GETs from the page cache; on a miss, primes the cheap lookups.

    Before the view runs it reads the generation once for the whole request, hands
    Wagtail the Site and its root paths from per-process memos, and (``process_view``)
    the page this address led to last time (``home.routing``).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = settings.PAGE_CACHE_SECONDS

    def __call__(self, request):
        _request.active, _request.generation = True, None
        try:
            return self._respond(request)
        finally:
            _request.active, _request.generation = False, None

    def process_view(self, request, view_func, view_args, view_kwargs):
        from .routing import prime_route

        prime_route(request, view_func, view_args, view_kwargs)

    def _respond(self, request):
        if not self.timeout or not _request_is_cacheable(request):
            return self._render(request)
        key = _key(request, request_generation())
        cached = cache.get(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self._render(request)
        if _response_is_cacheable(response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in ("set-cookie", "x-page-cache")]
            cache.set(key, (response.content, headers), self.timeout)
            response["X-Page-Cache"] = "miss"
        return response

    def _render(self, request):
        """The rest of the stack, with the Site and (see ``home.routing``) the page looked up cheaply."""
        from .routing import remember_route

        if not request.path_info.startswith(_SKIPPED_PREFIXES):  # where Wagtail's own lookups will do
            request._wagtail_site = _site_for_request(request)
            # What {% pageurl %} reads from the cache on every request (Site saves bump the generation).
            request._wagtail_cached_site_root_paths = _site_root_paths()
        response = self.get_response(request)
        remember_route(request)
        return response
