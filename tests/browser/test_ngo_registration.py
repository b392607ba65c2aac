"""An NGO person registers, confirms the e-mail, registers the organisation, invites a colleague
who accepts, and edits the profile."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from organisations.models import Membership, Organisation
from organisations.tests.factories import _nip, _regon

pytestmark = pytest.mark.usefixtures("transactional_db")


def _link_path(message) -> str:
    link = re.search(r"https?://\S+", message.body).group(0)
    return re.sub(r"^https?://[^/]+", "", link)


def _register_person(page, first, last, email):
    page.get_by_label("Imię").fill(first)
    page.get_by_label("Nazwisko").fill(last)
    page.get_by_label("Adres e-mail").fill(email)
    page.locator("#id_password1").fill("Zielona-Praga-2026")
    page.get_by_label("Powtórz hasło").fill("Zielona-Praga-2026")
    page.get_by_label(re.compile("Akceptuję regulamin")).check()
    page.get_by_role("button", name="Załóż konto").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sprawdź skrzynkę pocztową")


def test_an_ngo_person_registers_the_organisation_and_brings_in_a_colleague(page):
    page.goto("/konto/logowanie/")
    page.get_by_role("link", name=re.compile("Załóż konto")).click()
    _register_person(page, "Alicja", "Nowak", "alicja@noweskrzydla.example.org")

    page.goto(_link_path(mail.outbox[-1]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Zarejestruj organizację")

    # A wrong NIP first: a clear message, and what was typed stays in the form.
    page.locator("#id_name").fill("Fundacja Nowe Skrzydła")
    page.get_by_label("Forma prawna").select_option("fundacja")
    page.get_by_label("NIP").fill("1234567890")
    page.get_by_label("REGON").fill(_regon(7001))
    page.get_by_label("Numer KRS").fill("0000765432")
    page.get_by_label("Kod pocztowy").fill("03-736")
    page.get_by_label("Dzielnica").select_option("praga-polnoc")
    page.get_by_label(re.compile("wypoczynek dzieci i młodzieży")).check()
    page.get_by_role("button", name="Zarejestruj organizację").click()
    expect(page.get_by_role("alert")).to_contain_text("Ten NIP jest nieprawidłowy")
    expect(page.locator("#id_name")).to_have_value("Fundacja Nowe Skrzydła")

    page.get_by_label("NIP").fill(_nip(7001))
    page.get_by_role("button", name="Zarejestruj organizację").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Profil organizacji Fundacja Nowe Skrzydła")
    organisation = Organisation.objects.get(name="Fundacja Nowe Skrzydła")

    # Invite a colleague.
    page.get_by_role("link", name="Członkowie i zaproszenia").click()
    page.get_by_label("Adres e-mail współpracownika").fill("olek@noweskrzydla.example.org")
    page.get_by_role("button", name="Wyślij zaproszenie").click()
    expect(page.locator("[role=status] ul.messages")).to_contain_text("olek@noweskrzydla.example.org")
    invitation_path = _link_path(mail.outbox[-1])
    page.context.clear_cookies()

    # The colleague opens the invitation, creates an account with the invited address and accepts.
    page.goto(invitation_path)
    page.get_by_role("link", name="Załóż konto").click()
    expect(page.get_by_label("Adres e-mail")).to_have_value("olek@noweskrzydla.example.org")
    _register_person(page, "Olek", "Kowal", "olek@noweskrzydla.example.org")
    page.goto(_link_path(mail.outbox[-1]))
    page.get_by_role("button", name="Przyjmij zaproszenie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Profil organizacji Fundacja Nowe Skrzydła")
    colleague = Membership.objects.filter(
        user__email="olek@noweskrzydla.example.org", organisation=organisation
    )
    assert colleague.exists()

    # The colleague edits the profile.
    page.get_by_label("Opis").fill("Wspieramy dzieci i młodzież z Pragi-Północ.")
    page.get_by_role("button", name="Zapisz profil").click()
    expect(page.locator("[role=status] ul.messages")).to_contain_text("Profil zapisano")
    organisation.refresh_from_db()
    assert organisation.description == "Wspieramy dzieci i młodzież z Pragi-Północ."
