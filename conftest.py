"""Fixtures shared by every app's tests and the cross-app tests in tests/."""

import pytest
from django.core.cache import cache
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from organisations.choices import Role
from organisations.services import user_grant_role
from organisations.tests.factories import MembershipFactory, OrganisationFactory, UserFactory

PASSWORD = "haslo-testowe-123"


@pytest.fixture(autouse=True)
def _default_language():
    # A request to an /en/ address leaves English active in the thread; the next test's
    # reverse() and gettext would then give English addresses and texts.
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_user(db):
    """make_user(role=None, **fields): a user with the given role (NGO member via a membership)."""

    def make(role=None, *, is_admin=False, organisation=None, **fields):
        user = UserFactory(**fields)
        if role == Role.NGO_MEMBER:
            MembershipFactory(
                user=user, organisation=organisation or OrganisationFactory(), is_admin=is_admin
            )
        elif role == "superuser":
            user.is_superuser = True
            user.is_staff = True
            user.save()
        elif role is not None:
            user_grant_role(user=user, role=role)
        return user

    return make


@pytest.fixture
def totp_device():
    """totp_device(user): a confirmed authenticator for ``user``; ``code(device)`` gives its token."""

    def make(user):
        return TOTPDevice.objects.create(user=user, name="test", confirmed=True)

    return make


def current_code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs what the code queued with ``transaction.on_commit`` (e-mails,
    PDFs, indexing), as a real commit would; plain ``db`` tests never commit."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def site_pages(db):
    from home.tests.factories import build_site

    return build_site()
