"""Scheduled jobs of competitions (Celery beat)."""

from celery import shared_task

from . import services
from .formal_tasks import *  # noqa: F403  (Celery discovers tasks.py only)
from .report_tasks import *  # noqa: F403


@shared_task
def close_competitions_past_deadline() -> int:
    """Close competitions whose deadline for offers has passed."""
    return services.competitions_close_expired()


# ignore_result: nobody waits for these. With a result backend, each .delay() would otherwise
# subscribe the submitting web process to the task's result channel (a Redis round trip per
# submission, and subscriptions piling up in every web worker) and the worker would store results.
@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=8, ignore_result=True)
def render_submitted_offer(self, offer_pk: int) -> None:
    """Render the submitted offer's PDF into private storage, then e-mail the confirmation."""
    from . import offer_documents
    from .models import Offer
    from .submission_rush import hold_while_submitting

    if not self.request.is_eager:  # run in the web process itself (no broker): nothing to yield to
        submitted_at = Offer.objects.filter(pk=offer_pk).values_list("submitted_at", flat=True).first()
        hold_while_submitting(submitted_at)
    # The confirmation goes out once, with the PDF that this task stored.
    if offer_documents.store_submitted_pdf(offer_pk):
        send_offer_confirmation.delay(offer_pk)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=8, ignore_result=True)
def send_offer_confirmation(offer_pk: int) -> None:
    from . import offer_documents

    offer_documents.send_confirmation(offer_pk)


@shared_task
def render_missing_offer_pdfs() -> int:
    """Finish submissions whose PDF could not be queued (e.g. the broker was down)."""
    from datetime import timedelta

    from django.utils import timezone

    from .models import Offer

    # Only offers waiting well past a normal queue, so ones still queued are not queued twice.
    stale = timezone.now() - timedelta(minutes=10)
    pending = list(
        Offer.objects.filter(state="submitted", pdf="", submitted_at__lt=stale).values_list("pk", flat=True)[
            :50
        ]
    )
    for pk in pending:
        render_submitted_offer.delay(pk)
    return len(pending)
