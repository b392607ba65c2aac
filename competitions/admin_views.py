"""The workflow screen of a competition in the admin: its state, its log and the allowed actions."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import can_proceed

from portal.permissions import ensure

from . import services
from .displayed import as_seen
from .models import Competition


class AnnounceForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment (e.g. the number of the order)"), required=False, max_length=500
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the cancellation (published)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def workflow(request, pk):
    competition = get_object_or_404(Competition, pk=pk)
    ensure(request.user, "competition.manage", competition)
    if request.method == "POST":
        # Acting on it: close it first if its deadline has passed (the beat may be late).
        competition = services.competition_close_if_expired(competition)
    else:
        competition = as_seen(competition)
    announce_form = AnnounceForm(request.POST if request.POST.get("action") == "announce" else None)
    cancel_form = CancelForm(request.POST if request.POST.get("action") == "cancel" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "announce" and announce_form.is_valid():
                services.competition_announce(
                    user=request.user, competition=competition, comment=announce_form.cleaned_data["comment"]
                )
                messages.success(request, _("The competition is announced and visible to the public."))
                return redirect("competitions:workflow", pk=competition.pk)
            if request.POST.get("action") == "cancel" and cancel_form.is_valid():
                services.competition_cancel(
                    user=request.user, competition=competition, reason=cancel_form.cleaned_data["reason"]
                )
                messages.success(request, _("The competition is cancelled; the reason is published."))
                return redirect("competitions:workflow", pk=competition.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            competition = Competition.objects.get(pk=competition.pk)
    context = {
        "competition": competition,
        "transitions": competition.transitions.select_related("by"),
        "can_announce": can_proceed(competition.announce, check_conditions=False),
        "can_cancel": can_proceed(competition.cancel),
        "announce_form": announce_form,
        "cancel_form": cancel_form,
        "page_title": _("Workflow"),
    }
    return TemplateResponse(request, "competitions/admin/workflow.html", context)
