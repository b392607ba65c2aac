"""One form of the login identifier for django-axes and for authentication, and the lockout page.

Without it "Ala@Example.pl" and "ala@example.pl " were two lock keys in django-axes: an attacker
got five tries per spelling, and a success through another spelling cleared the lock. Every login
path (the site's /konto/logowanie/ and Wagtail's /admin/login/) calls ``authenticate()``, which
asks axes (``AXES_USERNAME_CALLABLE`` = ``axes_username``) and then the user manager
(``get_by_natural_key``); both normalise with ``normalise_login``.
"""

import unicodedata

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import time_format

from portal.security_log import log_security_event


def normalise_login(value) -> str:
    """The identifier as stored: NFKC (full-width letters become ASCII), stripped, case-folded."""
    if not isinstance(value, str):
        return ""
    return unicodedata.normalize("NFKC", value).strip().casefold()


def axes_username(request, credentials=None) -> str:
    """AXES_USERNAME_CALLABLE: the normalised identifier from the credentials or the POST."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        return normalise_login(credentials.get(field))
    data = getattr(request, "data", None) or getattr(request, "POST", {})
    return normalise_login(data.get(field))


def lockout_ends_at(request, credentials=None):
    """When the lock for this identifier and address ends: the last failure plus the cool-off."""
    from axes.helpers import get_client_ip_address, get_cool_off
    from axes.models import AccessAttempt

    cool_off = get_cool_off(request)
    last = (
        AccessAttempt.objects.filter(
            username=axes_username(request, credentials),
            ip_address=getattr(request, "axes_ip_address", None) or get_client_ip_address(request),
        )
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    return (last or timezone.now()) + cool_off


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the lockout page, saying at what time signing in works again."""
    ends_at = timezone.localtime(lockout_ends_at(request, credentials))
    minutes = max(1, -(-int((ends_at - timezone.now()).total_seconds()) // 60))
    context = {"until": time_format(ends_at, "H:i"), "minutes": minutes}
    return render(request, "accounts/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


def log_lockout(sender, request, username, ip_address, **kwargs):
    """axes ``user_locked_out``: one security record per lockout, for the operators."""
    log_security_event("lockout", request=request, username=username, ip_address=ip_address)
