"""The committee's rules: declarations, conflicts, score sheets, the average and the ranking."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from competitions import committee_services as cs
from competitions.choices import CompetitionState, OfferState
from competitions.models import ConflictDeclaration, MeritCriterion, Offer, Score, ScoreSheet
from competitions.permissions import CONFLICTED, NO_DECLARATION
from competitions.tests.factories import CompetitionFactory
from notifications.models import Notification
from organisations.choices import Role
from organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@dataclass
class Setup:
    official: object
    members: list
    outsider: object  # a committee member of another competition
    ngo: object  # a member of the offering organisation
    other_ngo: object  # a member of another organisation
    competition: object
    criteria: list
    offers: list


def make_offer(competition, *, title, grant="10000.00", state=OfferState.FORMALLY_CORRECT, organisation=None):
    n = Offer.objects.count() + 1
    return Offer.objects.create(
        competition=competition,
        organisation=organisation or OrganisationFactory(),
        title=title,
        requested_grant=Decimal(grant),
        total_cost=Decimal(grant) * 2,
        number=f"{competition.signature}/{n:03d}",
        state=state,
    )


def build(make_user, members=3, offers=2, threshold="15.00") -> Setup:
    official = make_user(Role.OFFICIAL, first_name="Urszula", last_name="Urzędniczka")
    people = [make_user(Role.COMMITTEE_MEMBER, last_name=f"Członek{i}") for i in range(members)]
    competition = CompetitionFactory(state=CompetitionState.CLOSED, score_threshold=Decimal(threshold))
    competition.committee.set(people)
    criteria = [
        MeritCriterion.objects.create(
            competition=competition, name="Jakość merytoryczna", max_points=10, sort_order=0
        ),
        MeritCriterion.objects.create(
            competition=competition, name="Kalkulacja kosztów", max_points=20, sort_order=1
        ),
    ]
    made = [
        make_offer(competition, title=f"Zadanie {i}", grant=f"{(i + 1) * 10000}.00") for i in range(offers)
    ]
    other = CompetitionFactory(state=CompetitionState.CLOSED)
    outsider = make_user(Role.COMMITTEE_MEMBER, last_name="Obcy")
    other.committee.set([outsider])
    ngo = make_user(Role.NGO_MEMBER, organisation=made[0].organisation) if made else None
    other_ngo = make_user(Role.NGO_MEMBER)
    return Setup(official, people, outsider, ngo, other_ngo, competition, criteria, made)


def sign(setup, *members):
    for member in members or setup.members:
        cs.declare_no_conflict(user=member, competition=setup.competition)


def full(setup, a, b, text="Uzasadnienie."):
    return {setup.criteria[0].pk: (a, text), setup.criteria[1].pk: (b, text)}


def submit(setup, member, offer, a, b):
    return cs.save_scores(user=member, offer=offer, scores=full(setup, a, b), submit=True, revision=0)


@pytest.fixture
def setup(make_user):
    return build(make_user)


# --- Declarations ---------------------------------------------------------------------------------


def test_a_member_signs_the_statutory_declaration_once(setup):
    member = setup.members[0]
    declaration = cs.declare_no_conflict(user=member, competition=setup.competition)
    assert declaration.offer is None and not declaration.has_conflict
    assert "art. 24" in declaration.statement
    assert cs.competition_declaration(member, setup.competition) == declaration
    with pytest.raises(ValidationError) as refused:
        cs.declare_no_conflict(user=member, competition=setup.competition)
    assert refused.value.messages == [str(cs.ALREADY_SIGNED)]
    assert ConflictDeclaration.objects.filter(member=member).count() == 1


@pytest.mark.parametrize("who", ["official", "outsider", "ngo", "other_ngo", "anonymous"])
def test_only_the_competitions_committee_signs_the_declaration(setup, who):
    user = AnonymousUser() if who == "anonymous" else getattr(setup, who)
    with pytest.raises(PermissionDenied):
        cs.declare_no_conflict(user=user, competition=setup.competition)
    assert not ConflictDeclaration.objects.exists()


@pytest.mark.parametrize(
    "state", [CompetitionState.DRAFT, CompetitionState.RESULTS_PUBLISHED, CompetitionState.CANCELLED]
)
def test_no_declaration_in_a_draft_decided_or_cancelled_competition(make_user, state):
    member = make_user(Role.COMMITTEE_MEMBER)
    competition = CompetitionFactory(state=state)
    competition.committee.set([member])
    with pytest.raises(ValidationError) as refused:
        cs.declare_no_conflict(user=member, competition=competition)
    assert refused.value.messages == [str(cs.DECLARATION_CLOSED)]
    assert not ConflictDeclaration.objects.exists()


def test_a_conflict_needs_the_signed_declaration_and_a_statement(setup):
    member, offer = setup.members[0], setup.offers[0]
    with pytest.raises(ValidationError) as refused:
        cs.declare_conflict(user=member, offer=offer, statement="Jestem członkiem zarządu.")
    assert refused.value.messages == [str(cs.NOT_SIGNED)]
    sign(setup, member)
    with pytest.raises(ValidationError) as refused:
        cs.declare_conflict(user=member, offer=offer, statement="  ")
    assert refused.value.messages == [str(cs.CONFLICT_STATEMENT_REQUIRED)]
    assert not ConflictDeclaration.objects.filter(has_conflict=True).exists()


@pytest.mark.parametrize("who", ["official", "outsider", "ngo", "other_ngo", "anonymous"])
def test_only_committee_members_declare_a_conflict(setup, who):
    user = AnonymousUser() if who == "anonymous" else getattr(setup, who)
    with pytest.raises(PermissionDenied):
        cs.declare_conflict(user=user, offer=setup.offers[0], statement="Konflikt.")
    assert not ConflictDeclaration.objects.exists()


def test_a_conflicted_member_cannot_score_and_is_not_counted_as_eligible(setup, committed):
    sign(setup)
    member, offer = setup.members[0], setup.offers[0]
    with committed():
        cs.declare_conflict(user=member, offer=offer, statement="Moja siostra jest prezeską fundacji.")
    with pytest.raises(PermissionDenied) as refused:
        submit(setup, member, offer, 5, 5)
    assert str(refused.value) == str(CONFLICTED)
    assert not ScoreSheet.objects.exists()
    rows = {row.offer.pk: row for row in cs.ranking(setup.competition)}
    assert rows[offer.pk].members_eligible == 2
    assert rows[setup.offers[1].pk].members_eligible == 3
    # The officials learn of it in the feed and by e-mail.
    note = Notification.objects.get(recipient=setup.official, event="committee.conflict_declared")
    assert offer.display_number in note.title
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [setup.official.email]
    with pytest.raises(ValidationError) as again:
        cs.declare_conflict(user=member, offer=offer, statement="Jeszcze raz.")
    assert again.value.messages == [str(cs.CONFLICT_ALREADY)]


def test_a_conflict_after_submitting_is_refused_and_a_draft_is_discarded(setup):
    sign(setup)
    member = setup.members[0]
    submit(setup, member, setup.offers[0], 5, 5)
    with pytest.raises(ValidationError) as refused:
        cs.declare_conflict(user=member, offer=setup.offers[0], statement="Konflikt.")
    assert refused.value.messages == [str(cs.CONFLICT_AFTER_SCORING)]
    assert not ConflictDeclaration.objects.filter(has_conflict=True).exists()
    cs.save_scores(
        user=member, offer=setup.offers[1], scores={setup.criteria[0].pk: (3, "")}, submit=False, revision=0
    )
    cs.declare_conflict(user=member, offer=setup.offers[1], statement="Konflikt.")
    assert not ScoreSheet.objects.filter(offer=setup.offers[1]).exists()


# --- Scores ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["official", "outsider", "ngo", "other_ngo", "anonymous"])
def test_only_committee_members_score(setup, who):
    user = AnonymousUser() if who == "anonymous" else getattr(setup, who)
    with pytest.raises(PermissionDenied):
        submit(setup, user, setup.offers[0], 5, 5)
    assert not ScoreSheet.objects.exists()


def test_scoring_requires_the_declaration(setup):
    with pytest.raises(PermissionDenied) as refused:
        submit(setup, setup.members[0], setup.offers[0], 5, 5)
    assert str(refused.value) == str(NO_DECLARATION)


@pytest.mark.parametrize(
    "points, message",
    [
        ("-1", cs.POINTS_NEGATIVE),
        ("10.01", cs.POINTS_ABOVE_MAX % {"max": 10}),
        ("11", cs.POINTS_ABOVE_MAX % {"max": 10}),
        ("1.234", cs.POINTS_DECIMALS),
        ("siedem", cs.POINTS_NOT_A_NUMBER),
        ("NaN", cs.POINTS_NOT_A_NUMBER),
        ("", cs.POINTS_REQUIRED),
    ],
)
def test_bad_points_are_refused_with_a_message_and_change_nothing(setup, points, message):
    sign(setup)
    member, offer = setup.members[0], setup.offers[0]
    draft = cs.save_scores(
        user=member, offer=offer, scores={setup.criteria[1].pk: ("4", "Szkic")}, submit=False, revision=0
    )
    with pytest.raises(ValidationError) as refused:
        cs.save_scores(user=member, offer=offer, scores=full(setup, points, "12"), submit=True, revision=1)
    assert refused.value.message_dict == {str(setup.criteria[0].pk): [str(message)]}
    sheet = ScoreSheet.objects.get(pk=draft.pk)
    assert (sheet.revision, sheet.submitted_at, sheet.total) == (1, None, Decimal("4.00"))
    assert list(Score.objects.values_list("points", "justification")) == [(Decimal("4.00"), "Szkic")]


def test_submitting_needs_every_justification(setup):
    sign(setup)
    scores = {setup.criteria[0].pk: ("5", "Dobrze."), setup.criteria[1].pk: ("5", "   ")}
    with pytest.raises(ValidationError) as refused:
        cs.save_scores(user=setup.members[0], offer=setup.offers[0], scores=scores, submit=True, revision=0)
    assert refused.value.message_dict == {str(setup.criteria[1].pk): [str(cs.JUSTIFICATION_REQUIRED)]}
    assert not ScoreSheet.objects.exists()


def test_an_unknown_criterion_is_refused(setup):
    sign(setup)
    other = MeritCriterion.objects.create(competition=CompetitionFactory(), name="Obce", max_points=5)
    scores = {**full(setup, 5, 5), other.pk: ("1", "x")}
    with pytest.raises(ValidationError) as refused:
        cs.save_scores(user=setup.members[0], offer=setup.offers[0], scores=scores, submit=True, revision=0)
    assert refused.value.message_dict == {str(other.pk): [str(cs.UNKNOWN_CRITERION)]}
    assert not ScoreSheet.objects.exists()


def test_a_draft_may_be_partial_then_is_submitted_and_final(setup):
    sign(setup)
    member, offer = setup.members[0], setup.offers[0]
    draft = cs.save_scores(
        user=member, offer=offer, scores={setup.criteria[0].pk: ("7,5", "")}, submit=False, revision=0
    )
    assert (draft.revision, draft.total, draft.submitted_at) == (1, Decimal("7.50"), None)
    with pytest.raises(ValidationError) as refused:
        cs.save_scores(
            user=member,
            offer=offer,
            scores={setup.criteria[1].pk: ("", "Tylko tekst")},
            submit=False,
            revision=1,
        )
    assert refused.value.message_dict == {str(setup.criteria[1].pk): [str(cs.JUSTIFICATION_WITHOUT_POINTS)]}
    sheet = cs.save_scores(
        user=member, offer=offer, scores=full(setup, "7.5", "12.25"), submit=True, revision=1
    )
    assert sheet.total == Decimal("19.75") and sheet.submitted_at is not None and sheet.revision == 2
    with pytest.raises(ValidationError) as refused:
        cs.save_scores(user=member, offer=offer, scores=full(setup, 1, 1), submit=True, revision=2)
    assert refused.value.messages == [str(cs.SHEET_FINAL)]
    assert ScoreSheet.objects.get(pk=sheet.pk).total == Decimal("19.75")


def test_a_sheet_saved_meanwhile_in_another_window_is_not_overwritten(setup):
    sign(setup)
    member, offer = setup.members[0], setup.offers[0]
    cs.save_scores(user=member, offer=offer, scores=full(setup, 1, 1), submit=False, revision=0)
    with pytest.raises(cs.ScoresChangedMeanwhile):
        cs.save_scores(user=member, offer=offer, scores=full(setup, 9, 9), submit=True, revision=0)
    sheet = ScoreSheet.objects.get()
    assert (sheet.total, sheet.submitted_at, sheet.revision) == (Decimal("2.00"), None, 1)


@pytest.mark.parametrize("state", [OfferState.SUBMITTED, OfferState.RETURNED, OfferState.FORMALLY_REJECTED])
def test_only_formally_correct_offers_are_scored(setup, state):
    sign(setup)
    offer = make_offer(setup.competition, title="Niepoprawna", state=state)
    with pytest.raises(ValidationError) as refused:
        submit(setup, setup.members[0], offer, 5, 5)
    assert refused.value.messages == [str(cs.NOT_SCORABLE)]
    assert not ScoreSheet.objects.exists()


def test_scores_are_not_changed_after_the_results(setup):
    sign(setup)
    type(setup.competition).objects.filter(pk=setup.competition.pk).update(
        state=CompetitionState.RESULTS_PUBLISHED
    )
    with pytest.raises(ValidationError) as refused:
        submit(setup, setup.members[0], setup.offers[0], 5, 5)
    assert refused.value.messages == [str(cs.NOT_SCORABLE)]


def test_members_see_others_sheets_only_after_submitting_their_own(setup):
    sign(setup)
    first, second, third = setup.members
    offer = setup.offers[0]
    submit(setup, first, offer, 8, 15)
    cs.save_scores(user=second, offer=offer, scores=full(setup, 2, 2), submit=False, revision=0)
    assert [s.member for s in cs.visible_sheets(second, offer)] == [second]
    assert cs.visible_sheets(third, offer) == []
    submit(setup, third, offer, 6, 10)
    # The third sees the first's submitted sheet, never the second's draft.
    assert {s.member for s in cs.visible_sheets(third, offer)} == {first, third}
    assert {s.member for s in cs.visible_sheets(setup.official, offer)} == {first, second, third}
    for stranger in (setup.outsider, setup.ngo, setup.other_ngo, AnonymousUser()):
        assert cs.visible_sheets(stranger, offer) == []


# --- Average, threshold and ranking ---------------------------------------------------------------


def test_the_score_is_the_average_of_submitted_sheets_to_two_places(setup):
    sign(setup)
    offer = setup.offers[0]
    assert cs.offer_score(offer) is None
    assert not cs.meets_threshold(offer)
    submit(setup, setup.members[0], offer, 10, 6)  # 16
    submit(setup, setup.members[1], offer, 5, 10)  # 15
    cs.save_scores(user=setup.members[2], offer=offer, scores=full(setup, 0, 0), submit=False, revision=0)
    assert cs.offer_score(offer) == Decimal("15.50")
    assert cs.meets_threshold(offer)
    cs.save_scores(
        user=setup.members[2], offer=offer, scores=full(setup, 0, "14.01"), submit=True, revision=1
    )
    assert cs.offer_score(offer) == Decimal("15.00")  # 45.01 / 3 = 15.0033
    assert cs.meets_threshold(offer)  # the threshold is 15.00: reaching it is enough
    assert not cs.meets_threshold(offer, Decimal("14.99"))


def test_the_ranking_orders_by_average_with_shared_places_and_flags_the_threshold(make_user, committed):
    setup = build(make_user, members=2, offers=4)
    sign(setup)
    a, b, c, d = setup.offers
    make_offer(setup.competition, title="Odrzucona", state=OfferState.FORMALLY_REJECTED)
    for member in setup.members:
        submit(setup, member, a, 5, 5)  # 10: below 15
        submit(setup, member, b, 10, 10)  # 20
        submit(setup, member, c, 10, 10)  # 20
    submit(setup, setup.members[0], d, 10, 20)  # 30 from one sheet of two
    rows = cs.ranking(setup.competition)
    assert [(r.position, r.offer, r.average, r.below_threshold) for r in rows] == [
        (1, d, Decimal("30.00"), False),
        (2, b, Decimal("20.00"), False),
        (2, c, Decimal("20.00"), False),
        (4, a, Decimal("10.00"), True),
    ]
    assert [(r.sheets_submitted, r.members_eligible, r.complete) for r in rows] == [
        (1, 2, False),
        (2, 2, True),
        (2, 2, True),
        (2, 2, True),
    ]
    assert rows[0].organisation == d.organisation.name and rows[0].requested_grant == d.requested_grant
    assert not Notification.objects.filter(event="committee.scoring_complete").exists()
    with committed():
        submit(setup, setup.members[1], d, 10, 10)
    note = Notification.objects.get(event="committee.scoring_complete")
    assert note.recipient == setup.official


def test_an_unscored_offer_is_last_without_a_place_and_below_the_threshold(setup):
    sign(setup)
    submit(setup, setup.members[0], setup.offers[1], 1, 1)
    rows = cs.ranking(setup.competition)
    assert [(r.offer, r.position, r.average) for r in rows] == [
        (setup.offers[1], 1, Decimal("2.00")),
        (setup.offers[0], None, None),
    ]
    assert rows[1].below_threshold and rows[1].sheets_submitted == 0
