"""E-mail about an erased account. Its own module (listed in ``CELERY_IMPORTS``) because the
address it writes to no longer exists in the database when the task runs."""

from celery import shared_task
from django.conf import settings

from portal.emails import absolute_url, send_templated_email


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=8, ignore_result=True)
def send_account_erased(email: str, language: str = "pl") -> None:
    """Confirm to the old address that the account was erased (the address is not stored)."""
    send_templated_email(
        to=[email],
        template="accounts/personal_data_email_erased",
        context={"site": absolute_url("/"), "contact": settings.SECURITY_CONTACT_EMAIL},
        language=language,
    )
