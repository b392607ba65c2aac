import datetime

import factory

from organisations.tests.factories import MembershipFactory, PlaceFactory

from ..choices import FacilityState, RoundState
from ..evaluation.rounds import WARSAW
from ..models import EvaluationRound, Facility, FacilityManager


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
