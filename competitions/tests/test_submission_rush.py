"""Offer PDFs wait while offers are being submitted, within limits."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.utils import timezone

from competitions import offer_services, submission_rush


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


class Clock:
    """A clock that moves only when the code under test sleeps."""

    def __init__(self, on_sleep=None):
        self.at = timezone.now()
        self.on_sleep = on_sleep
        self.sleeps = 0

    def now(self):
        return self.at

    def sleep(self, seconds):
        self.at += timedelta(seconds=seconds)
        self.sleeps += 1
        if self.on_sleep:
            self.on_sleep(self)


def test_a_pdf_is_not_held_when_nobody_is_submitting():
    clock = Clock()
    assert submission_rush.hold_while_submitting(clock.now(), now=clock.now, sleep=clock.sleep) == 0
    assert clock.sleeps == 0


def test_a_pdf_waits_until_the_submissions_stop():
    submission_rush.note_submission()

    def rush_ends_after_a_second(clock):
        if clock.sleeps == 4:
            cache.delete(submission_rush.SUBMITTING_KEY)

    clock = Clock(rush_ends_after_a_second)
    waited = submission_rush.hold_while_submitting(clock.now(), now=clock.now, sleep=clock.sleep)
    assert waited == pytest.approx(4 * submission_rush.POLL_SECONDS)


def test_a_pdf_is_never_held_longer_than_a_minute_after_its_submission():
    clock = Clock(lambda clock: submission_rush.note_submission())  # offers keep coming
    submitted_at = clock.now() - timedelta(seconds=50)
    submission_rush.note_submission()
    waited = submission_rush.hold_while_submitting(submitted_at, now=clock.now, sleep=clock.sleep)
    assert 9.5 <= waited <= 10.25
    assert clock.now() >= submitted_at + submission_rush.MAX_HOLD


def test_the_mark_expires_a_second_after_the_last_submission():
    with mock.patch.object(cache, "set") as cache_set:
        submission_rush.note_submission()
    cache_set.assert_called_once_with(submission_rush.SUBMITTING_KEY, True, 1)


def test_queuing_a_pdf_notes_the_submission():
    with mock.patch("competitions.tasks.render_submitted_offer.delay") as delay:
        offer_services.queue_offer_documents(7)
    delay.assert_called_once_with(7)
    assert cache.get(submission_rush.SUBMITTING_KEY)


def test_a_cache_outage_does_not_stop_the_pdf_being_queued():
    with (
        mock.patch.object(cache, "set", side_effect=ConnectionError("cache down")),
        mock.patch("competitions.tasks.render_submitted_offer.delay") as delay,
    ):
        offer_services.queue_offer_documents(7)
    delay.assert_called_once_with(7)


@pytest.mark.django_db
def test_a_worker_task_waits_but_a_task_run_in_the_web_process_does_not(monkeypatch):
    from competitions import tasks

    held = []
    monkeypatch.setattr(submission_rush, "hold_while_submitting", lambda at: held.append(at) or 0.0)
    monkeypatch.setattr("competitions.offer_documents.store_submitted_pdf", lambda pk: False)
    tasks.render_submitted_offer.apply(args=(0,))  # eager, as in the web process without a broker
    assert held == []
    task = tasks.render_submitted_offer
    task.push_request(is_eager=False)  # as a worker runs it
    try:
        task.run(0)
    finally:
        task.pop_request()
    assert held == [None]
