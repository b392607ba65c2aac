"""An NGO person registers the organisation, keeps its profile and places, and invites colleagues."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.permissions import can

from .. import services
from ..forms import InvitationForm, OrganisationForm, place_formset_class
from ..models import Invitation, Membership, Organisation


def _form_error(form, error: ValidationError) -> None:
    """Show a service's refusal at the top of the form; the typed data stays in the fields."""
    form.add_error(None, error)


def _allowed_or_403(request, action, obj):
    decision = can(request.user, action, obj)
    if not decision:
        raise PermissionDenied(decision.reason)


@login_required
def register_organisation(request):
    current = services.organisation_of(request.user)
    if current is not None:
        messages.info(request, _("Your account already belongs to %(name)s.") % {"name": current.name})
        return redirect("organisation_account:edit", slug=current.slug)
    pending = (
        Invitation.objects.pending().filter(email__iexact=request.user.email).select_related("organisation")
    )
    form = OrganisationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and not form.is_valid() and form.duplicate is not None:
        services.organisation_duplicate_notify(user=request.user, organisation=form.duplicate)
    if request.method == "POST" and form.is_valid():
        organisation = form.save(commit=False)
        try:
            services.organisation_register(
                user=request.user, organisation=organisation, spheres=form.cleaned_data["spheres"]
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is registered. Add its places of activity so residents find it on the map.")
                % {"name": organisation.name},
            )
            return redirect("organisation_account:edit", slug=organisation.slug)
    return render(request, "organisations/register_organisation.html", {"form": form, "invitations": pending})


@login_required
def edit_organisation(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    _allowed_or_403(request, "organisation.edit", organisation)
    PlaceFormSet = place_formset_class()
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    places = PlaceFormSet(request.POST or None, instance=organisation, prefix="places")
    if request.method == "POST" and not form.is_valid() and form.duplicate is not None:
        services.organisation_duplicate_notify(user=request.user, organisation=form.duplicate)
    if request.method == "POST" and form.is_valid() and places.is_valid():
        changed = form.save(commit=False)
        try:
            services.organisation_update(
                user=request.user, organisation=changed, spheres=form.cleaned_data["spheres"], places=places
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The profile is saved."))
            return redirect("organisation_account:edit", slug=changed.slug)
    context = {
        "organisation": organisation,
        "form": form,
        "places": places,
        "can_invite": can(request.user, "organisation.invite", organisation),
        "map_tile_url": _tile_url(),
    }
    return render(request, "organisations/edit_organisation.html", context)


def _tile_url():
    from django.conf import settings

    return settings.MAP_TILE_URL


@login_required
def members(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    _allowed_or_403(request, "organisation.edit", organisation)
    can_invite = can(request.user, "organisation.invite", organisation)
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        _allowed_or_403(request, "organisation.invite", organisation)
        if form.is_valid():
            try:
                services.invitation_send(
                    user=request.user,
                    organisation=organisation,
                    email=form.cleaned_data["email"],
                    make_admin=form.cleaned_data["make_admin"],
                )
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(
                    request,
                    _("The invitation is on its way to %(email)s.") % {"email": form.cleaned_data["email"]},
                )
                return redirect("organisation_account:members", slug=organisation.slug)
    context = {
        "organisation": organisation,
        "memberships": organisation.memberships.select_related("user").order_by(
            "-is_admin", "user__last_name"
        ),
        "invitations": organisation.invitations.pending().select_related("invited_by"),
        "form": form,
        "can_invite": can_invite,
    }
    return render(request, "organisations/members.html", context)


@login_required
@require_POST
def revoke_invitation(request, pk):
    invitation = get_object_or_404(Invitation, pk=pk)
    _allowed_or_403(request, "organisation.invite", invitation.organisation)
    services.invitation_revoke(user=request.user, invitation=invitation)
    messages.success(request, _("The invitation for %(email)s is withdrawn.") % {"email": invitation.email})
    return redirect("organisation_account:members", slug=invitation.organisation.slug)


@login_required
@require_POST
def remove_member(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("organisation", "user"), pk=pk)
    try:
        services.membership_remove(user=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(person)s no longer belongs to the organisation.") % {"person": membership.user}
        )
    if membership.user_id == request.user.pk:
        return redirect("accounts:profile")
    return redirect("organisation_account:members", slug=membership.organisation.slug)


def accept_invitation(request, token):
    """Open an invitation: sign in or register with the invited address, then accept."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation", "invited_by"), token=token
    )
    context = {"invitation": invitation}
    if not invitation.is_pending:
        return render(request, "organisations/invitation.html", {**context, "invalid": True}, status=410)
    if not request.user.is_authenticated:
        here = request.get_full_path()
        context["register_url"] = f"{reverse('accounts:register')}?email={invitation.email}&next={here}"
        context["login_url"] = f"{reverse('accounts:login')}?next={here}"
        return render(request, "organisations/invitation.html", context)
    if request.method == "POST":
        try:
            services.invitation_accept(user=request.user, invitation=invitation)
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
        else:
            messages.success(
                request, _("Welcome to %(name)s on the portal.") % {"name": invitation.organisation.name}
            )
            return redirect("organisation_account:edit", slug=invitation.organisation.slug)
    return render(request, "organisations/invitation.html", context)
