"""Every allowed and every refused transition of a competition, with its log."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from competitions import services
from competitions.choices import CompetitionMode, CompetitionState
from competitions.models import Competition, CompetitionTransition
from competitions.tests.factories import CompetitionFactory
from organisations.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(make_user):
    return make_user(Role.OFFICIAL)


def announced(official, **fields):
    competition = CompetitionFactory(**fields)
    return services.competition_announce(user=official, competition=competition)


def test_an_official_announces_a_competition_21_days_ahead_and_it_is_logged(official):
    competition = CompetitionFactory(offer_deadline=timezone.now() + timedelta(days=21, minutes=1))
    services.competition_announce(user=official, competition=competition, comment="Zarządzenie nr 1/2027")
    competition.refresh_from_db()
    assert competition.state == CompetitionState.ANNOUNCED
    assert competition.announced_at is not None
    log = CompetitionTransition.objects.get(competition=competition)
    assert (log.source, log.target, log.by, log.comment) == (
        "draft",
        "announced",
        official,
        "Zarządzenie nr 1/2027",
    )


def test_announcing_with_a_deadline_under_21_days_is_refused_with_the_earliest_date(official):
    competition = CompetitionFactory(offer_deadline=timezone.now() + timedelta(days=20, hours=23))
    with pytest.raises(ValidationError) as refused:
        services.competition_announce(user=official, competition=competition)
    assert "21" in str(refused.value.messages[0])
    assert Competition.objects.get(pk=competition.pk).state == CompetitionState.DRAFT
    assert not CompetitionTransition.objects.exists()


def test_announcing_with_a_past_deadline_is_refused(official):
    competition = CompetitionFactory(offer_deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError):
        services.competition_announce(user=official, competition=competition)


def test_a_small_grant_call_may_close_sooner_than_21_days(official):
    competition = CompetitionFactory(
        mode=CompetitionMode.SMALL_GRANT, max_grant=10000, offer_deadline=timezone.now() + timedelta(days=7)
    )
    services.competition_announce(user=official, competition=competition)
    assert competition.state == CompetitionState.ANNOUNCED


def test_an_announced_competition_cannot_be_announced_again(official):
    competition = announced(official)
    with pytest.raises(ValidationError):
        services.competition_announce(user=official, competition=competition)


@pytest.mark.parametrize(
    "role", [Role.EDITOR, Role.COMMITTEE_MEMBER, Role.NGO_MEMBER, Role.MONITORING_ADMIN, None]
)
def test_only_officials_announce_and_cancel(make_user, role):
    competition = CompetitionFactory()
    user = make_user(role)
    with pytest.raises(PermissionDenied):
        services.competition_announce(user=user, competition=competition)
    with pytest.raises(PermissionDenied):
        services.competition_cancel(user=user, competition=competition, reason="Brak środków")


def test_closing_before_the_deadline_is_refused(official):
    competition = announced(official)
    with pytest.raises(ValidationError):
        services.competition_close(competition=competition, user=official)
    assert Competition.objects.get(pk=competition.pk).state == CompetitionState.ANNOUNCED


def test_the_beat_task_closes_competitions_past_their_deadline(official):
    open_one = announced(official)
    late = announced(official)
    Competition.objects.filter(pk=late.pk).update(offer_deadline=timezone.now() - timedelta(seconds=1))
    from competitions.tasks import close_competitions_past_deadline

    assert close_competitions_past_deadline.delay().get() == 1
    assert Competition.objects.get(pk=late.pk).state == CompetitionState.CLOSED
    assert Competition.objects.get(pk=open_one.pk).state == CompetitionState.ANNOUNCED
    log = CompetitionTransition.objects.filter(competition=late).last()
    assert (log.source, log.target, log.by) == ("announced", "closed", None)
    assert "automatycznie" in log.comment or "automatically" in log.comment


def test_a_page_closes_a_competition_on_access_when_the_beat_is_late(official):
    competition = announced(official)
    Competition.objects.filter(pk=competition.pk).update(offer_deadline=timezone.now() - timedelta(seconds=1))
    competition = Competition.objects.get(pk=competition.pk)
    assert services.competition_close_if_expired(competition).state == CompetitionState.CLOSED


@pytest.mark.parametrize("state", ["draft", "announced", "closed"])
def test_cancelling_before_results_needs_a_reason_and_is_logged(official, state):
    competition = CompetitionFactory() if state == "draft" else announced(official)
    if state == "closed":
        Competition.objects.filter(pk=competition.pk).update(
            offer_deadline=timezone.now() - timedelta(seconds=1)
        )
        competition = services.competition_close(competition=Competition.objects.get(pk=competition.pk))
    with pytest.raises(ValidationError):
        services.competition_cancel(user=official, competition=competition, reason=" ")
    services.competition_cancel(user=official, competition=competition, reason="Zmiana uchwały budżetowej.")
    competition.refresh_from_db()
    assert competition.state == CompetitionState.CANCELLED
    assert competition.cancellation_reason == "Zmiana uchwały budżetowej."
    assert CompetitionTransition.objects.filter(competition=competition).last().target == "cancelled"


def test_a_cancelled_competition_cannot_be_cancelled_again_or_announced(official):
    competition = CompetitionFactory()
    services.competition_cancel(user=official, competition=competition, reason="Błąd w ogłoszeniu.")
    with pytest.raises(ValidationError):
        services.competition_cancel(user=official, competition=competition, reason="Jeszcze raz.")
    with pytest.raises(ValidationError):
        services.competition_announce(user=official, competition=competition)


def test_a_closed_competition_cannot_be_reopened(official):
    competition = announced(official)
    Competition.objects.filter(pk=competition.pk).update(offer_deadline=timezone.now() - timedelta(seconds=1))
    competition = services.competition_close(competition=Competition.objects.get(pk=competition.pk))
    with pytest.raises(ValidationError):
        services.competition_announce(user=official, competition=competition)


def test_two_officials_acting_at_once_cannot_both_succeed(official, make_user):
    competition = announced(official)
    first = Competition.objects.get(pk=competition.pk)
    second = Competition.objects.get(pk=competition.pk)
    services.competition_cancel(user=official, competition=first, reason="Pierwszy urzędnik.")
    with pytest.raises(ValidationError) as refused:
        services.competition_cancel(
            user=make_user(Role.OFFICIAL), competition=second, reason="Drugi urzędnik."
        )
    assert refused.value.code in ("concurrent", "not_allowed")
    assert Competition.objects.get(pk=competition.pk).cancellation_reason == "Pierwszy urzędnik."


def test_the_rules_of_a_small_grant_are_checked():
    competition = CompetitionFactory.build(
        mode=CompetitionMode.SMALL_GRANT,
        max_grant=12000,
        sphere_id=1,
        implementation_start=timezone.localdate(),
        implementation_end=timezone.localdate() + timedelta(days=90),
    )
    with pytest.raises(ValidationError) as invalid:
        competition.clean()
    assert set(invalid.value.message_dict) == {"max_grant", "implementation_end"}
