"""The goods exchange point: post an offer or a need, answer another facility's post, close
a post when it is matched."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.services import notify
from portal.permissions import ensure

from ..models import ExchangePost, ExchangeReply
from ..selectors import facility_managers

POST_CLOSED = _("This post is closed: it has already been matched or withdrawn.")
OWN_POST = _("You cannot answer your own facility's post.")
MATCH_NOT_A_REPLIER = _("Choose a facility that answered the post.")

REPLY_TITLE = _("%(facility)s answered your post in the exchange point: %(title)s")
MATCHED_TITLE = _("Your answer was matched in the exchange point: %(title)s")


def post_create(*, user, facility, kind: str, title: str, description: str) -> ExchangePost:
    ensure(user, "loyalty.evaluation.fill", facility)
    return ExchangePost.objects.create(
        facility=facility, kind=kind, title=title.strip(), description=description.strip(), created_by=user
    )


def reply_create(*, user, facility, post: ExchangePost, message: str) -> ExchangeReply:
    """Answer another facility's open post; its managers are notified."""
    ensure(user, "loyalty.evaluation.fill", facility)
    if post.facility_id == facility.pk:
        raise ValidationError(OWN_POST, code="own_post")
    with transaction.atomic():
        post = ExchangePost.objects.select_for_update().get(pk=post.pk)
        if not post.is_open:
            raise ValidationError(POST_CLOSED, code="closed")
        reply = ExchangeReply.objects.create(
            post=post, facility=facility, message=message.strip(), created_by=user
        )
        notify(
            recipients=facility_managers(facility=post.facility),
            event="loyalty.exchange_reply",
            title=REPLY_TITLE % {"facility": facility.name, "title": post.title},
            body=reply.message,
            url=reverse("loyalty:exchange_post", args=[post.facility_id, post.pk]),
        )
    return reply


def post_close(*, user, post: ExchangePost, matched_with=None) -> ExchangePost:
    """Close the post, matched with a facility that answered it (or withdrawn without one)."""
    ensure(user, "loyalty.evaluation.fill", post.facility)
    with transaction.atomic():
        post = ExchangePost.objects.select_for_update().get(pk=post.pk)
        if not post.is_open:
            raise ValidationError(POST_CLOSED, code="closed")
        if matched_with is not None and not post.replies.filter(facility=matched_with).exists():
            raise ValidationError(MATCH_NOT_A_REPLIER, code="not_a_replier")
        post.closed_at = timezone.now()
        post.matched_with = matched_with
        post.save(update_fields=["closed_at", "matched_with"])
        if matched_with is not None:
            notify(
                recipients=facility_managers(facility=matched_with),
                event="loyalty.exchange_matched",
                title=MATCHED_TITLE % {"title": post.title},
                url=reverse("loyalty:exchange", args=[matched_with.pk]),
            )
    return post
