"""A participant's goals: baseline, later assessments and the change between them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from portal.permissions import can

from ..audit import audit_record
from ..choices import AuditAction
from ..models import Goal, Project
from ..participants.selectors import participants_of
from ..web import allowed_or_403, current_organisation, form_refusal, private_page, render_page
from . import selectors, services
from .forms import AssessmentForm, GoalForm


@private_page
def goals(request, pk):
    organisation = current_organisation(request)
    allowed_or_403(request, "monitoring.use", organisation)
    participant = get_object_or_404(participants_of(organisation), pk=pk)
    projects = Project.objects.filter(enrolments__participant=participant).distinct()
    goal_form = GoalForm(projects=projects)
    assessment_form = AssessmentForm()
    if request.method == "POST":
        if "goal" in request.POST:
            assessment_form = AssessmentForm(request.POST)
            if assessment_form.is_valid():
                goal = get_object_or_404(
                    Goal, pk=assessment_form.cleaned_data["goal"], participant=participant
                )
                try:
                    services.assessment_add(
                        user=request.user,
                        goal=goal,
                        assessed_on=assessment_form.cleaned_data["assessed_on"],
                        score=assessment_form.cleaned_data["score"],
                    )
                except ValidationError as error:
                    form_refusal(assessment_form, error)
                else:
                    messages.success(request, _("The assessment is saved."))
                    return redirect("monitoring:goals", pk=participant.pk)
        else:
            allowed_or_403(request, "monitoring.manage", organisation)
            goal_form = GoalForm(request.POST, projects=projects)
            if goal_form.is_valid():
                try:
                    services.goal_create(user=request.user, participant=participant, **goal_form.cleaned_data)
                except ValidationError as error:
                    form_refusal(goal_form, error)
                else:
                    messages.success(request, _("The goal is saved with its baseline."))
                    return redirect("monitoring:goals", pk=participant.pk)
    else:
        audit_record(
            user=request.user,
            organisation=organisation,
            action=AuditAction.VIEW,
            participant=participant,
            what="goals",
        )
    return render_page(
        request,
        "monitoring/effects/goals.html",
        {
            "participant": participant,
            "goals": selectors.goals_of(participant),
            "goal_form": goal_form,
            "assessment_form": assessment_form,
            "can_manage": can(request.user, "monitoring.manage", organisation),
        },
    )
