"""Contracts of granted offers: prepare, send for signature, record the signatures, terminate.

Each service checks ``contract.manage`` through the one permission entry point, locks the
rows it changes, runs the django-fsm transition, logs a ``WorkflowEvent`` (and the offer's
own ``OfferTransition`` when the offer moves), notifies the organisation's members, and
queues the PDF on commit. Bad input raises ``ValidationError`` and changes nothing.
"""

import logging
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import TemplateSyntaxError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransition, can_proceed

from notifications.services import notify
from portal import uploads, validators
from portal.permissions import ensure

from . import budget
from .choices import ContractState, OfferState, OfferUpdateState, ReportKind
from .contract_documents import FINAL_REPORT_DAYS, contract_context, render_contract_text
from .models import Competition, Contract, ContractTemplate, Offer, OfferUpdate, Report, WorkflowEvent
from .offer_services import _log

logger = logging.getLogger(__name__)

CHANGED_MEANWHILE = _("Someone changed this contract meanwhile. Reload the page and check its state.")
NOT_GRANTED = _("A contract can be prepared only for an offer that was granted a subsidy.")
ALREADY_PREPARED = _("This offer already has a contract (%(number)s).")
NEEDS_UPDATE = _(
    "The grant awarded (%(granted)s) is lower than requested (%(requested)s): the organisation's "
    "updated cost calculation and schedule must be accepted before the contract is prepared."
)
NO_INSTALMENTS = _("Give at least one instalment of the grant.")
BAD_INSTALMENT = _("Instalment %(number)s: give the date and an amount above 0 zł.")
INSTALMENT_OUTSIDE = _(
    "Instalment %(number)s is due on %(due)s, outside the task period (%(start)s – %(end)s)."
)
INSTALMENTS_SUM = _(
    "The instalments add up to %(sum)s, but the grant awarded is %(granted)s. %(action)s %(difference)s."
)
PARTIAL_OUTSIDE = _(
    "A partial reporting period must end after the task starts and before it ends "
    "(%(start)s – %(end)s); %(date)s is not."
)
SIGNATORY_REQUIRED = _("Name the persons who sign for the city and for the organisation.")
NO_TEMPLATE = _("There is no contract template in use. Add one (Contracts › Contract templates).")
TEMPLATE_BROKEN = _("The contract template %(version)s cannot be rendered: %(error)s")
WRONG_STATE = _("This contract is %(state)s, so this cannot be done.")
DATES_REQUIRED = _("Give the date of each party's signature.")
DATE_IN_FUTURE = _("A signature date cannot be in the future.")
DATE_BEFORE_PREPARED = _("A signature date cannot be before the contract was prepared (%(date)s).")
SCAN_REQUIRED = _("Attach the scan of the signed contract.")
OFFER_NOT_GRANTED_NOW = _("The offer is %(state)s now, so the contract cannot be signed.")
REASON_REQUIRED = _("Give the reason for terminating the contract.")


def members_of(offer):
    return [m.user for m in offer.organisation.memberships.select_related("user")]


def _event(contract, source, target, user, comment=""):
    WorkflowEvent.objects.create(
        offer_id=contract.offer_id,
        subject="contract",
        subject_id=contract.pk,
        source=source,
        target=target,
        by=user,
        comment=comment,
    )


def _contract_url(offer) -> str:
    return reverse("offers:contract", args=[offer.pk])


def normalise_account(value: str) -> str:
    """The account as a compact IBAN (PL + 26 digits); ``ValidationError`` when it is not a valid NRB.

    The one NRB check (``portal.validators``): ASCII digits, the IBAN check digits, and no
    bank or account part made of zeros.
    """
    validators.validate_nrb(value)
    return f"PL{validators.normalise_nrb(value)}"


def _as_date(value):
    if isinstance(value, date) or value in (None, ""):
        return value or None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def clean_instalments(instalments, *, granted: Decimal, start: date, end: date) -> list[dict]:
    """Instalments as [{"due": ISO date, "amount": "0.00"}], checked against the grant and the period."""
    rows, problems = [], []
    for number, item in enumerate(instalments or [], start=1):
        due, amount = _as_date(item.get("due")), item.get("amount")
        amount = budget.money(amount) if amount not in (None, "") else Decimal("0")
        if due is None or amount <= 0:
            problems.append(BAD_INSTALMENT % {"number": number})
            continue
        if not (start <= due <= end):
            problems.append(
                INSTALMENT_OUTSIDE
                % {
                    "number": number,
                    "due": due.strftime("%d.%m.%Y"),
                    "start": start.strftime("%d.%m.%Y"),
                    "end": end.strftime("%d.%m.%Y"),
                }
            )
        rows.append({"due": due, "amount": amount})
    if not rows and not problems:
        problems.append(NO_INSTALMENTS)
    total = sum((row["amount"] for row in rows), Decimal("0.00"))
    if rows and not problems and total != budget.money(granted):
        difference = budget.money(granted) - total
        problems.append(
            INSTALMENTS_SUM
            % {
                "sum": budget.pln(total),
                "granted": budget.pln(granted),
                "action": _("Add") if difference > 0 else _("Remove"),
                "difference": budget.pln(abs(difference)),
            }
        )
    if problems:
        raise ValidationError([str(p) for p in problems], code="instalments")
    rows.sort(key=lambda row: row["due"])
    return [{"due": row["due"].isoformat(), "amount": f"{row['amount']:.2f}"} for row in rows]


def clean_partial_report_ends(values, *, start: date, end: date) -> list[str]:
    ends, problems = set(), []
    for value in values or []:
        day = _as_date(value)
        if day is None or not (start <= day < end):
            problems.append(
                PARTIAL_OUTSIDE
                % {"start": start.strftime("%d.%m.%Y"), "end": end.strftime("%d.%m.%Y"), "date": str(value)}
            )
            continue
        ends.add(day)
    if problems:
        raise ValidationError([str(p) for p in problems], code="partial_reports")
    return [day.isoformat() for day in sorted(ends)]


def current_template() -> ContractTemplate | None:
    """The newest version in use whose validity has started."""
    return (
        ContractTemplate.objects.filter(is_active=True, valid_from__lte=timezone.localdate())
        .order_by("-valid_from", "-pk")
        .first()
    )


def accepted_update(offer) -> OfferUpdate | None:
    return OfferUpdate.objects.filter(offer=offer, state=OfferUpdateState.ACCEPTED).first()


def contract_terms_source(offer) -> tuple[dict, Decimal, bool]:
    """(financing, total cost, from an update?): the accepted update wins over the offer."""
    update = accepted_update(offer)
    content = (update.content if update else None) or offer.content or {}
    financing = content.get("financing") or (offer.content or {}).get("financing") or {}
    costs = content.get("costs") or (offer.content or {}).get("costs") or []
    return financing, budget.total_of(costs), update is not None


def report_due_for(period_end: date) -> date:
    return period_end + timedelta(days=FINAL_REPORT_DAYS)


@transaction.atomic
def prepare_contract(
    *,
    user,
    offer: Offer,
    bank_account: str,
    instalments: list[dict],
    signatory_city: str,
    signatory_organisation: str,
    partial_report_ends=(),
    template: ContractTemplate | None = None,
) -> Contract:
    """Prepare the contract of a granted offer from the current template; its PDF follows on commit."""
    ensure(user, "contract.manage", offer)
    offer = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("competition", "organisation")
        .get(pk=offer.pk)
    )
    existing = Contract.objects.filter(offer=offer).first()
    if existing is not None:
        raise ValidationError(ALREADY_PREPARED, code="exists", params={"number": existing.number})
    if offer.state != OfferState.GRANTED or offer.granted_amount is None:
        raise ValidationError(NOT_GRANTED, code="not_granted")
    granted = budget.money(offer.granted_amount)
    if granted < budget.money(offer.requested_grant) and accepted_update(offer) is None:
        raise ValidationError(
            NEEDS_UPDATE,
            code="needs_update",
            params={"granted": budget.pln(granted), "requested": budget.pln(offer.requested_grant)},
        )
    task = (offer.content or {}).get("task") or {}
    start, end = _as_date(task.get("start")), _as_date(task.get("end"))
    problems = []
    try:
        account = normalise_account(bank_account)
    except ValidationError as error:
        problems += error.messages
    try:
        instalments = clean_instalments(instalments, granted=granted, start=start, end=end)
    except ValidationError as error:
        problems += error.messages
    try:
        partial_ends = clean_partial_report_ends(partial_report_ends, start=start, end=end)
    except ValidationError as error:
        problems += error.messages
    signatory_city, signatory_organisation = (
        (signatory_city or "").strip(),
        (signatory_organisation or "").strip(),
    )
    if not signatory_city or not signatory_organisation:
        problems.append(str(SIGNATORY_REQUIRED))
    template = template or current_template()
    if template is None:
        problems.append(str(NO_TEMPLATE))
    if problems:
        raise ValidationError(problems, code="invalid")

    # The competition row serialises numbering, as it does for offers.
    competition = Competition.objects.select_for_update().get(pk=offer.competition_id)
    sequence = Contract.objects.filter(offer__competition=competition).count() + 1
    number = f"{competition.signature}/U/{sequence:03d}"
    financing, total_cost, has_update = contract_terms_source(offer)
    report_due = report_due_for(end)
    context = contract_context(
        offer=offer,
        number=number,
        grant_amount=granted,
        instalments=instalments,
        bank_account=account,
        task_start=start,
        task_end=end,
        report_due=report_due,
        partial_reports=[
            {"period_end": day, "due": report_due_for(date.fromisoformat(day))} for day in partial_ends
        ],
        financing=financing,
        total_cost=total_cost,
        has_update=has_update,
        signatory_city=signatory_city,
        signatory_organisation=signatory_organisation,
    )
    try:
        text = render_contract_text(template.body, context)
    except TemplateSyntaxError as error:
        raise ValidationError(
            TEMPLATE_BROKEN, code="template", params={"version": template.version, "error": str(error)}
        ) from error
    contract = Contract.objects.create(
        offer=offer,
        template=template,
        number=number,
        grant_amount=granted,
        own_contribution=max(total_cost - budget.money(financing.get("grant")), Decimal("0.00")),
        instalments=instalments,
        bank_account=account,
        task_start=start,
        task_end=end,
        report_due=report_due,
        partial_report_ends=partial_ends,
        signatory_city=signatory_city,
        signatory_organisation=signatory_organisation,
        text=text,
        prepared_by=user,
    )
    _event(contract, "", ContractState.PREPARED, user)
    notify(
        recipients=members_of(offer),
        event="contract.prepared",
        title=_("Contract %(number)s is prepared") % {"number": number},
        body=_("The city hall prepared the contract for %(title)s; it will be sent to you for signature.")
        % {"title": offer.title},
        url=_contract_url(offer),
    )
    transaction.on_commit(lambda: queue_contract_pdf(contract.pk))
    return contract


def queue_contract_pdf(contract_pk: int) -> None:
    """Queue the PDF; a broker outage must not undo a prepared contract (the view renders it later)."""
    from .report_tasks import render_contract_pdf

    try:
        render_contract_pdf.delay(contract_pk)
    except Exception:
        logger.warning("Could not queue the PDF of contract %s", contract_pk, exc_info=True)


def _locked(contract) -> Contract:
    return (
        Contract.objects.select_for_update(of=("self",))
        .select_related("offer__organisation", "offer__competition")
        .get(pk=contract.pk)
    )


def _refuse_state(contract):
    raise ValidationError(WRONG_STATE, code="wrong_state", params={"state": contract.get_state_display()})


def _save(obj):
    try:
        obj.save()
    except ConcurrentTransition as error:
        raise ValidationError(CHANGED_MEANWHILE, code="changed_meanwhile") from error


@transaction.atomic
def send_for_signature(*, user, contract: Contract, comment: str = "") -> Contract:
    ensure(user, "contract.manage", contract)
    contract = _locked(contract)
    if not can_proceed(contract.send_for_signature):
        _refuse_state(contract)
    source = contract.state
    contract.send_for_signature()
    _save(contract)
    _event(contract, source, contract.state, user, comment)
    notify(
        recipients=members_of(contract.offer),
        event="contract.sent",
        title=_("Contract %(number)s is ready for your signature") % {"number": contract.number},
        body=_(
            "Download the contract, have it signed by the persons representing the organisation "
            "and bring or send it to the city hall."
        ),
        url=_contract_url(contract.offer),
    )
    return contract


def check_scan(upload) -> None:
    if upload is None:
        raise ValidationError(SCAN_REQUIRED, code="scan_required")
    name = uploads.check_upload(upload, uploads.SCAN)
    upload.name = uploads.storage_name(name)


def scan_download_name(contract: Contract) -> str:
    """The signed scan's download name: the contract's number, never the storage path."""
    extension = uploads.extension_of(contract.signed_scan.name)
    return uploads.display_name(f"umowa-{contract.number or contract.pk}-podpisana.{extension}")


@transaction.atomic
def record_signature(*, user, contract: Contract, city_date, organisation_date, scan) -> Contract:
    """Both parties signed: the contract is SIGNED, the offer CONTRACTED, and its reports are due."""
    ensure(user, "contract.manage", contract)
    contract = _locked(contract)
    if not can_proceed(contract.sign):
        _refuse_state(contract)
    city_date, organisation_date = _as_date(city_date), _as_date(organisation_date)
    if not city_date or not organisation_date:
        raise ValidationError(DATES_REQUIRED, code="dates_required")
    today = timezone.localdate()
    prepared = timezone.localtime(contract.prepared_at).date()
    for day in (city_date, organisation_date):
        if day > today:
            raise ValidationError(DATE_IN_FUTURE, code="date_in_future")
        if day < prepared:
            raise ValidationError(
                DATE_BEFORE_PREPARED,
                code="date_before_prepared",
                params={"date": prepared.strftime("%d.%m.%Y")},
            )
    check_scan(scan)
    offer = Offer.objects.select_for_update(of=("self",)).get(pk=contract.offer_id)
    if not can_proceed(offer.sign_contract):
        raise ValidationError(
            OFFER_NOT_GRANTED_NOW, code="offer_state", params={"state": offer.get_state_display()}
        )
    source = contract.state
    contract.sign()
    contract.signed_by_city_on = city_date
    contract.signed_by_organisation_on = organisation_date
    contract.signed_scan.save(f"umowa-podpisana.{scan.name.rsplit('.', 1)[-1].lower()}", scan, save=False)
    _save(contract)
    offer.sign_contract()
    _save(offer)
    _event(contract, source, contract.state, user)
    _log(offer, OfferState.GRANTED, OfferState.CONTRACTED, user, str(contract.number))
    _create_reports(contract)
    notify(
        recipients=members_of(offer),
        event="contract.signed",
        title=_("Contract %(number)s is signed") % {"number": contract.number},
        body=_("The final report is due by %(due)s (30 days after the end of the task).")
        % {"due": contract.report_due.strftime("%d.%m.%Y")},
        url=_contract_url(offer),
    )
    return contract


def _create_reports(contract: Contract) -> None:
    period_from = contract.task_start
    for value in contract.partial_report_ends:
        period_to = date.fromisoformat(value)
        Report.objects.create(
            offer_id=contract.offer_id,
            kind=ReportKind.PARTIAL,
            period_from=period_from,
            period_to=period_to,
            due_date=report_due_for(period_to),
        )
        period_from = period_to + timedelta(days=1)
    Report.objects.create(
        offer_id=contract.offer_id,
        kind=ReportKind.FINAL,
        period_from=contract.task_start,
        period_to=contract.task_end,
        due_date=contract.report_due,
    )


@transaction.atomic
def terminate_contract(*, user, contract: Contract, reason: str) -> Contract:
    """Terminate a sent or signed contract; the offer ends as TERMINATED."""
    ensure(user, "contract.manage", contract)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(REASON_REQUIRED, code="reason_required")
    contract = _locked(contract)
    if not can_proceed(contract.terminate):
        _refuse_state(contract)
    offer = Offer.objects.select_for_update(of=("self",)).get(pk=contract.offer_id)
    source, offer_source = contract.state, offer.state
    contract.terminate()
    contract.termination_reason = reason
    _save(contract)
    if can_proceed(offer.terminate):
        offer.terminate()
        _save(offer)
        _log(offer, offer_source, OfferState.TERMINATED, user, reason)
    _event(contract, source, contract.state, user, reason)
    notify(
        recipients=members_of(offer),
        event="contract.terminated",
        title=_("Contract %(number)s is terminated") % {"number": contract.number},
        body=_("Reason: %(reason)s") % {"reason": reason},
        url=_contract_url(offer),
    )
    return contract
