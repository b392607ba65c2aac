"""Moving a competition through its workflow: check permission, transition, save, log, then side effects.

Every caller (the admin, the beat task, a public page noticing a passed deadline)
goes through these functions, so the rules and the log live in one place.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed

from home.cache import invalidate_page_cache
from portal.permissions import ensure

from .choices import CompetitionState
from .models import Competition, CompetitionTransition

DEADLINE_TOO_SOON = _(
    "The deadline for offers must be at least 21 days after the announcement (art. 13 of the act). "
    "Move the deadline to %(earliest)s or later."
)
DEADLINE_PASSED = _("The deadline for offers has already passed. Set a deadline in the future.")
NOT_ALLOWED = _("A competition that is %(state)s cannot be %(action)s.")
CANCELLATION_NEEDS_REASON = _("Give the reason for the cancellation; it is published with the competition.")
CHANGED_MEANWHILE = _("Someone else changed this competition a moment ago. Reload the page and try again.")


def _log(competition, source, target, user, comment=""):
    CompetitionTransition.objects.create(
        competition=competition, source=source, target=target, by=user, comment=comment
    )


def _transition(competition: Competition, method: str, *, user, comment: str, action_label) -> Competition:
    source = competition.state
    if not can_proceed(getattr(competition, method)):
        raise ValidationError(
            NOT_ALLOWED,
            code="not_allowed",
            params={"state": competition.get_state_display(), "action": action_label},
        )
    try:
        getattr(competition, method)()
        competition.save()
    except ConcurrentTransition as error:
        raise ValidationError(CHANGED_MEANWHILE, code="concurrent") from error
    except TransitionNotAllowed as error:  # a condition stopped it
        raise ValidationError(
            NOT_ALLOWED,
            code="not_allowed",
            params={"state": competition.get_state_display(), "action": action_label},
        ) from error
    _log(competition, source, competition.state, user, comment)
    transaction.on_commit(invalidate_page_cache)
    return competition


@transaction.atomic
def competition_announce(*, user, competition: Competition, comment: str = "", now=None) -> Competition:
    """Publish the competition; refused when the deadline is under 21 days away (art. 13)."""
    ensure(user, "competition.manage", competition)
    now = now or timezone.now()
    if competition.state == CompetitionState.DRAFT and not competition.deadline_allows_announcement(now):
        if competition.deadline_has_passed(now):
            raise ValidationError(DEADLINE_PASSED, code="deadline_passed")
        earliest = timezone.localtime(now + timezone.timedelta(days=21))
        raise ValidationError(
            DEADLINE_TOO_SOON,
            code="deadline_too_soon",
            params={"earliest": earliest.strftime("%d.%m.%Y %H:%M")},
        )
    competition.announced_at = now
    return _transition(competition, "announce", user=user, comment=comment, action_label=_("announced"))


@transaction.atomic
def competition_cancel(*, user, competition: Competition, reason: str) -> Competition:
    """Cancel before the results, with a reason that is published."""
    ensure(user, "competition.manage", competition)
    if not reason.strip():
        raise ValidationError(CANCELLATION_NEEDS_REASON, code="reason_required")
    competition.cancelled_at = timezone.now()
    competition.cancellation_reason = reason.strip()
    return _transition(competition, "cancel", user=user, comment=reason.strip(), action_label=_("cancelled"))


@transaction.atomic
def competition_close(*, competition: Competition, user=None, now=None) -> Competition:
    """Close for offers once the deadline has passed (the system does it; officials may too)."""
    if user is not None:
        ensure(user, "competition.manage", competition)
    competition.closed_at = now or timezone.now()
    return _transition(
        competition,
        "close",
        user=user,
        comment="" if user else _("Closed automatically: the deadline for offers passed."),
        action_label=_("closed"),
    )


def competitions_close_expired(*, now=None) -> int:
    """Close every announced competition whose deadline has passed; return how many.

    Run by Celery beat every minute and on access, so a competition is never
    open after its deadline, even when the beat is late.
    """
    closed = 0
    for pk in Competition.objects.past_deadline(now).values_list("pk", flat=True):
        with transaction.atomic():
            competition = Competition.objects.select_for_update().get(pk=pk)
            if competition.state == CompetitionState.ANNOUNCED and competition.deadline_has_passed(now):
                competition_close(competition=competition, now=now)
                closed += 1
    return closed


def competition_close_if_expired(competition: Competition, *, now=None) -> Competition:
    """On access: a page that shows a competition first closes it if its deadline has passed."""
    if competition.state == CompetitionState.ANNOUNCED and competition.deadline_has_passed(now):
        with transaction.atomic():
            locked = Competition.objects.select_for_update().get(pk=competition.pk)
            if locked.state == CompetitionState.ANNOUNCED:
                competition_close(competition=locked, now=now)
            return locked
    return competition
