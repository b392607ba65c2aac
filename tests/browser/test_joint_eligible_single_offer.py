"""Issue 13: a single organisation takes its offer through a competition that allows joint offers,
typing amounts the Polish way ("1 234,56"), and the PDF carries the right total."""

import io
import re

import pytest
from playwright.sync_api import expect

from competitions.models import Offer
from competitions.tests.offer_helpers import open_competition, step_data
from organisations.choices import Role
from tests.browser.test_offer_generator import add_rows, fill_fields, save_and_continue, sign_in

pytestmark = pytest.mark.usefixtures("transactional_db")


def test_a_single_offer_in_a_joint_eligible_competition_with_polish_amounts(
    browser, live_server, django_db_serialized_rollback, make_user
):
    from pypdf import PdfReader

    member = make_user(Role.NGO_MEMBER, is_admin=True, email="alicja@example.org")
    open_competition(make_user(Role.OFFICIAL), joint_offers_allowed=True)
    organisation = member.memberships.get().organisation
    data = step_data(organisation)
    # 50 × 400 + 1 234,56 × 2 = 22 469,12 zł, typed as a Polish person types it.
    data["costs"]["costs-1-unit_cost"] = "1 234,56"
    data["financing"]["financing-own_financial"] = "1 469,12"

    context = browser.new_context(base_url=live_server.url, locale="pl-PL", reduced_motion="reduce")
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, member.email)
    page.goto("/konto/oferty/")
    page.get_by_role("button", name="Napisz ofertę").first.click()
    fill_fields(page, data["basic"])
    save_and_continue(page)
    fill_fields(page, data["offeror"])
    page.get_by_label("Tylko nasza organizacja (oferta pojedyncza)").check()
    save_and_continue(page)
    for step in ("task", "schedule", "results", "characteristics"):
        fill_fields(page, data[step])
        save_and_continue(page)
    add_rows(page, "costs", 2)
    assert page.locator("[name='costs-1-unit_cost']").get_attribute("inputmode") == "decimal"
    fill_fields(page, data["costs"])
    save_and_continue(page)
    fill_fields(page, data["financing"])
    save_and_continue(page)

    # V.C: a single offer leaves the (empty) partner row alone and goes on.
    expect(page.get_by_role("heading", level=2)).to_contain_text("V.C")
    expect(page.get_by_text("pozostaw ten krok pusty")).to_be_visible()
    save_and_continue(page)
    for step in ("other", "statements"):
        fill_fields(page, data[step])
        save_and_continue(page)
    page.locator("input[type=file]").first.set_input_files(
        files=[{"name": "statut.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 statut"}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Dołącz").first.click()
    save_and_continue(page)
    expect(page.get_by_text(re.compile(r"22\s?469,12")).first).to_be_visible()
    page.get_by_label(re.compile("Sprawdziłem")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Złóż ofertę").click()
    expect(page.locator("[role=status] ul.messages")).to_contain_text("złożona")

    offer = Offer.objects.get()
    assert offer.state == "submitted" and offer.content["partners"] == []
    assert str(offer.total_cost) == "22469.12"
    pdf = page.request.get(f"/konto/oferty/{offer.pk}/pdf/")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "22 469,12" in text
    context.close()


def test_a_joint_offer_records_its_partner_and_a_split_that_must_add_up(
    browser, live_server, django_db_serialized_rollback, make_user
):
    member = make_user(Role.NGO_MEMBER, is_admin=True, email="alicja@example.org")
    open_competition(make_user(Role.OFFICIAL), joint_offers_allowed=True)
    data = step_data(member.memberships.get().organisation)

    context = browser.new_context(base_url=live_server.url, locale="pl-PL", reduced_motion="reduce")
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, member.email)
    page.goto("/konto/oferty/")
    page.get_by_role("button", name="Napisz ofertę").first.click()
    fill_fields(page, data["basic"])
    save_and_continue(page)
    fill_fields(page, data["offeror"])
    page.get_by_label("Wspólnie z organizacjami partnerskimi (oferta wspólna)").check()
    save_and_continue(page)
    for step in ("task", "schedule", "results", "characteristics"):
        fill_fields(page, data[step])
        save_and_continue(page)
    add_rows(page, "costs", 2)
    fill_fields(page, data["costs"])
    save_and_continue(page)
    fill_fields(page, data["financing"])
    save_and_continue(page)

    expect(page.get_by_role("heading", level=2)).to_contain_text("V.C")
    partner = {
        "partners-lead_share": "14 000,00",
        "partners-0-name": "Stowarzyszenie Sąsiedzi",
        "partners-0-legal_form": "stowarzyszenie",
        "partners-0-register": "0000123456",
        "partners-0-nip": "526-025-02-74",
        "partners-0-address": "ul. Targowa 1, 03-728 Warszawa",
        "partners-0-representative": "Jan Kowalski, prezes",
        "partners-0-tasks": "Zajęcia sportowe.",
        "partners-0-share": "7 000,00",
    }
    fill_fields(page, partner)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Zapisz i dalej")).click()
    expect(page.get_by_role("alert")).to_contain_text("Dodaj 1 000,00 zł")
    page.locator("[name='partners-lead_share']").fill("15 000,00")
    save_and_continue(page)
    expect(page.get_by_role("heading", level=2)).to_contain_text("VI.")
    lead, saved = Offer.objects.get().content["partners"]
    assert lead["share"] == "15000.00" and saved["representative"] == "Jan Kowalski, prezes"
    context.close()
