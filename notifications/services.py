"""The one notification dispatcher: every workflow event reaches people through ``notify``.

``notify`` writes the on-site feed entries in the caller's transaction and queues
the e-mails on commit (``tasks.send_notification_emails``), so a refused or rolled
back transition never notifies anyone, and a broker outage never undoes one.
"""

import logging

from django.db import transaction
from django.utils import timezone, translation

from .models import Notification

logger = logging.getLogger(__name__)


def notify(*, recipients, event: str, title: str, body: str = "", url: str = "", email: bool = True) -> list:
    """Add ``title``/``body`` to each recipient's feed and e-mail it after commit.

    ``recipients``: users (duplicates and inactive accounts are skipped). ``title`` and
    ``body`` are rendered in Polish, the interface's first language, when lazy.
    ``url``: a path on this site; the e-mail makes it absolute.
    """
    with translation.override("pl"):
        title, body = str(title), str(body)
    seen, notifications = set(), []
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        notifications.append(Notification(recipient=user, event=event, title=title[:300], body=body, url=url))
    created = Notification.objects.bulk_create(notifications)
    if email and created:
        pks = [n.pk for n in created]
        transaction.on_commit(lambda: _queue_emails(pks))
    return created


def _queue_emails(pks: list[int]) -> None:
    from .tasks import send_notification_emails

    try:
        send_notification_emails.delay(pks)
    except Exception:  # the broker is down: the feed has it, and the beat task retries
        logger.warning("Could not queue notification e-mails %s", pks, exc_info=True)


def mark_read(*, user, pks=None) -> int:
    """Mark the user's notifications (all, or ``pks``) as read; returns how many changed."""
    unread = Notification.objects.filter(recipient=user).unread()
    if pks is not None:
        unread = unread.filter(pk__in=pks)
    return unread.update(read_at=timezone.now())
