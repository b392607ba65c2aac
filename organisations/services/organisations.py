"""Registering people and organisations, keeping profiles, inviting colleagues, suspending.

Every function checks permission through ``portal.permissions`` where a person
acts on someone else's data, changes data in one transaction and queues its
e-mails on commit. None takes a request.
"""

import logging

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.permissions import ensure

from ..models import Invitation, Membership, Organisation, User

logger = logging.getLogger(__name__)

# No address in the message: the administrators' login e-mails are theirs, and they are told by
# e-mail (organisation_duplicate_notify) so that they can invite the person.
ALREADY_REGISTERED = _(
    "%(name)s already has an account on the portal. We have told its administrators by e-mail "
    "that you tried to register it, so they can invite you; if nobody answers, write to the "
    "city's NGO office."
)
# One notice a day per person and organisation: the form may be sent again and again.
DUPLICATE_NOTICE_INTERVAL = 24 * 3600
ALREADY_IN_AN_ORGANISATION = _(
    "Your account already belongs to %(name)s. One account works for one organisation: "
    "register the other organisation with a different e-mail address."
)
INVITATION_NOT_VALID = _("This invitation has expired, been withdrawn or already been used.")
INVITATION_FOR_SOMEONE_ELSE = _(
    "This invitation was sent to %(email)s. Sign in with that address to accept it."
)
ALREADY_A_MEMBER = _("%(email)s already belongs to this organisation.")
ALREADY_INVITED = _("%(email)s already has a pending invitation. You can withdraw it and send a new one.")
LAST_ADMIN = _("An organisation must keep at least one administrator.")
SUSPENSION_NEEDS_REASON = _("Give the reason for the suspension; the organisation will see it.")


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    """Links in the confirmation e-mail; a link stops working once the account is active."""

    key_salt = "organisations.email-verification"

    def _make_hash_value(self, user, timestamp):
        # last_login: once the account has been used, a deactivation cannot be undone by an old link.
        last_login = "" if user.last_login is None else user.last_login.replace(microsecond=0, tzinfo=None)
        return f"{user.pk}{user.is_active}{user.email}{last_login}{timestamp}"


email_verification_tokens = EmailVerificationTokenGenerator()


def _queue(task, *args):
    transaction.on_commit(lambda: task.delay(*args))


@transaction.atomic
def person_register(*, email: str, password: str, first_name: str, last_name: str) -> User | None:
    """Create an inactive account and e-mail a link that confirms the address.

    For an address that already has an account nothing is created and None is returned; the
    holder gets an e-mail instead (the confirmation link again if the account was never
    confirmed, else a notice that someone tried), so the page answers the same for every address.
    """
    from ..authentication import normalise_login
    from ..tasks import send_email_verification, send_registration_attempt

    existing = User.objects.filter(email__iexact=normalise_login(email)).first()
    if existing is not None:
        if not existing.is_active and existing.last_login is None:
            _queue(send_email_verification, existing.pk)
        else:
            _queue(send_registration_attempt, existing.pk)
        return None
    user = User.objects.create_user(
        email, password, first_name=first_name, last_name=last_name, is_active=False
    )
    _queue(send_email_verification, user.pk)
    return user


def person_resend_verification(*, email: str) -> None:
    """Send the confirmation link again, silently doing nothing for unknown or active addresses."""
    from ..tasks import send_email_verification

    user = User.objects.filter(email__iexact=email, is_active=False, last_login__isnull=True).first()
    if user is not None:
        send_email_verification.delay(user.pk)


def person_verify_email(*, user: User, token: str) -> bool:
    """Activate the account when the link is right; False when it is wrong or used."""
    # An inactive account that has been used was deactivated on purpose (by an official or its
    # owner): only an official may switch it on again, not a confirmation link.
    if user.last_login is not None or not email_verification_tokens.check_token(user, token):
        return False
    user.is_active = True
    user.save(update_fields=["is_active"])
    return True


def organisation_of(user) -> Organisation | None:
    membership = user.memberships.select_related("organisation").first()
    return membership.organisation if membership else None


def organisation_find_duplicate(*, nip: str = "", krs: str = "", exclude_pk=None) -> Organisation | None:
    """An organisation already registered with this NIP or KRS."""
    query = Q(nip=nip) if nip else Q(pk__in=[])
    if krs:
        query |= Q(krs=krs)
    return Organisation.objects.filter(query).exclude(pk=exclude_pk).first()


def duplicate_error(organisation: Organisation) -> ValidationError:
    return ValidationError(
        ALREADY_REGISTERED, code="duplicate_organisation", params={"name": organisation.name}
    )


def organisation_duplicate_notify(*, user: User, organisation: Organisation) -> None:
    """Tell the organisation's administrators that ``user`` tried to register it (once a day)."""
    from django.core.cache import cache

    from ..tasks import send_duplicate_registration

    try:
        first_today = cache.add(f"duplicate-notice:{organisation.pk}:{user.pk}", 1, DUPLICATE_NOTICE_INTERVAL)
    except Exception:  # the cache is down: the person was told the admins hear of it, so they do
        logger.exception("Duplicate-registration notice not deduplicated: the cache is unavailable")
        first_today = True
    if first_today:
        _queue(send_duplicate_registration, organisation.pk, user.pk)


@transaction.atomic
def organisation_register(*, user: User, organisation: Organisation, spheres=()) -> Organisation:
    """Register a new organisation with ``user`` as its first administrator.

    ``organisation`` is an unsaved, validated instance (the form's). One
    organisation per NIP or KRS and one organisation per person.
    """
    from ..tasks import send_organisation_registered

    current = organisation_of(user)
    if current is not None:
        raise ValidationError(ALREADY_IN_AN_ORGANISATION, params={"name": current.name})
    duplicate = organisation_find_duplicate(nip=organisation.nip, krs=organisation.krs)
    if duplicate is not None:
        raise duplicate_error(duplicate)
    organisation.save()
    organisation.spheres.set(spheres)
    Membership.objects.create(user=user, organisation=organisation, is_admin=True)
    user.__dict__.pop("roles", None)
    _queue(send_organisation_registered, organisation.pk, user.pk)
    return organisation


@transaction.atomic
def organisation_update(*, user: User, organisation: Organisation, spheres=None, places=None) -> Organisation:
    """Save a member's (or an official's) changes to the profile and its places of activity.

    ``organisation`` carries the form's changes; ``places`` is a bound, valid
    formset of places, saved in the same transaction so a failure keeps nothing half-done.
    """
    ensure(user, "organisation.edit", organisation)
    duplicate = organisation_find_duplicate(
        nip=organisation.nip, krs=organisation.krs, exclude_pk=organisation.pk
    )
    if duplicate is not None:
        raise duplicate_error(duplicate)
    organisation.save()
    if spheres is not None:
        organisation.spheres.set(spheres)
    if places is not None:
        places.instance = organisation
        places.save()
    return organisation


@transaction.atomic
def invitation_send(
    *, user: User, organisation: Organisation, email: str, make_admin: bool = False
) -> Invitation:
    """Invite a colleague by e-mail to join the organisation's account (organisation admins only)."""
    from ..tasks import send_invitation

    ensure(user, "organisation.invite", organisation)
    email = email.strip().lower()
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError(ALREADY_A_MEMBER, params={"email": email})
    if organisation.invitations.pending().filter(email__iexact=email).exists():
        raise ValidationError(ALREADY_INVITED, params={"email": email})
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, invited_by=user, make_admin=make_admin
    )
    _queue(send_invitation, invitation.pk)
    return invitation


@transaction.atomic
def invitation_revoke(*, user: User, invitation: Invitation) -> None:
    ensure(user, "organisation.invite", invitation.organisation)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


@transaction.atomic
def invitation_accept(*, user: User, invitation: Invitation) -> Membership:
    """Join the organisation the invitation is for; the address must be the invited one."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError(INVITATION_NOT_VALID, code="invitation_not_valid")
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(INVITATION_FOR_SOMEONE_ELSE, params={"email": invitation.email})
    current = organisation_of(user)
    if current is not None and current.pk != invitation.organisation_id:
        raise ValidationError(ALREADY_IN_AN_ORGANISATION, params={"name": current.name})
    membership, _ = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"is_admin": invitation.make_admin}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    user.__dict__.pop("roles", None)
    return membership


@transaction.atomic
def membership_remove(*, user: User, membership: Membership) -> None:
    """An organisation admin removes a member (or a member leaves); one admin always stays."""
    if membership.user_id != user.pk:
        ensure(user, "organisation.invite", membership.organisation)
    others = membership.organisation.memberships.select_for_update().exclude(pk=membership.pk)
    if membership.is_admin and not others.filter(is_admin=True).exists():
        raise ValidationError(LAST_ADMIN, code="last_admin")
    membership.delete()


@transaction.atomic
def organisation_suspend(*, user: User, organisation: Organisation, reason: str) -> None:
    """Hide an organisation from the directory and map (officials only), with a reason it can read."""
    ensure(user, "organisation.suspend", organisation)
    if not reason.strip():
        raise ValidationError(SUSPENSION_NEEDS_REASON, code="reason_required")
    organisation.is_suspended = True
    organisation.suspension_reason = reason.strip()
    organisation.save(update_fields=["is_suspended", "suspension_reason", "updated_at"])


@transaction.atomic
def organisation_restore(*, user: User, organisation: Organisation) -> None:
    ensure(user, "organisation.suspend", organisation)
    organisation.is_suspended = False
    organisation.suspension_reason = ""
    organisation.save(update_fields=["is_suspended", "suspension_reason", "updated_at"])
