"""On a phone (375 px): a coordinator adds a family of three, enrols two children, records a week
of attendance and opens the reach report; axe finds nothing serious on any monitoring page."""

from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from monitoring.models import Attendance, Enrolment, Participant
from monitoring.tests.factories import ProjectFactory, active_organisation, staff_member
from tests.browser.conftest import serious_violations

pytestmark = pytest.mark.browser


def _signed_in(browser_page, user, live_server):
    """Put a verified session (second factor confirmed) into the browser."""
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    browser_page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}]
    )


def test_a_coordinator_on_a_phone(page, live_server, transactional_db):
    organisation = active_organisation()
    coordinator = staff_member(organisation, first_name="Beata", last_name="Koordynująca")
    project = ProjectFactory(organisation=organisation, title="Klub Pod Lipą", starts_on=date(2026, 1, 1))
    _signed_in(page, coordinator, live_server)
    page.set_viewport_size({"width": 375, "height": 800})
    problems = {}

    def check(label):
        found = serious_violations(page)
        if found:
            problems[label] = found

    page.goto("/konto/monitoring/")
    check("home")
    page.goto("/konto/monitoring/rodziny/nowa/")
    check("family form")
    page.get_by_label("Nazwa rodziny").fill("Rodzina Lipowych")
    page.get_by_role("button", name="Zapisz").click()
    check("family")
    for first_name, born, gender in (
        ("Anna", "1988-04-02", "Kobieta"),
        ("Kuba", "2015-05-06", "Mężczyzna"),
        ("Ola", "2017-07-08", "Kobieta"),
    ):
        page.get_by_role("link", name="Dodaj nowego uczestnika do tej rodziny").click()
        page.get_by_label("Imię").fill(first_name)
        page.get_by_label("Nazwisko").fill("Lipowa")
        page.get_by_label("Data urodzenia").fill(born)
        page.get_by_label("Płeć").select_option(label=gender)
        if first_name == "Anna":
            check("participant form")
        page.get_by_role("button", name="Zapisz").click()
        page.get_by_role("link", name="Rodzina Lipowych").click()
    assert page.get_by_role("link", name="Kuba Lipowa").is_visible()
    for child in ("Kuba", "Ola"):
        page.get_by_role("link", name=f"{child} Lipowa").click()
        page.locator("#id_project").select_option(label="Klub Pod Lipą")
        page.locator("#id_starts_on").fill("2026-03-02")
        page.get_by_role("button", name="Zapisz do projektu").click()
        check(f"participant {child}")
        page.get_by_role("link", name="Rodzina Lipowych").click()
    assert Enrolment.objects.filter(project=project).count() == 2

    page.goto(f"/konto/monitoring/projekty/{project.pk}/")
    check("project")
    page.get_by_role("link", name="Dodaj zajęcia grupowe").click()
    page.get_by_label("Tytuł").fill("Zajęcia plastyczne")
    page.locator("#id_type").select_option(label="Zajęcia artystyczne i kulturalne")
    page.get_by_label("Harmonogram").fill("wtorki i czwartki 16:00")
    page.locator("#id_leader").select_option(label="Beata Koordynująca")
    page.get_by_label("Kuba Lipowa").check()
    page.get_by_label("Ola Lipowa").check()
    check("activity form")
    page.get_by_role("button", name="Zapisz").click()
    for day in ("2026-03-10", "2026-03-12"):
        page.locator("#id_date").fill(day)
        page.get_by_label("Godzina rozpoczęcia").fill("16:00")
        page.get_by_role("button", name="Dodaj spotkanie i wypełnij listę obecności").click()
        if day == "2026-03-12":
            page.get_by_role("group", name="Lipowa Ola").get_by_label("Nieobecny").check()
            check("attendance")
        page.get_by_role("button", name="Zapisz obecność").click()
        check("activity")
    assert Attendance.objects.filter(status="present").count() == 3
    assert Attendance.objects.filter(status="absent").count() == 1

    page.goto(f"/konto/monitoring/projekty/{project.pk}/")
    page.get_by_role("link", name="Raport zasięgu").click()
    check("report")
    assert "75.0%" in page.content() or "75,0%" in page.content()
    page.emulate_media(media="print")
    assert page.pdf().startswith(b"%PDF")  # the report prints from the phone's browser
    page.emulate_media(media="screen")
    for url in (
        "/konto/monitoring/uczestnicy/",
        "/konto/monitoring/dziennik-dostepu/",
        "/konto/monitoring/projekty/",
    ):
        page.goto(url)
        check(url)
    assert Participant.objects.filter(last_name="Lipowa").count() == 3
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())
