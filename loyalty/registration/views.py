from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from portal.permissions import ensure

from ..models import Facility
from ..selectors import facilities_managed_by
from .forms import FacilityRegistrationForm
from .selectors import facilities_awaiting_approval
from .services import facility_approve, facility_register

ENROLLED = _("The facility is enrolled. The city hall will approve it and you will be notified.")
APPROVED = _("The facility %(name)s is approved; its managers have been notified.")


@login_required
def facility_list(request):
    return render(
        request,
        "loyalty/facility_list.html",
        {"facilities": facilities_managed_by(user=request.user)},
    )


@login_required
def register(request):
    ensure(request.user, "loyalty.facility.register")
    form = FacilityRegistrationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            facility = facility_register(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, ENROLLED)
            return redirect("loyalty:facility", facility.pk)
    return render(request, "loyalty/register.html", {"form": form})


@login_required
def approvals(request):
    ensure(request.user, "loyalty.manage")
    return render(request, "loyalty/approvals.html", {"facilities": facilities_awaiting_approval()})


@login_required
@require_POST
def approve(request, pk):
    ensure(request.user, "loyalty.manage")
    facility = get_object_or_404(Facility, pk=pk)
    try:
        facility_approve(user=request.user, facility=facility)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, APPROVED % {"name": facility.name})
    return redirect("loyalty:approvals")
