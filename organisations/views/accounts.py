from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.emails import link_context
from portal.ratelimit import RateLimited, check_rate_limit
from portal.redirects import safe_next_url
from portal.security_log import client_ip, log_security_event

from .. import selectors, services
from ..forms import CODE_THROTTLED, INVALID_CODE, EmailAuthenticationForm, OneTimeCodeForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


def _grouped(secret: str) -> str:
    """The key in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
def profile(request):
    user = request.user
    context = {
        "memberships": selectors.memberships_of(user=user),
        "roles": sorted(user.roles, key=lambda role: role.label),
        "has_second_factor": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "is_verified": user.is_verified(),
    }
    return render(request, "accounts/profile.html", context)


@login_required
def otp_setup(request):
    """Set up an authenticator app: scan the QR code, confirm with one code."""
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect(
            f"{reverse('accounts:otp_verify')}?{urlencode({'next': safe_next_url(request, '/admin/')})}"
        )
    device = services.totp_device_for_enrolment(user=user)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_device_confirm(device=device, token=form.cleaned_data["token"])
        if codes is None:
            log_security_event("second_factor_failed", request=request, setup=True)
            form.add_error("token", INVALID_CODE)
        else:
            otp_login(request, device)
            messages.success(request, _("Two-step login is on. Keep your backup codes safe."))
            return render(
                request,
                "accounts/backup_codes.html",
                {"codes": codes, "next": safe_next_url(request, "/admin/")},
            )
    context = {
        "form": form,
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=5, title=_("QR code")),
        "secret": _grouped(b32encode(device.bin_key).decode().rstrip("=")),
        "next": safe_next_url(request, "/admin/"),
    }
    return render(request, "accounts/otp_setup.html", context)


@login_required
def otp_verify(request):
    """Second step of a staff login: a code from the app or a backup code."""
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.second_factor_match(user=request.user, token=form.cleaned_data["token"])
        except services.SecondFactorThrottled:
            log_security_event("second_factor_failed", request=request, throttled=True)
            form.add_error("token", CODE_THROTTLED)
        else:
            if device is not None:
                otp_login(request, device)
                return redirect(safe_next_url(request, "/admin/"))
            log_security_event("second_factor_failed", request=request)
            form.add_error("token", INVALID_CODE)
    return render(
        request, "accounts/otp_verify.html", {"form": form, "next": safe_next_url(request, "/admin/")}
    )


@login_required
@require_POST
def backup_codes_renew(request):
    if not request.user.is_verified():
        messages.error(request, _("Confirm a one-time code first, then renew your backup codes."))
        return redirect(f"{reverse('accounts:otp_verify')}?next={reverse('accounts:profile')}")
    codes = services.backup_codes_issue(user=request.user)
    return render(
        request, "accounts/backup_codes.html", {"codes": codes, "next": reverse("accounts:profile")}
    )


# (requests, seconds) per IP address and per e-mail address.
PASSWORD_RESET_LIMITS = {"per_ip": (10, 3600), "per_target": (3, 3600)}


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        try:
            check_rate_limit(
                scope="password_reset",
                ip=client_ip(self.request),
                target=form.cleaned_data["email"],
                **PASSWORD_RESET_LIMITS,
            )
        except RateLimited as limited:
            form.add_error(None, limited.message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        # The link in the e-mail points at the configured site address, not at whatever Host
        # header the request carried (a forged Host would send the reset token elsewhere).
        self.extra_email_context = link_context()
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
