"""Roles and the second factor of a login."""

import secrets

from django.contrib.auth.models import Group
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..choices import ROLE_GROUPS, Role

BACKUP_CODE_COUNT = 10


def user_grant_role(*, user, role: Role) -> None:
    """Give ``user`` a role held through a group (every role but NGO member)."""
    if role == Role.NGO_MEMBER:
        raise ValueError("NGO membership comes from an organisation, not a group")
    group, _ = Group.objects.get_or_create(name=ROLE_GROUPS[role])
    user.groups.add(group)
    user.__dict__.pop("roles", None)


def totp_device_for_enrolment(*, user) -> TOTPDevice:
    """The unconfirmed authenticator device a person is setting up (made once)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Aplikacja uwierzytelniająca", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm ``device`` if ``token`` is right; return fresh backup codes, else None."""
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return backup_codes_issue(user=device.user)


class SecondFactorThrottled(Exception):
    """Every device of the person is locked for a moment after wrong codes."""


def second_factor_match(*, user, token: str):
    """The confirmed device that accepts ``token``, or None.

    Raises ``SecondFactorThrottled`` when no device may be tried yet: django-otp
    locks a device for a growing number of seconds after each wrong code, and a
    person must be told to wait rather than that a correct code is wrong.
    """
    devices = list(devices_for_user(user, confirmed=True))
    allowed = [device for device in devices if device.verify_is_allowed()[0]]
    if devices and not allowed:
        raise SecondFactorThrottled
    for device in allowed:
        if device.verify_token(token):
            return device
    return None


@transaction.atomic
def backup_codes_issue(*, user) -> list[str]:
    """Replace a person's one-time backup codes, for when the phone is lost."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Kody zapasowe")
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
