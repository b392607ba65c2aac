"""First come, first served under real concurrency: PostgreSQL only (SQLite serialises writers)."""

import threading

import pytest
from django.db import connection, connections

from loyalty.choices import Level
from loyalty.models import RewardClaim
from loyalty.rewards.services import reward_claim

from .factories import managed_facility, reward, with_status

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def test_fifty_simultaneous_claims_for_a_pool_of_ten_give_exactly_ten(make_user):
    pool = reward(pool=10)
    claimants = []
    for _ in range(50):
        manager = make_user()
        facility = managed_facility(user=manager)
        with_status(facility, Level.STANDARD, manager)
        claimants.append((manager, facility))
    start = threading.Barrier(len(claimants))
    outcomes = []

    def claim(manager, facility):
        try:
            start.wait()
            reward_claim(user=manager, facility=facility, reward=pool)
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
    assert outcomes.count("claimed") == 10
    assert outcomes.count("ValidationError") == 40
    assert RewardClaim.objects.filter(reward=pool).count() == 10
