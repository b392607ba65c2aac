"""A lockout that holds: every spelling of an address counts against one lock, on the site's and the
admin's login, a success through another spelling neither gets in nor clears the lock, and the page
says at what time signing in works again."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD

pytestmark = pytest.mark.django_db

ADDRESS = "anna@example.org"
VARIANTS = [
    "Anna@Example.org",
    " anna@example.org ",
    "ANNA@EXAMPLE.ORG",
    "ａｎｎａ@example.org",  # full-width letters
    "anna@example.org",
]
SITE_LOGIN = "/konto/logowanie/"
ADMIN_LOGIN = "/admin/login/"


def _fail(client, url, username):
    return client.post(url, {"username": username, "password": "zle-haslo"})


@pytest.fixture
def anna(make_user):
    return make_user(email=ADDRESS)


def test_failures_with_different_spellings_add_up_to_one_lockout(client, anna, settings):
    assert reverse("accounts:login") == SITE_LOGIN
    for variant in VARIANTS[: settings.AXES_FAILURE_LIMIT]:
        _fail(client, SITE_LOGIN, variant)
    response = client.post(SITE_LOGIN, {"username": ADDRESS, "password": PASSWORD})
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("url", [SITE_LOGIN, ADMIN_LOGIN])
def test_after_a_lockout_no_spelling_logs_in_on_any_login_page(client, anna, settings, variant, url):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, SITE_LOGIN, ADDRESS)
    response = client.post(url, {"username": variant, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_on_the_admin_login_count_for_the_site_login_too(client, anna, settings):
    for variant in VARIANTS[: settings.AXES_FAILURE_LIMIT]:
        _fail(client, ADMIN_LOGIN, variant)
    response = client.post(SITE_LOGIN, {"username": ADDRESS, "password": PASSWORD})
    assert response.status_code == 429


def test_a_correct_password_through_a_variant_does_not_clear_the_lock(client, anna, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, SITE_LOGIN, ADDRESS)
    client.post(SITE_LOGIN, {"username": "ANNA@example.org", "password": PASSWORD})
    client.post(ADMIN_LOGIN, {"username": " Anna@Example.org", "password": PASSWORD})
    assert AccessAttempt.objects.filter(username=ADDRESS).exists()
    response = client.post(SITE_LOGIN, {"username": ADDRESS, "password": PASSWORD})
    assert response.status_code == 429


def test_before_a_lockout_any_spelling_signs_in(client, anna):
    response = client.post(SITE_LOGIN, {"username": " ＡＮＮＡ@Example.ORG ", "password": PASSWORD})
    assert response.status_code == 302
    assert response.wsgi_request.user == anna


def test_the_lockout_page_says_at_what_time_signing_in_works_again(client, anna, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, SITE_LOGIN, ADDRESS)
    response = client.post(SITE_LOGIN, {"username": ADDRESS, "password": PASSWORD})
    last = AccessAttempt.objects.get(username=ADDRESS).attempt_time
    until = timezone.localtime(last + timedelta(hours=settings.AXES_COOLOFF_TIME)).strftime("%H:%M")
    page = response.content.decode()
    assert "Logowanie chwilowo zablokowane" in page
    assert f"logowanie jest zablokowane do godziny {until} (jeszcze przez 15 minut)" in page


def test_a_lockout_is_logged_as_a_security_event(client, anna, settings, caplog):
    with caplog.at_level(logging.WARNING, logger="portal.security"):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _fail(client, SITE_LOGIN, "Anna@Example.org")
    records = [r for r in caplog.records if getattr(r, "security", {}).get("event") == "lockout"]
    assert len(records) == 1
    assert records[0].security["username"] == ADDRESS


def test_addresses_are_stored_in_the_normalised_form(make_user):
    from organisations.models import User

    user = User.objects.create_user(" Ola@Example.ORG", PASSWORD)
    assert user.email == "ola@example.org"
    assert User.objects.get_by_natural_key("ＯＬＡ@example.org ") == user
