"""Celery entry points of the loyalty programme; the work is in the stages' services."""

from celery import shared_task

from .evaluation.rounds import round_close_due, round_open_due, round_plan, round_remind_due
from .rewards.services import reward_announce_due


@shared_task
def advance_rounds() -> dict:
    """Beat: close due rounds, open due ones, remind the late, and plan the next September and March."""
    closed = round_close_due()
    opened = round_open_due()
    reminded = round_remind_due()
    planned = round_plan()
    return {"closed": len(closed), "opened": len(opened), "reminded": len(reminded), "planned": len(planned)}


@shared_task
def announce_rewards() -> int:
    """Beat: tell facilities of rewards whose claim window has opened."""
    return len(reward_announce_due())
