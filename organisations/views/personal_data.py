"""A signed-in person's own data: see what is kept, download a copy, delete the account."""

import logging

from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from portal.security_log import log_security_event

from ..services import personal_data as service

WRONG_PASSWORD = _("The password is not correct.")
CONFIRM_REQUIRED = _("Tick the box to confirm that you want to delete your account.")
TOO_MANY_DOWNLOADS = _(
    "You have downloaded your data %(count)s times in the last hour. Try again in an hour; "
    "your data will not change in the meantime."
)
ACCOUNT_DELETED = _("Your account has been deleted. A confirmation has been sent to your former address.")

# Building the copy walks every table linked to the person; a few a day is all anyone needs.
DOWNLOADS_PER_HOUR = 5


class AccountDeleteForm(forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput, strip=False)
    confirm = forms.BooleanField(
        label=_("I understand that my account will be deleted and this cannot be undone."),
        required=True,
        error_messages={"required": CONFIRM_REQUIRED},
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = self.request.user
        # Through authenticate(), so that django-axes counts a wrong password here as it
        # does at the login page: a stolen session cannot guess its way to deleting the account.
        if authenticate(self.request, username=user.get_username(), password=password) != user:
            raise ValidationError(WRONG_PASSWORD, code="wrong_password")
        return password


@login_required
def overview(request):
    """What is kept about the person, the download button and the way to delete the account."""
    return render(
        request,
        "accounts/personal_data.html",
        {"refusals": service.erasure_refusals(user=request.user)},
    )


def _download_allowed(user) -> tuple[bool, int]:
    key = f"personal-data-downloads:{user.pk}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count <= DOWNLOADS_PER_HOUR, count - 1


@login_required
@require_POST
def download(request):
    """The copy as a JSON file (RODO art. 15 and 20); each download is a security event."""
    allowed, done = _download_allowed(request.user)
    if not allowed:
        messages.error(request, TOO_MANY_DOWNLOADS % {"count": done})
        response = render(
            request,
            "accounts/personal_data.html",
            {"refusals": service.erasure_refusals(user=request.user)},
            status=429,
        )
        response["Retry-After"] = "3600"
        return response
    body = service.personal_data_json(user=request.user)
    log_security_event("personal_data_export", request=request, level=logging.INFO, size=len(body))
    filename = f"moje-dane-{timezone.localdate().isoformat()}.json"
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete(request):
    """Delete (anonymise) the account after the password is confirmed."""
    refusals = service.erasure_refusals(user=request.user)
    form = AccountDeleteForm(request.POST or None, request=request)
    if request.method == "POST" and not refusals and form.is_valid():
        user = request.user
        try:
            service.person_erase(user=user, language=translation.get_language() or "pl")
        except ValidationError as error:
            refusals = error.messages
        else:
            user.refresh_from_db()  # the log names the anonymised account, not the erased address
            log_security_event("account_erased", request=request, level=logging.INFO)
            logout(request)
            messages.success(request, ACCOUNT_DELETED)
            return redirect("personal_data:deleted")
    return render(
        request,
        "accounts/personal_data_delete.html",
        {"form": form, "refusals": refusals},
        status=409 if refusals and request.method == "POST" else 200,
    )


def deleted(request):
    """Where a person lands after deleting their account (signed out by then)."""
    return render(request, "accounts/personal_data_deleted.html")
