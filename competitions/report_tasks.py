"""Scheduled jobs of contracts and reports (Celery beat) and the contract's PDF."""

from celery import shared_task


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=8)
def render_contract_pdf(self, contract_pk: int) -> bool:
    """Render the prepared contract's PDF into private storage (once)."""
    from .contract_documents import store_contract_pdf

    return store_contract_pdf(contract_pk)


@shared_task
def send_report_reminders(now=None) -> int:
    """Remind organisations of reports due in 7 days and tomorrow, and 1 and 7 days overdue.

    Runs daily (beat, 07:00); each reminder goes once per report (``Report.reminders_sent``).
    """
    from .report_services import send_report_reminders as send

    return send(now=now)
