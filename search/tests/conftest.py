from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from competitions.choices import CompetitionState, OfferState
from competitions.models import Competition, Offer
from competitions.tests.factories import CompetitionFactory
from organisations.tests.factories import OrganisationFactory
from search import indexing


@pytest.fixture
def reindex(db):
    """Rebuild the database index from what the test created (as ``search_index --rebuild`` would)."""

    def run():
        return indexing.rebuild(elasticsearch_index=False)

    return run


def set_state(competition, state, **fields):
    """Put a competition in ``state`` directly (the workflow services are tested elsewhere)."""
    now = timezone.now()
    fields.setdefault("announced_at", now - timedelta(days=40))
    if state == CompetitionState.RESULTS_PUBLISHED:
        fields.setdefault("results_published_at", now)
    Competition.objects.filter(pk=competition.pk).update(state=state, **fields)
    competition.refresh_from_db()
    return competition


def make_competition(state=CompetitionState.ANNOUNCED, **fields):
    competition = CompetitionFactory(**fields)
    if state != CompetitionState.DRAFT:
        set_state(competition, state)
    return competition


def make_result(
    competition, organisation=None, *, state=OfferState.GRANTED, title="Półkolonie na Woli", amount="20000"
):
    return Offer.objects.create(
        competition=competition,
        organisation=organisation or OrganisationFactory(),
        title=title,
        state=state,
        granted_amount=Decimal(amount) if state != OfferState.NOT_GRANTED else None,
    )
