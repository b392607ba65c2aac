from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

# Paths under the admin a person must reach before the second factor.
_ADMIN_OPEN_PATHS = ("/admin/login/", "/admin/logout/", "/admin/password_reset/", "/admin/jsi18n/")


class SecondFactorGateMiddleware:
    """Keep the Wagtail admin closed to staff until they confirm a second factor.

    wagtail-2fa does not start on Wagtail 8, so this small gate stands in front of
    ``/admin/``: a signed-in person whose roles require two-factor login and who
    has not verified a one-time code in this session is sent to set up or enter it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith("/admin/") and not path.startswith(_ADMIN_OPEN_PATHS):
            user = request.user
            if user.is_authenticated and user.requires_second_factor and not user.is_verified():
                from django_otp import devices_for_user

                has_device = any(True for _ in devices_for_user(user, confirmed=True))
                target = "accounts:otp_verify" if has_device else "accounts:otp_setup"
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse(target)}?{query}")
        return self.get_response(request)
