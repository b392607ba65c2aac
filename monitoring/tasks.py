"""Scheduled work of the monitoring base (Celery beat)."""

import logging

from celery import shared_task

from .participants.retention import participants_anonymise_expired

logger = logging.getLogger(__name__)


@shared_task
def anonymise_expired_participants() -> int:
    """Daily: anonymise participants whose projects all ended more than the retention period ago."""
    count = participants_anonymise_expired()
    if count:
        logger.info("Anonymised %s monitoring participants", count)
    return count
