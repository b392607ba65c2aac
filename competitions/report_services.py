"""Reports (sprawozdania, annex 5 to the 2018 regulation): write, submit, accept or return, settle.

``Report.content`` holds what the organisation wrote, in the shape ``report_content``
builds from the offer (or its accepted update):

* ``activities``: [{"name", "planned", "carried_out"}] — the offer's schedule and what was done;
* ``results``: [{"result", "planned_level", "achieved_level", "notes"}] — the offer's results step;
* ``costs``: {source: {"planned": "0.00", "actual": "0.00"}} for each of ``budget.SOURCES``
  and ``costs_total_actual`` (the total the organisation states, checked against the sum);
* ``personal_contribution``, ``in_kind_contribution``, ``other``: descriptions.

Inconsistent costs are refused with a message and change nothing. Accepting the final
report settles the offer and computes the grant to return (art. 251 of the public finance act).
"""

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransition, can_proceed

from notifications.services import notify
from portal import uploads
from portal.permissions import ensure

from . import budget
from .choices import ContractState, OfferState, ReportKind, ReportState
from .contract_services import accepted_update, contract_terms_source, members_of
from .models import Contract, Offer, Report, ReportAttachment, WorkflowEvent
from .offer_services import _log
from .parsing import AMOUNT_TOO_LARGE, MONEY_MAX, grouped, parse_decimal

RETURN_DAYS = 15  # art. 251 sec. 1 of the public finance act, § 7 of the contract

CHANGED_MEANWHILE = _(
    "%(who)s saved this report after you opened it. Your changes were not saved; "
    "below is the report as it is now."
)
NOT_EDITABLE = _("This report is %(state)s and can no longer be changed.")
NOT_SUBMITTED = _("Only a submitted report can be accepted or returned.")
COMMENT_REQUIRED = _("Write what the organisation has to correct.")
NEGATIVE = _("%(source)s: an amount cannot be negative.")
NOT_A_NUMBER = _("%(source)s: give an amount in złoty, e.g. 1250,00.")
MONEY_LIMIT = f"{grouped(MONEY_MAX)} zł"
GRANT_ABOVE = _("The grant spent (%(spent)s) cannot exceed the grant awarded (%(granted)s).")
TOTAL_MISMATCH = _(
    "The total of actual costs you gave (%(given)s) does not equal the sum of the sources (%(sum)s)."
)
ACTIVITY_MISSING = _("Describe how the activity “%(name)s” was carried out (or why it was not).")
RESULT_MISSING = _("Give the level achieved for the result “%(name)s”.")
TOTAL_MISSING = _("Give the total of actual costs.")
PERSONAL_MISSING = _("Describe the personal contribution (work, volunteers) you reported.")
IN_KIND_MISSING = _("Describe the in-kind contribution you reported.")
PARTIAL_FIRST = _("Accept the partial reports of this offer before the final report.")
CONTRACT_NOT_SIGNED = _("The contract of this offer is %(state)s, so the offer cannot be settled.")

SOURCE_NAMES = {
    "grant": _("Grant"),
    "own_financial": _("Own financial contribution"),
    "own_personal": _("Own non-financial contribution: personal"),
    "own_in_kind": _("Own non-financial contribution: in kind"),
    "participant_fees": _("Fees from participants"),
    "other_public": _("Other public funds"),
}


class ReportChangedMeanwhile(Exception):
    def __init__(self, report: Report):
        super().__init__("report changed meanwhile")
        self.report = report


def _event(report, source, target, user, comment=""):
    WorkflowEvent.objects.create(
        offer_id=report.offer_id,
        subject="report",
        subject_id=report.pk,
        source=source,
        target=target,
        by=user,
        comment=comment,
    )


def report_url(report) -> str:
    return reverse("offers:report", args=[report.offer_id, report.pk])


def report_content(report: Report) -> dict:
    """The report's content, with the planned values from the offer (or its update) filled in."""
    offer = report.offer
    update = accepted_update(offer)
    planned = (update.content if update else None) or {}
    schedule = planned.get("schedule") or (offer.content or {}).get("schedule") or []
    results = (offer.content or {}).get("results") or []
    financing, _total, _has_update = contract_terms_source(offer)
    saved = report.content or {}
    saved_activities = saved.get("activities") or []
    saved_results = saved.get("results") or []
    saved_costs = saved.get("costs") or {}

    def at(rows, index):
        return rows[index] if index < len(rows) else {}

    return {
        "activities": [
            {
                "name": row.get("name", ""),
                "planned": f"{row.get('start', '')} – {row.get('end', '')}",
                "carried_out": at(saved_activities, index).get("carried_out", ""),
            }
            for index, row in enumerate(schedule)
        ],
        "results": [
            {
                "result": row.get("result", ""),
                "planned_level": row.get("planned_level", ""),
                "achieved_level": at(saved_results, index).get("achieved_level", ""),
                "notes": at(saved_results, index).get("notes", ""),
            }
            for index, row in enumerate(results)
        ],
        "costs": {
            source: {
                "planned": f"{budget.money(financing.get(source)):.2f}",
                "actual": (saved_costs.get(source) or {}).get("actual", ""),
            }
            for source in budget.SOURCES
        },
        "costs_total_actual": saved.get("costs_total_actual", ""),
        "personal_contribution": saved.get("personal_contribution", ""),
        "in_kind_contribution": saved.get("in_kind_contribution", ""),
        "other": saved.get("other", ""),
    }


def _amount(value):
    """Decimal or None (blank); raises InvalidOperation for text that is not a finite number."""
    if value in (None, ""):
        return None
    try:
        # The one parser of amounts (competitions.parsing): refuses "1,234.56" rather than guess.
        amount = parse_decimal(str(value))
    except ValidationError:
        raise InvalidOperation(value) from None
    if not amount.is_finite():
        # "NaN" parses, and then any comparison with it raises.
        raise InvalidOperation(value)
    return amount


def actual_costs(content: dict) -> dict:
    return {
        source: budget.money(_amount((content.get("costs") or {}).get(source, {}).get("actual")) or 0)
        for source in budget.SOURCES
    }


def cost_problems(report: Report, content: dict) -> list[str]:
    """Negative or non-numeric amounts, grant above the award, a total that does not add up."""
    problems, values = [], {}
    for source in budget.SOURCES:
        raw = ((content.get("costs") or {}).get(source) or {}).get("actual")
        try:
            value = _amount(raw)
        except InvalidOperation:
            problems.append(str(NOT_A_NUMBER % {"source": SOURCE_NAMES[source]}))
            continue
        if value is not None and value < 0:
            problems.append(str(NEGATIVE % {"source": SOURCE_NAMES[source]}))
        if value is not None and value > MONEY_MAX:
            problems.append(f"{SOURCE_NAMES[source]}: {AMOUNT_TOO_LARGE % {'limit': MONEY_LIMIT}}")
            continue
        values[source] = budget.money(value or 0)
    granted = budget.money(report.offer.granted_amount)
    if values.get("grant", 0) > granted:
        problems.append(
            str(GRANT_ABOVE % {"spent": budget.pln(values["grant"]), "granted": budget.pln(granted)})
        )
    try:
        total = _amount(content.get("costs_total_actual"))
    except InvalidOperation:
        problems.append(str(NOT_A_NUMBER % {"source": _("Total")}))
        total = None
    if total is not None and total > MONEY_MAX:
        problems.append(f"{_('Total')}: {AMOUNT_TOO_LARGE % {'limit': MONEY_LIMIT}}")
    if total is not None and not problems:
        total_sum = sum(values.values(), Decimal("0.00"))
        if budget.money(total) != total_sum:
            problems.append(str(TOTAL_MISMATCH % {"given": budget.pln(total), "sum": budget.pln(total_sum)}))
    return problems


def completeness_problems(content: dict) -> list[str]:
    """What a submitted report must have beyond consistent costs."""
    problems = []
    for row in content.get("activities") or []:
        if not (row.get("carried_out") or "").strip():
            problems.append(str(ACTIVITY_MISSING % {"name": row.get("name", "")}))
    for row in content.get("results") or []:
        if not (row.get("achieved_level") or "").strip():
            problems.append(str(RESULT_MISSING % {"name": row.get("result", "")}))
    if content.get("costs_total_actual") in (None, ""):
        problems.append(str(TOTAL_MISSING))
    actual = actual_costs(content)
    if actual["own_personal"] > 0 and not (content.get("personal_contribution") or "").strip():
        problems.append(str(PERSONAL_MISSING))
    if actual["own_in_kind"] > 0 and not (content.get("in_kind_contribution") or "").strip():
        problems.append(str(IN_KIND_MISSING))
    return problems


def _normalised(content: dict) -> dict:
    """Amounts stored as "0.00" strings (blank stays blank) so the JSON is stable."""
    content = dict(content)
    costs = {}
    for source in budget.SOURCES:
        row = dict((content.get("costs") or {}).get(source) or {})
        value = _amount(row.get("actual"))
        row["actual"] = "" if value is None else f"{budget.money(value):.2f}"
        costs[source] = row
    content["costs"] = costs
    total = _amount(content.get("costs_total_actual"))
    content["costs_total_actual"] = "" if total is None else f"{budget.money(total):.2f}"
    return content


def _lock(report) -> Report:
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("offer__organisation", "offer__competition")
        .get(pk=report.pk)
    )


def _ensure_editable(report):
    if report.state not in (ReportState.DRAFT, ReportState.RETURNED):
        raise ValidationError(NOT_EDITABLE, code="not_editable", params={"state": report.get_state_display()})
    if report.offer.state != OfferState.CONTRACTED:
        raise ValidationError(
            NOT_EDITABLE, code="not_editable", params={"state": report.offer.get_state_display()}
        )


@transaction.atomic
def save_report(*, user, report: Report, content: dict, revision: int) -> Report:
    """Save the draft; refused when someone saved it after ``revision`` was read or costs are inconsistent."""
    ensure(user, "offer.report", report.offer)
    report = _lock(report)
    _ensure_editable(report)
    if report.revision != revision:
        raise ReportChangedMeanwhile(report)
    problems = cost_problems(report, content)
    if problems:
        raise ValidationError(problems, code="costs")
    report.content = _normalised(content)
    report.revision += 1
    Report.objects.filter(pk=report.pk).update(content=report.content, revision=report.revision)
    return report


@transaction.atomic
def submit_report(
    *, user, report: Report, content: dict | None = None, revision: int | None = None
) -> Report:
    """Submit (optionally saving ``content`` first); the city hall then accepts or returns it."""
    if content is not None:
        report = save_report(user=user, report=report, content=content, revision=revision)
    ensure(user, "offer.report", report.offer)
    report = _lock(report)
    _ensure_editable(report)
    content = report_content(report)
    problems = cost_problems(report, content) + completeness_problems(content)
    if problems:
        raise ValidationError(problems, code="incomplete")
    source = report.state
    report.content = _normalised(content)
    report.submit()
    report.submitted_at = timezone.now()
    report.submitted_by = user
    _save(report)
    _event(report, source, report.state, user)
    contract = Contract.objects.filter(offer_id=report.offer_id).select_related("prepared_by").first()
    officials = [contract.prepared_by] if contract and contract.prepared_by else []
    notify(
        recipients=members_of(report.offer) + officials,
        event="report.submitted",
        title=_("%(kind)s of %(offer)s is submitted")
        % {"kind": report.get_kind_display(), "offer": report.offer},
        body=_("The city hall will check it and accept it or return it with comments."),
        url=report_url(report),
    )
    return report


def _save(obj):
    try:
        obj.save()
    except ConcurrentTransition as error:
        raise ValidationError(
            _("Someone changed this report meanwhile. Reload the page and check its state."),
            code="changed_meanwhile",
        ) from error


def unspent_grant(report: Report) -> Decimal:
    """Granted minus the grant actually spent, never negative."""
    spent = actual_costs(report.content or {})["grant"]
    return max(budget.money(report.offer.granted_amount) - spent, Decimal("0.00"))


def return_deadline(contract: Contract):
    return contract.task_end + timedelta(days=RETURN_DAYS)


@transaction.atomic
def accept_report(*, user, report: Report, comment: str = "") -> Report:
    """Accept; the final report also settles the offer and fixes the grant to return."""
    ensure(user, "report.review", report)
    report = _lock(report)
    if not can_proceed(report.accept):
        raise ValidationError(NOT_SUBMITTED, code="not_submitted")
    offer = Offer.objects.select_for_update(of=("self",)).get(pk=report.offer_id)
    contract = None
    if report.kind == ReportKind.FINAL:
        if offer.reports.exclude(pk=report.pk).exclude(state=ReportState.ACCEPTED).exists():
            raise ValidationError(PARTIAL_FIRST, code="partial_first")
        contract = Contract.objects.select_for_update(of=("self",)).get(offer_id=offer.pk)
        if contract.state != ContractState.SIGNED or not can_proceed(offer.settle):
            raise ValidationError(
                CONTRACT_NOT_SIGNED, code="not_signed", params={"state": contract.get_state_display()}
            )
    source = report.state
    report.accept()
    report.review_comment = (comment or "").strip()
    report.reviewed_at = timezone.now()
    report.reviewed_by = user
    _save(report)
    _event(report, source, report.state, user, report.review_comment)
    if contract is None:
        notify(
            recipients=members_of(offer),
            event="report.accepted",
            title=_("%(kind)s of %(offer)s is accepted")
            % {"kind": report.get_kind_display(), "offer": offer},
            body=report.review_comment,
            url=report_url(report),
        )
        return report
    _settle(user=user, report=report, offer=offer, contract=contract)
    return report


def _settle(*, user, report, offer, contract):
    amount = unspent_grant(report)
    offer.unspent_grant = amount
    offer.settle()
    _save(offer)
    contract_source = contract.state
    contract.settle()
    _save(contract)
    _log(offer, OfferState.CONTRACTED, OfferState.SETTLED, user, str(_("Final report accepted.")))
    WorkflowEvent.objects.create(
        offer=offer,
        subject="contract",
        subject_id=contract.pk,
        source=contract_source,
        target=contract.state,
        by=user,
    )
    if amount > 0:
        body = _(
            "Return %(amount)s of unspent grant to the city's account within 15 days of the end of the "
            "task, by %(date)s, as § 7 of the contract says; interest as for tax arrears is charged "
            "on amounts returned later (art. 251 of the public finance act)."
        ) % {"amount": budget.pln(amount), "date": return_deadline(contract).strftime("%d.%m.%Y")}
    else:
        body = _("The whole grant was spent; there is nothing to return.")
    notify(
        recipients=members_of(offer),
        event="report.settled",
        title=_("The final report of %(offer)s is accepted and the grant is settled") % {"offer": offer},
        body=body,
        url=report_url(report),
    )


@transaction.atomic
def return_report(*, user, report: Report, comment: str) -> Report:
    """Return a submitted report with what to correct; the organisation edits and submits it again."""
    ensure(user, "report.review", report)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(COMMENT_REQUIRED, code="comment_required")
    report = _lock(report)
    if not can_proceed(report.return_with_comments):
        raise ValidationError(NOT_SUBMITTED, code="not_submitted")
    source = report.state
    report.return_with_comments()
    report.review_comment = comment
    report.reviewed_at = timezone.now()
    report.reviewed_by = user
    _save(report)
    _event(report, source, report.state, user, comment)
    notify(
        recipients=members_of(report.offer),
        event="report.returned",
        title=_("%(kind)s of %(offer)s is returned for correction")
        % {"kind": report.get_kind_display(), "offer": report.offer},
        body=comment,
        url=report_url(report),
    )
    return report


@transaction.atomic
def add_report_attachment(*, user, report: Report, upload) -> ReportAttachment:
    """Attach an invoice list, attendance list, photos… with the same checks as offer attachments."""
    ensure(user, "offer.report", report.offer)
    report = _lock(report)
    _ensure_editable(report)
    name = uploads.check_upload(upload, uploads.DOCUMENT)
    upload.name = uploads.storage_name(name)
    return ReportAttachment.objects.create(
        report=report, name=name, file=upload, size=upload.size, uploaded_by=user
    )


@transaction.atomic
def remove_report_attachment(*, user, report: Report, attachment_pk: int) -> None:
    ensure(user, "offer.report", report.offer)
    report = _lock(report)
    _ensure_editable(report)
    report.attachments.filter(pk=attachment_pk).delete()


# --- Reminders (beat, daily) --------------------------------------------------------------------

# (key, applies once the days left to the due date are at most this), least urgent first. The most
# urgent key that applies is sent and marks the earlier ones too, so no one gets two at once, and a
# day beat missed still gets its reminder the next day.
REMINDERS = [("before-7", 7), ("before-1", 1), ("after-1", -1), ("after-7", -7)]


def _reminder_text(key, report, days):
    due = report.due_date.strftime("%d.%m.%Y")
    names = {"kind": report.get_kind_display(), "offer": report.offer, "due": due}
    if key == "before-7":
        return _("%(kind)s of %(offer)s is due by %(due)s") % names, _(
            "%(days)s days are left to submit it in the portal."
        ) % {"days": days}
    if key == "before-1":
        return _("%(kind)s of %(offer)s is due by %(due)s") % names, _(
            "The deadline is close: submit the report in the portal."
        )
    return _("%(kind)s of %(offer)s is overdue (due %(due)s)") % names, _(
        "Submit it as soon as possible; the city may terminate the contract when a report is not filed."
    )


def send_report_reminders(*, now=None) -> int:
    """Send each due reminder once; returns how many reports were reminded."""
    today = timezone.localdate(now or timezone.now())
    pending = Report.objects.filter(
        state__in=[ReportState.DRAFT, ReportState.RETURNED],
        offer__state=OfferState.CONTRACTED,
        due_date__lte=today + timedelta(days=7),
    ).values_list("pk", flat=True)
    sent = 0
    for pk in pending:
        with transaction.atomic():
            report = (
                Report.objects.select_for_update(of=("self",))
                .select_related("offer__organisation")
                .get(pk=pk)
            )
            days = (report.due_date - today).days
            due_keys = [key for key, most in REMINDERS if days <= most]
            if not due_keys or due_keys[-1] in report.reminders_sent:
                continue
            key = due_keys[-1]
            title, body = _reminder_text(key, report, days)
            notify(
                recipients=members_of(report.offer),
                event=f"report.reminder.{key}",
                title=title,
                body=body,
                url=report_url(report),
            )
            report.reminders_sent = sorted(set(report.reminders_sent) | set(due_keys))
            Report.objects.filter(pk=report.pk).update(reminders_sent=report.reminders_sent)
            sent += 1
    return sent
