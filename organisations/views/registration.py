"""A person creates an account and confirms the e-mail address."""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import urlencode, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.ratelimit import RateLimited, check_rate_limit
from portal.redirects import safe_next_url
from portal.security_log import client_ip

from .. import services
from ..forms import PersonRegistrationForm, ResendVerificationForm
from ..models import User

# (requests, seconds) per IP address and per e-mail address: enough for a person's mistakes and a
# second try, not for sending mail to strangers or probing addresses.
REGISTER_LIMITS = {"per_ip": (10, 3600), "per_target": (3, 3600)}
RESEND_LIMITS = {"per_ip": (10, 3600), "per_target": (3, 3600)}


@require_http_methods(["GET", "POST"])
def register(request):
    """Step one for an NGO person: an account; the organisation (or an invitation) follows."""
    if request.user.is_authenticated:
        return redirect("organisation_account:register")
    next_url = safe_next_url(request, "")
    form = PersonRegistrationForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            check_rate_limit(scope="register", ip=client_ip(request), target=data["email"], **REGISTER_LIMITS)
        except RateLimited as limited:
            form.add_error(None, limited.message)
            context = {"form": form, "next": next_url}
            return render(request, "organisations/register.html", context, status=429)
        # The same answer whether or not the address has an account (the holder gets an e-mail).
        services.person_register(
            email=data["email"],
            password=data["password1"],
            first_name=data["first_name"],
            last_name=data["last_name"],
        )
        request.session["registration_next"] = next_url
        return redirect(f"{reverse('accounts:registration_sent')}?{urlencode({'email': data['email']})}")
    return render(request, "organisations/register.html", {"form": form, "next": next_url})


def registration_sent(request):
    return render(
        request,
        "organisations/registration_sent.html",
        {"email": request.GET.get("email", ""), "form": ResendVerificationForm()},
    )


@require_http_methods(["POST"])
def resend_verification(request):
    form = ResendVerificationForm(request.POST)
    if form.is_valid():
        email = form.cleaned_data["email"]
        try:
            check_rate_limit(scope="resend", ip=client_ip(request), target=email, **RESEND_LIMITS)
        except RateLimited as limited:
            form.add_error(None, limited.message)
            return render(request, "organisations/registration_sent.html", {"form": form}, status=429)
        services.person_resend_verification(email=form.cleaned_data["email"])
        # The same answer for any address, so the form does not reveal who has an account.
        messages.success(request, _("If that address waits for confirmation, we have sent the link again."))
        return redirect(f"{reverse('accounts:registration_sent')}?{urlencode({'email': email})}")
    return render(request, "organisations/registration_sent.html", {"form": form}, status=400)


def verify_email(request, uidb64, token):
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        user = None
    if user is None or not services.person_verify_email(user=user, token=token):
        return render(
            request, "organisations/verify_failed.html", {"form": ResendVerificationForm()}, status=400
        )
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Your e-mail address is confirmed and your account is active."))
    next_url = request.session.pop("registration_next", "")
    return redirect(next_url or reverse("organisation_account:register"))
