"""Scheduled jobs of competitions (Celery beat)."""

from celery import shared_task

from . import services


@shared_task
def close_competitions_past_deadline() -> int:
    """Close competitions whose deadline for offers has passed."""
    return services.competitions_close_expired()
