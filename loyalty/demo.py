"""Demo data for the loyalty programme: a dozen facilities over the statuses, a round in
progress, rewards with small pools, and placowka@demo.waw.pl managing one facility.

Runs after ``organisations.demo.seed_people_and_organisations`` and is safe to run again.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from organisations.models import Membership, Organisation, User

from .choices import FacilityState, Level, RewardCategory
from .evaluation.rounds import round_open_due
from .evaluation.services import evaluation_save
from .models import Category, Criterion, EvaluationRound, Facility, FacilityManager, Reward

DEMO_MANAGER = "placowka@demo.waw.pl"
DEMO_ROUND = "Runda pokazowa"
FACILITIES = 12
# Criteria met per level (STANDARD, PREMIUM, VIP): no status, STANDARD, PREMIUM, VIP in turn.
PROFILES = [(10, 4, 0), (11, 8, 2), (11, 12, 6), (11, 14, 12)]
COLLECTION = "Odbiór w Biurze Pomocy i Projektów Społecznych, po umówieniu terminu."
REWARDS = [
    ("Bilety do Centrum Nauki Kopernik dla grupy", RewardCategory.ATTRACTIONS, Level.STANDARD, 5, None),
    ("Szkolenie: praca z dzieckiem w kryzysie", RewardCategory.STAFF_TRAINING, Level.STANDARD, 3, 1),
    ("Wyjazd integracyjny do Puszczy Kampinoskiej", RewardCategory.TRIPS, Level.PREMIUM, 2, None),
    ("Zestaw tabletów do zajęć edukacyjnych", RewardCategory.TECHNOLOGY, Level.VIP, 1, None),
    ("Sala w domu kultury na jeden dzień", RewardCategory.LENDING, Level.STANDARD, 4, 1),
]


def _answers(profile) -> dict[int, bool]:
    answers = {}
    for level, count in zip((Level.STANDARD, Level.PREMIUM, Level.VIP), profile, strict=True):
        pks = Criterion.objects.active().filter(level=level).order_by("pk").values_list("pk", flat=True)
        answers.update({pk: i < count for i, pk in enumerate(pks)})
    return answers


def _facility(organisation, manager, index) -> Facility | None:
    place = organisation.places.order_by("pk").first()
    if place is None:
        return None
    facility, _created = Facility.objects.get_or_create(
        place=place,
        defaults={
            "organisation": organisation,
            "name": f"Placówka Wsparcia Dziennego „{place.name}”",
            "state": FacilityState.APPROVED,
            "approved_at": timezone.now(),
        },
    )
    FacilityManager.objects.get_or_create(facility=facility, user=manager)
    if not facility.evaluations.exists():
        notes = {
            category.pk: "Zajęcia i projekty opisane w planie pracy placówki."
            for category in Category.objects.all()
        }
        evaluation_save(
            user=manager,
            facility=facility,
            answers=_answers(PROFILES[index % len(PROFILES)]),
            notes=notes,
            declare=True,
        )
    return facility


@transaction.atomic
def seed_loyalty() -> int:
    """Create the demo programme; returns how many facilities take part."""
    now = timezone.now()
    demo_manager = User.objects.get(email=DEMO_MANAGER)
    organisations = list(
        Organisation.objects.filter(places__isnull=False).distinct().order_by("pk")[:FACILITIES]
    )
    facilities = []
    for index, organisation in enumerate(organisations):
        if index == 0:
            Membership.objects.get_or_create(user=demo_manager, organisation=organisation)
            manager = demo_manager
        else:
            membership = organisation.memberships.select_related("user").order_by("pk").first()
            if membership is None:
                continue
            manager = membership.user
        facility = _facility(organisation, manager, index)
        if facility:
            facilities.append(facility)
    # Opened after the entry cards are declared, so every facility has a status and the
    # demo manager finds this round's card to fill in.
    EvaluationRound.objects.get_or_create(
        name=DEMO_ROUND,
        defaults={
            "opens_at": now - datetime.timedelta(days=7),
            "closes_at": now + datetime.timedelta(days=21),
        },
    )
    round_open_due(now=now)
    for name, category, status, pool, monthly in REWARDS:
        Reward.objects.get_or_create(
            name=name,
            defaults={
                "category": category,
                "min_status": status,
                "pool": pool,
                "monthly_limit": monthly,
                "claim_opens_at": now - datetime.timedelta(days=1),
                "claim_closes_at": now + datetime.timedelta(days=60),
                "collection": COLLECTION,
            },
        )
    return len(facilities)
