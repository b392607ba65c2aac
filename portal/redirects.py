"""Where to send a person after a form: the page they came from, if it is safely ours."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request, default: str) -> str:
    """The ``next`` address of the request (POST, then GET) when it is a path on this site.

    Only a path starting with one ``/`` is taken: a full address of another host, a scheme
    (``javascript:``) or a bare word is refused. A bare word matters too: Django's
    ``redirect()`` would try it as a view name and answer 500 (``next=-Infinity``).
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and not target.startswith("//")
        and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    ):
        return target
    return default
