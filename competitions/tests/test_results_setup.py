"""Shared fixtures for the results tests: a closed competition with offers past the formal check.

Offers are built directly in the state the formal check leaves them (the wizard and
the formal check have their own tests); the content is what the generator stores.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from competitions.choices import CompetitionState, OfferState
from competitions.models import Competition, Offer, ScoreSheet
from competitions.tests.factories import CompetitionFactory
from organisations.choices import Role
from organisations.tests.factories import OrganisationFactory


def offer_content(grant="19800.00") -> dict:
    """Costs 22 000 zł: the grant and 10 % own contribution (the factory's competition rules)."""
    own = Decimal("22000.00") - Decimal(grant)
    return {
        "basic": {"organ": "Prezydent m.st. Warszawy", "title": "Lato na Pradze 2027"},
        "task": {"place": "Praga", "start": "2027-07-01", "end": "2027-08-31"},
        "schedule": [
            {
                "name": "Półkolonie",
                "description": "Dwa turnusy",
                "group": "dzieci",
                "start": "2027-07-01",
                "end": "2027-08-31",
                "partner": "",
            }
        ],
        "costs": [
            {
                "category": "activity",
                "name": "Wynagrodzenie wychowawców",
                "unit": "godz.",
                "unit_cost": "50.00",
                "units": "400.00",
                "year": 2027,
                "total": "20000.00",
            },
            {
                "category": "administrative",
                "name": "Koordynacja",
                "unit": "mies.",
                "unit_cost": "1000.00",
                "units": "2.00",
                "year": 2027,
                "total": "2000.00",
            },
        ],
        "financing": {
            "grant": grant,
            "own_financial": str(own),
            "own_personal": "0.00",
            "own_in_kind": "0.00",
            "participant_fees": "0.00",
            "other_public": "0.00",
        },
    }


_numbers = iter(range(1, 10_000))


def make_offer(competition, organisation=None, *, state=OfferState.FORMALLY_CORRECT, title=None, **fields):
    organisation = organisation or OrganisationFactory()
    number = next(_numbers)
    defaults = {
        "title": title or f"Zadanie {number}",
        "content": offer_content(),
        "requested_grant": Decimal("19800.00"),
        "total_cost": Decimal("22000.00"),
        "number": f"{competition.signature}/{number:03d}",
        "submitted_at": timezone.now() - timedelta(days=20),
        "checksum": "a" * 64,
    }
    defaults.update(fields)
    return Offer.objects.create(competition=competition, organisation=organisation, state=state, **defaults)


def score(offer, member, total):
    return ScoreSheet.objects.create(
        offer=offer, member=member, total=Decimal(total), submitted_at=timezone.now()
    )


def closed_competition(**fields) -> Competition:
    fields.setdefault("funds_allotted", Decimal("50000.00"))
    fields.setdefault("score_threshold", Decimal("60.00"))
    competition = CompetitionFactory(**fields)
    now = timezone.now()
    Competition.objects.filter(pk=competition.pk).update(
        state=CompetitionState.CLOSED,
        announced_at=now - timedelta(days=40),
        closed_at=now - timedelta(days=10),
        offer_deadline=now - timedelta(days=10),
    )
    return Competition.objects.get(pk=competition.pk)


@pytest.fixture
def official(make_user):
    return make_user(Role.OFFICIAL)


@pytest.fixture
def committee_member(make_user):
    return make_user(Role.COMMITTEE_MEMBER)


@pytest.fixture
def competition(committee_member):
    competition = closed_competition()
    competition.committee.add(committee_member)
    return competition


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Stowarzyszenie Praskie Lato")


@pytest.fixture
def member(make_user, organisation):
    return make_user(Role.NGO_MEMBER, organisation=organisation, email="alicja@example.org")


@pytest.fixture
def stranger(make_user):
    """A member of another organisation."""
    return make_user(Role.NGO_MEMBER)


@pytest.fixture
def offer(competition, organisation, committee_member, member):
    offer = make_offer(competition, organisation, title="Lato na Pradze 2027")
    score(offer, committee_member, "75.50")
    return offer


@pytest.fixture
def roles(official, committee_member, member, stranger):
    """Every role but the official, each refused what only officials may do."""
    return {"committee member": committee_member, "NGO member": member, "other NGO member": stranger}
