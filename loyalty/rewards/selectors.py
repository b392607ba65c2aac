import datetime

from django.db.models import Count, Q
from django.utils import timezone

from ..models import Reward, RewardClaim, TrainingSession
from ..timezones import WARSAW


def active_claims(*, reward=None, facility=None):
    """Claims not cancelled: the ones that take from the pool."""
    claims = RewardClaim.objects.filter(cancellation__isnull=True)
    if reward is not None:
        claims = claims.filter(reward=reward)
    if facility is not None:
        claims = claims.filter(facility=facility)
    return claims


def month_start(now=None) -> datetime.datetime:
    """Midnight of the 1st of the current month in Warsaw: "once a month" is a calendar month there."""
    local = timezone.localtime(now or timezone.now(), WARSAW)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def rewards_on_offer(*, now=None):
    """Rewards whose claim window is open and which are not withdrawn, with the claims taken."""
    now = now or timezone.now()
    return (
        Reward.objects.filter(is_withdrawn=False, claim_opens_at__lte=now, claim_closes_at__gt=now)
        .annotate(taken=Count("claims", filter=Q(claims__cancellation__isnull=True)))
        .order_by("claim_closes_at", "name")
    )


def claims_of(*, facility):
    return (
        RewardClaim.objects.filter(facility=facility)
        .select_related("reward", "cancellation", "session")
        .order_by("-created_at", "-pk")
    )


def sessions_with_seats(*, reward, now=None):
    """The reward's future training sessions, each with ``taken`` seats (empty for other rewards)."""
    now = now or timezone.now()
    return (
        TrainingSession.objects.filter(reward=reward, starts_at__gt=now)
        .annotate(taken=Count("claims", filter=Q(claims__cancellation__isnull=True)))
        .order_by("starts_at", "pk")
    )
