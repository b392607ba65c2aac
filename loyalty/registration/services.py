"""Enrolment in the programme, without formalities: one step for the NGO, one for the city."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.services import notify
from portal.permissions import ensure

from ..choices import FacilityState
from ..models import Facility, FacilityManager
from ..selectors import facility_managers, officials

PLACE_NOT_YOURS = _("You can only enrol a facility at a place of your own organisation.")
PLACE_TAKEN = _("A facility at this place is already enrolled in the programme.")
MANAGER_NOT_MEMBER = _("The manager must be a member of the organisation that runs the facility.")
ALREADY_APPROVED = _("This facility has already been approved.")

ENROLLED_TITLE = _("A facility asks to join the loyalty programme: %(name)s")
APPROVED_TITLE = _("Your facility %(name)s has joined the loyalty programme")
APPROVED_BODY = _("Fill in its first evaluation card: the status it gives opens the reward baskets.")


def facility_register(*, user, place, name: str, manager) -> Facility:
    """Enrol a facility of the user's organisation at ``place``; an official approves it later."""
    ensure(user, "loyalty.facility.register")
    organisation = place.organisation
    if not user.memberships.filter(organisation=organisation).exists():
        raise ValidationError(PLACE_NOT_YOURS, code="place_not_yours")
    if not manager.is_active or not manager.memberships.filter(organisation=organisation).exists():
        raise ValidationError(MANAGER_NOT_MEMBER, code="manager_not_member")
    with transaction.atomic():
        if Facility.objects.select_for_update().filter(place=place).exists():
            raise ValidationError(PLACE_TAKEN, code="place_taken")
        facility = Facility.objects.create(
            organisation=organisation, place=place, name=name.strip(), registered_by=user
        )
        FacilityManager.objects.create(facility=facility, user=manager)
        notify(
            recipients=officials(),
            event="loyalty.facility_enrolled",
            title=ENROLLED_TITLE % {"name": facility.name},
            url=reverse("loyalty:approvals"),
        )
    return facility


def facility_approve(*, user, facility: Facility) -> Facility:
    """Admit the facility to the programme and tell its managers; refused if already admitted."""
    ensure(user, "loyalty.manage")
    with transaction.atomic():
        # The state in the WHERE clause: two officials approving at once approve once.
        changed = Facility.objects.filter(pk=facility.pk, state=FacilityState.PENDING).update(
            state=FacilityState.APPROVED, approved_by=user, approved_at=timezone.now()
        )
        if not changed:
            raise ValidationError(ALREADY_APPROVED, code="already_approved")
        facility.refresh_from_db()
        notify(
            recipients=facility_managers(facility=facility),
            event="loyalty.facility_approved",
            title=APPROVED_TITLE % {"name": facility.name},
            body=APPROVED_BODY,
            url=reverse("loyalty:facility", args=[facility.pk]),
        )
    return facility
