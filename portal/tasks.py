"""Housekeeping run by Celery beat."""

from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog
from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone


@shared_task
def clear_expired_sessions() -> int:
    """Delete sessions past their expiry date so the table does not grow forever."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task
def prune_login_attempts(days: int = 30) -> int:
    """Forget failed-login records older than `days`; recent ones still throttle."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()
    logs, _ = AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()
    return deleted + logs
