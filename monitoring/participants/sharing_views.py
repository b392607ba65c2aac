"""Consortium exchange: sharing a participant with a partner, and the partner's read-only view."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import Attendance
from ..web import allowed_or_403, current_organisation, form_refusal, private_page, render_page
from . import selectors, sharing
from .forms import ShareForm


@private_page
@require_POST
def participant_share(request, pk):
    organisation = current_organisation(request)
    allowed_or_403(request, "monitoring.manage", organisation)
    participant = get_object_or_404(selectors.participants_of(organisation), pk=pk)
    form = ShareForm(request.POST, participant=participant)
    if form.is_valid():
        try:
            sharing.participant_share(user=request.user, participant=participant, **form.cleaned_data)
        except ValidationError as error:
            form_refusal(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is shared with %(partner)s.")
                % {"name": participant, "partner": form.cleaned_data["partner"].name},
            )
            return redirect("monitoring:participant_detail", pk=participant.pk)
    for error in form.non_field_errors() + [e for f in form for e in f.errors]:
        messages.error(request, error)
    return redirect("monitoring:participant_detail", pk=participant.pk)


@private_page
def shared_list(request):
    organisation = current_organisation(request)
    allowed_or_403(request, "monitoring.use", organisation)
    return render_page(
        request,
        "monitoring/participants/shared_list.html",
        {"shares": sharing.shares_visible_to(organisation)},
    )


@private_page
def shared_detail(request, pk):
    organisation = current_organisation(request)
    allowed_or_403(request, "monitoring.use", organisation)
    share = get_object_or_404(sharing.shares_visible_to(organisation), pk=pk)
    sharing.shared_participant_view(user=request.user, share=share)
    attendance = (
        Attendance.objects.filter(participant=share.participant, session__activity__project=share.project)
        .select_related("session__activity")
        .order_by("-session__date")[:200]
    )
    return render_page(
        request, "monitoring/participants/shared_detail.html", {"share": share, "attendance": attendance}
    )
