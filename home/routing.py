"""Serve a Wagtail page with one query instead of two per URL segment.

Wagtail finds a page by walking the tree from the site's root, one child
lookup and one ``.specific`` query per segment of the address. Where that walk
ended is the same for every request until the tree changes, and every change
to it (publish, unpublish, move, slug change, delete) bumps the page-cache
generation. So the first request for an address records the page it led to, and
later requests in the same generation load just that page and hand it to
Wagtail's ``serve`` view as the already-computed route
(``request._wagtail_route_for_request``, which Wagtail reads first).

Only plain routes are recorded: a page whose ``url_path`` is the address, served
without extra arguments. Routable pages, custom ``route()`` methods and 404s
always take Wagtail's own path.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import translation
from wagtail.models import Site
from wagtail.url_routing import RouteResult
from wagtail.views import serve as wagtail_serve

from .cache import GenerationMemo
from .i18n import localize_pages

_routes = GenerationMemo(maxsize=5000)


def _key(request, path: str):
    site = Site.find_for_request(request)
    if site is None:
        return None
    return (site.pk, site.root_page_id, translation.get_language(), path)


def prime_route(request, view_func, view_args, view_kwargs) -> None:
    """Before Wagtail's serve view: load the page this address led to last time (one query)."""
    if view_func is not wagtail_serve or request.method not in ("GET", "HEAD"):
        return
    path = view_args[0] if view_args else view_kwargs.get("path", "")
    key = _key(request, path)
    if key is None:
        return
    request._home_route_key = key
    known = _routes.peek(key)
    if known is None:
        return
    content_type_id, page_id = known
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    page = model._default_manager.filter(pk=page_id, live=True).first() if model else None
    if page is not None:
        request._wagtail_route_for_request = RouteResult(page)
        request._home_route_primed = True


def remember_route(request) -> None:
    """After the view: record where Wagtail's own routing led, if it was a plain route."""
    key = getattr(request, "_home_route_key", None)
    if key is None or getattr(request, "_home_route_primed", False):
        return
    result = getattr(request, "_wagtail_route_for_request", None)
    if not isinstance(result, RouteResult) or result.args or result.kwargs:
        return
    page, site = result.page, Site.find_for_request(request)
    # On /en/ Wagtail routes from the root page's English translation, as here.
    root = localize_pages([site.root_page])[site.root_page_id] if site is not None else None
    if root is None or not page.live:
        return
    components = [c for c in key[3].split("/") if c]
    expected = root.url_path + "".join(f"{c}/" for c in components)
    if page.url_path == expected:
        _routes.set(key, (page.content_type_id, page.pk))
