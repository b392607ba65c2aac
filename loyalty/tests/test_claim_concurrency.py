"""First come, first served under real concurrency: PostgreSQL only (SQLite serialises writers)."""

import threading

import pytest
from django.db import connection, connections

from loyalty.choices import Level
from loyalty.models import RewardClaim
from loyalty.rewards.services import reward_claim

from .factories import managed_facility, reward, with_status

pytestmark = [
    # serialized_rollback keeps the migration data (content types, the page tree) for later tests.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def _facilities(make_user, n):
    claimants = []
    for _ in range(n):
        manager = make_user()
        facility = managed_facility(user=manager)
        with_status(facility, Level.STANDARD, manager)
        claimants.append((manager, facility))
    return claimants


def _race(claimants, **claim_kwargs) -> list[str]:
    """Every claimant claims at the same instant, each on its own connection."""
    start = threading.Barrier(len(claimants))
    outcomes = []

    def claim(manager, facility):
        try:
            start.wait()
            reward_claim(user=manager, facility=facility, **claim_kwargs)
            outcomes.append("claimed")
        except Exception as error:  # noqa: BLE001  (the refusal is what is counted)
            outcomes.append(type(error).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim, args=pair) for pair in claimants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_fifty_simultaneous_claims_for_a_pool_of_ten_give_exactly_ten(make_user):
    pool = reward(pool=10)
    outcomes = _race(_facilities(make_user, 50), reward=pool)
    assert outcomes.count("claimed") == 10
    assert outcomes.count("ValidationError") == 40
    assert RewardClaim.objects.filter(reward=pool).count() == 10


def test_a_training_sessions_seats_hold_under_simultaneous_registrations(make_user):
    import datetime

    from django.utils import timezone

    from loyalty.models import TrainingSession

    training = reward(pool=100)
    session = TrainingSession.objects.create(
        reward=training, starts_at=timezone.now() + datetime.timedelta(days=3), venue="Sala 1", capacity=3
    )
    outcomes = _race(_facilities(make_user, 20), reward=training, session=session)
    assert outcomes.count("claimed") == 3
    assert RewardClaim.objects.filter(session=session).count() == 3


def test_the_monthly_limit_holds_when_one_facility_claims_twenty_times_at_once(make_user):
    once = reward(pool=100, monthly_limit=1)
    [(manager, facility)] = _facilities(make_user, 1)
    outcomes = _race([(manager, facility)] * 20, reward=once)
    assert outcomes.count("claimed") == 1
