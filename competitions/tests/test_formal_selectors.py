"""Versions, the diff between two versions and the timeline (built without the generator, for speed)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from competitions import formal_services
from competitions.choices import OfferState
from competitions.models import Offer, OfferTransition, WorkflowEvent
from competitions.tests.factories import CompetitionFactory
from organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

COSTS = [
    {"category": "activity", "name": "Wychowawcy", "unit": "godz.", "unit_cost": "50.00", "units": "400"},
    {
        "category": "administrative",
        "name": "Koordynacja",
        "unit": "mies.",
        "unit_cost": "1000.00",
        "units": "2",
    },
]


def versions():
    competition, organisation = CompetitionFactory(), OrganisationFactory()
    content = {
        "basic": {"organ": "Prezydent", "title": "Lato"},
        "statements": {"non_profit": True, "gdpr": True},
        "costs": COSTS,
    }
    first = Offer.objects.create(
        competition=competition,
        organisation=organisation,
        state=OfferState.CORRECTED,
        number="X/001",
        content=content,
    )
    changed_costs = [COSTS[0] | {"category": "administrative", "units": "500"}]
    second = Offer.objects.create(
        competition=competition,
        organisation=organisation,
        state=OfferState.SUBMITTED,
        number="X/001",
        version=2,
        replaces=first,
        content=content | {"costs": changed_costs, "statements": {"non_profit": False, "gdpr": True}},
    )
    return first, second


def test_versions_are_found_from_any_of_them_oldest_first():
    first, second = versions()
    assert formal_services.offer_versions(first) == [first, second]
    assert formal_services.offer_versions(second) == [first, second]


def test_the_diff_names_steps_fields_rows_and_choice_labels():
    first, second = versions()
    diff = {step.step: step for step in formal_services.offer_diff(first, second)}
    assert set(diff) == {"costs", "statements"}
    costs = diff["costs"].changes
    # Rows are compared by position: row 1 changed its kind and units, row 2 was removed.
    row1 = {c.label: c for c in costs if c.row == 1}
    kind = next(c for label, c in row1.items() if label.startswith(("Kind of cost", "Kategoria kosztu")))
    assert re.search("activities|działań", kind.old)
    assert re.search("Administrative|administracyjn", kind.new)
    assert any(c.old == "400" and c.new == "500" for c in row1.values())
    assert {c.new for c in costs if c.row == 2} == {"—"}
    statement = diff["statements"].changes[0]
    assert (statement.old, statement.new) in (("yes", "no"), ("tak", "nie"))


def test_the_timeline_merges_all_versions_and_the_contract_events_by_time():
    first, second = versions()
    now = timezone.now()
    OfferTransition.objects.create(
        offer=first, source="submitted", target="returned", at=now - timedelta(days=3)
    )
    OfferTransition.objects.create(
        offer=second, source="draft", target="submitted", at=now - timedelta(days=1)
    )
    OfferTransition.objects.create(
        offer=first, source="returned", target="corrected", at=now - timedelta(days=2)
    )
    WorkflowEvent.objects.create(
        offer=second,
        subject="contract",
        subject_id=1,
        source="prepared",
        target="sent",
        at=now,
        comment="Do podpisu",
    )
    timeline = formal_services.offer_timeline(first)
    assert [e.at for e in timeline] == sorted(e.at for e in timeline)
    assert [e.version for e in timeline] == [1, 1, 2, 2]
    last = timeline[-1]
    assert re.search("Contract|Umowa", last.subject)
    assert re.search("Sent for signature|podpis", last.target) and last.comment == "Do podpisu"
