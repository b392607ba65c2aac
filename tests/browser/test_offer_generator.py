"""An NGO member fills the whole offer generator, closes the browser halfway, resumes,
submits, and opens the PDF, which carries the title, the totals and the checksum."""

import io
import re

import pytest
from playwright.sync_api import expect

from competitions.models import Offer
from competitions.offer_services import display_checksum
from competitions.tests.offer_helpers import open_competition, step_data
from conftest import PASSWORD
from organisations.choices import Role

pytestmark = pytest.mark.usefixtures("transactional_db")


@pytest.fixture
def member(make_user):
    return make_user(Role.NGO_MEMBER, is_admin=True, email="alicja@example.org")


@pytest.fixture
def competition(make_user):
    return open_competition(make_user(Role.OFFICIAL))


def sign_in(page, email):
    page.goto("/konto/logowanie/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    expect(page).to_have_url(re.compile(r"/konto/$"))


def fill_fields(page, data: dict):
    for name, value in data.items():
        field = page.locator(f"[name='{name}']")
        if field.count() == 0:
            continue
        kind = field.first.get_attribute("type")
        tag = field.first.evaluate("el => el.tagName")
        if kind == "hidden":  # formset management fields: the page keeps them right
            continue
        if kind == "checkbox":
            field.first.check()
        elif tag == "SELECT":
            field.first.select_option(value)
        else:
            field.first.fill(value)


def save_and_continue(page):
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Zapisz i dalej")).click()
    expect(page.locator(".field__error")).to_have_count(0)


def add_rows(page, prefix, count):
    for _ in range(count - page.locator(f"[name^='{prefix}-'][name$='-name']").count()):
        page.get_by_role("button", name="Dodaj wiersz").click()


def test_an_ngo_member_writes_resumes_and_submits_an_offer_and_reads_its_pdf(
    browser, live_server, django_db_serialized_rollback, member, competition
):
    from pypdf import PdfReader

    organisation = member.memberships.get().organisation
    data = step_data(organisation)

    context = browser.new_context(base_url=live_server.url, locale="pl-PL", reduced_motion="reduce")
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, member.email)
    page.goto("/konto/oferty/")
    page.get_by_role("button", name="Napisz ofertę").first.click()
    for step in ("basic", "offeror", "task"):
        fill_fields(page, data[step])
        save_and_continue(page)
    expect(page.get_by_role("heading", level=2)).to_contain_text("III.4")
    context.close()  # the browser is closed halfway through

    context = browser.new_context(base_url=live_server.url, locale="pl-PL", reduced_motion="reduce")
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, member.email)
    page.goto("/konto/oferty/")
    expect(page.get_by_role("cell", name=re.compile("Lato na Pradze 2027"))).to_be_visible()
    page.get_by_role("link", name="Kontynuuj").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("III.4")

    fill_fields(page, data["schedule"])
    save_and_continue(page)
    fill_fields(page, data["results"])
    save_and_continue(page)
    fill_fields(page, data["characteristics"])
    save_and_continue(page)

    # Costs: the total recomputes in the browser as rows are typed.
    add_rows(page, "costs", 2)
    fill_fields(page, data["costs"])
    expect(page.locator("[data-costs-total]")).to_have_text("22000.00")
    save_and_continue(page)

    fill_fields(page, data["financing"])
    expect(page.locator("[data-own-share]")).to_have_text("10.00")
    save_and_continue(page)
    if "partners" in page.url:  # only for competitions that allow joint offers
        save_and_continue(page)
    fill_fields(page, data["other"])
    save_and_continue(page)
    fill_fields(page, data["statements"])
    save_and_continue(page)

    page.locator("input[type=file]").first.set_input_files(
        files=[{"name": "statut.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 statut"}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Dołącz").first.click()
    expect(page.get_by_text("dołączono")).to_be_visible()
    save_and_continue(page)

    page.get_by_label(re.compile("Sprawdziłem")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Złóż ofertę").click()
    expect(page.locator("[role=status] ul.messages")).to_contain_text("złożona")

    offer = Offer.objects.get()
    assert offer.state == "submitted"
    expect(page.get_by_text(display_checksum(offer.checksum))).to_be_visible()
    pdf = page.request.get(f"/konto/oferty/{offer.pk}/pdf/")
    assert pdf.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "Lato na Pradze 2027" in text
    assert "22 000,00" in text
    assert display_checksum(offer.checksum) in text
    context.close()
