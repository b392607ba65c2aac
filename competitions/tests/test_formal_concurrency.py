"""Two officials recording the formal check of one offer at the same moment: exactly one succeeds."""

import re
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from competitions import formal_services
from competitions.choices import CompetitionState, FormalOutcome, OfferState
from competitions.models import FormalCheck, FormalCheckItem, Offer, OfferTransition
from competitions.tests.factories import CompetitionFactory
from organisations.choices import Role
from organisations.tests.factories import OrganisationFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the migration data for later tests
def test_two_officials_at_once_cannot_both_check_the_offer(make_user):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what this checks; SQLite serialises whole transactions")
    competition = CompetitionFactory(state=CompetitionState.CLOSED)
    item = FormalCheckItem.objects.create(competition=competition, text="W terminie", sort_order=0)
    offer = Offer.objects.create(
        competition=competition,
        organisation=OrganisationFactory(),
        state=OfferState.SUBMITTED,
        number="X/001",
        title="Lato",
    )
    officials = [make_user(Role.OFFICIAL), make_user(Role.OFFICIAL)]
    outcomes = [FormalOutcome.CORRECT, FormalOutcome.REJECTED]
    barrier, results = threading.Barrier(2), []

    def check(user, outcome):
        try:
            barrier.wait()
            formal_services.formal_check(
                user=user,
                offer=Offer.objects.get(pk=offer.pk),
                answers={str(item.pk): {"met": True}},
                outcome=outcome,
                reason="Nieuprawniony",
                revision=0,
            )
            results.append("ok")
        except ValidationError as error:
            results.append(" ".join(error.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=check, args=pair) for pair in zip(officials, outcomes, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 2 and results.count("ok") == 1, results
    refusal = next(result for result in results if result != "ok")
    assert re.search("meanwhile|w międzyczasie", refusal)
    assert FormalCheck.objects.count() == 1
    assert OfferTransition.objects.filter(offer=offer).count() == 1
    state = Offer.objects.get(pk=offer.pk).state
    assert (
        state
        == {
            FormalOutcome.CORRECT: OfferState.FORMALLY_CORRECT,
            FormalOutcome.REJECTED: OfferState.FORMALLY_REJECTED,
        }[FormalCheck.objects.get().outcome]
    )
