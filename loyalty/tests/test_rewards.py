import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from loyalty.choices import Level
from loyalty.models import RewardClaim
from loyalty.rewards.services import (
    CLAIM_WINDOW_CLOSED,
    FIRST_EVALUATION_NEEDED,
    MONTHLY_LIMIT_REACHED,
    POOL_EMPTY,
    REWARD_WITHDRAWN,
    claim_cancel,
    reward_announce_due,
    reward_claim,
)
from notifications.models import Notification

from .factories import managed_facility, reward, with_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(make_user):
    return make_user()


@pytest.fixture
def facility(manager):
    return managed_facility(user=manager)


def _refusal(**kwargs) -> str:
    with pytest.raises(ValidationError) as refused:
        reward_claim(**kwargs)
    return refused.value.messages[0]


def test_a_facility_without_its_first_card_cannot_claim(manager, facility):
    assert _refusal(user=manager, facility=facility, reward=reward()) == str(FIRST_EVALUATION_NEEDED)


def test_a_lower_status_is_refused_and_a_higher_one_may_claim_lower_rewards(manager, facility):
    with_status(facility, Level.STANDARD, manager)
    assert _refusal(user=manager, facility=facility, reward=reward(min_status=Level.PREMIUM)) == (
        "Ta nagroda jest dla placówek o statusie PREMIUM lub wyższym."
    )
    vip_facility = managed_facility(user=manager)
    with_status(vip_facility, Level.VIP, manager)
    claim = reward_claim(user=manager, facility=vip_facility, reward=reward(min_status=Level.PREMIUM))
    assert claim.status_at_claim == Level.VIP


def test_a_claim_outside_the_window_or_on_a_withdrawn_reward_is_refused(manager, facility):
    with_status(facility, Level.VIP, manager)
    now = timezone.now()
    later = reward(
        claim_opens_at=now + datetime.timedelta(hours=1), claim_closes_at=now + datetime.timedelta(days=2)
    )
    past = reward(
        claim_opens_at=now - datetime.timedelta(days=2), claim_closes_at=now - datetime.timedelta(seconds=1)
    )
    assert _refusal(user=manager, facility=facility, reward=later) == str(CLAIM_WINDOW_CLOSED)
    assert _refusal(user=manager, facility=facility, reward=past) == str(CLAIM_WINDOW_CLOSED)
    assert _refusal(user=manager, facility=facility, reward=reward(is_withdrawn=True)) == str(
        REWARD_WITHDRAWN
    )
    assert not RewardClaim.objects.exists()


def test_the_monthly_limit_holds_and_a_cancelled_claim_frees_it(manager, facility):
    with_status(facility, Level.STANDARD, manager)
    once_a_month = reward(monthly_limit=1)
    claim = reward_claim(user=manager, facility=facility, reward=once_a_month)
    assert _refusal(user=manager, facility=facility, reward=once_a_month) == str(MONTHLY_LIMIT_REACHED)
    claim_cancel(user=manager, claim=claim)
    reward_claim(user=manager, facility=facility, reward=once_a_month)


def test_the_pool_runs_out_and_a_cancellation_returns_to_it(manager, facility, make_user):
    with_status(facility, Level.STANDARD, manager)
    small = reward(pool=1)
    claim = reward_claim(user=manager, facility=facility, reward=small)
    other_manager = make_user()
    other = managed_facility(user=other_manager)
    with_status(other, Level.STANDARD, other_manager)
    assert _refusal(user=other_manager, facility=other, reward=small) == str(POOL_EMPTY)
    claim_cancel(user=manager, claim=claim)
    reward_claim(user=other_manager, facility=other, reward=small)
    assert RewardClaim.objects.count() == 2  # the ledger keeps the cancelled claim


def test_a_status_that_drops_stops_claims(manager, facility):
    evaluation = with_status(facility, Level.PREMIUM, manager)
    premium = reward(min_status=Level.PREMIUM)
    reward_claim(user=manager, facility=facility, reward=premium)
    evaluation.status = Level.STANDARD  # an official's correction
    evaluation.save()
    assert "PREMIUM" in _refusal(user=manager, facility=facility, reward=premium)


def test_facilities_are_told_of_a_new_reward_they_may_claim(manager, facility, make_user):
    with_status(facility, Level.PREMIUM, manager)
    low_manager = make_user()
    with_status(managed_facility(user=low_manager), Level.STANDARD, low_manager)
    new = reward(name="Warsztaty robotyki", min_status=Level.PREMIUM)
    assert reward_announce_due() == [new]
    assert Notification.objects.filter(recipient=manager, event="loyalty.reward_available").count() == 1
    assert not Notification.objects.filter(recipient=low_manager).exists()
    assert reward_announce_due() == []  # once


def test_the_manager_claims_on_the_page_and_the_next_one_sees_it_gone(client, manager, facility, make_user):
    with_status(facility, Level.STANDARD, manager)
    small = reward(pool=1)
    client.force_login(manager)
    page = client.get(reverse("loyalty:rewards", args=[facility.pk])).content.decode()
    assert "1 z 1 dostępnych" in page
    response = client.post(reverse("loyalty:claim", args=[facility.pk, small.pk]), follow=True)
    assert "Nagroda zarezerwowana: Bilety do Centrum Nauki Kopernik" in response.content.decode()
    other_manager = make_user()
    other = managed_facility(user=other_manager)
    with_status(other, Level.STANDARD, other_manager)
    client.force_login(other_manager)
    page = client.get(reverse("loyalty:rewards", args=[other.pk])).content.decode()
    assert "Cała pula tej nagrody została już odebrana." in page
    response = client.post(reverse("loyalty:claim", args=[other.pk, small.pk]), follow=True)
    assert "Cała pula tej nagrody została już odebrana." in response.content.decode()
    assert RewardClaim.objects.count() == 1


def test_the_page_has_an_empty_state(client, manager, facility):
    client.force_login(manager)
    page = client.get(reverse("loyalty:rewards", args=[facility.pk])).content.decode()
    assert "Teraz nie można odebrać żadnej nagrody." in page


def test_a_stranger_cannot_claim_for_a_facility(client, make_user, facility):
    stranger = make_user()
    client.force_login(stranger)
    assert client.post(reverse("loyalty:claim", args=[facility.pk, reward().pk])).status_code == 403


def test_an_official_cancels_a_claim_but_does_not_claim_for_a_facility(manager, facility, make_user):
    from organisations.choices import Role

    with_status(facility, Level.STANDARD, manager)
    prize = reward(pool=1)
    claim = reward_claim(user=manager, facility=facility, reward=prize)
    official = make_user(Role.OFFICIAL)
    with pytest.raises(PermissionDenied):
        reward_claim(user=official, facility=facility, reward=prize)
    claim_cancel(user=official, claim=claim)
    with pytest.raises(ValidationError):
        claim_cancel(user=manager, claim=claim)


def _training(**kwargs):
    from loyalty.choices import RewardCategory
    from loyalty.models import TrainingSession

    training = reward(
        name="Szkolenie: komunikacja bez przemocy", category=RewardCategory.STAFF_TRAINING, **kwargs
    )
    soon = timezone.now() + datetime.timedelta(days=3)
    first = TrainingSession.objects.create(reward=training, starts_at=soon, venue="Sala 1", capacity=1)
    second = TrainingSession.objects.create(
        reward=training, starts_at=soon + datetime.timedelta(days=7), venue="Sala 2", capacity=5
    )
    return training, first, second


def test_a_training_is_claimed_for_a_session_with_a_free_seat(manager, facility, make_user):
    from loyalty.rewards.services import SESSION_FULL, SESSION_REQUIRED

    with_status(facility, Level.STANDARD, manager)
    training, first, second = _training()
    assert _refusal(user=manager, facility=facility, reward=training) == str(SESSION_REQUIRED)
    reward_claim(user=manager, facility=facility, reward=training, session=first)
    other_manager = make_user()
    other = managed_facility(user=other_manager)
    with_status(other, Level.STANDARD, other_manager)
    assert _refusal(user=other_manager, facility=other, reward=training, session=first) == str(SESSION_FULL)
    assert reward_claim(user=other_manager, facility=other, reward=training, session=second).session == second


def test_a_session_that_has_started_takes_no_one(manager, facility):
    from loyalty.rewards.services import SESSION_PAST

    with_status(facility, Level.STANDARD, manager)
    training, first, _second = _training()
    first.starts_at = timezone.now() - datetime.timedelta(minutes=1)
    first.save()
    assert _refusal(user=manager, facility=facility, reward=training, session=first) == str(SESSION_PAST)


def test_the_page_offers_the_sessions_and_registers_for_one(client, manager, facility):
    with_status(facility, Level.STANDARD, manager)
    training, _first, second = _training()
    client.force_login(manager)
    page = client.get(reverse("loyalty:rewards", args=[facility.pk])).content.decode()
    assert "Termin szkolenia" in page and "zajęte miejsca: 0 z 5" in page
    client.post(reverse("loyalty:claim", args=[facility.pk, training.pk]), {"session": second.pk})
    assert RewardClaim.objects.get().session == second
    page = client.get(reverse("loyalty:rewards", args=[facility.pk])).content.decode()
    assert "zajęte miejsca: 1 z 5" in page and "Sala 2" in page
