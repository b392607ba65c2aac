"""Tasks go through the real broker when one is configured (CI on Redis)."""

import os
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from portal.celery import app
from portal.tasks import clear_expired_sessions


@pytest.mark.django_db
def test_clear_expired_sessions_keeps_live_ones():
    now = timezone.now()
    Session.objects.create(session_key="old", session_data="", expire_date=now - timedelta(days=1))
    Session.objects.create(session_key="live", session_data="", expire_date=now + timedelta(days=1))
    assert clear_expired_sessions.delay().get() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]


def test_beat_schedule_names_real_tasks():
    app.loader.import_default_modules()
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks


@pytest.mark.skipif(not os.environ.get("CELERY_BROKER_URL"), reason="no CELERY_BROKER_URL: no broker to test")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the migration data for later tests
def test_a_task_runs_on_a_worker_through_the_broker(settings):
    from celery.contrib.testing.worker import start_worker

    app.conf.task_always_eager = False
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            result = clear_expired_sessions.delay()
            assert result.get(timeout=20) == 0
    finally:
        app.conf.task_always_eager = True
