"""Who may do what in the monitoring base (see ``portal.permissions``).

Three kinds of people: the monitoring administrator (a city role; records agreements and
activates organisations, and never sees participants), an organisation's admin (gives its
staff monitoring roles) and the staff themselves: a coordinator runs the organisation's
projects and participants and reads the access log; an educator sees the participants and
records attendance and individual support. Everything but asking for access needs the
organisation's access to be active.
"""

from django.utils.translation import gettext_lazy as _

from organisations.choices import Role
from portal.permissions import Decision, rule

from .choices import AccessState, MonitoringRole
from .models import MonitoringAccess, StaffRole

NOT_MONITORING_ADMIN = _("Only the monitoring administrator can do this.")
NOT_A_MEMBER = _("You are not a member of this organisation.")
NOT_ORGANISATION_ADMIN = _("Only an administrator of the organisation can give monitoring roles.")
ACCESS_NOT_ACTIVE = _(
    "Your organisation has no active access to the monitoring base yet. "
    "Access is activated after the co-controller agreement is signed."
)
ACCESS_ALREADY_ASKED = _("Your organisation has already asked for access to the monitoring base.")
NO_MONITORING_ROLE = _(
    "Ask your organisation's administrator for a monitoring role (coordinator or educator)."
)
NOT_COORDINATOR = _("Only a coordinator of the organisation can do this.")


def is_monitoring_admin(user) -> bool:
    return user.is_superuser or user.has_role(Role.MONITORING_ADMIN)


def _membership(user, organisation):
    if organisation is None:
        return None
    return user.memberships.filter(organisation=organisation).first()


def access_is_active(organisation) -> bool:
    return MonitoringAccess.objects.filter(organisation=organisation, state=AccessState.ACTIVE).exists()


def monitoring_role(user, organisation) -> str | None:
    """The person's monitoring role in ``organisation`` (None without one or without membership)."""
    if organisation is None or not user.is_authenticated:
        return None
    if not _membership(user, organisation):
        return None
    return (
        StaffRole.objects.filter(organisation=organisation, user=user).values_list("role", flat=True).first()
    )


@rule("monitoring.administer")
def administer(user, obj=None):
    """Record co-controller agreements, activate organisations, keep the list of schools."""
    return Decision.allow() if is_monitoring_admin(user) else Decision.deny(NOT_MONITORING_ADMIN)


@rule("monitoring.request_access")
def request_access(user, organisation):
    if not _membership(user, organisation):
        return Decision.deny(NOT_A_MEMBER)
    if MonitoringAccess.objects.filter(organisation=organisation).exists():
        return Decision.deny(ACCESS_ALREADY_ASKED)
    return Decision.allow()


@rule("monitoring.manage_staff")
def manage_staff(user, organisation):
    membership = _membership(user, organisation)
    if not membership or not membership.is_admin:
        return Decision.deny(NOT_ORGANISATION_ADMIN)
    if not access_is_active(organisation):
        return Decision.deny(ACCESS_NOT_ACTIVE)
    return Decision.allow()


def _staff_decision(user, organisation, roles) -> Decision:
    if not _membership(user, organisation):
        return Decision.deny(NOT_A_MEMBER)
    if not access_is_active(organisation):
        return Decision.deny(ACCESS_NOT_ACTIVE)
    role = monitoring_role(user, organisation)
    if role is None:
        return Decision.deny(NO_MONITORING_ROLE)
    if role not in roles:
        return Decision.deny(NOT_COORDINATOR)
    return Decision.allow()


@rule("monitoring.use")
def use(user, organisation):
    """See the organisation's projects and participants, record attendance and individual support."""
    return _staff_decision(user, organisation, {MonitoringRole.COORDINATOR, MonitoringRole.EDUCATOR})


@rule("monitoring.manage")
def manage(user, organisation):
    """Add and change projects, participants, families, consents and enrolments; read the access log."""
    return _staff_decision(user, organisation, {MonitoringRole.COORDINATOR})


NOT_OFFICIAL = _(
    "Only officials of the city hall and the monitoring administrator see the city-wide figures."
)


@rule("monitoring.city_report")
def city_report(user, obj=None):
    """City-wide aggregates and the school network: counts only, small ones suppressed."""
    if is_monitoring_admin(user) or user.has_role(Role.OFFICIAL):
        return Decision.allow()
    return Decision.deny(NOT_OFFICIAL)
