"""Rounds open and close at their instants in Warsaw time, by the beat task only."""

import datetime

import pytest
from django.urls import reverse

from loyalty.choices import Level, RoundState
from loyalty.evaluation.rounds import (
    round_close_due,
    round_open_due,
    round_plan,
    round_remind_due,
    round_window,
)
from loyalty.evaluation.services import evaluation_save
from loyalty.models import Category, Criterion, EvaluationRound, StatusRule
from loyalty.tasks import advance_rounds
from notifications.models import Notification

from .factories import managed_facility

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def _scheduled_september():
    opens, closes = round_window(year=2026, month=9)
    return EvaluationRound.objects.create(name="wrzesień 2026", opens_at=opens, closes_at=closes)


def test_september_runs_from_midnight_warsaw_time():
    opens, closes = round_window(year=2026, month=9)
    # Summer time: midnight in Warsaw is 22:00 UTC the day before.
    assert opens == datetime.datetime(2026, 8, 31, 22, 0, tzinfo=UTC)
    assert closes == datetime.datetime(2026, 9, 30, 22, 0, tzinfo=UTC)
    opens, closes = round_window(year=2027, month=3)
    # Winter time at the opening, summer time (from 28 March) at the closing.
    assert opens == datetime.datetime(2027, 2, 28, 23, 0, tzinfo=UTC)
    assert closes == datetime.datetime(2027, 3, 31, 22, 0, tzinfo=UTC)


def test_a_round_opens_at_its_instant_not_a_second_before():
    round_ = _scheduled_september()
    assert round_open_due(now=datetime.datetime(2026, 8, 31, 21, 59, 59, tzinfo=UTC)) == []
    round_.refresh_from_db()
    assert round_.state == RoundState.SCHEDULED
    assert round_open_due(now=datetime.datetime(2026, 8, 31, 22, 0, tzinfo=UTC)) == [round_]
    round_.refresh_from_db()
    assert round_.state == RoundState.OPEN
    assert round_open_due(now=datetime.datetime(2026, 8, 31, 22, 1, tzinfo=UTC)) == []  # once


def test_a_round_closes_at_its_instant():
    round_ = _scheduled_september()
    round_open_due(now=round_.opens_at)
    assert round_close_due(now=round_.closes_at - datetime.timedelta(seconds=1)) == []
    assert round_close_due(now=round_.closes_at) == [round_]
    round_.refresh_from_db()
    assert round_.state == RoundState.CLOSED


def test_opening_tells_the_managers(make_user):
    manager = make_user()
    facility = managed_facility(user=manager)
    round_ = _scheduled_september()
    round_open_due(now=round_.opens_at)
    notice = Notification.objects.get(recipient=manager, event="loyalty.round_opened")
    assert facility.name in notice.title and "wrzesień 2026" in notice.title


def test_a_page_view_never_opens_a_round(client, make_user):
    manager = make_user()
    facility = managed_facility(user=manager)
    opens, closes = round_window(year=2020, month=9)
    round_ = EvaluationRound.objects.create(name="wrzesień 2020", opens_at=opens, closes_at=closes)
    client.force_login(manager)
    client.get(reverse("loyalty:facility", args=[facility.pk]))
    client.get(reverse("loyalty:card", args=[facility.pk]))
    round_.refresh_from_db()
    assert round_.state == RoundState.SCHEDULED


def test_the_beat_task_plans_september_and_march():
    created = round_plan(now=datetime.datetime(2026, 7, 1, tzinfo=UTC))
    assert sorted(r.name for r in created) == ["marzec 2027", "wrzesień 2026"]
    assert round_plan(now=datetime.datetime(2026, 7, 2, tzinfo=UTC)) == []
    assert set(advance_rounds.delay().get()) == {"closed", "opened", "reminded", "planned"}


def _answers(premium: int) -> dict[int, bool]:
    answers = {}
    for level, n in ((Level.STANDARD, 11), (Level.PREMIUM, premium), (Level.VIP, 0)):
        pks = Criterion.objects.filter(level=level).order_by("pk").values_list("pk", flat=True)
        answers.update({pk: i < n for i, pk in enumerate(pks)})
    return answers


def test_a_rule_change_takes_effect_in_the_next_round_only(make_user):
    manager = make_user()
    facility = managed_facility(user=manager)
    notes = {c.pk: "Projekt" for c in Category.objects.all()}
    september = _scheduled_september()
    round_open_due(now=september.opens_at)
    # The city raises the bar for PREMIUM while September is open.
    StatusRule.objects.create(standard_min=11, premium_min=14, vip_min=11)
    evaluation = evaluation_save(
        user=manager, facility=facility, answers=_answers(12), notes=notes, declare=True
    )
    assert (evaluation.round, evaluation.status, evaluation.premium_min) == (september, Level.PREMIUM, 12)
    round_close_due(now=september.closes_at)
    opens, closes = round_window(year=2027, month=3)
    march = EvaluationRound.objects.create(name="marzec 2027", opens_at=opens, closes_at=closes)
    round_open_due(now=opens)
    evaluation = evaluation_save(
        user=manager, facility=facility, answers=_answers(12), notes=notes, declare=True
    )
    assert (evaluation.round, evaluation.status, evaluation.premium_min) == (march, Level.STANDARD, 14)


def test_a_week_before_closing_only_the_facilities_that_have_not_declared_are_reminded(make_user):
    late_manager, done_manager = make_user(), make_user()
    late = managed_facility(user=late_manager)
    done = managed_facility(user=done_manager)
    september = _scheduled_september()
    round_open_due(now=september.opens_at)
    notes = {c.pk: "Projekt" for c in Category.objects.all()}
    evaluation_save(user=done_manager, facility=done, answers=_answers(12), notes=notes, declare=True)
    week_before = september.closes_at - datetime.timedelta(days=7)
    assert round_remind_due(now=week_before - datetime.timedelta(seconds=1)) == []
    assert round_remind_due(now=week_before) == [september]
    reminder = Notification.objects.get(event="loyalty.round_reminder")
    assert reminder.recipient == late_manager and late.name in reminder.title
    assert round_remind_due(now=week_before + datetime.timedelta(hours=1)) == []  # once
