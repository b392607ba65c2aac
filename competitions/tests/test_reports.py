"""Reports (annex 5): writing, consistent costs, submitting, review, settlement and reminders."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from competitions import contract_services, report_services
from competitions.choices import ContractState, OfferState, ReportKind, ReportState
from competitions.models import WorkflowEvent
from competitions.report_tasks import send_report_reminders
from competitions.tests.test_contracts import TASK_END, make_offer, prepare, set_state, sign
from conftest import current_code
from notifications.models import Notification
from organisations.choices import Role
from tests.second_factor_helpers import verified_login

pytestmark = pytest.mark.django_db


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
def official_client(client, official, totp_device):
    device = totp_device(official)
    client.force_login(official)
    client.post(reverse("accounts:otp_verify"), {"token": current_code(device)})
    return client


def signed_offer(official, organisation, **prepare_changes):
    offer = make_offer(organisation)
    contract = prepare(official, offer, **prepare_changes)
    contract_services.send_for_signature(user=official, contract=contract)
    sign(official, contract)
    offer.refresh_from_db()
    return offer


@pytest.fixture
def offer(official, organisation):
    return signed_offer(official, organisation)


@pytest.fixture
def report(offer):
    return offer.reports.get(kind=ReportKind.FINAL)


def complete(report, grant="18000.00", **changes):
    """A complete, consistent report: 18 000 of the grant spent, 22 000 in total."""
    content = report_services.report_content(report)
    for row in content["activities"]:
        row["carried_out"] = "Zrealizowano zgodnie z harmonogramem."
    for row in content["results"]:
        row["achieved_level"] = "58 dzieci"
    actual = {"grant": grant, "own_financial": "1000.00", "own_personal": "1200.00"}
    for source, value in actual.items():
        content["costs"][source]["actual"] = value
    content["costs_total_actual"] = str(sum(Decimal(v) for v in actual.values()))
    content["personal_contribution"] = "Praca 4 wolontariuszy."
    content.update(changes)
    return content


def save(user, report, content):
    report.refresh_from_db()
    return report_services.save_report(user=user, report=report, content=content, revision=report.revision)


def submit(user, report, content=None):
    report.refresh_from_db()
    return report_services.submit_report(
        user=user, report=report, content=content or complete(report), revision=report.revision
    )


@pytest.fixture
def others(make_user, offer, official):
    committee = make_user(Role.COMMITTEE_MEMBER)
    offer.competition.committee.add(committee)
    return {
        "official": official,
        "other_ngo": make_user(Role.NGO_MEMBER),
        "committee": committee,
        "anonymous": AnonymousUser(),
    }


# --- Content from the offer ---------------------------------------------------------------------


def test_the_report_starts_from_the_offers_schedule_results_and_financing(report):
    content = report_services.report_content(report)
    assert [row["name"] for row in content["activities"]] == ["Półkolonie", "Piknik rodzinny"]
    assert content["results"][0]["planned_level"] == "60 dzieci"
    assert content["costs"]["grant"]["planned"] == "19800.00"
    assert content["costs"]["own_personal"]["planned"] == "1200.00"


# --- Writing and consistent costs ---------------------------------------------------------------


def test_the_organisation_saves_a_draft_and_its_revision_grows(member, report):
    saved = save(member, report, complete(report))
    assert saved.revision == 1
    report.refresh_from_db()
    assert report.content["costs"]["grant"]["actual"] == "18000.00"
    assert report.state == ReportState.DRAFT


@pytest.mark.parametrize(
    ("costs", "total", "message"),
    [
        ({"grant": "-10"}, "", "(negative|ujemn)"),
        ({"grant": "19800.01"}, "", "(cannot exceed the grant awarded|nie może przekroczyć)"),
        ({"own_financial": "tysiąc"}, "", "(amount in złoty|kwotę w złotych)"),
        ({"grant": "18000"}, "25000", r"(does not equal|nie jest równa).*(18 000,00|18\xa0000,00)"),
    ],
)
def test_inconsistent_costs_are_refused_and_change_nothing(member, report, costs, total, message):
    save(member, report, complete(report))
    report.refresh_from_db()
    before = (report.content, report.revision)
    content = complete(report)
    for source in budget_sources():
        content["costs"][source]["actual"] = costs.get(source, "")
    content["costs_total_actual"] = total
    with pytest.raises(ValidationError, match=message):
        save(member, report, content)
    with pytest.raises(ValidationError):
        submit(member, report, content)
    report.refresh_from_db()
    assert (report.content, report.revision, report.state) == (*before, ReportState.DRAFT)


def budget_sources():
    from competitions import budget

    return budget.SOURCES


def test_a_stale_revision_is_refused(member, report):
    save(member, report, complete(report))
    with pytest.raises(report_services.ReportChangedMeanwhile):
        report_services.save_report(user=member, report=report, content=complete(report), revision=0)


@pytest.mark.parametrize("who", ["official", "other_ngo", "committee", "anonymous"])
def test_only_the_organisation_writes_and_submits(who, others, report):
    user = others[who]
    with pytest.raises(PermissionDenied):
        report_services.save_report(user=user, report=report, content=complete(report), revision=0)
    with pytest.raises(PermissionDenied):
        report_services.submit_report(user=user, report=report)
    with pytest.raises(PermissionDenied):
        report_services.add_report_attachment(
            user=user, report=report, upload=SimpleUploadedFile("faktury.pdf", b"%PDF")
        )
    report.refresh_from_db()
    assert (report.state, report.revision) == (ReportState.DRAFT, 0)


def test_an_incomplete_report_cannot_be_submitted(member, report):
    content = complete(report, personal_contribution="", costs_total_actual="")
    content["activities"][1]["carried_out"] = ""
    with pytest.raises(ValidationError) as error:
        submit(member, report, content)
    text = " ".join(error.value.messages)
    assert "Piknik rodzinny" in text
    assert "personal contribution" in text or "wkład osobowy" in text
    assert "total" in text or "łączną" in text
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT


def test_submitting_notifies_the_organisation_and_the_official_on_commit(
    member, official, report, committed, mailoutbox
):
    with committed():
        submitted = submit(member, report)
    assert submitted.state == ReportState.SUBMITTED
    assert submitted.submitted_by == member
    assert Notification.objects.filter(recipient=member, event="report.submitted").exists()
    assert Notification.objects.filter(recipient=official, event="report.submitted").exists()
    assert {official.email, member.email} <= {address for m in mailoutbox for address in m.to}
    with pytest.raises(ValidationError):
        save(member, report, complete(report))  # a submitted report is frozen


# --- Review --------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["other_ngo", "committee", "anonymous"])
def test_only_officials_accept_or_return(who, others, member, report):
    submit(member, report)
    user = others[who]
    with pytest.raises(PermissionDenied):
        report_services.accept_report(user=user, report=report)
    with pytest.raises(PermissionDenied):
        report_services.return_report(user=user, report=report, comment="Popraw")
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


def test_the_organisation_cannot_review_its_own_report(member, report):
    submit(member, report)
    with pytest.raises(PermissionDenied):
        report_services.accept_report(user=member, report=report)


def test_a_draft_cannot_be_accepted_or_returned(official, report):
    with pytest.raises(ValidationError):
        report_services.accept_report(user=official, report=report)
    with pytest.raises(ValidationError):
        report_services.return_report(user=official, report=report, comment="Popraw")


def test_returning_needs_comments_then_the_organisation_corrects_and_resubmits(
    member, official, report, committed
):
    submit(member, report)
    with pytest.raises(ValidationError, match="(correct|poprawić)"):
        report_services.return_report(user=official, report=report, comment=" ")
    with committed():
        report_services.return_report(user=official, report=report, comment="Dołącz listy obecności.")
    report.refresh_from_db()
    assert (report.state, report.review_comment) == (ReportState.RETURNED, "Dołącz listy obecności.")
    notification = Notification.objects.get(recipient=member, event="report.returned")
    assert "listy obecności" in notification.body
    report_services.add_report_attachment(
        user=member, report=report, upload=SimpleUploadedFile("listy.pdf", b"%PDF-1.4")
    )
    submit(member, report)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert [e.target for e in WorkflowEvent.objects.filter(subject="report")] == [
        "submitted",
        "returned",
        "submitted",
    ]


def test_accepting_the_final_report_settles_and_computes_the_grant_to_return(
    member, official, offer, report, committed
):
    submit(member, report, complete(report, grant="18000.00"))
    with committed():
        report_services.accept_report(user=official, report=report)
    offer.refresh_from_db()
    assert offer.state == OfferState.SETTLED
    assert offer.unspent_grant == Decimal("1800.00")
    assert offer.contract.state == ContractState.SETTLED
    assert offer.transitions.filter(target=OfferState.SETTLED, by=official).exists()
    notification = Notification.objects.get(recipient=member, event="report.settled")
    assert "1 800,00 zł" in notification.body
    assert (TASK_END + timedelta(days=15)).strftime("%d.%m.%Y") in notification.body
    assert "15" in notification.body


def test_a_fully_spent_grant_leaves_nothing_to_return(member, official, offer, report, committed):
    submit(member, report, complete(report, grant="19800.00"))
    with committed():
        report_services.accept_report(user=official, report=report)
    offer.refresh_from_db()
    assert offer.unspent_grant == Decimal("0.00")
    assert Notification.objects.filter(recipient=member, event="report.settled").exists()


def test_partial_reports_come_first_and_do_not_settle(member, official, make_user):
    organisation = member.memberships.get().organisation
    offer = signed_offer(official, organisation, partial_report_ends=["2027-07-31"])
    partial = offer.reports.get(kind=ReportKind.PARTIAL)
    final = offer.reports.get(kind=ReportKind.FINAL)
    submit(member, final)
    with pytest.raises(ValidationError, match="(partial|częściowe)"):
        report_services.accept_report(user=official, report=final)
    submit(member, partial, complete(partial, grant="9000.00"))
    report_services.accept_report(user=official, report=partial)
    offer.refresh_from_db()
    assert offer.state == OfferState.CONTRACTED
    report_services.accept_report(user=official, report=final)
    offer.refresh_from_db()
    assert offer.state == OfferState.SETTLED


def test_a_terminated_contract_is_not_settled_by_a_report(member, official, offer, report):
    submit(member, report)
    contract_services.terminate_contract(user=official, contract=offer.contract, reason="Kontrola.")
    with pytest.raises(ValidationError):
        report_services.accept_report(user=official, report=report)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED


# --- Attachments ---------------------------------------------------------------------------------


def test_attachments_are_checked_like_offer_attachments(member, report):
    with pytest.raises(ValidationError, match="(PDF|pdf)"):
        report_services.add_report_attachment(
            user=member, report=report, upload=SimpleUploadedFile("wirus.exe", b"MZ")
        )
    big = SimpleUploadedFile("zdjecia.pdf", b"0" * (10 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError, match="(too large|za duży)"):
        report_services.add_report_attachment(user=member, report=report, upload=big)
    assert not report.attachments.exists()
    report_services.add_report_attachment(
        user=member, report=report, upload=SimpleUploadedFile("faktury.pdf", b"%PDF")
    )
    assert report.attachments.get().name == "faktury.pdf"


# --- Reminders -----------------------------------------------------------------------------------


def at(day):
    return timezone.make_aware(datetime.combine(day, time(7, 0)))


def test_reminders_go_7_and_1_days_before_and_1_and_7_days_after_each_once(member, report, committed):
    due = report.due_date
    with committed():
        assert send_report_reminders(now=at(due - timedelta(days=8))) == 0
        assert send_report_reminders(now=at(due - timedelta(days=7))) == 1
        assert send_report_reminders(now=at(due - timedelta(days=7))) == 0  # the same day again
        assert send_report_reminders(now=at(due - timedelta(days=5))) == 0
        assert send_report_reminders(now=at(due - timedelta(days=1))) == 1
        assert send_report_reminders(now=at(due)) == 0
        assert send_report_reminders(now=at(due + timedelta(days=1))) == 1
        assert send_report_reminders(now=at(due + timedelta(days=3))) == 0
        assert send_report_reminders(now=at(due + timedelta(days=7))) == 1
        assert send_report_reminders(now=at(due + timedelta(days=30))) == 0
    events = list(
        Notification.objects.filter(recipient=member, event__startswith="report.reminder")
        .order_by("pk")
        .values_list("event", flat=True)
    )
    assert events == [
        "report.reminder.before-7",
        "report.reminder.before-1",
        "report.reminder.after-1",
        "report.reminder.after-7",
    ]
    report.refresh_from_db()
    assert report.reminders_sent == ["after-1", "after-7", "before-1", "before-7"]


def test_a_missed_day_still_reminds_once_with_the_most_urgent_message(member, report):
    send_report_reminders(now=at(report.due_date + timedelta(days=10)))
    send_report_reminders(now=at(report.due_date + timedelta(days=11)))
    events = list(Notification.objects.filter(recipient=member).values_list("event", flat=True))
    assert events.count("report.reminder.after-7") == 1
    assert not any(e in events for e in ("report.reminder.before-7", "report.reminder.after-1"))


def test_submitted_reports_and_ended_contracts_get_no_reminders(member, official, report, offer):
    submit(member, report)
    assert send_report_reminders(now=at(report.due_date + timedelta(days=1))) == 0
    set_state(report, ReportState.DRAFT)
    set_state(offer, OfferState.TERMINATED)
    assert send_report_reminders(now=at(report.due_date + timedelta(days=1))) == 0


# --- Pages ---------------------------------------------------------------------------------------


def report_post(report, action="save", **changes):
    content = complete(report)
    data = {"action": action, "revision": str(report.revision)}
    for index, row in enumerate(content["activities"]):
        data[f"activity_{index}"] = row["carried_out"]
    for index, row in enumerate(content["results"]):
        data[f"result_{index}"] = row["achieved_level"]
        data[f"result_notes_{index}"] = ""
    for source, row in content["costs"].items():
        data[f"cost_{source}"] = row["actual"]
    data["costs_total_actual"] = content["costs_total_actual"]
    data["personal_contribution"] = content["personal_contribution"]
    data["in_kind_contribution"] = ""
    data["other"] = ""
    data.update(changes)
    return data


def test_the_organisation_writes_and_submits_on_its_pages(client, member, report, offer):
    client.force_login(member)
    listing = client.get(reverse("offers:reports", args=[offer.pk])).content.decode()
    assert reverse("offers:report", args=[offer.pk, report.pk]) in listing
    url = reverse("offers:report", args=[offer.pk, report.pk])
    page = client.get(url).content.decode()
    assert "Półkolonie" in page and "60 dzieci" in page
    response = client.post(url, report_post(report, cost_grant="25000"), follow=True)
    assert "19 800,00" in response.content.decode() or "19\xa0800,00" in response.content.decode()
    report.refresh_from_db()
    assert report.revision == 0
    client.post(url, report_post(report))
    report.refresh_from_db()
    assert report.revision == 1
    client.post(url, report_post(report, action="submit"))
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    upload = SimpleUploadedFile("faktury.pdf", b"%PDF")
    response = client.post(
        reverse("offers:report_upload_attachment", args=[offer.pk, report.pk]), {"file": upload}
    )
    assert not report.attachments.exists()  # submitted: nothing more is attached


@pytest.mark.parametrize("who", ["other_ngo", "committee"])
def test_others_cannot_read_or_write_the_report(client, others, report, offer, who):
    verified_login(client, others[who])
    url = reverse("offers:report", args=[offer.pk, report.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, report_post(report)).status_code == 403
    report.refresh_from_db()
    assert report.revision == 0


def test_an_official_reviews_in_the_admin_and_sees_the_grant_to_return(
    official_client, member, report, offer
):
    submit(member, report, complete(report, grant="18000.00"))
    url = reverse("contracts_admin:report", args=[report.pk])
    page = official_client.get(url).content.decode()
    assert "1800.00" in page or "1800,00" in page or "1 800,00" in page
    official_client.post(url, {"action": "return", "comment": ""})
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    official_client.post(url, {"action": "accept", "comment": "Dziękujemy."})
    offer.refresh_from_db()
    assert offer.state == OfferState.SETTLED
