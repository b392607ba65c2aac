"""One competition from the announcement to a settled offer, with four people in their own browsers.

An official announces the competition and checks the offers formally; two committee members
sign the declaration, one declares a conflict with the other organisation's offer, both score;
the official proposes the amount and publishes the results, which residents see on the
competition's page; the official prepares the contract, sends it and records the signatures
with the scan; the NGO member writes and submits the final report; the official accepts it
and the organisation sees its offer settled, with the unspent grant to return.

Two offers are written through the generator with the test client (the generator has its own
browser test); everything the issue calls a human decision happens in the browser.
"""

import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from competitions import services
from competitions.choices import ContractState, OfferState, ReportState
from competitions.models import (
    Competition,
    Contract,
    FormalCheckItem,
    MeritCriterion,
    Offer,
    RequiredAttachment,
)
from competitions.tests.factories import CompetitionFactory
from competitions.tests.offer_helpers import attach_statute, post_step, step_data
from conftest import PASSWORD, current_code
from home.tests.factories import build_site
from organisations.choices import Role

pytestmark = pytest.mark.usefixtures("transactional_db")

CHECKLIST = ["Oferta złożona w terminie", "Oferta podpisana przez osoby upoważnione"]
DECISION = "Zarządzenie nr 123/2027 Prezydenta m.st. Warszawy z dnia 20 maja 2027 r."
SCAN = b"%PDF-1.4\n% skan podpisanej umowy\n"


def pl(text: str, **params) -> str:
    """``text`` as the Polish interface shows it (English while its translation is not merged yet)."""
    with translation.override("pl"):
        message = gettext(text)
    return message % params if params else message


def exactly(text: str, **params) -> re.Pattern:
    return re.compile(re.escape(pl(text, **params)))


def amount(value: str) -> str:
    """A pattern for "19 800,00" as the |money filter writes it (a non-breaking space in thousands)."""
    whole, grosze = value.split(".")
    return rf"{whole[:-3]}\s{whole[-3:]},{grosze}" if len(whole) > 3 else f"{whole},{grosze}"


@dataclass
class People:
    official: object
    members: list  # the committee
    ngo: object  # writes offer A and its report
    other_ngo: object  # writes offer B


@pytest.fixture
def people(make_user, totp_device):
    official = make_user(
        Role.OFFICIAL, email="urzedniczka@um.warszawa.pl", first_name="Urszula", last_name="Nowak"
    )
    members = [
        make_user(
            Role.COMMITTEE_MEMBER, email="komisja1@example.org", first_name="Karol", last_name="Wiśniewski"
        ),
        make_user(
            Role.COMMITTEE_MEMBER, email="komisja2@example.org", first_name="Zofia", last_name="Lewandowska"
        ),
    ]
    for user in (official, *members):
        totp_device(user)
    ngo = make_user(Role.NGO_MEMBER, is_admin=True, email="alicja@example.org")
    other_ngo = make_user(Role.NGO_MEMBER, is_admin=True, email="bogdan@example.org")
    return People(official, members, ngo, other_ngo)


@pytest.fixture
def competition(people):
    """A draft with a formal checklist, two merit criteria (30 points in all) and a committee."""
    competition = CompetitionFactory(
        title="Lato w mieście 2027", slug="lato-w-miescie-2027", score_threshold=Decimal("15.00")
    )
    RequiredAttachment.objects.create(competition=competition, name="Statut organizacji", sort_order=0)
    for index, text in enumerate(CHECKLIST):
        FormalCheckItem.objects.create(competition=competition, text=text, sort_order=index)
    MeritCriterion.objects.create(
        competition=competition, name="Jakość programu", max_points=10, sort_order=0
    )
    MeritCriterion.objects.create(
        competition=competition, name="Kalkulacja kosztów", max_points=20, sort_order=1
    )
    competition.committee.set(people.members)
    return competition


def write_offer(member, competition, title) -> Offer:
    """A whole valid offer submitted through the generator's steps (test client)."""
    client = Client()
    client.force_login(member)
    organisation = member.memberships.get().organisation
    client.post(reverse("offers:start", args=[competition.slug]))
    offer = Offer.objects.get(competition=competition, organisation=organisation)
    data = step_data(organisation, basic={"basic-organ": "Prezydent m.st. Warszawy", "basic-title": title})
    for step, values in data.items():
        if step == "attachments":
            attach_statute(client, offer)
        post_step(client, offer, step, values)
    offer.refresh_from_db()
    assert offer.state == OfferState.SUBMITTED, offer.state
    return offer


@pytest.fixture
def new_page(browser, live_server):
    """new_page(): a page in a browser context of its own, one per person; all closed afterwards."""
    contexts = []

    def make():
        context = browser.new_context(
            base_url=live_server.url, locale="pl-PL", accept_downloads=True, reduced_motion="reduce"
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def confirm_code(page, user):
    expect(page).to_have_url(re.compile(r"/konto/dwuetapowe/weryfikacja/"))
    page.get_by_label("Kod jednorazowy").fill(current_code(user.totpdevice_set.get()))
    page.get_by_role("button", name="Potwierdź").click()


def official_signs_in(page, official):
    page.goto("/admin/")
    page.locator("#id_username").fill(official.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    confirm_code(page, official)
    expect(page).to_have_url(re.compile(r"/admin/$"))


def site_sign_in(page, user, next_url="/konto/"):
    page.goto(f"/konto/logowanie/?next={next_url}")
    page.locator("#id_username").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()


def admin_message(page):
    return page.locator(".messages")


def site_message(page):
    return page.locator("[role=status] ul.messages")


# --- The people's steps --------------------------------------------------------------------------


def official_announces(page, competition):
    page.goto(f"/admin/competitions/{competition.pk}/workflow/")
    page.get_by_role("button", name=pl("Announce the competition")).click()
    expect(admin_message(page)).to_contain_text(pl("The competition is announced and visible to the public."))
    expect(page.locator(".nice-padding dd strong").first).to_have_text(pl("Open for offers"))


def official_checks_formally(page, competition, offer):
    page.goto(f"/admin/competitions/{competition.pk}/workflow/")
    page.get_by_role("link", name=pl("Formal check of the offers")).click()
    row = page.get_by_role("row").filter(has_text=offer.title)
    row.get_by_role("link", name=pl("Check"), exact=True).click()
    expect(page.get_by_text(offer.title).first).to_be_visible()
    for item in CHECKLIST:
        page.get_by_role("group", name=item).get_by_label(pl("met"), exact=True).check()
    page.get_by_label(pl("Formally correct"), exact=True).check()
    page.get_by_role("button", name=pl("Record the formal check")).click()
    expect(admin_message(page)).to_contain_text(
        pl(
            "Offer %(number)s: %(outcome)s. The organisation has been notified.",
            number=offer.display_number,
            outcome=pl("Formally correct"),
        )
    )


def member_signs_the_declaration(page, member, competition):
    site_sign_in(page, member, next_url="/konto/komisja/")
    confirm_code(page, member)
    expect(page).to_have_url(re.compile(r"/konto/komisja/$"))
    row = page.get_by_role("row").filter(has_text=competition.title)
    expect(row).to_contain_text(pl("Declaration not signed yet"))
    row.get_by_role("link", name=pl("Sign the declaration")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(pl("Declaration of no conflict of interest"))
    expect(page.locator("main")).not_to_contain_text("Lato na Pradze")  # no offer before the declaration
    page.get_by_role("button", name=pl("Sign the declaration")).click()
    expect(page.locator(".field__error, [role=alert]").first).to_be_visible()  # the box is not ticked
    page.get_by_label(pl("I make the declaration above")).check()
    page.get_by_role("button", name=pl("Sign the declaration")).click()
    expect(site_message(page)).to_contain_text(pl("Your declaration is signed. You can now see the offers."))


def member_scores(page, offer, points, justification):
    page.get_by_role("row").filter(has_text=offer.title).get_by_role(
        "link", name=pl("Score"), exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(offer.title)
    for criterion, value in zip(offer.competition.merit_criteria.all(), points, strict=True):
        page.get_by_label(
            pl("%(criterion)s: points (0–%(max)s)", criterion=criterion.name, max=criterion.max_points)
        ).fill(str(value))
        page.get_by_label(pl("%(criterion)s: justification", criterion=criterion.name)).fill(justification)
    page.get_by_role("button", name=pl("Submit the scores (final)")).click()
    expect(site_message(page)).to_contain_text(
        pl("Your scores are submitted. You can now see the other members' scores.")
    )
    expect(page.locator(".data-table tfoot").first).to_contain_text(str(sum(points)))


def back_to_the_competition(page, competition):
    page.goto(f"/konto/komisja/konkurs/{competition.slug}/")


# --- The test --------------------------------------------------------------------------------------


def test_a_competition_from_the_announcement_to_a_settled_offer(
    live_server, django_db_serialized_rollback, new_page, people, competition
):
    build_site()
    official = new_page()
    official_signs_in(official, people.official)

    # The official announces the competition; residents see it open for offers.
    official_announces(official, competition)
    public = new_page()
    public.goto(f"/konkursy/{competition.slug}/")
    expect(public.get_by_role("heading", level=1)).to_have_text(competition.title)

    # Two organisations submit offers; the deadline passes and the competition closes.
    offer = write_offer(people.ngo, competition, "Lato na Pradze 2027")
    other = write_offer(people.other_ngo, competition, "Podwórko pełne gier")
    Competition.objects.filter(pk=competition.pk).update(offer_deadline=timezone.now() - timedelta(minutes=1))
    services.competition_close(competition=Competition.objects.get(pk=competition.pk))

    # Formal check: both offers meet every requirement.
    official_checks_formally(official, competition, offer)
    official_checks_formally(official, competition, other)
    expect(
        official.get_by_role("heading", name=re.compile(re.escape(pl("Formally correct")) + r" \(2\)"))
    ).to_be_visible()

    # The first member signs the declaration and scores both offers.
    first_member, second_member = people.members
    first = new_page()
    member_signs_the_declaration(first, first_member, competition)
    expect(first.get_by_role("row").filter(has_text=offer.title)).to_contain_text(pl("To score"))
    member_scores(first, offer, (9, 18), "Program dopracowany, koszty realne.")
    expect(first.get_by_text(pl("No other member has submitted scores yet."))).to_be_visible()
    back_to_the_competition(first, competition)
    member_scores(first, other, (3, 5), "Program ogólnikowy, koszty zawyżone.")

    # The second member sits on the other organisation's board: declares the conflict, scores offer A only.
    second = new_page()
    member_signs_the_declaration(second, second_member, competition)
    second.get_by_role("row").filter(has_text=other.title).get_by_role(
        "link", name=pl("Declare a conflict")
    ).click()
    second.get_by_label(pl("What is the conflict of interest?")).fill("Jestem członkinią zarządu oferenta.")
    second.get_by_role("button", name=pl("Declare the conflict")).click()
    expect(site_message(second)).to_contain_text(
        pl(
            "Your conflict of interest with offer %(number)s is recorded; you will not score it.",
            number=other.display_number,
        )
    )
    conflicted = second.get_by_role("row").filter(has_text=other.title)
    expect(conflicted).to_contain_text(pl("Conflict of interest declared"))
    expect(conflicted.get_by_role("link")).to_have_count(0)
    member_scores(second, offer, (8, 17), "Dobre doświadczenie, spójny harmonogram.")
    # Now that her scores are in, she sees the first member's.
    expect(second.get_by_role("heading", name=pl("Other members' scores"))).to_be_visible()
    expect(second.get_by_role("heading", name=first_member.get_full_name())).to_be_visible()
    expect(second.get_by_role("cell", name="Program dopracowany, koszty realne.")).to_have_count(2)

    # The official proposes the amounts: above the request is refused, the request itself is fine.
    official.goto(f"/admin/wyniki-konkursow/{competition.pk}/wyniki/")
    amount_a = official.get_by_label(pl("Amount for %(number)s", number=offer.display_number))
    amount_a.fill("25000.00")
    official.get_by_role("button", name=pl("Save the amounts")).click()
    expect(admin_message(official)).to_contain_text(
        pl("Some amounts were not saved; see the messages beside them.")
    )
    expect(official.locator(".error-message").first).to_contain_text(re.compile(r"19\s800,00"))
    amount_a.fill("19800.00")
    official.locator("#decision").fill(DECISION)
    official.get_by_role("button", name=pl("Publish results")).click()
    expect(admin_message(official)).to_contain_text(
        pl("The results are published; the organisations are being notified.")
    )
    expect(official.locator(".nice-padding dd strong").first).to_have_text(pl("Results published"))

    # Residents see the results on the competition's page.
    public.reload()
    results = public.locator(".comp-results")
    expect(results).to_contain_text(DECISION)
    funded = results.locator(".comp-results__row--granted")
    expect(funded).to_have_count(1)
    expect(funded).to_contain_text(offer.title)
    expect(funded).to_contain_text(people.ngo.memberships.get().organisation.name)
    expect(funded).to_contain_text(pl("Grant awarded"))
    expect(funded.locator("td").nth(4)).to_have_text(re.compile(r"^26([,.]00?)?$"))  # (27 + 25) / 2
    expect(funded.locator("td").last).to_have_text(re.compile(amount("19800.00")))
    not_funded = results.locator(".comp-results__row--not_granted")
    expect(not_funded).to_contain_text(other.title)
    expect(not_funded).to_contain_text(pl("Not granted"))
    expect(not_funded.locator("td").nth(4)).to_have_text(
        re.compile(r"^8([,.]00?)?$")
    )  # her conflict: one sheet
    expect(not_funded.locator("td").last).to_have_text(re.compile(r"^0,00\szł$"))

    # The organisation reads the decision in its notifications.
    ngo = new_page()
    site_sign_in(ngo, people.ngo, next_url="/konto/powiadomienia/")
    granted = ngo.locator(".notification").filter(has_text=pl("Grant awarded: %(title)s", title=offer.title))
    expect(granted).to_contain_text(DECISION)
    granted.get_by_role("button", name=pl("Open")).click()
    expect(ngo).to_have_url(re.compile(rf"/konto/oferty/{offer.pk}/$"))
    expect(ngo.locator(".summary-list")).to_contain_text(pl("Grant awarded"))

    # The official prepares the contract, sends it for signature and records the signatures with the scan.
    official.locator(".results-links").get_by_role("link", name=pl("Workflow"), exact=True).click()
    official.get_by_role("link", name=pl("Contracts and reports")).click()
    official.get_by_role("row").filter(has_text=people.ngo.memberships.get().organisation.name).get_by_role(
        "link", name=pl("Prepare the contract")
    ).click()
    official.get_by_label(
        re.compile(re.escape(pl("Signing for the city (name, position, authorisation)")))
    ).fill("Anna Wiśniewska, Dyrektor Biura Pomocy i Projektów Społecznych, z upoważnienia Prezydenta")
    official.get_by_label(
        re.compile(re.escape(pl("Signing for the organisation (names and functions, as in KRS)")))
    ).fill("Alicja Nowak, Prezes Zarządu")
    official.get_by_role("button", name=pl("Prepare the contract")).click()
    state = official.locator(".nice-padding dd strong").first
    expect(state).to_have_text(pl("Prepared"))
    contract = Contract.objects.get(offer=offer)
    expect(admin_message(official)).to_contain_text(
        pl("Contract %(number)s is prepared; its PDF is being rendered.", number=contract.number)
    )
    official.get_by_role("button", name=pl("Send for signature")).click()
    expect(admin_message(official)).to_contain_text(
        pl("The contract is sent for signature; the organisation is notified.")
    )
    expect(state).to_have_text(pl("Sent for signature"))
    today = timezone.localdate().isoformat()
    official.get_by_label(pl("Signed for the city on")).fill(today)
    official.get_by_label(pl("Signed for the organisation on")).fill(today)
    official.locator("input[type=file][name=scan]").set_input_files(
        files=[{"name": "umowa-podpisana.pdf", "mimeType": "application/pdf", "buffer": SCAN}]
    )
    official.get_by_role("button", name=pl("Record the signatures")).click()
    expect(admin_message(official)).to_contain_text(
        pl("The signatures are recorded; the offer is contracted and its reports are due.")
    )
    expect(state).to_have_text(pl("Signed"))
    expect(official.get_by_role("link", name=pl("Signed scan"))).to_be_visible()
    contract.refresh_from_db()
    assert contract.state == ContractState.SIGNED
    with contract.signed_scan.open("rb") as handle:
        assert handle.read() == SCAN

    # The organisation finds the signed contract in its notifications and writes the final report.
    ngo.goto("/konto/powiadomienia/")
    ngo.locator(".notification").filter(
        has_text=pl("Contract %(number)s is signed", number=contract.number)
    ).get_by_role("button", name=pl("Open")).click()
    expect(ngo).to_have_url(re.compile(rf"/konto/oferty/{offer.pk}/umowa/$"))
    expect(ngo.locator(".summary-list")).to_contain_text(pl("Signed"))
    expect(ngo.get_by_role("link", name=pl("Download the signed contract"))).to_be_visible()
    ngo.get_by_role("link", name=pl("Write the report")).click()
    ngo.get_by_label("Półkolonie", exact=True).fill("Dwa turnusy półkolonii, 58 dzieci z Pragi-Północ.")
    ngo.locator("[name=result_0]").fill("58 dzieci")
    ngo.locator("[name=cost_grant]").fill("18000,00")
    ngo.locator("[name=cost_own_financial]").fill("1000,00")
    ngo.locator("[name=cost_own_personal]").fill("1200,00")
    ngo.locator("[name=costs_total_actual]").fill("20200,00")
    ngo.locator("[name=personal_contribution]").fill("Praca czterech wolontariuszy przy turnusach.")
    ngo.get_by_role("button", name=pl("Submit the report")).click()
    expect(site_message(ngo)).to_contain_text(pl("The report is submitted. The city hall will review it."))
    final = offer.reports.get()
    expect(ngo.get_by_role("row").filter(has_text=final.get_kind_display())).to_contain_text(pl("Submitted"))

    # The official reviews the report: the settlement shows the grant to return, and accepts it.
    official.goto("/admin/umowy/")
    official.get_by_role("link", name=pl("Final report")).first.click()
    expect(official.get_by_text(re.compile(r"1800[.,]00 zł"))).to_be_visible()
    official.get_by_role("button", name=pl("Accept the report")).click()
    expect(admin_message(official)).to_contain_text(pl("The report is accepted."))
    expect(official.locator(".nice-padding dd strong").first).to_have_text(pl("Accepted"))

    # The organisation sees its offer settled and what it has to return.
    ngo.goto(f"/konto/oferty/{offer.pk}/")
    expect(ngo.locator(".summary-list")).to_contain_text(pl("Settled"))
    ngo.get_by_role("link", name=pl("Contract"), exact=True).click()
    expect(ngo.locator(".summary-list")).to_contain_text(pl("Settled"))  # the contract too
    expect(ngo.locator(".summary-list")).to_contain_text(re.compile(r"1800[.,]00 zł"))
    expect(ngo.get_by_role("row").filter(has_text=final.get_kind_display())).to_contain_text(pl("Accepted"))

    offer.refresh_from_db()
    final.refresh_from_db()
    assert (offer.state, final.state, offer.unspent_grant) == (
        OfferState.SETTLED,
        ReportState.ACCEPTED,
        Decimal("1800.00"),
    )
    assert Offer.objects.get(pk=other.pk).state == OfferState.NOT_GRANTED
