"""What every monitoring page shares: signed-in only, never cached, never indexed."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from organisations.services import organisation_of
from portal.permissions import can
from portal.security_log import log_security_event

from .permissions import is_monitoring_admin, monitoring_role


def private_page(view):
    """Sign-in required; the answer is neither stored by any cache nor indexed by search engines."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def current_organisation(request):
    """The organisation the person works for in the monitoring base (their membership)."""
    return organisation_of(request.user)


def allowed_or_403(request, action: str, obj=None) -> None:
    decision = can(request.user, action, obj)
    if not decision:
        log_security_event("permission_refused", request=request, action=action)
        raise PermissionDenied(decision.reason)


def render_page(request, template: str, context: dict | None = None, *, status: int = 200):
    """Render a monitoring page with what its navigation needs (the organisation and the person's role)."""
    context = dict(context or {})
    organisation = context.setdefault("organisation", current_organisation(request))
    context.setdefault("monitoring_role", monitoring_role(request.user, organisation))
    context.setdefault("is_monitoring_admin", is_monitoring_admin(request.user))
    context.setdefault("can_see_city", bool(can(request.user, "monitoring.city_report")))
    return render(request, template, context, status=status)


def form_refusal(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: by the field it names when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
