"""No GET changes state: pages show what is due (closed, rejected) and beat makes the transitions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from competitions.choices import CompetitionState, OfferState
from competitions.displayed import DisplayCopySaved, as_seen
from competitions.models import Competition, Contract, Offer, OfferTransition
from competitions.tests.formal_helpers import close, competition_with_checklist, submitted_offer
from competitions.tests.offer_helpers import ngo_member, open_competition
from competitions.tests.test_formal_views import _return, sign_in_with_otp
from organisations.choices import Role

pytestmark = pytest.mark.django_db


def snapshot() -> tuple:
    """Everything a GET must leave as it was."""
    return (
        sorted(Competition.objects.values_list("pk", "state", "closed_at")),
        sorted(Offer.objects.values_list("pk", "state", "revision")),
        OfferTransition.objects.count(),
        sorted((pk, pdf or "") for pk, pdf in Contract.objects.values_list("pk", "pdf")),
    )


def page(response) -> str:
    return response.content.decode().replace("\xa0", " ")


@pytest.fixture
def official(make_user):
    return make_user(Role.OFFICIAL)


@pytest.fixture
def member(make_user):
    return ngo_member(make_user)


@pytest.fixture
def expired(official):
    """An announced competition whose deadline passed a minute ago; beat has not closed it yet."""
    competition = open_competition(official)
    Competition.objects.filter(pk=competition.pk).update(offer_deadline=timezone.now() - timedelta(minutes=1))
    return Competition.objects.get(pk=competition.pk)


@pytest.fixture
def late_returned(client, official, member):
    """A returned offer whose correction deadline passed; beat has not rejected it yet."""
    competition = competition_with_checklist(official)
    offer = submitted_offer(client, member, competition)
    close(competition)
    offer = _return(official, Offer.objects.get(pk=offer.pk))
    client.force_login(member)
    client.post(reverse("offers:start_correction", args=[offer.pk]))
    Offer.objects.filter(pk=offer.pk).update(correction_deadline=timezone.now() - timedelta(minutes=1))
    client.logout()
    return Offer.objects.get(pk=offer.pk)


def test_opening_the_start_address_creates_no_offer_only_the_button_does(client, official, member):
    competition = open_competition(official)
    client.force_login(member)
    url = reverse("offers:start", args=[competition.slug])
    before = snapshot()
    response = client.get(url)
    assert response.status_code == 200
    assert f'<form method="post" action="{url}"' in page(response)
    assert snapshot() == before and not Offer.objects.exists()
    client.post(url)
    offer = Offer.objects.get()
    # Once there is a draft, the address leads to it, still without writing.
    before = snapshot()
    response = client.get(url)
    assert response["Location"] == reverse("offers:step", args=[offer.pk, offer.resume_step])
    assert snapshot() == before


def test_the_public_list_shows_a_past_deadline_competition_closed_without_closing_it(client, expired):
    before = snapshot()
    listing = page(client.get(reverse("competition_pages:list")))
    assert expired.title in listing and "Nabór zakończony" in listing
    accepting = page(client.get(reverse("competition_pages:list"), {"stan": CompetitionState.ANNOUNCED}))
    assert expired.title not in accepting
    closed = page(client.get(reverse("competition_pages:list"), {"stan": CompetitionState.CLOSED}))
    assert expired.title in closed
    assert snapshot() == before


def test_the_public_page_shows_it_closed_without_closing_it(client, expired):
    before = snapshot()
    detail = page(client.get(reverse("competition_pages:detail", args=[expired.slug])))
    assert "Nabór zakończony" in detail
    assert reverse("offers:start", args=[expired.slug]) not in detail
    assert snapshot() == before
    assert Competition.objects.get(pk=expired.pk).state == CompetitionState.ANNOUNCED


def test_the_admin_workflow_and_formal_queue_show_it_without_closing_it(
    client, official, expired, totp_device
):
    sign_in_with_otp(client, official, totp_device)
    before = snapshot()
    workflow = page(client.get(reverse("competitions:workflow", args=[expired.pk])))
    assert "Nabór zakończony" in workflow
    assert client.get(reverse("competition_formal_queue", args=[expired.pk])).status_code == 200
    assert snapshot() == before


def test_the_organisations_pages_show_a_late_correction_rejected_without_rejecting_it(
    client, member, late_returned
):
    client.force_login(member)
    draft = Offer.objects.get(replaces=late_returned)
    before = snapshot()
    assert "Odrzucona formalnie" in page(client.get(reverse("offers:list")))
    assert "Odrzucona formalnie" in page(client.get(reverse("offers:detail", args=[late_returned.pk])))
    assert client.get(reverse("offers:versions", args=[late_returned.pk])).status_code == 200
    wizard = client.get(reverse("offers:step", args=[draft.pk, "task"]))
    assert wizard["Location"] == reverse("offers:detail", args=[late_returned.pk])
    assert snapshot() == before
    assert Offer.objects.get(pk=late_returned.pk).state == OfferState.RETURNED


def test_the_formal_check_pages_show_it_rejected_without_rejecting_it(
    client, official, late_returned, totp_device
):
    sign_in_with_otp(client, official, totp_device)
    before = snapshot()
    check = page(client.get(reverse("competition_formal_check", args=[late_returned.pk])))
    assert "Odrzucona formalnie" in check
    assert (
        client.get(reverse("competition_formal_queue", args=[late_returned.competition_id])).status_code
        == 200
    )
    assert snapshot() == before


def test_a_contract_pdf_not_yet_stored_is_rendered_for_the_download_but_not_stored(
    client, official, totp_device, make_user
):
    from competitions.tests.test_contracts import make_offer, prepare

    member = make_user(Role.NGO_MEMBER, is_admin=True)
    offer = make_offer(member.memberships.get().organisation)
    contract = prepare(official, offer)
    Contract.objects.filter(pk=contract.pk).update(pdf="")
    client.force_login(member)
    before = snapshot()
    response = client.get(reverse("offers:contract_pdf", args=[offer.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    sign_in_with_otp(client, official, totp_device)
    response = client.get(reverse("contracts_admin:pdf", args=[contract.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert snapshot() == before


def test_a_copy_made_for_display_refuses_to_be_saved(expired):
    seen = as_seen(expired)
    assert seen.state == CompetitionState.CLOSED and expired.state == CompetitionState.ANNOUNCED
    with pytest.raises(DisplayCopySaved):
        seen.save()
    assert as_seen(
        Competition.objects.get(pk=expired.pk), expired.offer_deadline - timedelta(hours=1)
    ).state == (CompetitionState.ANNOUNCED)
