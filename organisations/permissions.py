"""Who may do what with users and organisations (see ``portal.permissions``)."""

from django.utils.translation import gettext_lazy as _

from portal.permissions import Decision, rule

from .choices import Role

NOT_STAFF = _("Only city staff can use the administration panel.")
NOT_OFFICIAL = _("Only an official of the city hall can do this.")
NOT_A_MEMBER = _("You can only change the organisation you belong to.")
NOT_ORGANISATION_ADMIN = _("Only an administrator of the organisation can invite people.")


def _is_official(user) -> bool:
    return user.is_superuser or user.has_role(Role.OFFICIAL)


def _membership(user, organisation):
    if organisation is None:
        return None
    return next((m for m in user.memberships.all() if m.organisation_id == organisation.pk), None)


@rule("admin.access")
def access_admin(user, obj=None):
    return Decision.allow() if user.works_in_admin else Decision.deny(NOT_STAFF)


@rule("organisation.manage")
def manage_organisations(user, obj=None):
    """List, add and change any organisation in the admin."""
    return Decision.allow() if _is_official(user) else Decision.deny(NOT_OFFICIAL)


@rule("organisation.delete")
def delete_organisation(user, obj=None):
    # Organisations carry offers and contracts: only an administrator removes one.
    return Decision.allow() if user.is_superuser else Decision.deny(NOT_OFFICIAL)


@rule("organisation.suspend")
def suspend_organisation(user, obj=None):
    return Decision.allow() if _is_official(user) else Decision.deny(NOT_OFFICIAL)


@rule("organisation.edit")
def edit_organisation(user, organisation):
    if _is_official(user) or _membership(user, organisation):
        return Decision.allow()
    return Decision.deny(NOT_A_MEMBER)


@rule("organisation.invite")
def invite_to_organisation(user, organisation):
    membership = _membership(user, organisation)
    if membership and membership.is_admin:
        return Decision.allow()
    return Decision.deny(NOT_ORGANISATION_ADMIN)


@rule("audit.view")
def view_audit_log(user, obj=None):
    """The log of changes to organisations and people: who changed what, and when."""
    return Decision.allow() if _is_official(user) else Decision.deny(NOT_OFFICIAL)
