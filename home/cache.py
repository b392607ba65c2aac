"""A whole-page cache for anonymous visitors, cleared whenever content changes.

Anonymous visitors see the same page, so it is rendered once and answered from
the cache until an editor publishes, unpublishes, moves or deletes a page, or
changes a document, the menu or the footer (see ``home.signals``). Every such
change bumps one generation number that is part of every key, so the whole site
is invalidated at once: menus and the home page's highlights depend on many pages.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

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


def invalidate_page_cache() -> None:
    """Forget every cached page (one cache write)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, time.time_ns(), None)


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
    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = settings.PAGE_CACHE_SECONDS

    def __call__(self, request):
        if not self.timeout or not _request_is_cacheable(request):
            return self.get_response(request)
        key = _key(request, current_generation())
        cached = cache.get(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _response_is_cacheable(response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in ("set-cookie", "x-page-cache")]
            cache.set(key, (response.content, headers), self.timeout)
            response["X-Page-Cache"] = "miss"
        return response
