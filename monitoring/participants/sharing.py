"""Consortium exchange: a partner sees another partner's participant only when shared with consent.

A share names the consortium project and the partner, and rests on the participant's consent to
sharing with consortium partners; when that consent is withdrawn the share stops working at once.
Every share and every view of a shared participant goes to the owning organisation's access log.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.permissions import ensure

from ..audit import audit_record
from ..choices import AuditAction, ConsentScope, ProjectKind
from ..models import Consent, Enrolment, Share

NOT_A_CONSORTIUM = _("Participants are shared only within a consortium's project.")
PARTNER_NOT_IN_CONSORTIUM = _("This organisation is not in the project's consortium.")
NOT_ENROLLED_IN_PROJECT = _("The participant is not enrolled in this project.")
NO_SHARING_CONSENT = _(
    "Record the consent to sharing with consortium partners first: without it nothing is shared."
)
ALREADY_SHARED = _("The participant is already shared with this partner in this project.")


def _consortium(project):
    return {project.organisation_id, *project.partners.values_list("pk", flat=True)}


def sharing_consent(participant):
    return (
        Consent.objects.filter(
            participant=participant, scope=ConsentScope.CONSORTIUM, withdrawn_on__isnull=True
        )
        .order_by("-given_on")
        .first()
    )


def participant_share(*, user, participant, project, partner) -> Share:
    ensure(user, "monitoring.manage", participant.organisation)
    if project.kind != ProjectKind.LSW:
        raise ValidationError(NOT_A_CONSORTIUM)
    members = _consortium(project)
    if participant.organisation_id not in members or partner.pk not in members:
        raise ValidationError({"partner": PARTNER_NOT_IN_CONSORTIUM})
    if partner.pk == participant.organisation_id:
        raise ValidationError({"partner": PARTNER_NOT_IN_CONSORTIUM})
    if not Enrolment.objects.filter(participant=participant, project=project).exists():
        raise ValidationError({"project": NOT_ENROLLED_IN_PROJECT})
    consent = sharing_consent(participant)
    if consent is None:
        raise ValidationError(NO_SHARING_CONSENT)
    if Share.objects.filter(participant=participant, project=project, partner=partner).exists():
        raise ValidationError(ALREADY_SHARED)
    with transaction.atomic():
        share = Share.objects.create(
            participant=participant, project=project, partner=partner, consent=consent, shared_by=user
        )
        audit_record(
            user=user,
            organisation=participant.organisation,
            action=AuditAction.CHANGE,
            participant=participant,
            what=f"shared with {partner.name} in project {project.pk}",
        )
    return share


def shares_visible_to(organisation):
    """Shares the organisation may open: made to it, with the consent still in force."""
    return Share.objects.filter(
        Q(partner=organisation),
        consent__withdrawn_on__isnull=True,
        participant__anonymised_at__isnull=True,
    ).select_related("participant__organisation", "project")


def shared_participant_view(*, user, share) -> None:
    """Log a partner's view of a shared participant in the owner's access log."""
    ensure(user, "monitoring.use", share.partner)
    audit_record(
        user=user,
        organisation=share.participant.organisation,
        action=AuditAction.VIEW,
        participant=share.participant,
        what=f"viewed by partner {share.partner.name} in project {share.project_id}",
    )
