"""The formal check on screen: officials in the Wagtail admin, the organisation on its offer pages."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from competitions import formal_services
from competitions.choices import FormalOutcome, OfferState
from competitions.models import Offer
from competitions.tests.formal_helpers import answers, close, competition_with_checklist, submitted_offer
from competitions.tests.offer_helpers import ngo_member, post_step, step_data
from conftest import current_code
from organisations.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(make_user):
    return make_user(Role.OFFICIAL)


@pytest.fixture
def member(make_user):
    return ngo_member(make_user)


@pytest.fixture
def competition(official):
    return competition_with_checklist(official)


@pytest.fixture
def offer(client, member, competition):
    offer = submitted_offer(client, member, competition)
    close(competition)
    client.logout()
    return Offer.objects.get(pk=offer.pk)


def sign_in_with_otp(client, user, totp_device):
    device = totp_device(user)
    client.force_login(user)
    client.post(reverse("accounts:otp_verify"), {"token": current_code(device)})
    return client


def check_post(offer, outcome, met="1", **fields):
    data = {"outcome": outcome, "revision": str(offer.revision), **fields}
    for item in offer.competition.formal_checklist.all():
        data[f"item_{item.pk}_met"] = met
        data[f"item_{item.pk}_note"] = ""
    return data


def text(response) -> str:
    return response.content.decode()


def test_an_official_checks_an_offer_from_the_queue(client, official, offer, totp_device):
    sign_in_with_otp(client, official, totp_device)
    workflow = text(client.get(reverse("competitions:workflow", args=[offer.competition_id])))
    queue_url = reverse("competition_formal_queue", args=[offer.competition_id])
    assert queue_url in workflow
    queue = text(client.get(queue_url))
    check_url = reverse("competition_formal_check", args=[offer.pk])
    assert check_url in queue and offer.number in queue
    page = text(client.get(check_url))
    assert "Oferta złożona w terminie" in page
    assert reverse("offers:pdf", args=[offer.pk]) in page
    assert client.get(reverse("offers:pdf", args=[offer.pk])).status_code in (200, 302)
    response = client.post(check_url, check_post(offer, FormalOutcome.CORRECT))
    assert response.status_code == 302 and response["Location"] == queue_url
    assert Offer.objects.get(pk=offer.pk).state == OfferState.FORMALLY_CORRECT


def test_returning_from_the_screen_records_gaps_steps_and_deadline(client, official, offer, totp_device):
    sign_in_with_otp(client, official, totp_device)
    day = timezone.localdate() + timedelta(days=10)
    response = client.post(
        reverse("competition_formal_check", args=[offer.pk]),
        check_post(
            offer,
            FormalOutcome.RETURNED,
            met="0",
            gaps="Brak podpisu skarbnika",
            steps=["task", "costs"],
            correction_deadline=day.isoformat(),
        ),
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.state == OfferState.RETURNED
    assert offer.correction_steps == ["task", "costs"]
    assert timezone.localtime(offer.correction_deadline).date() == day


@pytest.mark.parametrize(
    ("outcome", "met", "fields", "message"),
    [
        (FormalOutcome.CORRECT, "0", {}, "not met|nie jest spełniony"),
        (FormalOutcome.CORRECT, "", {}, "Answer every item|Odpowiedz"),
        (FormalOutcome.RETURNED, "0", {"steps": ["task"]}, "List the gaps|Wypisz"),
        (FormalOutcome.REJECTED, "0", {"reason": ""}, "reason|powód"),
    ],
)
def test_bad_input_on_the_screen_is_explained_and_kept(
    client, official, offer, totp_device, outcome, met, fields, message
):
    sign_in_with_otp(client, official, totp_device)
    data = check_post(offer, outcome, met=met, **fields)
    data["item_" + str(offer.competition.formal_checklist.first().pk) + "_note"] = "Notatka urzędnika"
    response = client.post(reverse("competition_formal_check", args=[offer.pk]), data)
    assert response.status_code == 200
    assert re.search(message, text(response), re.I)
    assert "Notatka urzędnika" in text(response)  # what was typed is not lost
    assert Offer.objects.get(pk=offer.pk).state == OfferState.SUBMITTED


def test_a_second_official_posting_a_stale_check_is_told_someone_changed_it(
    client, make_user, official, offer, totp_device
):
    formal_services.formal_check(
        user=make_user(Role.OFFICIAL), offer=offer, answers=answers(offer.competition), outcome="correct"
    )
    sign_in_with_otp(client, official, totp_device)
    data = check_post(offer, FormalOutcome.REJECTED, reason="Spóźniona")  # the revision it had opened
    response = client.post(reverse("competition_formal_check", args=[offer.pk]), data)
    assert re.search("meanwhile|w międzyczasie", text(response))
    assert Offer.objects.get(pk=offer.pk).state == OfferState.FORMALLY_CORRECT


@pytest.mark.parametrize("who", ["committee", "own_member", "other_member", "anonymous"])
def test_others_cannot_open_or_post_the_formal_check(client, make_user, member, offer, totp_device, who):
    if who == "committee":
        user = make_user(Role.COMMITTEE_MEMBER)
        offer.competition.committee.add(user)
        sign_in_with_otp(client, user, totp_device)
    elif who == "own_member":
        client.force_login(member)
    elif who == "other_member":
        client.force_login(ngo_member(make_user))
    urls = [
        reverse("competition_formal_check", args=[offer.pk]),
        reverse("competition_formal_queue", args=[offer.competition_id]),
        reverse("competition_offer_versions", args=[offer.pk]),
        reverse("competition_formal_index"),
    ]
    for url in urls:
        assert client.get(url).status_code in (302, 403)
    response = client.post(urls[0], check_post(offer, FormalOutcome.CORRECT))
    assert response.status_code in (302, 403)
    assert Offer.objects.get(pk=offer.pk).state == OfferState.SUBMITTED


def _return(official, offer, steps=("task",)):
    formal_services.formal_check(
        user=official,
        offer=offer,
        answers=answers(offer.competition, met=False),
        outcome=FormalOutcome.RETURNED,
        gaps="Opis zadania jest niepełny",
        steps=list(steps),
    )
    return Offer.objects.get(pk=offer.pk)


def test_the_organisation_corrects_only_the_flagged_step_and_resubmits(
    client, official, member, offer, totp_device
):
    offer = _return(official, offer)
    organisation = member.memberships.get().organisation
    client.force_login(member)
    detail = text(client.get(reverse("offers:detail", args=[offer.pk])))
    assert "Opis zadania jest niepełny" in detail
    assert "Oferta podpisana przez osoby upoważnione" in detail  # the requirement not met
    assert reverse("offers:start_correction", args=[offer.pk]) in detail
    response = client.post(reverse("offers:start_correction", args=[offer.pk]))
    draft = Offer.objects.get(replaces=offer)
    assert response["Location"] == reverse("offers:step", kwargs={"pk": draft.pk, "step": "task"})
    again = text(client.get(reverse("offers:detail", args=[offer.pk])))
    assert reverse("offers:step", kwargs={"pk": draft.pk, "step": "task"}) in again  # continue there

    # A step that was not returned is shown but cannot be saved.
    basic = text(client.get(reverse("offers:step", kwargs={"pk": draft.pk, "step": "basic"})))
    assert re.search("not returned for correction|nie została zwrócona", basic)
    assert "disabled" in basic
    data = step_data(organisation)
    changed = {**data["basic"], "basic-title": "Zupełnie inny tytuł"}
    response = post_step(client, draft, "basic", changed)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.content["basic"]["title"] == "Lato na Pradze 2027"
    follow = text(client.get(response["Location"]))
    assert re.search("cannot be changed|nie można", follow)

    # The flagged step is saved; the summary submits the correction.
    task = {**data["task"], "task-description": "Półkolonie dla 80 dzieci z Pragi i Targówka."}
    assert post_step(client, draft, "task", task).status_code == 302
    response = post_step(client, draft, "summary", data["summary"])
    draft.refresh_from_db()
    assert draft.state == OfferState.SUBMITTED, text(client.get(response["Location"]))
    assert response["Location"] == reverse("offers:detail", args=[draft.pk])
    assert Offer.objects.get(pk=offer.pk).state == OfferState.CORRECTED

    versions = text(client.get(reverse("offers:versions", args=[draft.pk])))
    assert "80 dzieci z Pragi i Targówka" in versions and "60 dzieci z Pragi" in versions
    assert reverse("offers:pdf", args=[offer.pk]) in versions
    assert reverse("offers:pdf", args=[draft.pk]) in versions

    # The official sees the same versions in the admin and the corrected offer in the queue.
    client.logout()
    sign_in_with_otp(client, official, totp_device)
    admin_versions = text(client.get(reverse("competition_offer_versions", args=[draft.pk])))
    assert "80 dzieci z Pragi i Targówka" in admin_versions
    queue = text(client.get(reverse("competition_formal_queue", args=[offer.competition_id])))
    assert reverse("competition_formal_check", args=[draft.pk]) in queue
    check_page = text(client.get(reverse("competition_formal_check", args=[draft.pk])))
    assert "Opis zadania jest niepełny" in check_page  # what version 1 was asked to correct
    assert 'name="outcome"' in check_page


def test_attachments_cannot_be_replaced_unless_flagged(client, official, member, offer):
    from competitions.tests.offer_helpers import attach_statute

    offer = _return(official, offer, steps=("task",))
    client.force_login(member)
    client.post(reverse("offers:start_correction", args=[offer.pk]))
    draft = Offer.objects.get(replaces=offer)
    before = list(draft.attachments.values_list("sha256", flat=True))
    attach_statute(client, draft)
    assert list(draft.attachments.values_list("sha256", flat=True)) == before


@pytest.mark.parametrize("who", ["other_member", "anonymous"])
def test_other_organisations_cannot_correct_or_read_versions(client, make_user, official, offer, who):
    offer = _return(official, offer)
    if who == "other_member":
        client.force_login(ngo_member(make_user))
    response = client.post(reverse("offers:start_correction", args=[offer.pk]))
    assert response.status_code in (302, 403)
    if who == "anonymous":
        assert "login" in response["Location"] or "logowanie" in response["Location"]
    assert client.get(reverse("offers:versions", args=[offer.pk])).status_code in (302, 403)
    assert not Offer.objects.filter(replaces=offer).exists()


def test_opening_a_returned_offer_after_its_deadline_shows_it_rejected(client, official, member, offer):
    offer = _return(official, offer)
    client.force_login(member)
    listing = text(client.get(reverse("offers:list")))
    assert re.search("correct by|popraw do", listing)
    Offer.objects.filter(pk=offer.pk).update(correction_deadline=timezone.now() - timedelta(minutes=1))
    listing = text(client.get(reverse("offers:list")))
    assert "Odrzucona formalnie" in listing and not re.search("correct by|popraw do", listing)
    page = text(client.get(reverse("offers:detail", args=[offer.pk])))
    assert "Odrzucona formalnie" in page
    # Shown rejected, but a read never writes: beat makes the transition.
    assert Offer.objects.get(pk=offer.pk).state == OfferState.RETURNED
    assert reverse("offers:start_correction", args=[offer.pk]) not in page
    response = client.post(reverse("offers:start_correction", args=[offer.pk]))
    assert response.status_code == 302
    assert not Offer.objects.filter(replaces=offer).exists()


def test_a_started_correction_cannot_be_continued_after_the_deadline(client, official, member, offer):
    offer = _return(official, offer)
    client.force_login(member)
    client.post(reverse("offers:start_correction", args=[offer.pk]))
    draft = Offer.objects.get(replaces=offer)
    Offer.objects.filter(pk=offer.pk).update(correction_deadline=timezone.now() - timedelta(minutes=1))
    response = client.get(reverse("offers:step", kwargs={"pk": draft.pk, "step": "task"}))
    assert response["Location"] == reverse("offers:detail", args=[offer.pk])
    assert Offer.objects.get(pk=offer.pk).state == OfferState.RETURNED  # shown rejected, not written
    page = text(client.get(reverse("offers:detail", args=[draft.pk])))
    assert re.search("can no longer be submitted|nie można już złożyć", page)
    assert reverse("offers:step", kwargs={"pk": draft.pk, "step": draft.resume_step}) not in page
    assert Offer.objects.get(pk=draft.pk).state == OfferState.DRAFT
