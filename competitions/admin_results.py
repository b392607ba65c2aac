"""Officials' working screens in the admin: a competition's offers, its results and the exports.

``offers``: the current offers by state with counts, a text filter, pages and the
safe bulk actions (export the selected, message their organisations).
``results``: the ranking with a proposed amount per formally correct offer, the
running total against the funds, and the publication with the decision.
``export``: offers, scores and results as CSV or XLSX.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal import exports
from portal.permissions import can, ensure

from . import results_services, selectors
from .choices import CompetitionState, OfferState
from .committee_services import ranking
from .models import Competition, Offer
from .parsing import INTEGER_MAX, parameter_int

EXPORT_KINDS = {"offers": "oferty", "scores": "oceny", "results": "wyniki"}
EXPORT_FORMATS = ("csv", "xlsx")


def _url(name, *args) -> str:
    """A link to another helper's screen, or nothing while that screen is not installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _competition(request, pk, action) -> Competition:
    competition = get_object_or_404(Competition, pk=pk)
    ensure(request.user, action, competition)
    return competition


# --- exports ----------------------------------------------------------------------------------------


def _table(competition, kind, pks=None):
    if kind == "offers":
        return selectors.export_offers(competition, pks)
    if kind == "scores":
        return selectors.export_scores(competition)
    return selectors.export_results(competition)


# Exports that name people (committee members with their scores) are logged when downloaded.
PERSONAL_EXPORTS = {"scores"}


def table_response(header, rows, *, filename: str, fmt: str, request=None, kind: str = "") -> HttpResponse:
    """CSV or XLSX through portal.exports (formulas neutralised, numbers kept as numbers)."""
    return exports.table_response(
        header,
        rows,
        filename=filename,
        fmt=fmt,
        request=request,
        personal_data=kind in PERSONAL_EXPORTS,
        export=f"competition-{kind}",
    )


def _filename(competition, kind) -> str:
    signature = "".join(ch if ch.isalnum() else "-" for ch in competition.signature)
    return f"{EXPORT_KINDS[kind]}-{signature}"


def competition_export(request, pk, kind, fmt):
    if kind not in EXPORT_KINDS or fmt not in EXPORT_FORMATS:
        raise Http404
    competition = _competition(request, pk, "competition.manage")
    header, rows = _table(competition, kind)
    return table_response(
        header, rows, filename=_filename(competition, kind), fmt=fmt, request=request, kind=kind
    )


# --- the offers of a competition --------------------------------------------------------------------


class MessageForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Subject"), max_length=200, required=False)
    body = forms.CharField(
        label=gettext_lazy("Message"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )


def _selected(request, competition):
    pks = [pk for pk in map(parameter_int, request.POST.getlist("selected")) if pk is not None]
    return Offer.objects.current().filter(competition=competition, pk__in=pks)


def competition_offers(request, pk):
    competition = _competition(request, pk, "competition.manage")
    message_form = MessageForm(request.POST if request.POST.get("action") == "message" else None)
    if request.method == "POST":
        selected = _selected(request, competition)
        action = request.POST.get("action")
        if action in ("export_csv", "export_xlsx"):
            if not selected.exists():
                messages.error(request, str(results_services.NO_OFFERS_SELECTED))
            else:
                header, rows = selectors.export_offers(
                    competition, list(selected.values_list("pk", flat=True))
                )
                return table_response(
                    header,
                    rows,
                    filename=_filename(competition, "offers"),
                    fmt=action.removeprefix("export_"),
                    request=request,
                    kind="offers",
                )
        elif action == "message" and message_form.is_valid():
            try:
                reached = results_services.message_organisations(
                    user=request.user,
                    competition=competition,
                    offers=selected,
                    title=message_form.cleaned_data["title"],
                    body=message_form.cleaned_data["body"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The message is sent to %(count)s people.") % {"count": reached})
                return redirect(request.get_full_path())
    state = request.GET.get("state", "")
    if state not in OfferState.values:
        state = ""
    query = request.GET.get("q", "")
    offers, counts = selectors.admin_offers(competition, state=state, query=query)
    page = Paginator(offers.select_related("update"), selectors.OFFERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    labels = dict(OfferState.choices)
    chips = [(value, labels[value], counts[value]) for value in OfferState.values if counts.get(value)]
    rows = [
        {
            "offer": offer,
            "detail_url": reverse("offers:detail", args=[offer.pk]),
            "pdf_url": reverse("offers:pdf", args=[offer.pk]),
            "formal_url": _url("competition_formal_check", offer.pk),
            "update_url": reverse("offers:update", args=[offer.pk]) if hasattr(offer, "update") else "",
            "contract_url": _url("contracts_admin:contract", offer.pk)
            if offer.state in (OfferState.GRANTED, OfferState.CONTRACTED, OfferState.SETTLED)
            else "",
        }
        for offer in page
    ]
    context = {
        "competition": competition,
        "page_obj": page,
        "rows": rows,
        "chips": chips,
        "total": sum(counts.values()),
        "state": state,
        "query": query,
        "message_form": message_form,
        "links": _screen_links(competition),
        "page_title": _("Offers"),
    }
    return TemplateResponse(request, "competitions/results/admin/offers.html", context)


def _screen_links(competition):
    return {
        "offers": reverse("results_admin:offers", args=[competition.pk]),
        "results": reverse("results_admin:results", args=[competition.pk]),
        "workflow": reverse("competitions:workflow", args=[competition.pk]),
        "formal": _url("competition_formal_queue", competition.pk),
        "ranking": _url("committee_admin:competition_ranking", competition.pk),
        "public": reverse("competition_pages:detail", args=[competition.slug])
        if competition.announced_at
        else "",
    }


# --- results ----------------------------------------------------------------------------------------


def _save_proposals(request, rows) -> dict:
    """Propose each amount that changed; returns {offer pk: (what was typed, messages)} for refusals.

    Reductions are saved before increases, so moving money from one offer to another
    in one go does not pass through a moment above the funds.
    """
    errors, changes = {}, []
    for row in rows:
        offer = row.offer
        field = f"amount-{offer.pk}"
        if field not in request.POST or offer.state != OfferState.FORMALLY_CORRECT:
            continue
        raw = request.POST[field].strip()
        if raw == "" and offer.granted_amount is None:
            continue
        try:
            amount = results_services.parse_amount(raw or "0")
        except ValidationError as error:
            errors[offer.pk] = (raw, error.messages)
            continue
        if amount != offer.granted_amount:
            changes.append((amount - (offer.granted_amount or 0), offer, amount, raw))
    for _delta, offer, amount, raw in sorted(changes, key=lambda change: change[0]):
        try:
            results_services.propose_grant(
                user=request.user,
                offer=offer,
                amount=amount,
                revision=parameter_int(request.POST.get(f"revision-{offer.pk}"), maximum=INTEGER_MAX),
            )
        except ValidationError as error:
            errors[offer.pk] = (raw, error.messages)
    return errors


def competition_results(request, pk):
    competition = _competition(request, pk, "competition.decide")
    errors = {}
    decision = request.POST.get("decision", "")
    if request.method == "POST":
        rows = ranking(competition)
        errors = _save_proposals(request, rows)
        if errors:
            messages.error(request, _("Some amounts were not saved; see the messages beside them."))
        elif request.POST.get("action") == "publish":
            try:
                results_services.publish_results(
                    user=request.user, competition=competition, decision=decision
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, _("The results are published; the organisations are being notified.")
                )
                return redirect("results_admin:results", pk=competition.pk)
        else:
            messages.success(request, _("The proposed amounts are saved."))
            return redirect("results_admin:results", pk=competition.pk)
        competition.refresh_from_db()
    rows = ranking(competition)
    proposed = results_services.proposed_total(competition)
    published = selectors.published_results(competition)
    context = {
        "competition": competition,
        "rows": [
            {
                "row": row,
                "offer": row.offer,
                "value": errors[row.offer.pk][0] if row.offer.pk in errors else row.offer.granted_amount,
                "errors": errors[row.offer.pk][1] if row.offer.pk in errors else [],
                "editable": competition.state == CompetitionState.CLOSED
                and row.offer.state == OfferState.FORMALLY_CORRECT,
            }
            for row in rows
        ],
        "is_closed": competition.state == CompetitionState.CLOSED,
        "proposed_total": proposed,
        "left": competition.funds_allotted - proposed,
        "over": proposed > competition.funds_allotted,
        "unfinished": selectors.admin_offers(competition)[0].filter(
            state__in=[OfferState.SUBMITTED, OfferState.RETURNED]
        ),
        "threshold_applies": results_services.threshold_applies(competition),
        "published": published,
        "decision": decision,
        "links": _screen_links(competition),
        "now": timezone.now(),
        "page_title": _("Results"),
    }
    return TemplateResponse(request, "competitions/results/admin/results.html", context)


# --- index and registration ---------------------------------------------------------------------------


def results_index(request):
    ensure(request.user, "competition.manage")
    competitions = Competition.objects.exclude(state=CompetitionState.DRAFT).order_by("-offer_deadline")
    page = Paginator(competitions, 30).get_page(request.GET.get("page"))
    context = {"page_obj": page, "page_title": _("Offers and results")}
    return TemplateResponse(request, "competitions/results/admin/index.html", context)


urlpatterns = [
    path("", results_index, name="index"),
    path("<int:pk>/oferty/", competition_offers, name="offers"),
    path("<int:pk>/wyniki/", competition_results, name="results"),
    path("<int:pk>/eksport/<str:kind>.<str:fmt>", competition_export, name="export"),
]


@hooks.register("register_admin_urls")
def register_results_urls():
    return [path("wyniki-konkursow/", include((urlpatterns, "results_admin"), namespace="results_admin"))]


class ResultsMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(can(request.user, "competition.manage"))


@hooks.register("register_admin_menu_item")
def register_results_menu_item():
    return ResultsMenuItem(
        gettext_lazy("Offers and results"),
        reverse("results_admin:index"),
        name="competition-results",
        icon_name="table",
        order=193,
    )
