"""Claiming rewards, first come first served, and announcing new ones."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.services import notify
from portal.permissions import ensure

from ..choices import FacilityState, level_rank
from ..evaluation.selectors import current_evaluation
from ..models import ClaimCancellation, Facility, Reward, RewardClaim, TrainingSession
from ..selectors import facility_managers
from .selectors import active_claims, month_start

REWARD_WITHDRAWN = _("This reward has been withdrawn.")
CLAIM_WINDOW_CLOSED = _("Claims for this reward are not open now.")
FIRST_EVALUATION_NEEDED = _("Fill in the facility's first evaluation card before claiming rewards.")
STATUS_TOO_LOW = _("This reward is for facilities with status %(status)s or higher.")
MONTHLY_LIMIT_REACHED = _("Your facility has already claimed this reward as often as it may this month.")
POOL_EMPTY = _("All of this reward has been claimed.")
SESSION_REQUIRED = _("Choose the date of the training.")
SESSION_FULL = _("This session of the training is full; choose another date.")
SESSION_PAST = _("This session of the training has already started.")
ALREADY_CANCELLED = _("This claim has already been cancelled.")

NEW_REWARD_TITLE = _("A new reward for %(facility)s: %(name)s")


def reward_claim(
    *, user, facility: Facility, reward: Reward, session: TrainingSession | None = None
) -> RewardClaim:
    """Claim one of ``reward`` for ``facility``; refused with the reason a person can act on.

    The reward's row is locked, so concurrent claims queue behind one another and the pool,
    counted in SQL under the lock, is never exceeded; so is the monthly limit.
    """
    ensure(user, "loyalty.reward.claim", facility)
    now = timezone.now()
    with transaction.atomic():
        reward = Reward.objects.select_for_update().get(pk=reward.pk)
        if reward.is_withdrawn:
            raise ValidationError(REWARD_WITHDRAWN, code="withdrawn")
        if not reward.claim_opens_at <= now < reward.claim_closes_at:
            raise ValidationError(CLAIM_WINDOW_CLOSED, code="window_closed")
        # Read under the lock: a status that has just dropped is the one that counts.
        evaluation = current_evaluation(facility=facility)
        if evaluation is None:
            raise ValidationError(FIRST_EVALUATION_NEEDED, code="no_evaluation")
        if level_rank(evaluation.status) < level_rank(reward.min_status):
            raise ValidationError(
                STATUS_TOO_LOW % {"status": reward.get_min_status_display()}, code="status_too_low"
            )
        if reward.monthly_limit is not None:
            this_month = active_claims(reward=reward, facility=facility).filter(
                created_at__gte=month_start(now)
            )
            if this_month.count() >= reward.monthly_limit:
                raise ValidationError(MONTHLY_LIMIT_REACHED, code="monthly_limit")
        if active_claims(reward=reward).count() >= reward.pool:
            raise ValidationError(POOL_EMPTY, code="pool_empty")
        session = _session_with_a_seat(reward=reward, session=session, now=now)
        return RewardClaim.objects.create(
            reward=reward,
            facility=facility,
            session=session,
            claimed_by=user,
            status_at_claim=evaluation.status,
        )


def _session_with_a_seat(*, reward, session, now):
    """A training is claimed for one of its sessions; seats are counted under the reward's lock."""
    if not reward.sessions.exists():
        return None
    if session is None or session.reward_id != reward.pk:
        raise ValidationError(SESSION_REQUIRED, code="session_required")
    if session.starts_at <= now:
        raise ValidationError(SESSION_PAST, code="session_past")
    if active_claims(reward=reward).filter(session=session).count() >= session.capacity:
        raise ValidationError(SESSION_FULL, code="session_full")
    return session


def claim_cancel(*, user, claim: RewardClaim) -> ClaimCancellation:
    """Give a claim back to the pool (the facility's manager or an official)."""
    ensure(user, "loyalty.reward.cancel", claim.facility)
    with transaction.atomic():
        Reward.objects.select_for_update().get(pk=claim.reward_id)
        if ClaimCancellation.objects.filter(claim=claim).exists():
            raise ValidationError(ALREADY_CANCELLED, code="already_cancelled")
        return ClaimCancellation.objects.create(claim=claim, cancelled_by=user)


def reward_announce_due(*, now=None) -> list[Reward]:
    """Tell the facilities whose status reaches a reward that it can be claimed (beat, once each)."""
    now = now or timezone.now()
    announced = []
    due = Reward.objects.filter(
        announced_at__isnull=True, is_withdrawn=False, claim_opens_at__lte=now, claim_closes_at__gt=now
    )
    for reward in due:
        with transaction.atomic():
            if not Reward.objects.filter(pk=reward.pk, announced_at__isnull=True).update(announced_at=now):
                continue
            for facility in Facility.objects.filter(state=FacilityState.APPROVED):
                evaluation = current_evaluation(facility=facility)
                if evaluation is None or level_rank(evaluation.status) < level_rank(reward.min_status):
                    continue
                notify(
                    recipients=facility_managers(facility=facility),
                    event="loyalty.reward_available",
                    title=NEW_REWARD_TITLE % {"facility": facility.name, "name": reward.name},
                    body=reward.description,
                    url=reverse("loyalty:rewards", args=[facility.pk]),
                )
        announced.append(reward)
    return announced
