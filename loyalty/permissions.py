"""Who may do what in the loyalty programme (see ``portal.permissions``)."""

from django.utils.translation import gettext_lazy as _

from organisations.choices import Role
from portal.permissions import Decision, rule

NOT_OFFICIAL = _("Only an official of the city hall can do this.")
NOT_A_MEMBER = _("Only a member of an organisation can enrol a facility.")
NOT_MANAGER = _("Only a manager of this facility can do this.")
NOT_APPROVED = _("The city hall has not approved this facility yet.")


def is_official(user) -> bool:
    return user.is_superuser or user.has_role(Role.OFFICIAL)


def is_manager(user, facility) -> bool:
    """A manager counts only while still a member of the organisation running the facility."""
    from .models import Facility

    return (
        isinstance(facility, Facility)
        and facility.managers.filter(user=user).exists()
        and user.memberships.filter(organisation_id=facility.organisation_id).exists()
    )


@rule("loyalty.manage")
def manage_programme(user, obj=None):
    """Edit the card, the status rules and rounds; approve facilities; verify declarations."""
    return Decision.allow() if is_official(user) else Decision.deny(NOT_OFFICIAL)


@rule("loyalty.facility.register")
def register_facility(user, obj=None):
    return Decision.allow() if user.memberships.exists() else Decision.deny(NOT_A_MEMBER)


@rule("loyalty.facility.view")
def view_facility(user, facility):
    if is_official(user) or is_manager(user, facility):
        return Decision.allow()
    return Decision.deny(NOT_MANAGER)


@rule("loyalty.evaluation.fill")
def fill_evaluation(user, facility):
    if not is_manager(user, facility):
        return Decision.deny(NOT_MANAGER)
    if not facility.is_approved:
        return Decision.deny(NOT_APPROVED)
    return Decision.allow()


@rule("loyalty.reward.claim")
def claim_reward(user, facility):
    """The managers claim for their facility, on the same terms as filling in the card."""
    return fill_evaluation(user, facility)


@rule("loyalty.reward.cancel")
def cancel_claim(user, facility):
    if is_official(user) or is_manager(user, facility):
        return Decision.allow()
    return Decision.deny(NOT_MANAGER)
