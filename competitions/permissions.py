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
