"""Art. 19a: a submitted small-grant offer is published for 7 days and anyone may comment on it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from competitions.choices import CompetitionMode
from competitions.models import Offer, OfferComment
from competitions.tests.offer_helpers import fill_all_steps, ngo_member, open_competition
from organisations.choices import Role
from tests.second_factor_helpers import verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(client, make_user, committed):
    official = make_user(Role.OFFICIAL)
    competition = open_competition(
        official,
        mode=CompetitionMode.SMALL_GRANT,
        max_grant=10000,
        min_grant=1000,
        min_own_contribution=0,
        implementation_start=timezone.datetime(2027, 7, 1).date(),
        implementation_end=timezone.datetime(2027, 8, 31).date(),
        offer_deadline=timezone.now() + timedelta(days=5),
    )
    member = ngo_member(make_user)
    client.force_login(member)
    client.post(reverse("offers:start", args=[competition.slug]))
    offer = Offer.objects.get()
    from competitions.tests.offer_helpers import step_data

    data = step_data(member.memberships.get().organisation)
    data["financing"] = {
        **data["financing"],
        "financing-grant": "9800.00",
        "financing-own_financial": "11000.00",
    }
    from competitions.tests.offer_helpers import attach_statute, post_step

    with committed():
        for step, values in data.items():
            if step == "attachments":
                attach_statute(client, offer)
            post_step(client, offer, step, values)
    offer.refresh_from_db()
    assert offer.state == "submitted", offer.content.get("financing")
    client.logout()
    return offer, official


def test_a_submitted_small_grant_offer_is_published_and_anyone_may_comment(client, submitted):
    offer, official = submitted
    detail = client.get(reverse("competition_pages:detail", args=[offer.competition.slug])).content.decode()
    public_url = reverse("competition_pages:offer", args=[offer.competition.slug, offer.pk])
    assert public_url in detail
    page = client.get(public_url).content.decode()
    assert "Lato na Pradze 2027" in page
    assert "alicja@example.org" not in page  # the contact person's data stay private

    response = client.post(
        public_url,
        {"author_name": "Jan Sąsiad", "author_email": "jan@example.org", "text": "Koszty są zawyżone."},
    )
    assert response.status_code == 302
    comment = OfferComment.objects.get()
    assert comment.text == "Koszty są zawyżone."

    verified_login(client, official)
    assert "Koszty są zawyżone." in client.get(reverse("offers:detail", args=[offer.pk])).content.decode()


def test_comments_close_after_seven_days(client, submitted):
    offer, _official = submitted
    Offer.objects.filter(pk=offer.pk).update(submitted_at=timezone.now() - timedelta(days=7, seconds=1))
    public_url = reverse("competition_pages:offer", args=[offer.competition.slug, offer.pk])
    response = client.post(
        public_url, {"author_name": "Jan", "author_email": "jan@example.org", "text": "Uwaga"}
    )
    assert "Minęło 7 dni na zgłaszanie uwag" in response.content.decode()
    assert not OfferComment.objects.exists()


def test_a_bot_filling_the_hidden_field_is_ignored(client, submitted):
    offer, _official = submitted
    public_url = reverse("competition_pages:offer", args=[offer.competition.slug, offer.pk])
    client.post(
        public_url,
        {"author_name": "x", "author_email": "x@example.org", "text": "spam", "website": "http://spam"},
    )
    assert not OfferComment.objects.exists()


def test_open_competition_offers_are_not_published(client, make_user, committed):
    from competitions.tests.offer_helpers import open_competition as open_

    official = make_user(Role.OFFICIAL)
    competition = open_(official)
    member = ngo_member(make_user)
    client.force_login(member)
    client.post(reverse("offers:start", args=[competition.slug]))
    offer = Offer.objects.get()
    with committed():
        fill_all_steps(client, offer, member.memberships.get().organisation)
    client.logout()
    assert (
        client.get(reverse("competition_pages:offer", args=[competition.slug, offer.pk])).status_code == 404
    )
