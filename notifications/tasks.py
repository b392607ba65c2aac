from celery import shared_task
from django.utils import timezone

from portal.emails import absolute_url, send_templated_email

from .models import Notification


@shared_task(ignore_result=True)
def send_notification_emails(pks: list[int]) -> None:
    """E-mail each notification once (``emailed_at`` guards against a repeated task)."""
    for notification in Notification.objects.filter(pk__in=pks, emailed_at__isnull=True).select_related(
        "recipient"
    ):
        if not notification.recipient.email:
            continue
        send_templated_email(
            template="notifications/email/notification",
            to=[notification.recipient.email],
            context={
                "notification": notification,
                "link": absolute_url(notification.url) if notification.url else "",
            },
        )
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
