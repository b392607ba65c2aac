"""Rounds open and close by the clock (Celery beat calls these); no page view moves them."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from notifications.services import notify

from ..choices import EvaluationState, FacilityState, RoundState
from ..models import EvaluationRound, Facility
from ..selectors import facility_managers
from ..timezones import WARSAW
from .selectors import current_thresholds

# The seed: twice a school year, in September and in March; each round lasts the month.
ROUND_MONTHS = (9, 3)
SEPTEMBER_NAME = _("September %(year)d")
MARCH_NAME = _("March %(year)d")
ROUND_OPEN_TITLE = _("Evaluation round %(name)s is open: fill in the card of %(facility)s")
ROUND_OPEN_BODY = _("The card can be filled in until %(closes)s.")
ROUND_REMINDER_TITLE = _("Reminder: declare the card of %(facility)s by %(closes)s")
# How long before a round closes the facilities that have not declared are reminded.
REMINDER_BEFORE_CLOSING = datetime.timedelta(days=7)


def round_window(*, year: int, month: int) -> tuple[datetime.datetime, datetime.datetime]:
    """Midnight of the 1st of ``month`` to midnight of the 1st of the next month, Warsaw time."""
    opens = datetime.datetime(year, month, 1, tzinfo=WARSAW)
    closes = datetime.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=WARSAW)
    return opens, closes


def round_plan(*, now=None) -> list[EvaluationRound]:
    """Make sure the next September and March rounds exist, so officials see them coming."""
    now = (now or timezone.now()).astimezone(WARSAW)
    windows = sorted(
        (round_window(year=year, month=month), month, year)
        for year in (now.year, now.year + 1)
        for month in ROUND_MONTHS
    )
    created = []
    for (opens, closes), month, year in [w for w in windows if w[0][1] > now][:2]:
        with translation.override("pl"):
            name = str((SEPTEMBER_NAME if month == 9 else MARCH_NAME) % {"year": year})
        round_, was_created = EvaluationRound.objects.get_or_create(
            opens_at=opens, defaults={"name": name, "closes_at": closes}
        )
        if was_created:
            created.append(round_)
    return created


def round_open_due(*, now=None) -> list[EvaluationRound]:
    """Open the rounds whose opening instant has come, copying the status rule in force."""
    now = now or timezone.now()
    opened = []
    due = EvaluationRound.objects.filter(state=RoundState.SCHEDULED, opens_at__lte=now, closes_at__gt=now)
    for round_ in due:
        thresholds = current_thresholds()
        with transaction.atomic():
            # State in the WHERE clause: two beat workers running at once open it once.
            changed = EvaluationRound.objects.filter(pk=round_.pk, state=RoundState.SCHEDULED).update(
                state=RoundState.OPEN,
                opened_at=now,
                standard_min=thresholds.standard,
                premium_min=thresholds.premium,
                vip_min=thresholds.vip,
            )
            if not changed:
                continue
            round_.refresh_from_db()
            _announce(round_)
        opened.append(round_)
    return opened


def round_close_due(*, now=None) -> list[EvaluationRound]:
    """Close the rounds whose closing instant has come; late cards are no longer accepted."""
    now = now or timezone.now()
    due = list(
        EvaluationRound.objects.filter(
            state__in=[RoundState.SCHEDULED, RoundState.OPEN], closes_at__lte=now
        ).values_list("pk", flat=True)
    )
    EvaluationRound.objects.filter(pk__in=due, state__in=[RoundState.SCHEDULED, RoundState.OPEN]).update(
        state=RoundState.CLOSED, closed_at=now
    )
    return list(EvaluationRound.objects.filter(pk__in=due))


def _announce(round_: EvaluationRound) -> None:
    closes = timezone.localtime(round_.closes_at, WARSAW).strftime("%d.%m.%Y %H:%M")
    for facility in Facility.objects.filter(state=FacilityState.APPROVED):
        notify(
            recipients=facility_managers(facility=facility),
            event="loyalty.round_opened",
            title=ROUND_OPEN_TITLE % {"name": round_.name, "facility": facility.name},
            body=ROUND_OPEN_BODY % {"closes": closes},
            url=reverse("loyalty:card", args=[facility.pk]),
        )


def round_remind_due(*, now=None) -> list[EvaluationRound]:
    """A week before an open round closes, remind the facilities that have not declared (once)."""
    now = now or timezone.now()
    reminded = []
    due = EvaluationRound.objects.filter(
        state=RoundState.OPEN, reminded_at__isnull=True, closes_at__lte=now + REMINDER_BEFORE_CLOSING
    )
    for round_ in due:
        with transaction.atomic():
            if not EvaluationRound.objects.filter(pk=round_.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                continue
            closes = timezone.localtime(round_.closes_at, WARSAW).strftime("%d.%m.%Y %H:%M")
            declared = round_.evaluations.exclude(state=EvaluationState.DRAFT).values("facility")
            for facility in Facility.objects.filter(state=FacilityState.APPROVED).exclude(pk__in=declared):
                notify(
                    recipients=facility_managers(facility=facility),
                    event="loyalty.round_reminder",
                    title=ROUND_REMINDER_TITLE % {"facility": facility.name, "closes": closes},
                    url=reverse("loyalty:card", args=[facility.pk]),
                )
        reminded.append(round_)
    return reminded
