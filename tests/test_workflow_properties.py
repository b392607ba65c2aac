"""Property-based test of competitions part 2: random sequences of everyone's actions.

A hypothesis state machine lets an official, two committee members and an NGO member
act on one closed competition with three submitted offers, in any order, with any
amounts and points, including actions their role may not take. Whatever happens:

- an offer only ever moves along an edge of the workflow (its log says so too);
- granted amounts never exceed the request, their sum never exceeds the funds, and no
  offer below the threshold is granted;
- no member scores an offer they declared a conflict with, or any offer before
  signing the competition's declaration;
- a refused action changes nothing.
"""

from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from competitions import committee_services, formal_services, results_services
from competitions.choices import CompetitionState, FormalOutcome, OfferState
from competitions.models import (
    Competition,
    ConflictDeclaration,
    FormalCheckItem,
    MeritCriterion,
    Offer,
    OfferTransition,
    ScoreSheet,
)
from competitions.tests.test_results_setup import closed_competition, make_offer
from organisations.choices import Role

pytestmark = pytest.mark.django_db

# Every edge an offer may take after submission (django-fsm transitions on Offer).
EDGES = {
    (OfferState.SUBMITTED, OfferState.FORMALLY_CORRECT),
    (OfferState.SUBMITTED, OfferState.RETURNED),
    (OfferState.SUBMITTED, OfferState.FORMALLY_REJECTED),
    (OfferState.RETURNED, OfferState.FORMALLY_REJECTED),
    (OfferState.RETURNED, OfferState.CORRECTED),
    (OfferState.FORMALLY_CORRECT, OfferState.GRANTED),
    (OfferState.FORMALLY_CORRECT, OfferState.NOT_GRANTED),
}
# Mostly the person whose job it is, sometimes anyone: 0 official, 1-2 committee, 3 NGO member.
OFFICIAL_MOSTLY = st.sampled_from([0, 0, 0, 1, 2, 3])
COMMITTEE_MOSTLY = st.sampled_from([1, 2, 1, 2, 0, 3])
REFUSED = (ValidationError, PermissionDenied, committee_services.ScoresChangedMeanwhile)

REACHED: Counter = Counter()  # offer states the examples ended in; the test checks the rules were exercised
FUNDS = Decimal("50000.00")
THRESHOLD = Decimal("12.00")  # two criteria of 10 points each


def _snapshot(competition):
    offers = Offer.objects.filter(competition=competition).order_by("pk")
    return (
        Competition.objects.get(pk=competition.pk).state,
        [(o.state, o.granted_amount) for o in offers],
        list(
            ScoreSheet.objects.filter(offer__competition=competition).values_list(
                "pk", "total", "submitted_at"
            )
        ),
        ConflictDeclaration.objects.filter(competition=competition).count(),
    )


class CompetitionWorkflow(RuleBasedStateMachine):
    people: dict = {}

    def __init__(self):
        super().__init__()
        # Each example runs in its own savepoint, rolled back in teardown.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.official = self.people["official"]
        self.members = [self.people["member_a"], self.people["member_b"]]
        self.ngo = self.people["ngo"]
        competition = closed_competition(funds_allotted=FUNDS, score_threshold=THRESHOLD)
        competition.committee.add(*self.members)
        self.items = [
            FormalCheckItem.objects.create(competition=competition, text=f"Wymóg {i}") for i in (1, 2)
        ]
        self.criteria = [
            MeritCriterion.objects.create(competition=competition, name=f"Kryterium {i}", max_points=10)
            for i in (1, 2)
        ]
        self.competition = competition
        requested = [Decimal("19800.00"), Decimal("30000.00"), Decimal("15000.00")]
        self.offers = [
            make_offer(competition, state=OfferState.SUBMITTED, requested_grant=amount)
            for amount in requested
        ]

    def teardown(self):
        # What the example reached: the test checks the rules were exercised, not only refusals.
        for state in sorted(
            set(Offer.objects.filter(competition=self.competition).values_list("state", flat=True))
        ):
            REACHED[state] += 1
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    @initialize(head_start=st.integers(0, 2))
    def maybe_skip_ahead(self, head_start):
        """A third of the examples start from scratch; a third with every offer formally correct
        and both members declared; a third also with every sheet submitted by both members
        (results are published only when every member scored every formally correct offer), so
        that sequences reach scoring, amounts and publication within their steps."""
        if not head_start:
            return
        answers = {str(item.pk): {"met": True, "note": ""} for item in self.items}
        for offer in self.offers:
            formal_services.formal_check(
                user=self.official, offer=offer, answers=answers, outcome=FormalOutcome.CORRECT
            )
        for member in self.members:
            committee_services.declare_no_conflict(user=member, competition=self.competition)
        if head_start < 2:
            return
        for offer in self.offers:
            for member in self.members:
                scores = {c.pk: ("8", "Uzasadnienie oceny") for c in self.criteria}
                committee_services.save_scores(
                    user=member, offer=offer, scores=scores, submit=True, revision=0
                )

    def _attempt(self, action):
        """Run ``action``; when it is refused, nothing may have changed."""
        before = _snapshot(self.competition)
        try:
            with transaction.atomic():
                action()
        except REFUSED:
            assert _snapshot(self.competition) == before

    def _actor(self, index):
        return [self.official, *self.members, self.ngo][index]

    @rule(
        offer=st.integers(0, 2),
        actor=OFFICIAL_MOSTLY,
        outcome=st.sampled_from(
            [FormalOutcome.CORRECT] * 3 + [FormalOutcome.RETURNED, FormalOutcome.REJECTED]
        ),
        all_met=st.sampled_from([True, True, True, False]),
    )
    def formal_check(self, offer, actor, outcome, all_met):
        answers = {str(item.pk): {"met": all_met or i == 0, "note": ""} for i, item in enumerate(self.items)}
        self._attempt(
            lambda: formal_services.formal_check(
                user=self._actor(actor),
                offer=self.offers[offer],
                answers=answers,
                outcome=outcome,
                gaps="Brak podpisu",
                steps=["basic"],
                reason="Oferta złożona przez podmiot nieuprawniony",
            )
        )

    @rule(member=st.integers(0, 1))
    def declare_no_conflict(self, member):
        self._attempt(
            lambda: committee_services.declare_no_conflict(
                user=self.members[member], competition=self.competition
            )
        )

    @rule(member=st.integers(0, 1), offer=st.integers(0, 2))
    def declare_conflict(self, member, offer):
        self._attempt(
            lambda: committee_services.declare_conflict(
                user=self.members[member], offer=self.offers[offer], statement="Członek zarządu oferenta"
            )
        )

    @rule(
        actor=COMMITTEE_MOSTLY,
        offer=st.integers(0, 2),
        points=st.lists(st.sampled_from([-1, 0, 3, 6, 8, 9, 10, 11]), min_size=2, max_size=2),
        submit=st.booleans(),
    )
    def score(self, actor, offer, points, submit):
        user = self._actor(actor)
        sheet = ScoreSheet.objects.filter(offer=self.offers[offer], member=user).first()
        scores = {c.pk: (str(p), "Uzasadnienie oceny") for c, p in zip(self.criteria, points, strict=True)}
        self._attempt(
            lambda: committee_services.save_scores(
                user=user,
                offer=self.offers[offer],
                scores=scores,
                submit=submit,
                revision=sheet.revision if sheet else 0,
            )
        )

    @rule(
        actor=OFFICIAL_MOSTLY,
        offer=st.integers(0, 2),
        amount=st.sampled_from([-100, 0, 5000, 15000, 19800, 25000, 30000, 45000]),
    )
    def propose(self, actor, offer, amount):
        self._attempt(
            lambda: results_services.propose_grant(
                user=self._actor(actor), offer=self.offers[offer], amount=amount
            )
        )

    @rule(actor=OFFICIAL_MOSTLY)
    def publish(self, actor):
        self._attempt(
            lambda: results_services.publish_results(
                user=self._actor(actor), competition=self.competition, decision="Zarządzenie nr 1/2027"
            )
        )

    @invariant()
    def offers_move_only_along_the_workflow(self):
        for transition in OfferTransition.objects.filter(offer__competition=self.competition):
            assert (transition.source, transition.target) in EDGES
        allowed = {state for edge in EDGES for state in edge}
        for offer in Offer.objects.filter(competition=self.competition):
            assert offer.state in allowed

    @invariant()
    def grants_stay_within_requests_funds_and_threshold(self):
        granted = Offer.objects.filter(competition=self.competition, state=OfferState.GRANTED)
        total = Decimal("0")
        for offer in granted:
            assert offer.granted_amount is not None and 0 < offer.granted_amount <= offer.requested_grant
            assert committee_services.meets_threshold(offer)
            total += offer.granted_amount
        assert total <= FUNDS
        proposed = sum(
            (o.granted_amount or 0)
            for o in Offer.objects.filter(competition=self.competition, state=OfferState.FORMALLY_CORRECT)
        )
        assert proposed <= FUNDS
        if Competition.objects.get(pk=self.competition.pk).state == CompetitionState.RESULTS_PUBLISHED:
            assert not Offer.objects.filter(
                competition=self.competition, state=OfferState.FORMALLY_CORRECT
            ).exists()

    @invariant()
    def nobody_scores_without_a_declaration_or_with_a_conflict(self):
        for sheet in ScoreSheet.objects.filter(offer__competition=self.competition):
            declarations = {
                d.offer_id: d.has_conflict
                for d in ConflictDeclaration.objects.filter(competition=self.competition, member=sheet.member)
            }
            assert None in declarations and not declarations[None]
            assert not declarations.get(sheet.offer_id)
            assert sheet.member in self.members
            for points in sheet.scores.values_list("points", flat=True):
                assert 0 <= points <= 10


def test_random_sequences_of_actions_never_break_the_rules(make_user):
    CompetitionWorkflow.people = {
        "official": make_user(Role.OFFICIAL),
        "member_a": make_user(Role.COMMITTEE_MEMBER),
        "member_b": make_user(Role.COMMITTEE_MEMBER),
        "ngo": make_user(Role.NGO_MEMBER),
    }
    run_state_machine_as_test(
        CompetitionWorkflow,
        settings=settings(
            max_examples=20,
            stateful_step_count=40,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
            database=None,
            derandomize=True,  # the same sequences on every run: CI never flickers
        ),
    )
    # The sequences got as far as decisions on amounts, not only refusals.
    assert REACHED[OfferState.FORMALLY_CORRECT] and REACHED[OfferState.NOT_GRANTED], dict(REACHED)


def test_the_machine_can_reach_a_grant(make_user):
    """The happy path the random sequences build on: checked, declared, scored, proposed, published."""
    CompetitionWorkflow.people = {
        "official": make_user(Role.OFFICIAL),
        "member_a": make_user(Role.COMMITTEE_MEMBER),
        "member_b": make_user(Role.COMMITTEE_MEMBER),
        "ngo": make_user(Role.NGO_MEMBER),
    }
    machine = CompetitionWorkflow()
    try:
        machine.maybe_skip_ahead(head_start=1)
        for offer in range(3):
            for member in (1, 2):  # every member's sheet is needed before results are published
                machine.score(actor=member, offer=offer, points=[10, 9], submit=True)
        machine.propose(actor=0, offer=0, amount=15000)
        machine.publish(actor=0)
        states = dict(Offer.objects.filter(competition=machine.competition).values_list("pk", "state"))
        assert states[machine.offers[0].pk] == OfferState.GRANTED
        assert {states[o.pk] for o in machine.offers[1:]} == {OfferState.NOT_GRANTED}
        machine.grants_stay_within_requests_funds_and_threshold()
        machine.nobody_scores_without_a_declaration_or_with_a_conflict()
        machine.offers_move_only_along_the_workflow()
    finally:
        machine.teardown()
