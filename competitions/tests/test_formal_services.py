"""The formal check as a service: outcomes, who may record it, bad input, corrections, late corrections."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from competitions import formal_services, offer_documents, tasks
from competitions.choices import CompetitionState, FormalOutcome, OfferState
from competitions.models import Competition, FormalCheck, Offer, OfferTransition
from competitions.tests.formal_helpers import answers, close, competition_with_checklist, submitted_offer
from competitions.tests.offer_helpers import ngo_member
from notifications.models import Notification
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
    return Offer.objects.get(pk=offer.pk)


def returned(official, offer, steps=("task",), **kwargs):
    return formal_services.formal_check(
        user=official,
        offer=offer,
        answers=answers(offer.competition, met=False),
        outcome=FormalOutcome.RETURNED,
        gaps="Brak podpisu\nBłędny opis zadania",
        steps=list(steps),
        **kwargs,
    )


def test_an_official_accepts_an_offer_formally_and_the_organisation_is_told(
    official, member, offer, committed
):
    with committed():
        check = formal_services.formal_check(
            user=official, offer=offer, answers=answers(offer.competition), outcome=FormalOutcome.CORRECT
        )
    offer.refresh_from_db()
    assert offer.state == OfferState.FORMALLY_CORRECT
    assert check.checked_by == official and all(a["met"] for a in check.answers.values())
    log = OfferTransition.objects.filter(offer=offer).last()
    assert (log.source, log.target, log.by) == (OfferState.SUBMITTED, OfferState.FORMALLY_CORRECT, official)
    note = Notification.objects.get(recipient=member)
    assert offer.number in note.title
    assert any(member.email in message.to for message in mail.outbox if offer.number in message.subject)


def test_returning_sets_the_gaps_steps_and_a_default_deadline_at_the_end_of_the_7th_day(
    official, member, offer, committed
):
    with committed():
        check = returned(official, offer, steps=("task", "costs"))
    offer.refresh_from_db()
    assert offer.state == OfferState.RETURNED
    assert offer.correction_steps == ["task", "costs"]
    local = timezone.localtime(offer.correction_deadline)
    assert local.date() == timezone.localdate() + timedelta(days=7)
    assert (local.hour, local.minute) == (23, 59)
    assert check.gaps == "Brak podpisu\nBłędny opis zadania"
    assert OfferTransition.objects.filter(offer=offer).last().comment == check.gaps
    note = Notification.objects.get(recipient=member)
    assert "Brak podpisu" in note.body
    assert local.strftime("%d.%m.%Y %H:%M") in note.body
    assert any("Brak podpisu" in message.body for message in mail.outbox)


def test_a_chosen_deadline_is_the_end_of_that_day_in_warsaw(official, offer):
    day = timezone.localdate() + timedelta(days=3)
    returned(official, offer, correction_deadline=day)
    offer.refresh_from_db()
    assert timezone.localtime(offer.correction_deadline).date() == day


def test_rejecting_needs_a_reason_which_reaches_the_organisation(official, member, offer):
    with pytest.raises(ValidationError, match=re.compile("reason|powód", re.I)):
        formal_services.formal_check(
            user=official, offer=offer, answers=answers(offer.competition), outcome=FormalOutcome.REJECTED
        )
    formal_services.formal_check(
        user=official,
        offer=offer,
        answers=answers(offer.competition, met=False),
        outcome=FormalOutcome.REJECTED,
        reason="Podmiot nieuprawniony",
    )
    offer.refresh_from_db()
    assert offer.state == OfferState.FORMALLY_REJECTED
    assert "Podmiot nieuprawniony" in Notification.objects.get(recipient=member).body


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"outcome": "correct", "met": None}, "Answer every item|Odpowiedz"),
        ({"outcome": "correct", "met": False}, "requirement is not met|nie jest spełniony"),
        ({"outcome": "maybe"}, "Choose the outcome|Wybierz"),
        ({"outcome": "returned", "gaps": " \n "}, "List the gaps|Wypisz"),
        ({"outcome": "returned", "gaps": "x", "steps": []}, "at least one part|co najmniej jedn"),
        ({"outcome": "returned", "gaps": "x", "steps": ["summary"]}, "no part|nie ma części"),
        ({"outcome": "returned", "gaps": "x", "steps": ["task"], "deadline": "past"}, "future|przyszło"),
        ({"outcome": "rejected", "reason": "  "}, "reason|powód"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(official, offer, kwargs, message):
    met = kwargs.get("met", True)
    given = answers(offer.competition, met=bool(met))
    if met is None:
        given.pop(next(iter(given)))
    deadline = timezone.localdate() - timedelta(days=1) if kwargs.get("deadline") == "past" else None
    with pytest.raises(ValidationError) as error:
        formal_services.formal_check(
            user=official,
            offer=offer,
            answers=given,
            outcome=kwargs["outcome"],
            gaps=kwargs.get("gaps", ""),
            steps=kwargs.get("steps", ()),
            correction_deadline=deadline,
            reason=kwargs.get("reason", ""),
        )
    assert re.search(message, " ".join(error.value.messages), re.I)
    offer.refresh_from_db()
    assert offer.state == OfferState.SUBMITTED
    assert not FormalCheck.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize("who", ["committee", "own_member", "other_member", "anonymous"])
def test_only_officials_record_the_formal_check(make_user, member, offer, who):
    from django.contrib.auth.models import AnonymousUser

    committee = make_user(Role.COMMITTEE_MEMBER)
    offer.competition.committee.add(committee)
    user = {
        "committee": committee,
        "own_member": member,
        "other_member": ngo_member(make_user),
        "anonymous": AnonymousUser(),
    }[who]
    for outcome in FormalOutcome.values:
        with pytest.raises(PermissionDenied):
            formal_services.formal_check(
                user=user, offer=offer, answers=answers(offer.competition), outcome=outcome, reason="x"
            )
    offer.refresh_from_db()
    assert offer.state == OfferState.SUBMITTED


def test_an_announced_competition_is_not_checked_yet(client, official, member, competition):
    offer = submitted_offer(client, member, competition)
    with pytest.raises(ValidationError, match="closed|zamknięt"):
        formal_services.formal_check(
            user=official, offer=offer, answers=answers(competition), outcome=FormalOutcome.CORRECT
        )
    assert Offer.objects.get(pk=offer.pk).state == OfferState.SUBMITTED


@pytest.mark.parametrize("state", [OfferState.DRAFT, OfferState.WITHDRAWN, OfferState.GRANTED])
def test_only_a_submitted_offer_is_checked(official, offer, state):
    Offer.objects.filter(pk=offer.pk).update(state=state)
    offer = Offer.objects.get(pk=offer.pk)
    with pytest.raises(ValidationError):
        formal_services.formal_check(
            user=official, offer=offer, answers=answers(offer.competition), outcome=FormalOutcome.CORRECT
        )
    assert Offer.objects.get(pk=offer.pk).state == state


def test_a_second_check_by_another_official_meanwhile_is_refused(make_user, official, offer):
    other = make_user(Role.OFFICIAL)
    stale = Offer.objects.get(pk=offer.pk)  # both opened the screen at the same revision
    formal_services.formal_check(
        user=official,
        offer=offer,
        answers=answers(offer.competition),
        outcome=FormalOutcome.CORRECT,
        revision=stale.revision,
    )
    with pytest.raises(ValidationError, match="meanwhile|w międzyczasie"):
        formal_services.formal_check(
            user=other,
            offer=stale,
            answers=answers(offer.competition),
            outcome=FormalOutcome.REJECTED,
            reason="x",
            revision=stale.revision,
        )
    assert Offer.objects.get(pk=offer.pk).state == OfferState.FORMALLY_CORRECT
    assert FormalCheck.objects.count() == 1


def test_a_correction_makes_version_2_with_a_new_checksum_and_pdf(
    official, member, offer, committed, make_user
):
    offer_documents.store_submitted_pdf(offer.pk)  # version 1 as submitted, with its PDF
    offer.refresh_from_db()
    returned(official, offer, steps=("task",))
    draft = formal_services.start_correction(user=member, offer=offer)
    assert formal_services.start_correction(user=member, offer=offer) == draft  # the same draft again
    assert (draft.version, draft.replaces, draft.state) == (2, offer, OfferState.DRAFT)
    assert draft.correction_steps == ["task"]
    assert draft.attachments.count() == offer.attachments.count() == 1
    content = dict(draft.content)
    content["task"] = {**content["task"], "description": "Półkolonie dla 80 dzieci z Pragi."}
    Offer.objects.filter(pk=draft.pk).update(content=content)
    mail.outbox.clear()
    with committed():
        new = formal_services.submit_correction(user=member, draft=draft)
    offer.refresh_from_db()
    new.refresh_from_db()
    assert offer.state == OfferState.CORRECTED
    assert new.state == OfferState.SUBMITTED
    assert new.number == offer.number and new.version == 2
    assert new.checksum and new.checksum != offer.checksum
    assert new.pdf and new.pdf.name != offer.pdf.name
    assert offer.pdf.open("rb").read(4) == b"%PDF"  # version 1 stays readable
    assert [t.target for t in OfferTransition.objects.filter(offer=new)] == [OfferState.SUBMITTED]
    assert Notification.objects.filter(recipient=official, event="offer.correction_submitted").exists()
    assert Notification.objects.filter(recipient=member, event="offer.correction_submitted").exists()
    diff = formal_services.offer_diff(offer, new)
    assert [step.step for step in diff] == ["task"]
    change = diff[0].changes[0]
    assert "80 dzieci" in change.new and "60 dzieci" in change.old
    assert re.search("description|opis", change.label, re.I)
    # The corrected version goes back to the formal check.
    formal_services.formal_check(
        user=official, offer=new, answers=answers(new.competition), outcome=FormalOutcome.CORRECT
    )
    timeline = formal_services.offer_timeline(new)
    assert [(e.version, e.target) for e in timeline][-4:] == [
        (1, str(OfferState.RETURNED.label)),
        (1, str(OfferState.CORRECTED.label)),
        (2, str(OfferState.SUBMITTED.label)),
        (2, str(OfferState.FORMALLY_CORRECT.label)),
    ]


def test_changing_a_step_that_was_not_flagged_is_refused_naming_the_step(official, member, offer):
    returned(official, offer, steps=("task",))
    draft = formal_services.start_correction(user=member, offer=offer)
    content = dict(draft.content)
    content["basic"] = {**content["basic"], "title": "Inny tytuł"}
    Offer.objects.filter(pk=draft.pk).update(content=content)
    with pytest.raises(ValidationError, match="Basic information|Podstawowe informacje"):
        formal_services.submit_correction(user=member, draft=draft)
    with pytest.raises(ValidationError, match="cannot be changed|nie można"):
        formal_services.correction_save_step(
            user=member, draft=draft, step="basic", cleaned={"title": "x"}, raw={}, revision=draft.revision
        )
    assert Offer.objects.get(pk=offer.pk).state == OfferState.RETURNED


@pytest.mark.parametrize("who", ["official", "other_member", "committee"])
def test_only_the_organisation_corrects_its_offer(make_user, official, offer, who):
    returned(official, offer)
    committee = make_user(Role.COMMITTEE_MEMBER)
    user = {"official": official, "other_member": ngo_member(make_user), "committee": committee}[who]
    with pytest.raises(PermissionDenied):
        formal_services.start_correction(user=user, offer=offer)
    assert not Offer.objects.filter(replaces=offer).exists()


def test_a_correction_after_the_deadline_is_refused_and_the_beat_rejects_the_offer(
    official, member, offer, committed
):
    returned(official, offer)
    draft = formal_services.start_correction(user=member, offer=offer)
    Offer.objects.filter(pk=offer.pk).update(correction_deadline=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError, match="passed|minął"):
        formal_services.submit_correction(user=member, draft=draft)
    with pytest.raises(ValidationError, match="passed|minął"):
        formal_services.start_correction(user=member, offer=Offer.objects.get(pk=offer.pk))
    Notification.objects.all().delete()
    with committed():
        assert tasks.reject_late_corrections.delay().get() == 1
    offer.refresh_from_db()
    assert offer.state == OfferState.FORMALLY_REJECTED
    log = OfferTransition.objects.filter(offer=offer).last()
    assert log.by is None and re.search("not made in time|nie została", log.comment)
    assert Notification.objects.get(recipient=member).event == "offer.formal_rejected"
    assert formal_services.reject_late_corrections() == 0  # nothing twice


def test_a_correction_is_accepted_up_to_the_last_second(official, member, offer):
    returned(official, offer, correction_deadline=date.today() + timedelta(days=1))
    offer.refresh_from_db()
    draft = formal_services.start_correction(user=member, offer=offer)
    new = formal_services.submit_correction(user=member, draft=draft, now=offer.correction_deadline)
    assert new.state == OfferState.SUBMITTED
    assert formal_services.reject_late_corrections(now=offer.correction_deadline + timedelta(seconds=1)) == 0


def test_a_competition_past_its_deadline_is_closed_on_the_check(client, official, member, competition):
    offer = submitted_offer(client, member, competition)
    Competition.objects.filter(pk=competition.pk).update(offer_deadline=timezone.now() - timedelta(seconds=1))
    formal_services.formal_check(
        user=official, offer=offer, answers=answers(competition), outcome=FormalOutcome.CORRECT
    )
    assert Competition.objects.get(pk=competition.pk).state == CompetitionState.CLOSED
