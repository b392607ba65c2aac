"""The PDF of an offer (a draft marked as such, or the submitted one with its checksum) and the
confirmation e-mail."""

from django.core.files.base import ContentFile
from django.urls import reverse

from organisations.choices import LegalForm
from portal.emails import absolute_url, send_templated_email
from portal.pdf import render_pdf

from . import budget
from .models import Offer
from .offer_services import display_checksum

SOURCE_LABELS = {
    "grant": "Planowana dotacja w ramach niniejszej oferty",
    "own_financial": "Wkład własny finansowy",
    "own_personal": "Wkład własny niefinansowy osobowy (praca, wolontariat)",
    "own_in_kind": "Wkład własny niefinansowy rzeczowy",
    "participant_fees": "Świadczenia pieniężne od odbiorców zadania",
    "other_public": "Środki z innych źródeł publicznych",
}


def _decimal_pl(value) -> str:
    return budget.pln(value).removesuffix(" zł")


def offer_pdf_context(offer: Offer, *, draft: bool) -> dict:
    content = {key: value for key, value in (offer.content or {}).items() if not key.startswith("_")}
    costs = [
        {
            **row,
            "unit_cost": _decimal_pl(row.get("unit_cost")),
            "units": str(row.get("units", "")).replace(".", ","),
            "total": _decimal_pl(budget.row_total(row.get("unit_cost"), row.get("units") or 0)),
        }
        for row in content.get("costs") or []
    ]
    total = budget.total_of(content.get("costs") or [])
    summary = budget.financing_summary(total, content.get("financing") or {})
    legal_form = (content.get("offeror") or {}).get("legal_form", "")
    return {
        "offer": offer,
        "competition": offer.competition,
        "content": content,
        "costs": costs,
        # V.C: the leading offeror's row first, then each partner as the template describes it.
        "partners": [
            {
                **row,
                "share": _decimal_pl(row.get("share")),
                "legal_form": LegalForm(row["legal_form"]).label
                if row.get("legal_form") in LegalForm.values
                else row.get("legal_form", ""),
            }
            for row in content.get("partners") or []
        ],
        "legal_form": LegalForm(legal_form).label if legal_form in LegalForm.values else legal_form,
        "financing": {
            "total_cost_pln": _decimal_pl(total),
            "rows": [
                (SOURCE_LABELS[name], _decimal_pl(amount), str(percent).replace(".", ","))
                for name, amount, percent in summary["rows"]
            ],
        },
        "attachments": list(offer.attachments.all()),
        "draft": draft,
        "checksum": "" if draft else display_checksum(offer.checksum),
        "checksum_full": "" if draft else offer.checksum,
    }


def render_offer_pdf(offer: Offer, *, draft: bool) -> bytes:
    return render_pdf("competitions/pdf/offer.html", offer_pdf_context(offer, draft=draft))


def store_submitted_pdf(offer_pk: int) -> bool:
    """Render and store the PDF once; False when another task already did."""
    offer = Offer.objects.select_related("competition__sphere", "organisation").get(pk=offer_pk)
    if offer.pdf:
        return False
    pdf = render_offer_pdf(offer, draft=False)
    name = f"oferta-{offer.number.replace('/', '-')}-v{offer.version}.pdf"
    offer.pdf.save(name, ContentFile(pdf), save=False)
    # Only the first task to finish records its file, so a duplicate task cannot replace it.
    return bool(Offer.objects.filter(pk=offer.pk, pdf="").update(pdf=offer.pdf.name))


def send_confirmation(offer_pk: int) -> None:
    offer = Offer.objects.select_related("competition", "organisation", "saved_by").get(pk=offer_pk)
    # An erased account keeps an undeliverable address: the confirmation goes to the offer's contact.
    recipients = {offer.saved_by.email} if offer.saved_by and offer.saved_by.is_active else set()
    contact = (offer.content.get("offeror") or {}).get("contact_email")
    if contact:
        recipients.add(contact)
    send_templated_email(
        to=sorted(recipients),
        template="competitions/email/offer_submitted",
        context={
            "offer": offer,
            "checksum": display_checksum(offer.checksum),
            "link": absolute_url(reverse("offers:list")),
        },
    )
