"""The contract's text (a ``ContractTemplate`` rendered with the offer's data) and its PDF.

The text is rendered once, when the contract is prepared, and stored on the contract, so
a later template version or a change in the organisation's profile never alters it. The
variables a template may use are built by ``contract_context`` (listed in the README).
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.template import Context, Template

from organisations.choices import LegalForm
from portal.pdf import render_pdf

from . import budget
from .models import Contract

# The city as the party of every contract; a deployment for another city overrides it in settings.
DEFAULT_CITY = {
    "name": "Miasto Stołeczne Warszawa",
    "address": "pl. Bankowy 3/5, 00-950 Warszawa",
    "seat": "Warszawie",
}
FINAL_REPORT_DAYS = 30


def city() -> dict:
    return {**DEFAULT_CITY, **getattr(settings, "CONTRACT_CITY", {})}


def pl_date(value) -> str:
    if not value:
        return ""
    if not isinstance(value, date):
        value = date.fromisoformat(str(value))
    return value.strftime("%d.%m.%Y")


def pl_account(iban: str) -> str:
    """PL61 1090 1014 … in groups of four, as banks print it."""
    compact = iban.replace(" ", "")
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def contract_context(
    *,
    offer,
    number: str,
    grant_amount: Decimal,
    instalments: list[dict],
    bank_account: str,
    task_start: date,
    task_end: date,
    report_due: date,
    partial_reports: list[dict],
    financing: dict,
    total_cost: Decimal,
    has_update: bool,
    signatory_city: str,
    signatory_organisation: str,
    signed_on=None,
) -> dict:
    """Everything a contract template may print, already formatted in Polish (strings only)."""
    organisation = offer.organisation
    offeror = (offer.content or {}).get("offeror") or {}
    task = (offer.content or {}).get("task") or {}
    legal_form = organisation.legal_form
    own = {name: budget.money(financing.get(name)) for name in budget.SOURCES}
    fees_or_other = own["participant_fees"] + own["other_public"]
    address = offeror.get("address") or ", ".join(
        part
        for part in (organisation.street_address, f"{organisation.postal_code} {organisation.city}")
        if part
    )
    return {
        "number": number,
        "signed_on": pl_date(signed_on),
        "city": city(),
        "signatory_city": signatory_city,
        "signatory_organisation": signatory_organisation,
        "organisation": {
            "name": organisation.name,
            "legal_form": LegalForm(legal_form).label if legal_form in LegalForm.values else legal_form,
            "krs": organisation.krs,
            "nip": organisation.nip,
            "regon": organisation.regon,
            "address": address,
        },
        "competition": {"signature": offer.competition.signature, "title": offer.competition.title},
        "offer": {
            "number": offer.display_number,
            "submitted_on": pl_date(offer.submitted_at.date() if offer.submitted_at else None),
        },
        "has_update": has_update,
        "task": {
            "title": offer.title or (offer.content or {}).get("basic", {}).get("title", ""),
            "start": pl_date(task_start),
            "end": pl_date(task_end),
            "place": task.get("place", ""),
        },
        "use_by": pl_date(task_end),
        "grant": budget.pln(grant_amount),
        "instalments": [
            {"number": index, "due": pl_date(item["due"]), "amount": budget.pln(item["amount"])}
            for index, item in enumerate(instalments, start=1)
        ],
        "bank_account": pl_account(bank_account),
        "total_cost": budget.pln(total_cost),
        "own": {
            "financial": budget.pln(own["own_financial"] + fees_or_other),
            "fees": budget.pln(own["participant_fees"]),
            "other_public": budget.pln(own["other_public"]),
            "fees_or_other": bool(fees_or_other),
            "non_financial": budget.pln(own["own_personal"] + own["own_in_kind"]),
            "personal": budget.pln(own["own_personal"]),
            "in_kind": budget.pln(own["own_in_kind"]),
        },
        "partial_reports": [
            {"period_end": pl_date(item["period_end"]), "due": pl_date(item["due"])}
            for item in partial_reports
        ],
        "final_report_due": pl_date(report_due),
    }


def render_contract_text(body: str, context: dict) -> str:
    """The template's text with the context; plain text, escaped only when printed."""
    return Template(body).render(Context(context, autoescape=False)).strip() + "\n"


def render_contract_pdf(contract: Contract) -> bytes:
    return render_pdf("pdf/contract.html", {"contract": contract, "offer": contract.offer})


def store_contract_pdf(contract_pk: int) -> bool:
    """Render and store the prepared contract's PDF once; False when already stored."""
    contract = Contract.objects.select_related("offer__competition", "offer__organisation").get(
        pk=contract_pk
    )
    if contract.pdf:
        return False
    pdf = render_contract_pdf(contract)
    contract.pdf.save(f"umowa-{contract.number.replace('/', '-')}.pdf", ContentFile(pdf), save=False)
    # Only the first task to finish records its file, so a duplicate task cannot replace it.
    return bool(Contract.objects.filter(pk=contract.pk, pdf="").update(pdf=contract.pdf.name))
