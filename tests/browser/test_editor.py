"""An editor signs in with the second factor, edits a page and submits it for moderation."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect
from wagtail.models import WorkflowState

from conftest import PASSWORD, current_code
from home.models import StandardPage
from home.tests.factories import build_site
from organisations.choices import Role


@pytest.fixture
def editor(transactional_db, make_user):
    user = make_user(Role.EDITOR, email="redaktor@example.org")
    TOTPDevice.objects.create(user=user, name="telefon", confirmed=True)
    return user


def test_editor_signs_in_with_second_factor_and_submits_a_page_for_moderation(page, editor):
    site = build_site()
    device = editor.totpdevice_set.get()

    page.goto("/admin/")
    page.locator("#id_username").fill("redaktor@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()

    # The gate asks for the one-time code before the admin opens.
    expect(page).to_have_url(re.compile(r"/konto/dwuetapowe/weryfikacja/"))
    page.get_by_label("Kod jednorazowy").fill("123456" if current_code(device) != "123456" else "654321")
    page.get_by_role("button", name="Potwierdź").click()
    expect(page.get_by_role("alert")).to_contain_text("Ten kod jest nieprawidłowy")
    # django-otp locks the device for a second after a wrong code.
    page.wait_for_timeout(1100)
    page.get_by_label("Kod jednorazowy").fill(current_code(device))
    page.get_by_role("button", name="Potwierdź").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto(f"/admin/pages/{site.standard.pk}/edit/")
    title = page.locator("#id_title")
    title.fill("O portalu – poprawiona wersja")
    page.locator("footer [data-w-dropdown-target='toggle'], footer .dropdown-toggle").first.click()
    page.locator("button[name='action-submit']").click()
    expect(page.locator(".messages")).to_be_visible()

    standard = StandardPage.objects.get(pk=site.standard.pk)
    state = WorkflowState.objects.get(object_id=str(standard.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert standard.title == "O portalu"  # the live page waits for a moderator
    assert standard.get_latest_revision_as_object().title == "O portalu – poprawiona wersja"

    # Residents still see the published version.
    page.goto("/o-portalu/")
    expect(page.get_by_role("heading", level=1)).to_have_text("O portalu")
