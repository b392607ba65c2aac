import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, current_code
from organisations.choices import Role

pytestmark = pytest.mark.django_db


def test_email_is_the_login_and_is_case_insensitive(client, make_user):
    user = make_user(email="anna@example.org")
    response = client.post(reverse("accounts:login"), {"username": "Anna@Example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.wsgi_request.user == user


def test_wrong_password_gets_a_clear_polish_message_and_keeps_the_email(client, make_user):
    make_user(email="anna@example.org")
    response = client.post(reverse("accounts:login"), {"username": "anna@example.org", "password": "zle"})
    html = response.content.decode()
    assert "Nieprawidłowy adres e-mail lub hasło" in html
    assert 'value="anna@example.org"' in html


def test_failed_logins_are_throttled(client, make_user, settings):
    make_user(email="anna@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "anna@example.org", "password": "zle"})
    response = client.post(reverse("accounts:login"), {"username": "anna@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "Logowanie chwilowo zablokowane" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_password_reset_sends_a_polish_email(client, make_user):
    make_user(email="anna@example.org")
    response = client.post(reverse("accounts:password_reset"), {"email": "anna@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "nowego hasła" in mail.outbox[0].subject
    assert "/konto/haslo/reset/" in mail.outbox[0].body


@pytest.mark.parametrize(
    "role",
    [Role.EDITOR, Role.OFFICIAL, Role.COMMITTEE_MEMBER, Role.MONITORING_ADMIN, "superuser"],
)
def test_staff_roles_are_sent_to_set_up_a_second_factor_before_the_admin(client, make_user, role):
    client.force_login(make_user(role))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_setup"))


@pytest.mark.parametrize("role", [None, Role.NGO_MEMBER, Role.FACILITY_MANAGER])
def test_roles_without_admin_work_are_not_asked_for_a_second_factor(client, make_user, role):
    client.force_login(make_user(role))
    response = client.get("/admin/")
    # Wagtail itself refuses people without admin access; the gate stays out of the way.
    assert not response.get("Location", "").startswith("/konto/dwuetapowe/")


def test_staff_with_a_device_are_asked_for_the_code_then_let_in(client, make_user, totp_device, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the lock after a wrong code has its own test
    editor = make_user(Role.EDITOR)
    device = totp_device(editor)
    client.force_login(editor)
    response = client.get("/admin/pages/")
    assert response["Location"] == reverse("accounts:otp_verify") + "?next=%2Fadmin%2Fpages%2F"

    wrong = client.post(reverse("accounts:otp_verify"), {"token": "000000", "next": "/admin/pages/"})
    assert "Ten kod jest nieprawidłowy" in wrong.content.decode()

    right = client.post(
        reverse("accounts:otp_verify"), {"token": current_code(device), "next": "/admin/pages/"}
    )
    assert right["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_after_a_wrong_code_the_person_is_asked_to_wait_not_told_the_right_code_is_wrong(
    client, make_user, totp_device
):
    editor = make_user(Role.EDITOR)
    device = totp_device(editor)
    client.force_login(editor)
    client.post(reverse("accounts:otp_verify"), {"token": "000000"})

    too_soon = client.post(reverse("accounts:otp_verify"), {"token": current_code(device)})
    assert too_soon.status_code == 200
    assert "Odczekaj kilka sekund" in too_soon.content.decode()

    device.refresh_from_db()
    device.throttle_reset()  # the lock has run out
    assert client.post(reverse("accounts:otp_verify"), {"token": current_code(device)}).status_code == 302


def test_verify_refuses_to_redirect_to_another_site(client, make_user, totp_device):
    editor = make_user(Role.EDITOR)
    device = totp_device(editor)
    client.force_login(editor)
    response = client.post(
        reverse("accounts:otp_verify"), {"token": current_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/admin/"


def test_setting_up_the_authenticator_confirms_it_and_issues_backup_codes(client, make_user):
    official = make_user(Role.OFFICIAL)
    client.force_login(official)
    page = client.get(reverse("accounts:otp_setup"))
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=official, confirmed=False)

    bad = client.post(reverse("accounts:otp_setup"), {"token": "12ab56"})
    assert "Ten kod jest nieprawidłowy" in bad.content.decode()

    done = client.post(reverse("accounts:otp_setup"), {"token": current_code(device), "next": "/admin/"})
    device.refresh_from_db()
    assert device.confirmed
    assert StaticToken.objects.filter(device__user=official).count() == 10
    assert "Kody zapasowe" in done.content.decode()
    assert client.get("/admin/").status_code == 200


def test_a_backup_code_works_once(client, make_user, totp_device):
    from organisations.services import backup_codes_issue

    editor = make_user(Role.EDITOR)
    totp_device(editor)
    code = backup_codes_issue(user=editor)[0]
    client.force_login(editor)
    assert client.post(reverse("accounts:otp_verify"), {"token": code})["Location"] == "/admin/"
    client.logout()
    client.force_login(editor)
    again = client.post(reverse("accounts:otp_verify"), {"token": code})
    assert again.status_code == 200


def test_profile_lists_roles_and_organisations(client, make_user):
    member = make_user(Role.NGO_MEMBER, is_admin=True)
    client.force_login(member)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "Członek organizacji" in html
    assert member.memberships.get().organisation.name in html
    assert "administrator" in html


def test_profile_requires_login(client, db):
    response = client.get(reverse("accounts:profile"))
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_wrong_second_factor_code_is_logged_as_a_security_event_with_the_person(
    client, make_user, totp_device, caplog
):
    editor = make_user(Role.EDITOR, email="edyta@example.org")
    totp_device(editor)
    client.force_login(editor)
    with caplog.at_level("WARNING", logger="portal.security"):
        client.post(reverse("accounts:otp_verify"), {"token": "000000"}, REMOTE_ADDR="203.0.113.9")
    (record,) = [r for r in caplog.records if r.name == "portal.security"]
    assert record.security["event"] == "second_factor_failed"
    assert record.security["user"] == "edyta@example.org"
    assert record.security["ip"] == "203.0.113.9"


def test_the_password_reset_link_uses_the_site_address_not_the_request_host(client, make_user, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://ngo.um.warszawa.pl"
    make_user(email="basia@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "basia@example.org"}, HTTP_HOST="evil.example")
    (message,) = mail.outbox
    assert "https://ngo.um.warszawa.pl/konto/" in message.body
    assert "evil.example" not in message.body
