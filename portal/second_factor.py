"""The second factor wherever staff work: one gate in front of every view.

wagtail-2fa does not start on Wagtail 8, and per-view decorators miss the next
view someone adds. So a signed-in person whose roles let them read or change
other organisations' data (officials, committee members, editors, monitoring
administrators, staff and superusers) reaches no view at all, on the site
(``/konto/…``, ``/en/konto/…``) as in ``/admin/``, until they have confirmed a
one-time code in this session. Only the pages needed to get there, or to leave,
stay open (``OPEN_VIEWS``). The allow-list names views, not paths, so it holds in
every language and a new app is closed by default.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from organisations.choices import SECOND_FACTOR_ROLES

# What an unverified staff member may still open: signing in and out, setting up
# or confirming the code, resetting a forgotten password, choosing a language,
# and the health check and scripts' translations, which show nobody's data.
OPEN_VIEWS = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:otp_setup",
        "accounts:otp_verify",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_password_reset",
        "wagtailadmin_password_reset_done",
        "wagtailadmin_password_reset_confirm",
        "wagtailadmin_password_reset_complete",
        "wagtailadmin_javascript_catalog",
        "wagtailcore_login",
        "javascript-catalog",
        "set_language",
        "health",
    }
)

SENT_DATA_NOT_SAVED = _(
    "Confirm your one-time code first. What you sent was not saved: send it again after confirming."
)


def second_factor_required(user) -> bool:
    """Whether ``user`` must confirm a one-time code before working on the portal.

    Decided from the flags and groups, not from a list of views: superusers and anyone
    with admin access (``is_staff``), and every role in ``SECOND_FACTOR_ROLES``
    (officials, committee members, editors, monitoring administrators).
    """
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.is_staff or bool(user.roles & SECOND_FACTOR_ROLES)


def second_factor_url(request, next_url: str) -> str:
    """Where to confirm the code (or set up the app first), coming back to ``next_url``."""
    from django_otp import devices_for_user

    has_device = any(True for _device in devices_for_user(request.user, confirmed=True))
    target = "accounts:otp_verify" if has_device else "accounts:otp_setup"
    return f"{reverse(target)}?{urlencode({'next': next_url})}"


def _return_address(request) -> str:
    """The page to come back to: the one asked for, or, for a form sent, the page it came from.

    Coming back must not repeat a POST (it was never performed), and an action
    address that only accepts POST would answer 405 to the browser's GET.
    """
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.META.get("HTTP_REFERER", "")
    if url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        return referer
    return request.get_full_path()


class SecondFactorMiddleware:
    """Send staff who have not confirmed a one-time code to confirm it (or set it up).

    Works in ``process_view`` so that the URL has been resolved: the allow-list is
    matched by view name, whatever the language prefix. A POST is never performed;
    the person is told it was not saved and comes back to the form.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith(settings.STATIC_URL):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        user = getattr(request, "user", None)
        if user is None or not second_factor_required(user) or user.is_verified():
            return None
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            messages.warning(request, SENT_DATA_NOT_SAVED)
        return redirect(second_factor_url(request, _return_address(request)))
