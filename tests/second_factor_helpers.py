"""Signing staff in for tests, with the second factor confirmed as a real login would.

Every view refuses staff without a confirmed one-time code
(``portal/second_factor.py``); tests that are about something else sign in with
``verified_login`` instead of ``client.force_login``.
"""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.second_factor import second_factor_required


def verified_login(client, user):
    """``client.force_login(user)``, plus a confirmed authenticator marked as used in
    this session (what ``django_otp.login`` records after a right code)."""
    client.force_login(user)
    if second_factor_required(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
