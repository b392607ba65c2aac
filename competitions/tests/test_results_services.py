"""Proposing amounts, publishing results and the update (aktualizacja) of a reduced grant."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from competitions import results_services as results
from competitions.choices import CompetitionMode, CompetitionState, OfferState, OfferUpdateState
from competitions.models import (
    Competition,
    CompetitionTransition,
    Offer,
    OfferTransition,
    OfferUpdate,
    WorkflowEvent,
)
from competitions.tests.test_results_setup import *  # noqa: F403 (fixtures)
from competitions.tests.test_results_setup import closed_competition, make_offer, score
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def messages_of(error: ValidationError) -> str:
    return " ".join(error.value.messages)


# --- proposing amounts -------------------------------------------------------------------------------


def test_an_official_proposes_an_amount_without_changing_the_state(official, offer):
    proposed = results.propose_grant(user=official, offer=offer, amount="15 000,00")
    assert proposed.granted_amount == Decimal("15000.00")
    offer.refresh_from_db()
    assert offer.granted_amount == Decimal("15000.00")
    assert offer.state == OfferState.FORMALLY_CORRECT
    assert Notification.objects.count() == 0  # nothing is public until the results are


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("19800.01", r"wyższa niż wnioskowan|powyżej|above the .* requested"),
        ("-1", r"ujemna|cannot be negative"),
        ("dużo", r"Wpisz liczbę|Enter a number"),
        # A dot before three digits: ten thousand and one, or ten and a bit? Refused, not guessed.
        ("10.001", r"na więcej niż jeden sposób|more than one way"),
        ("10,001", r"kwotę|Enter the amount"),  # ten and a tenth of a grosz
    ],
)
def test_a_bad_amount_is_refused_with_a_message_and_nothing_changes(official, offer, amount, message):
    with pytest.raises(ValidationError) as error:
        results.propose_grant(user=official, offer=offer, amount=amount)
    assert re.search(message, messages_of(error))
    offer.refresh_from_db()
    assert offer.granted_amount is None


def test_the_sum_never_exceeds_the_funds_and_the_message_says_what_is_left(
    official, competition, offer, committee_member
):
    other = make_offer(competition)
    score(other, committee_member, "80")
    Competition.objects.filter(pk=competition.pk).update(funds_allotted=Decimal("30000.00"))
    results.propose_grant(user=official, offer=other, amount="19800")
    with pytest.raises(ValidationError) as error:
        results.propose_grant(user=official, offer=offer, amount="10200.01")
    text = messages_of(error)
    assert "10 200,00 zł" in text  # what is left for this offer
    assert "30 000,00 zł" in text
    offer.refresh_from_db()
    assert offer.granted_amount is None
    # Exactly what is left is fine.
    assert results.propose_grant(user=official, offer=offer, amount="10200").granted_amount == Decimal(
        "10200"
    )


def test_an_offer_below_the_threshold_gets_no_amount_but_may_get_zero(
    official, competition, committee_member
):
    weak = make_offer(competition)
    score(weak, committee_member, "41.25")
    with pytest.raises(ValidationError) as error:
        results.propose_grant(user=official, offer=weak, amount="1000")
    assert "41.25" in messages_of(error)
    assert "60.00" in messages_of(error)
    assert results.propose_grant(user=official, offer=weak, amount="0").granted_amount == Decimal("0")


def test_an_offer_not_scored_yet_gets_no_amount(official, competition):
    unscored = make_offer(competition)
    with pytest.raises(ValidationError) as error:
        results.propose_grant(user=official, offer=unscored, amount="1000")
    assert error.value.error_list[0].code == "not_scored"


def test_small_grants_have_no_threshold(official):
    small = closed_competition(mode=CompetitionMode.SMALL_GRANT, max_grant=Decimal("10000"))
    unscored = make_offer(small, requested_grant=Decimal("9000.00"))
    assert results.propose_grant(user=official, offer=unscored, amount="9000").granted_amount == Decimal(
        "9000"
    )


@pytest.mark.parametrize(
    "state",
    [OfferState.SUBMITTED, OfferState.RETURNED, OfferState.FORMALLY_REJECTED, OfferState.WITHDRAWN],
)
def test_only_formally_correct_offers_get_amounts(official, competition, state):
    other = make_offer(competition, state=state)
    with pytest.raises(ValidationError) as error:
        results.propose_grant(user=official, offer=other, amount="0")
    assert error.value.error_list[0].code == "not_proposable"


def test_no_proposals_before_the_deadline_or_after_the_results(official, competition, offer):
    for state in (CompetitionState.ANNOUNCED, CompetitionState.RESULTS_PUBLISHED, CompetitionState.CANCELLED):
        Competition.objects.filter(pk=competition.pk).update(state=state)
        with pytest.raises(ValidationError):
            results.propose_grant(user=official, offer=offer, amount="100")
    assert Offer.objects.get(pk=offer.pk).granted_amount is None


def test_every_other_role_is_refused_proposing(roles, offer):
    for user in [*roles.values(), AnonymousUser()]:
        with pytest.raises(PermissionDenied):
            results.propose_grant(user=user, offer=offer, amount="100")
    assert Offer.objects.get(pk=offer.pk).granted_amount is None


def test_two_officials_proposing_at_once_one_is_refused(official, make_user, offer):
    from organisations.choices import Role

    colleague = make_user(Role.OFFICIAL)
    seen = offer.revision  # both opened the screen at this revision
    results.propose_grant(user=official, offer=offer, amount="15000", revision=seen)
    with pytest.raises(ValidationError) as error:
        results.propose_grant(user=colleague, offer=offer, amount="12000", revision=seen)
    assert re.search("zmienił|changed this meanwhile", messages_of(error))
    assert Offer.objects.get(pk=offer.pk).granted_amount == Decimal("15000")


# --- publishing ----------------------------------------------------------------------------------


def test_publishing_is_refused_while_the_formal_check_is_unfinished(official, competition, offer):
    pending = make_offer(competition, state=OfferState.SUBMITTED)
    returned = make_offer(competition, state=OfferState.RETURNED)
    with pytest.raises(ValidationError) as error:
        results.publish_results(user=official, competition=competition, decision="Zarządzenie 1/2027")
    text = messages_of(error)
    assert pending.display_number in text and returned.display_number in text
    assert offer.display_number not in text
    competition.refresh_from_db()
    assert competition.state == CompetitionState.CLOSED
    assert Offer.objects.get(pk=offer.pk).state == OfferState.FORMALLY_CORRECT


def test_publishing_needs_the_decision(official, competition, offer):
    with pytest.raises(ValidationError) as error:
        results.publish_results(user=official, competition=competition, decision="  ")
    assert error.value.error_list[0].code == "decision_required"
    assert Competition.objects.get(pk=competition.pk).state == CompetitionState.CLOSED


def test_every_other_role_is_refused_publishing(roles, competition, offer):
    for user in [*roles.values(), AnonymousUser()]:
        with pytest.raises(PermissionDenied):
            results.publish_results(user=user, competition=competition, decision="Zarządzenie")
    assert Competition.objects.get(pk=competition.pk).state == CompetitionState.CLOSED


def test_publishing_grants_refuses_logs_and_notifies_on_commit(
    official, competition, offer, member, committee_member, make_user, committed
):
    from organisations.choices import Role

    full = make_offer(competition, title="Pełna kwota")
    score(full, committee_member, "90")
    full_member = make_user(Role.NGO_MEMBER, organisation=full.organisation)
    weak = make_offer(competition, title="Słaba oferta")
    score(weak, committee_member, "40")
    weak_member = make_user(Role.NGO_MEMBER, organisation=weak.organisation)
    rejected = make_offer(competition, state=OfferState.FORMALLY_REJECTED)
    results.propose_grant(user=official, offer=offer, amount="15000")
    results.propose_grant(user=official, offer=full, amount="19800")
    mail.outbox.clear()

    with committed():
        results.publish_results(user=official, competition=competition, decision="Zarządzenie nr 123/2027")

    competition.refresh_from_db()
    assert competition.state == CompetitionState.RESULTS_PUBLISHED
    assert competition.results_decision == "Zarządzenie nr 123/2027"
    assert competition.results_published_at is not None
    assert CompetitionTransition.objects.filter(
        competition=competition, target=CompetitionState.RESULTS_PUBLISHED, by=official
    ).exists()
    states = {o.pk: o.state for o in Offer.objects.all()}
    assert states[offer.pk] == OfferState.GRANTED
    assert states[full.pk] == OfferState.GRANTED
    assert states[weak.pk] == OfferState.NOT_GRANTED
    assert states[rejected.pk] == OfferState.FORMALLY_REJECTED
    assert Offer.objects.get(pk=weak.pk).granted_amount == Decimal("0")
    assert OfferTransition.objects.filter(target=OfferState.GRANTED).count() == 2
    assert OfferTransition.objects.filter(offer=weak, target=OfferState.NOT_GRANTED, by=official).exists()

    # Reduced grant: the update is waiting, and the organisation is told so.
    assert OfferUpdate.objects.get(offer=offer).state == OfferUpdateState.DRAFT
    assert not OfferUpdate.objects.filter(offer=full).exists()
    reduced = Notification.objects.get(recipient=member)
    assert "15 000,00 zł" in reduced.body
    assert re.search("zaktualizowan|updated cost calculation", reduced.body)
    assert reduced.url.endswith("/aktualizacja/")
    assert "zaktualizowan" not in Notification.objects.get(recipient=full_member).body
    refused = Notification.objects.get(recipient=weak_member)
    assert "40.00" in refused.body
    assert not Notification.objects.filter(recipient=rejected.organisation.memberships.first()).exists()
    # One e-mail per person notified, after the commit.
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([member.email, full_member.email, weak_member.email])


def test_publishing_twice_is_refused(official, competition, offer):
    results.publish_results(user=official, competition=competition, decision="Zarządzenie 1")
    with pytest.raises(ValidationError):
        results.publish_results(user=official, competition=competition, decision="Zarządzenie 2")
    assert Competition.objects.get(pk=competition.pk).results_decision == "Zarządzenie 1"


def test_publishing_rechecks_the_proposals(official, competition, offer):
    # A proposal made valid, then the funds were cut in the competition's form.
    results.propose_grant(user=official, offer=offer, amount="19800")
    Competition.objects.filter(pk=competition.pk).update(funds_allotted=Decimal("10000"))
    with pytest.raises(ValidationError) as error:
        results.publish_results(user=official, competition=competition, decision="Zarządzenie")
    assert error.value.error_list[0].code == "proposals_invalid"
    assert Offer.objects.get(pk=offer.pk).state == OfferState.FORMALLY_CORRECT


# --- the update ----------------------------------------------------------------------------------


@pytest.fixture
def reduced(official, competition, offer):
    results.propose_grant(user=official, offer=offer, amount="15000")
    results.publish_results(user=official, competition=competition, decision="Zarządzenie 5/2027")
    return OfferUpdate.objects.get(offer=offer)


def balanced(update, costs_units="300.00"):
    """Costs cut to 17 000 zł: 15 000 zł grant and 2 000 zł own contribution."""
    costs = [dict(row) for row in update.content["costs"]]
    costs[0]["units"] = costs_units
    financing = {**update.content["financing"], "grant": "15000.00", "own_financial": "2000.00"}
    return costs, financing


def test_the_update_starts_from_the_offer_with_the_grant_granted(reduced, offer):
    assert reduced.content["financing"]["grant"] == "15000.00"
    assert reduced.content["costs"] == offer.content["costs"]
    assert reduced.content["schedule"] == offer.content["schedule"]
    # As it stands, the sources no longer add up to the costs.
    assert any("22 000,00 zł" in problem for problem in results.update_problems(reduced))


def test_the_update_is_checked_by_the_offers_rules(member, reduced):
    costs, financing = balanced(reduced)
    # The grant must be the amount granted, not what was requested.
    update = results.save_update(
        user=member,
        offer=reduced.offer,
        costs=costs,
        financing={**financing, "grant": "15000.01"},
        revision=reduced.revision,
    )
    with pytest.raises(ValidationError) as error:
        results.submit_update(user=member, update=update)
    assert "15 000,00 zł" in messages_of(error)
    # Own contribution below the competition's 10 %.
    update = results.save_update(
        user=member,
        offer=reduced.offer,
        costs=balanced(update, "290.00")[0],
        financing={**financing, "own_financial": "1500.00"},
        revision=update.revision,
    )
    with pytest.raises(ValidationError) as error:
        results.submit_update(user=member, update=update)
    assert "10.00%" in messages_of(error)
    # An activity outside the competition's period.
    schedule = [{**update.content["schedule"][0], "end": "2027-09-30"}]
    costs, financing = balanced(update)
    update = results.save_update(
        user=member,
        offer=reduced.offer,
        costs=costs,
        financing=financing,
        schedule=schedule,
        revision=update.revision,
    )
    with pytest.raises(ValidationError) as error:
        results.submit_update(user=member, update=update)
    assert "Półkolonie" in messages_of(error)
    assert OfferUpdate.objects.get(pk=update.pk).state == OfferUpdateState.DRAFT


def test_a_stale_save_of_the_update_is_refused(member, reduced):
    costs, financing = balanced(reduced)
    results.save_update(user=member, offer=reduced.offer, costs=costs, revision=reduced.revision)
    with pytest.raises(ValidationError) as error:
        results.save_update(user=member, offer=reduced.offer, financing=financing, revision=reduced.revision)
    assert error.value.error_list[0].code == "concurrent"
    assert OfferUpdate.objects.get(pk=reduced.pk).content["financing"]["own_financial"] == "2200.00"


def test_update_submitted_returned_corrected_and_accepted(official, member, reduced, committed):
    costs, financing = balanced(reduced)
    update = results.save_update(
        user=member, offer=reduced.offer, costs=costs, financing=financing, revision=reduced.revision
    )
    with committed():
        update = results.submit_update(user=member, update=update)
    assert update.state == OfferUpdateState.SUBMITTED
    assert Notification.objects.filter(recipient=official, event="update.submitted").exists()
    # Saving a submitted update is refused.
    with pytest.raises(ValidationError):
        results.save_update(user=member, offer=reduced.offer, costs=costs, revision=update.revision)

    with pytest.raises(ValidationError) as error:
        results.return_update(user=official, update=update, comment=" ")
    assert error.value.error_list[0].code == "comment_required"
    assert OfferUpdate.objects.get(pk=update.pk).state == OfferUpdateState.SUBMITTED

    update = results.return_update(user=official, update=update, comment="Proszę rozbić koszty koordynacji.")
    assert update.state == OfferUpdateState.RETURNED
    note = Notification.objects.get(recipient=member, event="update.returned")
    assert "Proszę rozbić koszty koordynacji." in note.body

    update = results.save_update(user=member, offer=reduced.offer, costs=costs, revision=update.revision)
    update = results.submit_update(user=member, update=update)
    update = results.accept_update(user=official, update=update)
    assert update.state == OfferUpdateState.ACCEPTED
    assert update.reviewed_by == official
    assert Notification.objects.filter(recipient=member, event="update.accepted").exists()
    log = list(WorkflowEvent.objects.filter(subject="update").values_list("source", "target"))
    assert log == [
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("submitted", "accepted"),
    ]
    with pytest.raises(ValidationError):
        results.accept_update(user=official, update=update)


def test_update_roles(official, committee_member, member, stranger, reduced):
    costs, financing = balanced(reduced)
    for user in (official, committee_member, stranger, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            results.save_update(user=user, offer=reduced.offer, costs=costs, revision=reduced.revision)
        with pytest.raises(PermissionDenied):
            results.submit_update(user=user, update=reduced)
    update = results.save_update(
        user=member, offer=reduced.offer, costs=costs, financing=financing, revision=reduced.revision
    )
    update = results.submit_update(user=member, update=update)
    for user in (committee_member, member, stranger, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            results.accept_update(user=user, update=update)
        with pytest.raises(PermissionDenied):
            results.return_update(user=user, update=update, comment="Nie")
    assert OfferUpdate.objects.get(pk=update.pk).state == OfferUpdateState.SUBMITTED


def test_no_update_when_the_grant_is_not_reduced(official, member, competition, offer):
    results.propose_grant(user=official, offer=offer, amount="19800")
    results.publish_results(user=official, competition=competition, decision="Zarządzenie")
    with pytest.raises(ValidationError) as error:
        results.save_update(user=member, offer=offer, costs=[], revision=0)
    assert error.value.error_list[0].code == "no_update"
