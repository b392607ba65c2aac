"""Read queries of the access stage."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef

from competitions.choices import ContractState
from competitions.models import Contract
from organisations.choices import ROLE_GROUPS, Role
from organisations.models import Membership

from ..choices import MONITORED_SPHERE_CODES, AccessState
from ..models import MonitoringAccess, StaffRole


def monitoring_admins():
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(groups__name=ROLE_GROUPS[Role.MONITORING_ADMIN]).distinct()


def organisation_representatives(organisation):
    """Who speaks for the organisation: its admins, or every member when it has none."""
    memberships = Membership.objects.filter(organisation=organisation).select_related("user")
    admins = [m.user for m in memberships if m.is_admin]
    return admins or [m.user for m in memberships]


def access_of(organisation) -> MonitoringAccess | None:
    if organisation is None:
        return None
    return MonitoringAccess.objects.filter(organisation=organisation).first()


def accesses_waiting():
    return MonitoringAccess.objects.filter(state=AccessState.REQUESTED).select_related("organisation")


def accesses_active():
    return MonitoringAccess.objects.filter(state=AccessState.ACTIVE).select_related("organisation")


def contracts_ready_for_access():
    """Signed contracts of monitored competitions whose organisation has no active access yet."""
    active = MonitoringAccess.objects.filter(
        organisation=OuterRef("offer__organisation"), state=AccessState.ACTIVE
    )
    return (
        Contract.objects.filter(
            state=ContractState.SIGNED, offer__competition__sphere__code__in=MONITORED_SPHERE_CODES
        )
        .exclude(Exists(active))
        .select_related("offer__organisation", "offer__competition")
        .order_by("offer__organisation__name")
    )


def staff_of(organisation):
    """The organisation's members with their monitoring role (``role`` is None without one)."""
    roles = dict(StaffRole.objects.filter(organisation=organisation).values_list("user_id", "role"))
    memberships = Membership.objects.filter(organisation=organisation).select_related("user")
    return [(m, roles.get(m.user_id)) for m in memberships.order_by("user__last_name", "user__email")]
