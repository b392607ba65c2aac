"""Offer numbers: one sequence per competition, never repeated, never skipped; a submitted offer
stays as it was submitted."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from competitions import offer_services
from competitions.choices import CompetitionState, OfferState
from competitions.models import Competition, Offer, OfferTransition
from competitions.tests.offer_helpers import fill_all_steps, ngo_member, open_competition
from organisations.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def competition(make_user):
    return open_competition(make_user(Role.OFFICIAL))


def _new_offer(make_user, competition, upto="summary"):
    """A new organisation's offer filled in through the generator up to ``upto`` (the summary
    submits it); returns the member, their signed-in client and the offer."""
    member = ngo_member(make_user)
    organisation = member.memberships.get().organisation
    client = Client()
    client.force_login(member)
    client.post(reverse("offers:start", args=[competition.slug]))
    offer = Offer.objects.get(organisation=organisation)
    fill_all_steps(client, offer, organisation, upto=upto)
    offer.refresh_from_db()
    return member, client, offer


def _submitted_offer(make_user, competition) -> Offer:
    _member, _client, offer = _new_offer(make_user, competition)
    assert offer.state == OfferState.SUBMITTED, offer.state
    return offer


def test_offers_are_numbered_in_the_order_they_are_submitted(make_user, competition):
    first = _submitted_offer(make_user, competition)
    second = _submitted_offer(make_user, competition)
    assert first.number == f"{competition.signature}/001"
    assert second.number == f"{competition.signature}/002"
    assert Competition.objects.get(pk=competition.pk).offers_numbered == 2


def test_a_withdrawn_offers_number_is_not_given_again(make_user, competition):
    withdrawn = _submitted_offer(make_user, competition)
    offer_services.offer_withdraw(user=withdrawn.created_by, offer=withdrawn)
    assert _submitted_offer(make_user, competition).number == f"{competition.signature}/002"


def test_a_submission_refused_at_numbering_leaves_no_gap(make_user, competition):
    member, _client, draft = _new_offer(make_user, competition, upto="attachments")
    # The submitter's page was read while the competition was open; an official cancels it
    # before the submission reaches the numbering.
    seen = Offer.objects.select_related("competition", "organisation").get(pk=draft.pk)
    Competition.objects.filter(pk=competition.pk).update(state=CompetitionState.CANCELLED)
    with pytest.raises(ValidationError):
        offer_services.offer_submit(user=member, offer=seen)
    assert Competition.objects.get(pk=competition.pk).offers_numbered == 0
    draft.refresh_from_db()
    assert draft.state == OfferState.DRAFT and draft.number == ""
    assert not OfferTransition.objects.filter(offer=draft).exists()


def test_the_migration_starts_each_counter_after_the_numbers_already_given(make_user, competition):
    _submitted_offer(make_user, competition)
    _submitted_offer(make_user, competition)
    Competition.objects.update(offers_numbered=0)
    migration = importlib.import_module("competitions.migrations.0006_competition_offers_numbered")
    migration.count_numbered_offers(apps, None)
    assert Competition.objects.get(pk=competition.pk).offers_numbered == 2
    assert _submitted_offer(make_user, competition).number == f"{competition.signature}/003"


def test_no_file_can_be_attached_to_an_offer_submitted_meanwhile(make_user, competition):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from competitions.tests.offer_helpers import post_step, step_data

    member, client, offer = _new_offer(make_user, competition, upto="attachments")
    organisation = offer.organisation
    stale = Offer.objects.get(pk=offer.pk)  # the uploader's page still shows the draft
    post_step(client, offer, "summary", step_data(organisation)["summary"])
    assert Offer.objects.get(pk=offer.pk).state == OfferState.SUBMITTED
    upload = SimpleUploadedFile("aneks.pdf", b"%PDF-1.4 aneks", content_type="application/pdf")
    with pytest.raises(ValidationError):
        offer_services.offer_attachment_add(
            user=member, offer=stale, required=competition.required_attachments.get(), upload=upload
        )
    assert offer.attachments.count() == 1
