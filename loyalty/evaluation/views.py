from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from portal.permissions import ensure

from ..choices import LEVEL_ORDER, EvaluationState
from ..models import Evaluation, Facility, RewardedActivity
from ..rules import status_for
from .forms import EvaluationCardForm, VerificationForm
from .selectors import (
    answers_by_criterion,
    card_categories,
    card_target,
    criteria_totals,
    current_evaluation,
    current_thresholds,
    declared_evaluations,
    evaluations_to_verify,
    met_counts,
    next_round,
    notes_by_category,
    open_round,
)
from .services import evaluation_save, evaluation_verify

DRAFT_SAVED = _("Your answers are saved. Declare the card when it is complete.")
DRAFT_KEPT = _("Your answers are saved, but the card is not declared yet: correct the points listed.")
DECLARED = _("The card is declared. Your status is shown below.")
VERIFIED = _("The declaration is verified; the facility has been notified.")


def _standing(evaluation):
    """Status, the rule it was computed with, and what is lacking for the next status."""
    if evaluation is None:
        return None
    thresholds = evaluation.thresholds or current_thresholds()
    met = met_counts(evaluation=evaluation)
    outcome = status_for(met=met, thresholds=thresholds)
    totals = criteria_totals()
    levels = [
        {
            "level": level,
            "met": met.get(level, 0),
            "required": thresholds.required(level),
            "total": totals.get(level, 0),
        }
        for level in LEVEL_ORDER
    ]
    return {"evaluation": evaluation, "outcome": outcome, "levels": levels}


@login_required
def facility_detail(request, pk):
    facility = get_object_or_404(Facility.objects.select_related("organisation", "place"), pk=pk)
    ensure(request.user, "loyalty.facility.view", facility)
    can_fill, round_ = card_target(facility=facility)
    return render(
        request,
        "loyalty/facility_detail.html",
        {
            "facility": facility,
            "standing": _standing(current_evaluation(facility=facility)),
            "history": declared_evaluations(facility=facility),
            "can_fill": can_fill and facility.is_approved,
            "card_round": round_,
            "open_round": open_round(),
            "next_round": next_round(),
        },
    )


@login_required
def card(request, pk):
    facility = get_object_or_404(Facility, pk=pk)
    ensure(request.user, "loyalty.evaluation.fill", facility)
    can_fill, round_ = card_target(facility=facility)
    evaluation = Evaluation.objects.filter(facility=facility, round=round_).first() if can_fill else None
    if not can_fill or (evaluation and evaluation.is_declared):
        return render(
            request,
            "loyalty/card_closed.html",
            {"facility": facility, "evaluation": evaluation, "next_round": next_round()},
        )
    sections = card_categories()
    declare = "declare" in request.POST
    form = EvaluationCardForm(
        request.POST or None,
        sections=sections,
        answers={pk: a.meets for pk, a in answers_by_criterion(evaluation=evaluation).items()},
        notes=notes_by_category(evaluation=evaluation),
        declare=declare,
    )
    if request.method == "POST":
        valid = form.is_valid()
        try:
            # Whatever was answered is saved even when the declaration is refused.
            evaluation_save(
                user=request.user,
                facility=facility,
                answers=form.answers(),
                notes=form.notes(),
                declare=declare and valid,
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            if valid:
                messages.success(request, DECLARED if declare else DRAFT_SAVED)
                return redirect("loyalty:facility" if declare else "loyalty:card", facility.pk)
            messages.warning(request, DRAFT_KEPT)
    return render(request, "loyalty/card.html", {"facility": facility, "form": form, "round": round_})


@login_required
def verification_list(request):
    ensure(request.user, "loyalty.manage")
    return render(request, "loyalty/verification_list.html", {"evaluations": evaluations_to_verify()})


@login_required
def verify(request, pk):
    ensure(request.user, "loyalty.manage")
    evaluation = get_object_or_404(Evaluation.objects.select_related("facility", "round"), pk=pk)
    if evaluation.state != EvaluationState.DECLARED:
        return redirect("loyalty:verification_list")
    form = VerificationForm(
        request.POST or None,
        sections=card_categories(),
        answers={pk: a.meets for pk, a in answers_by_criterion(evaluation=evaluation).items()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            evaluation_verify(
                user=request.user,
                evaluation=evaluation,
                answers=form.answers(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error("comment" if error.code == "comment_required" else None, error.messages[0])
        else:
            messages.success(request, VERIFIED)
            return redirect("loyalty:verification_list")
    return render(
        request,
        "loyalty/verify.html",
        {
            "evaluation": evaluation,
            "form": form,
            "notes": notes_by_category(evaluation=evaluation),
            "standing": _standing(evaluation),
        },
    )


def rewarded_activities(request):
    """The list of activities that raise a facility's standing: open to anyone."""
    activities = RewardedActivity.objects.select_related("category").order_by("order", "name")
    return render(request, "loyalty/rewarded_activities.html", {"activities": activities})
