import datetime

import factory

from organisations.tests.factories import MembershipFactory, PlaceFactory

from ..choices import FacilityState, RoundState
from ..models import EvaluationRound, Facility, FacilityManager
from ..timezones import WARSAW


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    place = factory.SubFactory(PlaceFactory)
    organisation = factory.SelfAttribute("place.organisation")
    name = factory.Sequence(lambda n: f"Placówka Wsparcia Dziennego nr {n}")
    state = FacilityState.APPROVED


def managed_facility(user=None, **kwargs) -> Facility:
    """An approved facility whose manager is ``user`` (made a member of its organisation)."""
    facility = FacilityFactory(**kwargs)
    membership = MembershipFactory(organisation=facility.organisation, **({"user": user} if user else {}))
    FacilityManager.objects.create(facility=facility, user=membership.user)
    return facility


def open_round(**kwargs) -> EvaluationRound:
    opens = datetime.datetime(2026, 9, 1, tzinfo=WARSAW)
    defaults = {
        "name": "wrzesień 2026",
        "opens_at": opens,
        "closes_at": opens + datetime.timedelta(days=30),
        "state": RoundState.OPEN,
        "standard_min": 11,
        "premium_min": 12,
        "vip_min": 11,
    }
    defaults.update(kwargs)
    return EvaluationRound.objects.create(**defaults)


def reward(**kwargs):
    from django.utils import timezone

    from ..choices import Level, RewardCategory
    from ..models import Reward

    now = timezone.now()
    defaults = {
        "name": "Bilety do Centrum Nauki Kopernik",
        "category": RewardCategory.ATTRACTIONS,
        "min_status": Level.STANDARD,
        "pool": 10,
        "claim_opens_at": now - datetime.timedelta(days=1),
        "claim_closes_at": now + datetime.timedelta(days=7),
        "collection": "Odbiór w Biurze Pomocy i Projektów Społecznych",
    }
    defaults.update(kwargs)
    return Reward.objects.create(**defaults)


def with_status(facility, status, manager):
    """Give ``facility`` a declared card with ``status`` (an entry evaluation)."""
    from ..choices import EvaluationState
    from ..models import Evaluation

    return Evaluation.objects.create(
        facility=facility,
        state=EvaluationState.DECLARED,
        status=status,
        declared_status=status,
        declared_by=manager,
        declared_at=datetime.datetime.now(tz=WARSAW),
        standard_min=11,
        premium_min=12,
        vip_min=11,
    )
