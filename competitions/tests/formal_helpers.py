"""Building a closed competition with a submitted offer for the formal-check tests."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from competitions import services
from competitions.models import Competition, FormalCheckItem, Offer
from competitions.tests.offer_helpers import fill_all_steps, open_competition

CHECKLIST = ["Oferta złożona w terminie", "Oferta podpisana przez osoby upoważnione"]


def competition_with_checklist(official):
    competition = open_competition(official)
    for index, text in enumerate(CHECKLIST):
        FormalCheckItem.objects.create(competition=competition, text=text, sort_order=index)
    return competition


def submitted_offer(client, member, competition) -> Offer:
    """A whole valid offer submitted through the generator by ``member``."""
    organisation = member.memberships.get().organisation
    client.force_login(member)
    client.post(reverse("offers:start", args=[competition.slug]))
    offer = Offer.objects.get(competition=competition, organisation=organisation, replaces__isnull=True)
    fill_all_steps(client, offer, organisation)
    offer.refresh_from_db()
    assert offer.state == "submitted", offer.state
    return offer


def close(competition) -> Competition:
    Competition.objects.filter(pk=competition.pk).update(offer_deadline=timezone.now() - timedelta(minutes=1))
    competition = Competition.objects.get(pk=competition.pk)
    return services.competition_close(competition=competition)


def answers(competition, met=True) -> dict:
    return {str(item.pk): {"met": met, "note": ""} for item in competition.formal_checklist.all()}
