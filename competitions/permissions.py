"""Who may do what with competitions (see ``portal.permissions``)."""

from django.utils.translation import gettext_lazy as _

from organisations.choices import Role
from portal.permissions import Decision, rule

NOT_OFFICIAL = _("Only an official of the city hall can manage competitions.")


def _is_official(user) -> bool:
    return user.is_superuser or user.has_role(Role.OFFICIAL)


@rule("competition.manage")
def manage_competitions(user, obj=None):
    """Create, edit, announce, close and cancel competitions."""
    return Decision.allow() if _is_official(user) else Decision.deny(NOT_OFFICIAL)


NOT_IN_AN_ORGANISATION = _("Offers are written by members of a registered organisation.")
NOT_YOUR_OFFER = _("This offer belongs to another organisation.")


def _member_of(user, organisation_id) -> bool:
    return any(m.organisation_id == organisation_id for m in user.memberships.all())


@rule("offer.create")
def create_offer(user, organisation=None):
    if organisation is not None and _member_of(user, organisation.pk) and not organisation.is_suspended:
        return Decision.allow()
    return Decision.deny(NOT_IN_AN_ORGANISATION)


@rule("offer.edit")
def edit_offer(user, offer):
    """Write, submit, withdraw: members of the offering organisation only."""
    return Decision.allow() if _member_of(user, offer.organisation_id) else Decision.deny(NOT_YOUR_OFFER)


@rule("offer.view")
def view_offer(user, offer):
    """Read an offer and download its PDF and attachments: the organisation and officials."""
    if _is_official(user) or _member_of(user, offer.organisation_id):
        return Decision.allow()
    return Decision.deny(NOT_YOUR_OFFER)
