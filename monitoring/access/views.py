"""The way in: how to get access, asking for it, the administrator's activation, staff roles."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from competitions.models import Contract
from organisations.models import Membership
from portal.permissions import can

from ..models import MonitoringAccess
from ..web import allowed_or_403, current_organisation, form_refusal, private_page, render_page
from . import selectors, services
from .forms import AccessRequestForm, AgreementForm, StaffRoleForm


@private_page
def home(request):
    """The monitoring base's start page: how to get in until access is active, then the dashboard."""
    organisation = current_organisation(request)
    access = selectors.access_of(organisation)
    context = {
        "organisation": organisation,
        "access": access,
        "can_request": organisation is not None
        and can(request.user, "monitoring.request_access", organisation),
        "request_form": AccessRequestForm(),
        "can_use": organisation is not None and can(request.user, "monitoring.use", organisation),
        "can_manage_staff": organisation is not None
        and can(request.user, "monitoring.manage_staff", organisation),
    }
    if access is None or not access.is_active:
        return render_page(request, "monitoring/access/how_to_get_access.html", context)
    return render_page(request, "monitoring/access/home.html", context)


@private_page
@require_POST
def request_access(request):
    organisation = current_organisation(request)
    allowed_or_403(request, "monitoring.request_access", organisation)
    form = AccessRequestForm(request.POST)
    if form.is_valid():
        services.access_request(
            user=request.user, organisation=organisation, message=form.cleaned_data["message"]
        )
        messages.success(
            request,
            _("Your request is sent. The monitoring administrator will contact you about the agreement."),
        )
        return redirect("monitoring:home")
    return render_page(
        request,
        "monitoring/access/how_to_get_access.html",
        {"organisation": organisation, "can_request": True, "request_form": form},
    )


@private_page
def staff(request):
    """The organisation's admin gives members their monitoring roles."""
    organisation = current_organisation(request)
    allowed_or_403(request, "monitoring.manage_staff", organisation)
    error_form = None
    if request.method == "POST":
        form = StaffRoleForm(request.POST)
        if form.is_valid():
            member = get_object_or_404(
                Membership, organisation=organisation, user_id=form.cleaned_data["member"]
            ).user
            try:
                if form.cleaned_data["role"]:
                    services.staff_role_set(
                        user=request.user,
                        organisation=organisation,
                        member=member,
                        role=form.cleaned_data["role"],
                    )
                else:
                    services.staff_role_remove(user=request.user, organisation=organisation, member=member)
            except ValidationError as error:
                form_refusal(form, error)
                error_form = form
            else:
                messages.success(
                    request, _("The monitoring role of %(person)s is saved.") % {"person": member}
                )
                return redirect("monitoring:staff")
        else:
            error_form = form
    rows = [
        (membership, StaffRoleForm(initial={"member": membership.user_id, "role": role or ""}, prefix=None))
        for membership, role in selectors.staff_of(organisation)
    ]
    return render_page(request, "monitoring/access/staff.html", {"rows": rows, "form": error_form})


# --- the monitoring administrator --------------------------------------------------------------------


@private_page
def admin_overview(request):
    allowed_or_403(request, "monitoring.administer")
    return render_page(
        request,
        "monitoring/access/admin_overview.html",
        {
            "waiting": selectors.accesses_waiting(),
            "contracts": selectors.contracts_ready_for_access(),
            "active": selectors.accesses_active(),
        },
    )


@private_page
def admin_activate(request, pk):
    """Route I: record the organisation's signed co-controller agreement and activate its access."""
    allowed_or_403(request, "monitoring.administer")
    access = get_object_or_404(MonitoringAccess.objects.select_related("organisation"), pk=pk)
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.access_activate(user=request.user, access=access, **form.cleaned_data)
        except ValidationError as error:
            form_refusal(form, error)
        else:
            messages.success(
                request, _("The access of %(name)s is active.") % {"name": access.organisation.name}
            )
            return redirect("monitoring:admin_overview")
    return render_page(
        request, "monitoring/access/admin_agreement.html", {"form": form, "target": access.organisation}
    )


@private_page
def admin_from_contract(request, contract_pk):
    """Route II: set up access from a signed contract, in one step."""
    allowed_or_403(request, "monitoring.administer")
    contract = get_object_or_404(
        Contract.objects.select_related("offer__organisation", "offer__competition__sphere"), pk=contract_pk
    )
    form = AgreementForm(request.POST or None, initial={"signatory": contract.signatory_organisation})
    if request.method == "POST" and form.is_valid():
        try:
            services.access_setup_from_contract(user=request.user, contract=contract, **form.cleaned_data)
        except ValidationError as error:
            form_refusal(form, error)
        else:
            messages.success(
                request,
                _("The access of %(name)s is active and its representatives are told how to sign in.")
                % {"name": contract.offer.organisation.name},
            )
            return redirect("monitoring:admin_overview")
    return render_page(
        request,
        "monitoring/access/admin_agreement.html",
        {"form": form, "target": contract.offer.organisation, "contract": contract},
    )
