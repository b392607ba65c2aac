"""Contracts of granted offers: prepare, send, sign, terminate; templates are versioned; the PDF."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from competitions import contract_services
from competitions.choices import ContractState, OfferState, OfferUpdateState, ReportKind
from competitions.contract_documents import store_contract_pdf
from competitions.models import Contract, ContractTemplate, Offer, OfferTransition, OfferUpdate, WorkflowEvent
from competitions.tests.factories import CompetitionFactory
from conftest import current_code
from notifications.models import Notification
from organisations.choices import Role
from organisations.tests.factories import OrganisationFactory
from tests.second_factor_helpers import verified_login

pytestmark = pytest.mark.django_db

ACCOUNT = "61109010140000071219812874"
TASK_START, TASK_END = date(2027, 7, 1), date(2027, 8, 31)
SCAN = b"%PDF-1.4 signed contract"


def offer_content(grant="19800.00"):
    return {
        "basic": {"organ": "Prezydent m.st. Warszawy", "title": "Lato na Pradze 2027"},
        "offeror": {"address": "ul. Ząbkowska 12, 03-736 Warszawa", "bank_account": ACCOUNT},
        "task": {"place": "Praga-Północ", "start": TASK_START.isoformat(), "end": TASK_END.isoformat()},
        "schedule": [
            {"name": "Półkolonie", "start": "2027-07-01", "end": "2027-08-31"},
            {"name": "Piknik rodzinny", "start": "2027-08-30", "end": "2027-08-30"},
        ],
        "results": [{"result": "Uczestnicy", "planned_level": "60 dzieci", "measured_by": "listy obecności"}],
        "costs": [
            {
                "category": "activity",
                "name": "Wychowawcy",
                "unit": "godz.",
                "unit_cost": "50.00",
                "units": "400",
            },
            {
                "category": "administrative",
                "name": "Koordynacja",
                "unit": "mies.",
                "unit_cost": "1000.00",
                "units": "2",
            },
        ],
        "financing": {
            "grant": grant,
            "own_financial": "1000.00",
            "own_personal": "1200.00",
            "own_in_kind": "0",
            "participant_fees": "0",
            "other_public": "0",
        },
    }


def make_offer(
    organisation=None, *, state=OfferState.GRANTED, granted="19800.00", requested="19800.00", competition=None
):
    """An offer already through the formal check and the results, in ``state``."""
    competition = competition or CompetitionFactory()
    organisation = organisation or OrganisationFactory()
    offer = Offer.objects.create(
        competition=competition,
        organisation=organisation,
        title="Lato na Pradze 2027",
        content=offer_content(requested),
        requested_grant=Decimal(requested),
        total_cost=Decimal("22000.00"),
        number=f"{competition.signature}/{Offer.objects.count() + 1:03d}",
        submitted_at=timezone.now() - timedelta(days=60),
        granted_amount=Decimal(granted) if granted else None,
    )
    Offer.objects.filter(pk=offer.pk).update(state=state)
    return Offer.objects.get(pk=offer.pk)


def prepare(user, offer, **changes):
    kwargs = {
        "user": user,
        "offer": offer,
        "bank_account": f"PL{ACCOUNT}",
        "instalments": [{"due": date(2027, 7, 1), "amount": "19800.00"}],
        "signatory_city": "Anna Wiśniewska, Dyrektor Biura Pomocy i Projektów Społecznych",
        "signatory_organisation": "Jan Kowalski, Prezes Zarządu",
    }
    kwargs.update(changes)
    return contract_services.prepare_contract(**kwargs)


def scan(name="umowa.pdf", data=SCAN):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def sign(user, contract, **changes):
    today = timezone.localdate()
    kwargs = {
        "user": user,
        "contract": contract,
        "city_date": today,
        "organisation_date": today,
        "scan": scan(),
    }
    kwargs.update(changes)
    return contract_services.record_signature(**kwargs)


def set_state(obj, state):
    type(obj).objects.filter(pk=obj.pk).update(state=state)
    obj.refresh_from_db()
    return obj


@pytest.fixture
def official(make_user):
    return make_user(Role.OFFICIAL)


@pytest.fixture
def member(make_user):
    return make_user(Role.NGO_MEMBER, is_admin=True)


@pytest.fixture
def organisation(member):
    return member.memberships.get().organisation


@pytest.fixture
def offer(organisation):
    return make_offer(organisation)


@pytest.fixture
def others(make_user, offer):
    """Everyone but an official: the organisation's member, another NGO, a committee member."""
    committee = make_user(Role.COMMITTEE_MEMBER)
    offer.competition.committee.add(committee)
    return {
        "member": offer.organisation.memberships.get().user,
        "other_ngo": make_user(Role.NGO_MEMBER),
        "committee": committee,
        "anonymous": None,
    }


# --- Preparing ---------------------------------------------------------------------------------


def test_an_official_prepares_the_contract_with_a_number_text_log_and_notification(
    official, offer, member, committed
):
    with committed():
        contract = prepare(official, offer)
    assert contract.state == ContractState.PREPARED
    assert contract.number == f"{offer.competition.signature}/U/001"
    assert contract.bank_account == f"PL{ACCOUNT}"
    assert contract.template.version == "2018-annex-3-2021"
    assert contract.report_due == TASK_END + timedelta(days=30)
    assert contract.own_contribution == Decimal("2200.00")
    assert "Lato na Pradze 2027" in contract.text
    assert "19 800,00 zł" in contract.text
    assert "30.09.2027" in contract.text  # the final report's due date
    assert "o zapewnianiu dostępności osobom ze szczególnymi potrzebami" in contract.text
    assert "PL61 1090 1014 0000 0712 1981 2874" in contract.text
    event = WorkflowEvent.objects.get(subject="contract")
    assert (event.target, event.by) == (ContractState.PREPARED, official)
    assert Notification.objects.filter(recipient=member, event="contract.prepared").exists()
    # The PDF was rendered on commit into private storage.
    contract.refresh_from_db()
    assert contract.pdf.name.endswith(".pdf")


def test_numbers_follow_each_other_within_a_competition(official, offer):
    second = make_offer(competition=offer.competition)
    assert prepare(official, offer).number.endswith("/U/001")
    assert prepare(official, second).number.endswith("/U/002")


@pytest.mark.parametrize("who", ["member", "other_ngo", "committee", "anonymous"])
def test_only_officials_prepare_contracts(who, others, offer):
    user = others[who]
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    with pytest.raises(PermissionDenied):
        prepare(user, offer)
    assert not Contract.objects.exists()


@pytest.mark.parametrize(
    "state",
    [OfferState.SUBMITTED, OfferState.FORMALLY_CORRECT, OfferState.NOT_GRANTED, OfferState.CONTRACTED],
)
def test_a_contract_needs_a_granted_offer(official, organisation, state):
    offer = make_offer(organisation, state=state)
    with pytest.raises(ValidationError) as error:
        prepare(official, offer)
    assert "granted" in str(error.value) or "przyznano" in str(error.value)
    assert not Contract.objects.exists()


def test_a_second_contract_for_the_same_offer_is_refused(official, offer):
    first = prepare(official, offer)
    with pytest.raises(ValidationError, match=first.number):
        prepare(official, offer)
    assert Contract.objects.count() == 1


def test_a_reduced_grant_needs_an_accepted_update(official, organisation):
    offer = make_offer(organisation, granted="15000.00", requested="19800.00")
    with pytest.raises(ValidationError, match="(updated cost calculation|aktualizacj)"):
        prepare(official, offer, instalments=[{"due": TASK_START, "amount": "15000.00"}])
    update = OfferUpdate.objects.create(offer=offer, content={})
    with pytest.raises(ValidationError):
        prepare(official, offer, instalments=[{"due": TASK_START, "amount": "15000.00"}])
    set_state(update, OfferUpdateState.ACCEPTED)
    updated = offer_content("15000.00")
    updated["costs"][0]["units"] = "304"  # 15 200 + 2 000 = 17 200 of costs
    OfferUpdate.objects.filter(pk=update.pk).update(
        content={"costs": updated["costs"], "financing": updated["financing"]}
    )
    contract = prepare(official, offer, instalments=[{"due": TASK_START, "amount": "15000.00"}])
    assert contract.grant_amount == Decimal("15000.00")
    assert contract.own_contribution == Decimal("2200.00")
    assert "aktualizac" in contract.text


@pytest.mark.parametrize(
    "account",
    ["61109010140000071219812875", "6110901014000007121981287", "DE89370400440532013000", "konto", ""],
)
def test_a_bad_bank_account_is_refused(official, offer, account):
    with pytest.raises(ValidationError, match="(26 digits|26 cyfr)"):
        prepare(official, offer, bank_account=account)
    assert not Contract.objects.exists()


def test_an_account_with_spaces_and_without_prefix_is_accepted(official, offer):
    contract = prepare(official, offer, bank_account="61 1090 1014 0000 0712 1981 2874")
    assert contract.bank_account == f"PL{ACCOUNT}"


def test_instalments_must_add_up_to_the_grant(official, offer):
    with pytest.raises(ValidationError, match=r"(add up to|sumują się do).*(19 000,00|19\xa0000)"):
        prepare(
            official,
            offer,
            instalments=[
                {"due": date(2027, 7, 1), "amount": "10000"},
                {"due": date(2027, 8, 1), "amount": "9000"},
            ],
        )
    assert not Contract.objects.exists()
    contract = prepare(
        official,
        offer,
        instalments=[
            {"due": date(2027, 8, 1), "amount": "9800"},
            {"due": date(2027, 7, 1), "amount": "10000"},
        ],
    )
    assert contract.instalments == [
        {"due": "2027-07-01", "amount": "10000.00"},
        {"due": "2027-08-01", "amount": "9800.00"},
    ]
    assert "w 2 transzach" in contract.text


@pytest.mark.parametrize(
    "instalments",
    [
        [],
        [{"due": date(2027, 6, 30), "amount": "19800"}],  # before the task
        [{"due": date(2027, 9, 1), "amount": "19800"}],  # after the task
        [{"due": None, "amount": "19800"}],
        [{"due": date(2027, 7, 1), "amount": "-19800"}],
    ],
)
def test_instalments_outside_the_period_or_without_amounts_are_refused(official, offer, instalments):
    with pytest.raises(ValidationError):
        prepare(official, offer, instalments=instalments)
    assert not Contract.objects.exists()


def test_signatories_are_required(official, offer):
    with pytest.raises(ValidationError, match="(sign for the city|podpisujące)"):
        prepare(official, offer, signatory_organisation=" ")


def test_partial_report_periods_must_end_within_the_task(official, offer):
    with pytest.raises(ValidationError):
        prepare(official, offer, partial_report_ends=["2027-08-31"])  # the task's last day: that is the final
    contract = prepare(official, offer, partial_report_ends=["2027-07-31"])
    assert contract.partial_report_ends == ["2027-07-31"]
    assert "30.08.2027" in contract.text  # due 30 days after the period


# --- Templates are versioned ---------------------------------------------------------------------


def test_a_template_in_use_cannot_be_edited_and_a_new_version_leaves_contracts_alone(official, offer):
    contract = prepare(official, offer)
    template = contract.template
    template.body = "Zmieniony tekst {{ number }}"
    with pytest.raises(ValidationError, match="(new version|nową wersję)"):
        template.full_clean()
    # Retiring the version is still allowed.
    template.refresh_from_db()
    template.is_active = False
    template.full_clean()
    template.save()
    ContractTemplate.objects.create(
        version="2027", title="Umowa 2027", body="NOWY WZÓR {{ number }}", valid_from=date(2024, 1, 1)
    )
    contract.refresh_from_db()
    assert "NOWY WZÓR" not in contract.text
    second = prepare(official, make_offer(competition=offer.competition))
    assert second.template.version == "2027"
    assert second.text.startswith("NOWY WZÓR")


def test_an_unused_template_can_be_edited(official):
    template = ContractTemplate.objects.get(version="2018-annex-3-2021")
    template.legal_basis = "art. 16"
    template.full_clean()


# --- Sending, signing, terminating ---------------------------------------------------------------


def test_the_whole_contract_path_for_an_official(official, offer, member, committed):
    contract = prepare(official, offer)
    with committed():
        contract = contract_services.send_for_signature(user=official, contract=contract)
    assert contract.state == ContractState.SENT
    assert Notification.objects.filter(recipient=member, event="contract.sent").exists()
    with committed():
        contract = sign(official, contract)
    offer.refresh_from_db()
    assert contract.state == ContractState.SIGNED
    assert offer.state == OfferState.CONTRACTED
    assert contract.signed_scan.read() == SCAN
    assert OfferTransition.objects.filter(offer=offer, target=OfferState.CONTRACTED, by=official).exists()
    final = offer.reports.get()
    assert (final.kind, final.due_date) == (ReportKind.FINAL, TASK_END + timedelta(days=30))
    assert Notification.objects.filter(recipient=member, event="contract.signed").exists()
    assert [e.target for e in WorkflowEvent.objects.filter(subject="contract")] == [
        "prepared",
        "sent",
        "signed",
    ]


def test_signing_creates_the_partial_reports_the_contract_names(official, offer):
    contract = prepare(official, offer, partial_report_ends=["2027-07-31"])
    contract_services.send_for_signature(user=official, contract=contract)
    sign(official, contract)
    partial, final = offer.reports.order_by("due_date")
    assert (partial.kind, partial.period_from, partial.period_to) == (
        ReportKind.PARTIAL,
        TASK_START,
        date(2027, 7, 31),
    )
    assert partial.due_date == date(2027, 8, 30)
    assert (final.kind, final.period_from) == (ReportKind.FINAL, TASK_START)


@pytest.mark.parametrize("who", ["member", "other_ngo", "committee", "anonymous"])
def test_only_officials_send_sign_and_terminate(who, others, official, offer):
    from django.contrib.auth.models import AnonymousUser

    user = others[who] or AnonymousUser()
    contract = prepare(official, offer)
    with pytest.raises(PermissionDenied):
        contract_services.send_for_signature(user=user, contract=contract)
    contract_services.send_for_signature(user=official, contract=contract)
    with pytest.raises(PermissionDenied):
        sign(user, contract)
    with pytest.raises(PermissionDenied):
        contract_services.terminate_contract(user=user, contract=contract, reason="x")
    contract.refresh_from_db()
    assert contract.state == ContractState.SENT


def test_transitions_from_wrong_states_are_refused(official, offer):
    contract = prepare(official, offer)
    with pytest.raises(ValidationError, match="(cannot be done|nie można tego zrobić)"):
        sign(official, contract)  # not sent yet
    with pytest.raises(ValidationError):
        contract_services.terminate_contract(user=official, contract=contract, reason="Rezygnacja")
    contract_services.send_for_signature(user=official, contract=contract)
    with pytest.raises(ValidationError):
        contract_services.send_for_signature(user=official, contract=contract)
    sign(official, contract)
    with pytest.raises(ValidationError):
        sign(official, contract)
    for state in (ContractState.TERMINATED, ContractState.SETTLED):
        set_state(contract, state)
        with pytest.raises(ValidationError):
            contract_services.terminate_contract(user=official, contract=contract, reason="Rezygnacja")
    assert Contract.objects.get().state == ContractState.SETTLED


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"city_date": None}, "(date of each|datę podpisu)"),
        ({"organisation_date": timezone.localdate() + timedelta(days=1)}, "(future|przyszło)"),
        (
            {"city_date": timezone.localdate() - timedelta(days=400)},
            "(before the contract|przed przygotowaniem)",
        ),
        ({"scan": None}, "(scan|skan)"),
        ({"scan": SimpleUploadedFile("umowa.docx", b"PK\x03\x04")}, "(PDF, JPEG or PNG|PDF, JPEG lub PNG)"),
        ({"scan": SimpleUploadedFile("umowa.pdf", b"MZ not a pdf")}, "nie jest tym, na co wskazuje nazwa"),
        (
            {"scan": SimpleUploadedFile("umowa.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024))},
            "(too large|za duży)",
        ),
    ],
)
def test_bad_signature_input_is_refused_and_changes_nothing(official, offer, changes, message):
    contract = prepare(official, offer)
    contract_services.send_for_signature(user=official, contract=contract)
    with pytest.raises(ValidationError, match=message):
        sign(official, contract, **changes)
    contract.refresh_from_db()
    offer.refresh_from_db()
    assert (contract.state, offer.state) == (ContractState.SENT, OfferState.GRANTED)
    assert not offer.reports.exists()


def test_a_png_scan_is_accepted(official, offer):
    contract = prepare(official, offer)
    contract_services.send_for_signature(user=official, contract=contract)
    png = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(png, "PNG")
    contract = sign(official, contract, scan=SimpleUploadedFile("skan.PNG", png.getvalue()))
    assert contract.signed_scan.name.endswith(".png")


def test_terminating_needs_a_reason_and_ends_the_offer(official, offer, member, committed):
    contract = prepare(official, offer)
    contract_services.send_for_signature(user=official, contract=contract)
    sign(official, contract)
    with pytest.raises(ValidationError, match="(reason|powód)"):
        contract_services.terminate_contract(user=official, contract=contract, reason="  ")
    with committed():
        contract_services.terminate_contract(
            user=official, contract=contract, reason="Nieprzedłożenie sprawozdania częściowego."
        )
    contract.refresh_from_db()
    offer.refresh_from_db()
    assert (contract.state, offer.state) == (ContractState.TERMINATED, OfferState.TERMINATED)
    assert contract.termination_reason == "Nieprzedłożenie sprawozdania częściowego."
    notification = Notification.objects.get(recipient=member, event="contract.terminated")
    assert "Nieprzedłożenie" in notification.body


def test_a_sent_contract_can_be_terminated_before_signature(official, offer):
    contract = prepare(official, offer)
    contract_services.send_for_signature(user=official, contract=contract)
    contract_services.terminate_contract(user=official, contract=contract, reason="Organizacja odstąpiła.")
    offer.refresh_from_db()
    assert offer.state == OfferState.TERMINATED


def test_two_officials_signing_at_once_do_not_both_succeed(official, offer):
    contract = prepare(official, offer)
    contract_services.send_for_signature(user=official, contract=contract)
    stale = Contract.objects.get(pk=contract.pk)
    contract_services.terminate_contract(user=official, contract=contract, reason="Odstąpienie.")
    with pytest.raises(ValidationError):
        sign(official, stale)
    assert Contract.objects.get().state == ContractState.TERMINATED


def test_no_notification_is_emailed_when_the_transition_is_refused(
    official, offer, member, committed, mailoutbox
):
    contract = prepare(official, offer)
    with committed(), pytest.raises(ValidationError):
        sign(official, contract)
    assert not Notification.objects.filter(event="contract.signed").exists()


def test_notifications_are_emailed_on_commit(official, offer, member, committed, mailoutbox):
    with committed():
        prepare(official, offer)
    assert any(member.email in message.to for message in mailoutbox)


# --- PDF ----------------------------------------------------------------------------------------


def test_the_pdf_has_the_number_and_the_accessibility_clause(official, offer):
    from pypdf import PdfReader

    contract = prepare(official, offer)
    assert store_contract_pdf(contract.pk) is True
    assert store_contract_pdf(contract.pk) is False  # stored once
    contract.refresh_from_db()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(contract.pdf.read())).pages)
    text = " ".join(text.split())
    assert contract.number in text
    assert "szczególnymi potrzebami" in text
    assert "UMOWA NR" in text


# --- Pages ----------------------------------------------------------------------------------------


def test_the_organisation_sees_its_contract_and_downloads_the_pdf_and_the_scan(
    client, official, offer, member
):
    contract = prepare(official, offer)
    contract_services.send_for_signature(user=official, contract=contract)
    sign(official, contract)
    client.force_login(member)
    page = client.get(reverse("offers:contract", args=[offer.pk])).content.decode()
    assert contract.number in page
    response = client.get(reverse("offers:contract_pdf", args=[offer.pk]))
    assert response["Content-Type"] == "application/pdf"
    # Not stored yet (the task stores it): rendered for this download, streamed once stored.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"%PDF")
    response = client.get(reverse("offers:contract_scan", args=[offer.pk]))
    assert b"".join(response.streaming_content) == SCAN


@pytest.mark.parametrize("who", ["other_ngo", "committee"])
def test_others_cannot_see_or_download_the_contract(client, official, offer, others, who):
    prepare(official, offer)
    verified_login(client, others[who])
    for name in ("offers:contract", "offers:contract_pdf", "offers:contract_scan"):
        assert client.get(reverse(name, args=[offer.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, official, offer):
    prepare(official, offer)
    response = client.get(reverse("offers:contract_pdf", args=[offer.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login")) or "login" in response["Location"]


@pytest.fixture
def official_client(client, official, totp_device):
    device = totp_device(official)
    client.force_login(official)
    client.post(reverse("accounts:otp_verify"), {"token": current_code(device)})
    return client


def test_an_official_prepares_sends_signs_in_the_admin(official_client, offer):
    url = reverse("contracts_admin:contract", args=[offer.pk])
    page = official_client.get(url).content.decode()
    assert ACCOUNT in page  # the offer's account is offered
    data = {
        "action": "prepare",
        "bank_account": ACCOUNT,
        "signatory_city": "Anna Wiśniewska",
        "signatory_organisation": "Jan Kowalski",
        "partial_report_ends": "31.07.2027",
        "instalments-TOTAL_FORMS": "3",
        "instalments-INITIAL_FORMS": "0",
        "instalments-MIN_NUM_FORMS": "3",
        "instalments-MAX_NUM_FORMS": "12",
        "instalments-0-due": "2027-07-01",
        "instalments-0-amount": "19000",
    }
    response = official_client.post(url, data, follow=True)
    assert "19 000,00" in response.content.decode() or "19\xa0000,00" in response.content.decode()
    assert not Contract.objects.exists()
    data["instalments-1-due"] = "2027-08-01"
    data["instalments-1-amount"] = "800"
    official_client.post(url, data)
    contract = Contract.objects.get()
    assert contract.partial_report_ends == ["2027-07-31"]
    official_client.post(url, {"action": "send", "comment": ""})
    today = timezone.localdate().isoformat()
    official_client.post(
        url, {"action": "sign", "city_date": today, "organisation_date": today, "scan": scan()}
    )
    contract.refresh_from_db()
    assert contract.state == ContractState.SIGNED
    listing = official_client.get(reverse("contracts_admin:list")).content.decode()
    assert contract.number in listing
    assert (
        official_client.get(reverse("contracts_admin:pdf", args=[contract.pk]))["Content-Type"]
        == "application/pdf"
    )


def test_the_template_admin_refuses_editing_a_version_in_use(official_client, official, offer):
    contract = prepare(official, offer)
    template = contract.template
    url = reverse("contract_templates:edit", args=[template.pk])
    assert official_client.get(url).status_code == 200
    response = official_client.post(
        url,
        {
            "version": template.version,
            "title": template.title,
            "legal_basis": template.legal_basis,
            "body": "Inny tekst",
            "valid_from": template.valid_from.isoformat(),
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "new version" in response.content.decode() or "nową wersję" in response.content.decode()
    template.refresh_from_db()
    assert template.body != "Inny tekst"


def test_ngo_members_cannot_open_the_contract_admin(client, member, offer):
    client.force_login(member)
    response = client.get(reverse("contracts_admin:contract", args=[offer.pk]))
    assert response.status_code in (302, 403)
