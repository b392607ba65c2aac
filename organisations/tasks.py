"""E-mails about accounts and organisations, sent by Celery after the change is committed."""

from celery import shared_task
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from portal.emails import absolute_url, send_templated_email

from .models import Invitation, Organisation, User


@shared_task
def send_email_verification(user_pk: int) -> None:
    from .services import email_verification_tokens

    user = User.objects.filter(pk=user_pk, is_active=False).first()
    if user is None:
        return
    path = reverse(
        "accounts:verify_email",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": email_verification_tokens.make_token(user),
        },
    )
    send_templated_email(
        to=[user.email],
        template="organisations/email/verify_email",
        context={"user": user, "link": absolute_url(path)},
    )


@shared_task
def send_organisation_registered(organisation_pk: int, user_pk: int) -> None:
    organisation = Organisation.objects.get(pk=organisation_pk)
    user = User.objects.get(pk=user_pk)
    send_templated_email(
        to=[user.email],
        template="organisations/email/organisation_registered",
        context={
            "user": user,
            "organisation": organisation,
            "link": absolute_url(reverse("organisation_account:edit", args=[organisation.slug])),
        },
    )


@shared_task
def send_invitation(invitation_pk: int) -> None:
    invitation = Invitation.objects.select_related("organisation", "invited_by").get(pk=invitation_pk)
    send_templated_email(
        to=[invitation.email],
        template="organisations/email/invitation",
        context={
            "invitation": invitation,
            "link": absolute_url(reverse("organisation_account:accept_invitation", args=[invitation.token])),
        },
    )


@shared_task
def send_registration_attempt(user_pk: int) -> None:
    """Someone tried to create an account with an address that has one: its holder is told."""
    user = User.objects.filter(pk=user_pk).first()
    if user is None:
        return
    send_templated_email(
        to=[user.email],
        template="organisations/email/registration_attempt",
        context={
            "user": user,
            "login_link": absolute_url(reverse("accounts:login")),
            "reset_link": absolute_url(reverse("accounts:password_reset")),
        },
    )


@shared_task
def send_duplicate_registration(organisation_pk: int, user_pk: int) -> None:
    """Someone tried to register an organisation that has an account: its administrators are told."""
    organisation = Organisation.objects.filter(pk=organisation_pk).first()
    person = User.objects.filter(pk=user_pk).first()
    if organisation is None or person is None:
        return
    admins = list(
        organisation.memberships.filter(is_admin=True, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )
    if not admins:
        return
    send_templated_email(
        to=admins,
        template="organisations/email/duplicate_registration",
        context={
            "organisation": organisation,
            "person": person,
            "members_link": absolute_url(reverse("organisation_account:members", args=[organisation.slug])),
        },
    )
