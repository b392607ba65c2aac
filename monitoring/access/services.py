"""Getting an organisation into the monitoring base, and giving its staff their roles."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competitions.choices import ContractState
from notifications.services import notify
from organisations.models import Membership
from portal.permissions import ensure

from ..choices import MONITORED_SPHERE_CODES, AccessRoute, AccessState, MonitoringRole
from ..models import CoControllerAgreement, MonitoringAccess, StaffRole
from .selectors import monitoring_admins, organisation_representatives

SIGNED_IN_FUTURE = _("The agreement cannot be signed in the future.")
ALREADY_ACTIVE = _("This organisation's access is already active.")
CONTRACT_NOT_SIGNED = _("Access can be set up only from a signed contract.")
CONTRACT_NOT_MONITORED = _("This contract's competition is not in a sphere the monitoring base follows.")
NOT_A_MEMBER_OF_ORGANISATION = _("This person is not a member of your organisation.")
UNKNOWN_ROLE = _("Choose the coordinator or the educator role.")

ACCESS_REQUESTED_TITLE = _("%(organisation)s asks for access to the monitoring base")
ACCESS_ACTIVE_TITLE = _("Your organisation's access to the monitoring base is active")
ACCESS_ACTIVE_BODY = _(
    "The co-controller agreement (version %(version)s, signed on %(date)s) is recorded and the "
    "monitoring base is open for %(organisation)s. Sign in to the portal with your e-mail address, "
    "open “Monitoring base” in your account and give your colleagues their roles "
    "(coordinator or educator)."
)


def _check_signed_on(signed_on) -> None:
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": SIGNED_IN_FUTURE})


def access_request(*, user, organisation, message: str = "") -> MonitoringAccess:
    """Organisation route I: a member asks for access; the monitoring administrators are told."""
    ensure(user, "monitoring.request_access", organisation)
    with transaction.atomic():
        access = MonitoringAccess.objects.create(
            organisation=organisation, requested_by=user, message=message, route=AccessRoute.REQUEST
        )
        notify(
            recipients=monitoring_admins(),
            event="monitoring.access_requested",
            title=ACCESS_REQUESTED_TITLE % {"organisation": organisation.name},
            body=message,
            url=reverse("monitoring:admin_activate", args=[access.pk]),
        )
    return access


def _activate(*, user, access, version, signed_on, signatory) -> CoControllerAgreement:
    agreement = CoControllerAgreement.objects.create(
        organisation=access.organisation,
        version=version,
        signed_on=signed_on,
        signatory=signatory,
        recorded_by=user,
    )
    access.state = AccessState.ACTIVE
    access.activated_by = user
    access.activated_at = timezone.now()
    access.save()
    notify(
        recipients=organisation_representatives(access.organisation),
        event="monitoring.access_active",
        title=ACCESS_ACTIVE_TITLE,
        body=ACCESS_ACTIVE_BODY
        % {
            "version": version,
            "date": signed_on.strftime("%d.%m.%Y"),
            "organisation": access.organisation.name,
        },
        url=reverse("monitoring:home"),
    )
    return agreement


def access_activate(*, user, access, version: str, signed_on, signatory: str) -> CoControllerAgreement:
    """Route I: record the signed co-controller agreement and open the base to the organisation."""
    ensure(user, "monitoring.administer")
    _check_signed_on(signed_on)
    with transaction.atomic():
        access = MonitoringAccess.objects.select_for_update().get(pk=access.pk)
        if access.is_active:
            raise ValidationError(ALREADY_ACTIVE)
        return _activate(user=user, access=access, version=version, signed_on=signed_on, signatory=signatory)


def access_setup_from_contract(
    *, user, contract, version: str, signed_on, signatory: str
) -> MonitoringAccess:
    """Route II, in one step: from a signed contract of a monitored competition to an active access.

    The organisation's representatives are told (on-site and by e-mail, after commit) how to sign in.
    """
    ensure(user, "monitoring.administer")
    if contract.state != ContractState.SIGNED:
        raise ValidationError(CONTRACT_NOT_SIGNED)
    if contract.offer.competition.sphere.code not in MONITORED_SPHERE_CODES:
        raise ValidationError(CONTRACT_NOT_MONITORED)
    _check_signed_on(signed_on)
    organisation = contract.offer.organisation
    with transaction.atomic():
        access, _created = MonitoringAccess.objects.select_for_update().get_or_create(
            organisation=organisation, defaults={"route": AccessRoute.CONTRACT, "requested_by": user}
        )
        if access.is_active:
            raise ValidationError(ALREADY_ACTIVE)
        access.route = AccessRoute.CONTRACT
        access.contract = contract
        _activate(user=user, access=access, version=version, signed_on=signed_on, signatory=signatory)
    return access


def staff_role_set(*, user, organisation, member, role: str) -> StaffRole:
    """The organisation's admin gives ``member`` a monitoring role (or changes it)."""
    ensure(user, "monitoring.manage_staff", organisation)
    if role not in MonitoringRole.values:
        raise ValidationError(UNKNOWN_ROLE)
    if not Membership.objects.filter(organisation=organisation, user=member).exists():
        raise ValidationError(NOT_A_MEMBER_OF_ORGANISATION)
    staff_role, _created = StaffRole.objects.update_or_create(
        organisation=organisation, user=member, defaults={"role": role, "granted_by": user}
    )
    return staff_role


def staff_role_remove(*, user, organisation, member) -> None:
    ensure(user, "monitoring.manage_staff", organisation)
    StaffRole.objects.filter(organisation=organisation, user=member).delete()
