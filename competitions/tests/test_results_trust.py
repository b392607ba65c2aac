"""Results that can be trusted (issue 13): not published while a committee member's score sheet is missing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from competitions import results_services as results
from competitions.choices import CompetitionState, OfferState
from competitions.models import ConflictDeclaration, ScoreSheet
from competitions.tests.test_results_setup import *  # noqa: F403 (fixtures)
from competitions.tests.test_results_setup import make_offer, score
from organisations.choices import Role

pytestmark = pytest.mark.django_db


def publish(official, competition):
    return results.publish_results(user=official, competition=competition, decision="Zarządzenie 7/2027")


def test_publishing_names_each_offer_and_member_whose_sheet_is_missing(
    official, competition, offer, committee_member, make_user
):
    late = make_user(Role.COMMITTEE_MEMBER, first_name="Barbara", last_name="Zielińska")
    competition.committee.add(late)
    other = make_offer(competition)
    score(other, committee_member, "75")
    # A sheet saved but not submitted does not count.
    ScoreSheet.objects.create(offer=other, member=late, total=70)
    results.propose_grant(user=official, offer=offer, amount="15000")
    with pytest.raises(ValidationError) as error:
        publish(official, competition)
    text = " ".join(error.value.messages)
    assert "Barbara Zielińska" in text
    assert offer.display_number in text and other.display_number in text
    competition.refresh_from_db()
    assert competition.state == CompetitionState.CLOSED
    offer.refresh_from_db()
    assert offer.state == OfferState.FORMALLY_CORRECT

    ScoreSheet.objects.filter(member=late).update(submitted_at=timezone.now())
    score(offer, late, "80")
    publish(official, competition)
    competition.refresh_from_db()
    assert competition.state == CompetitionState.RESULTS_PUBLISHED


def test_a_member_with_a_declared_conflict_is_not_expected_to_score(
    official, competition, offer, committee_member, make_user
):
    conflicted = make_user(Role.COMMITTEE_MEMBER)
    competition.committee.add(conflicted)
    ConflictDeclaration.objects.create(
        competition=competition,
        member=conflicted,
        offer=offer,
        has_conflict=True,
        statement="Członek zarządu.",
    )
    results.propose_grant(user=official, offer=offer, amount="15000")
    publish(official, competition)
    competition.refresh_from_db()
    assert competition.state == CompetitionState.RESULTS_PUBLISHED


def test_an_offer_no_one_scored_stops_the_publication(official, competition, committee_member):
    competition.committee.remove(committee_member)
    unscored = make_offer(competition)
    with pytest.raises(ValidationError) as error:
        publish(official, competition)
    assert unscored.display_number in " ".join(error.value.messages)
    assert "żaden członek komisji" in " ".join(error.value.messages)


def test_public_badges_and_the_filter_name_published_results_in_polish(client, official, competition, offer):
    results.propose_grant(user=official, offer=offer, amount="15000")
    publish(official, competition)
    listing = client.get(reverse("competition_pages:list")).content.decode()
    assert "Wyniki ogłoszone" in listing and ">results_published<" not in listing
    assert 'value="results_published"' in listing  # the filter offers published results
    filtered = client.get(reverse("competition_pages:list"), {"stan": "results_published"}).content.decode()
    assert competition.title in filtered
    detail = client.get(reverse("competition_pages:detail", args=[competition.slug])).content.decode()
    assert "Wyniki ogłoszone" in detail and ">results_published<" not in detail
