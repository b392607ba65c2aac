"""The update (aktualizacja) of a reduced grant: the organisation's pages and the official's review.

The cost calculation, the financing and the schedule are edited one at a time with
the generator's own forms (so the rules and the live totals are the generator's);
the overview lists what still breaks a rule and submits the whole update.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.permissions import can

from . import budget, results_services
from .choices import OfferUpdateState
from .models import Offer, OfferUpdate
from .offer_forms import STEP_HEADINGS, ActivityFormSet, CostsFormSet, FinancingForm
from .offer_views import _cleaned
from .parsing import REVISION_INVALID, revision_of


class UpdateFinancingForm(FinancingForm):
    """V.B of the update: the grant is the amount granted; the competition's other rules stay."""

    def __init__(self, *args, granted=None, **kwargs):
        self.granted = granted
        super().__init__(*args, **kwargs)
        self.fields["grant"].label = gettext_lazy("Amount granted")

    def clean(self):
        cleaned = forms.Form.clean(self)
        if self.errors:
            return cleaned
        grant = budget.money(cleaned.get("grant"))
        if self.granted is not None and grant != budget.money(self.granted):
            self.add_error(
                "grant",
                gettext_lazy("The grant must equal the amount granted, %(granted)s.")
                % {"granted": budget.pln(self.granted)},
            )
        total = budget.total_of(self.previous.get("costs") or [])
        # The minimum and maximum grant judged the request, not the official's decision.
        for field, message in budget.financing_problems(self.competition, total, cleaned):
            if field != "grant":
                self.add_error(field, message)
        return cleaned


# Address segment → (key in the update's content, form).
SECTIONS = {
    "koszty": ("costs", CostsFormSet),
    "finansowanie": ("financing", UpdateFinancingForm),
    "harmonogram": ("schedule", ActivityFormSet),
}


def _offer_with_update(request, pk) -> tuple[Offer, OfferUpdate]:
    offer = get_object_or_404(Offer.objects.select_related("competition", "organisation"), pk=pk)
    decision = can(request.user, "offer.view", offer)
    if not decision:
        raise PermissionDenied(decision.reason)
    update = OfferUpdate.objects.filter(offer=offer).select_related("reviewed_by").first()
    if update is None:
        raise Http404(_("No update is needed: the grant was not reduced."))
    return offer, update


def _sections(offer, update):
    content = update.content or {}
    return [
        (slug, key, STEP_HEADINGS[key], bool(content.get(key))) for slug, (key, _form) in SECTIONS.items()
    ]


@login_required
def update_detail(request, pk):
    offer, update = _offer_with_update(request, pk)
    content = update.content or {}
    total = budget.total_of(content.get("costs") or [])
    can_edit = bool(can(request.user, "offer.report", offer)) and update.state in (
        OfferUpdateState.DRAFT,
        OfferUpdateState.RETURNED,
    )
    can_review = (
        bool(can(request.user, "report.review", update)) and update.state == OfferUpdateState.SUBMITTED
    )
    return render(
        request,
        "competitions/update/detail.html",
        {
            "offer": offer,
            "competition": offer.competition,
            "update": update,
            "sections": _sections(offer, update),
            "costs": content.get("costs") or [],
            "schedule": content.get("schedule") or [],
            "total_cost": total,
            "financing_summary": budget.financing_summary(total, content.get("financing") or {}),
            "problems": results_services.update_problems(update) if can_edit else [],
            "can_edit": can_edit,
            "can_review": can_review,
            "events": offer.workflow_events.filter(subject="update").select_related("by"),
        },
    )


def _form(offer, update, key, form_class, data=None):
    content = update.content or {}
    kwargs = {"competition": offer.competition, "organisation": offer.organisation}
    if key == "financing":
        kwargs["previous"] = {"costs": content.get("costs") or []}
        kwargs["granted"] = offer.granted_amount
        return form_class(data, prefix=key, initial=content.get(key) or {}, **kwargs)
    # Cost years are checked against the task's dates from the offer.
    kwargs["previous"] = offer.content or {}
    return form_class(data, prefix=key, initial=content.get(key) or [], **kwargs)


@login_required
def update_section(request, pk, section):
    if section not in SECTIONS:
        raise Http404
    offer, update = _offer_with_update(request, pk)
    decision = can(request.user, "offer.report", offer)
    if not decision:
        raise PermissionDenied(decision.reason)
    if update.state not in (OfferUpdateState.DRAFT, OfferUpdateState.RETURNED):
        messages.info(request, _("The update has been submitted; here it is."))
        return redirect("offers:update", pk=offer.pk)
    key, form_class = SECTIONS[section]
    form = _form(offer, update, key, form_class, request.POST if request.method == "POST" else None)
    revision = revision_of(request.POST) if request.method == "POST" else None
    if request.method == "POST" and revision is None:
        # A damaged page: nothing is saved; the bound form shows back what was typed.
        messages.error(request, REVISION_INVALID)
    elif request.method == "POST" and form.is_valid():
        try:
            results_services.save_update(
                user=request.user,
                offer=offer,
                revision=revision,
                **{key: _cleaned(form)},
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("offers:update_section", pk=offer.pk, section=section)
        messages.success(request, _("%(section)s is saved.") % {"section": STEP_HEADINGS[key]})
        return redirect("offers:update", pk=offer.pk)
    content = update.content or {}
    return render(
        request,
        "competitions/update/section.html",
        {
            "offer": offer,
            "competition": offer.competition,
            "update": update,
            "form": form,
            "step": key,
            "heading": STEP_HEADINGS[key],
            "is_formset": hasattr(form, "management_form"),
            "total_cost": budget.total_of(content.get("costs") or []),
        },
    )


@login_required
@require_POST
def update_submit(request, pk):
    offer, update = _offer_with_update(request, pk)
    revision = revision_of(request.POST)
    if revision is None:
        messages.error(request, REVISION_INVALID)
        return redirect("offers:update", pk=offer.pk)
    try:
        results_services.submit_update(user=request.user, update=update, revision=revision)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The update is submitted; the city hall will review it."))
    return redirect("offers:update", pk=offer.pk)


@login_required
@require_POST
def update_review(request, pk):
    offer, update = _offer_with_update(request, pk)
    comment = request.POST.get("comment", "")
    try:
        if request.POST.get("action") == "accept":
            results_services.accept_update(user=request.user, update=update, comment=comment)
            messages.success(request, _("The update is accepted; the organisation has been told."))
        else:
            results_services.return_update(user=request.user, update=update, comment=comment)
            messages.success(request, _("The update is returned with your comments."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("offers:update", pk=offer.pk)
