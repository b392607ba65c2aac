"""Content-Security-Policy: scripts only from our own static files.

Django 5.2 has no CSP of its own, and django-csp's per-request nonces would not
survive the anonymous page cache (``home.cache``): a cached page would carry an
old nonce under a fresh header. So the site has no inline scripts at all (data
for scripts travels in ``json_script``/``json_ld`` data blocks, which a browser
never runs), and one fixed policy fits every response, cached or not.

The Wagtail admin gets the same policy as report-only (the browser reports what
it would block, nothing breaks) plus the few directives that cannot break it.
"""

from urllib.parse import urlsplit

from django.conf import settings


def tile_source(url_template: str) -> str:
    """The CSP source for a Leaflet tile URL template: ``https://{s}.tile.x/{z}/…`` → ``https://*.tile.x``."""
    parts = urlsplit(url_template.replace("{s}", "subdomain"))
    if not parts.scheme or not parts.netloc:
        return ""  # tiles from our own host: 'self' covers them
    host = parts.netloc.replace("subdomain", "*")
    return f"{parts.scheme}://{host}"


def site_directives() -> dict[str, list[str]]:
    """The policy for every public and signed-in page (and the base of the admin's)."""
    images = ["'self'", "data:"]
    tiles = tile_source(settings.MAP_TILE_URL)
    if tiles:
        images.append(tiles)
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # style="" attributes (a few templates, Leaflet's markers) but no <style> elements.
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": images,
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
    for name, sources in getattr(settings, "CSP_EXTRA_SOURCES", {}).items():
        directives.setdefault(name, ["'self'"]).extend(sources)
    return directives


def admin_enforced_directives() -> dict[str, list[str]]:
    """What the admin enforces: nothing it needs, everything a page injection would use to escape.

    ``frame-ancestors 'self'``: the admin frames its own previews.
    """
    return {"object-src": ["'none'"], "base-uri": ["'self'"], "frame-ancestors": ["'self'"]}


def policy(directives: dict[str, list[str]]) -> str:
    header = "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())
    report_uri = getattr(settings, "CSP_REPORT_URI", "")
    return f"{header}; report-uri {report_uri}" if report_uri else header


def _is_admin(path: str) -> bool:
    return path.startswith("/admin/")


class ContentSecurityPolicyMiddleware:
    """Add the policy to every response but PDFs (a browser's built-in PDF viewer is a plugin,
    which ``object-src 'none'`` on the PDF's own response may refuse to start).

    Placed before the page cache, so a cached page gets today's policy too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("application/pdf"):
            return response
        # Built per response (microseconds), so settings changed at run time apply at once.
        site = site_directives()
        if _is_admin(request.path_info):
            report_only = dict(site, **{"frame-ancestors": ["'self'"]})
            response.headers.setdefault("Content-Security-Policy", policy(admin_enforced_directives()))
            response.headers.setdefault("Content-Security-Policy-Report-Only", policy(report_only))
        else:
            response.headers.setdefault("Content-Security-Policy", policy(site))
        return response
