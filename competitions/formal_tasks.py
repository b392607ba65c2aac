"""Scheduled jobs of the formal check (Celery beat)."""

from celery import shared_task


@shared_task
def reject_late_corrections() -> int:
    """Reject formally the returned offers whose correction deadline has passed (every minute)."""
    from . import formal_services

    return formal_services.reject_late_corrections()
