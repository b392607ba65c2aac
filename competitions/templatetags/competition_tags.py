"""Amounts, percentages and the time left to a deadline, as the public pages of competitions write them."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext, npgettext

from ..selectors import WARSAW

register = template.Library()

NBSP = "\xa0"


def _decimal(value) -> Decimal | None:
    """A Decimal, or None for a blank or text that is no (plausible) number: a filter never raises."""
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    # Past 10^15 no amount or share of this portal can be: formatting it would overflow.
    return number if number.is_finite() and number.adjusted() < 15 else None


@register.filter
def money(value) -> str:
    """An amount in złoty, e.g. "300 000,00 zł" in Polish and "300,000.00 zł" in English."""
    amount = _decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    amount = number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
    return f"{amount}{NBSP}zł"


@register.filter
def percent(value) -> str:
    """A percentage without needless decimals: "10 %", "12,5 %"."""
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    value = number
    whole = value.to_integral_value()
    value = whole if value == whole else value.normalize()  # 10.00 → 10, 12.50 → 12.5
    return f"{number_format(value, use_l10n=True)}{NBSP}%"


def _days(count: int) -> str:
    return ngettext("%(count)d day", "%(count)d days", count) % {"count": count}


def _hours(count: int) -> str:
    return ngettext("%(count)d hour", "%(count)d hours", count) % {"count": count}


def _minutes(count: int) -> str:
    return ngettext("%(count)d minute", "%(count)d minutes", count) % {"count": count}


# In Polish the verb agrees with the first number and its noun's gender
# ("Został 1 dzień", "Została 1 godzina", "Zostały 2 dni", "Zostało 5 dni"),
# so each leading unit has its own message.
def _left_days(count: int, duration: str) -> str:
    # Translators: e.g. "12 days and 3 hours left"; the verb agrees with the number of days.
    return npgettext("time left in days", "%(duration)s left", "%(duration)s left", count) % {
        "duration": duration
    }


def _left_hours(count: int, duration: str) -> str:
    # Translators: e.g. "3 hours and 20 minutes left"; the verb agrees with the number of hours.
    return npgettext("time left in hours", "%(duration)s left", "%(duration)s left", count) % {
        "duration": duration
    }


def _left_minutes(count: int, duration: str) -> str:
    # Translators: e.g. "20 minutes left"; the verb agrees with the number of minutes.
    return npgettext("time left in minutes", "%(duration)s left", "%(duration)s left", count) % {
        "duration": duration
    }


def _wall_clock(moment: datetime) -> datetime:
    return moment.astimezone(WARSAW).replace(tzinfo=None)


@register.filter
def time_left(deadline: datetime, now: datetime | None = None) -> str:
    """How long until ``deadline``, e.g. "12 days and 3 hours left" ("Zostało 12 dni i 3 godziny").

    Counted in calendar days and hours on the Warsaw wall clock, as residents
    read an announced deadline: from 12:00 on 27 March 2027 to 12:00 on
    28 March is "1 day", although the clocks go forward that night and only
    23 hours pass. Two units at most, rounded down: days and hours, or under
    a day hours and minutes, or under an hour minutes.
    """
    # In UTC: Python compares and subtracts datetimes sharing a zone on their wall clock.
    deadline, now = deadline.astimezone(UTC), (now or timezone.now()).astimezone(UTC)
    if deadline <= now:
        return gettext("The deadline for offers has passed.")
    left = _wall_clock(deadline) - _wall_clock(now)
    if left <= timedelta(0):
        # Only within the hour the clocks repeat in October: the real time left is all there is.
        left = deadline - now
    hours, seconds = divmod(left.seconds, 3600)
    minutes = seconds // 60
    if left.days:
        phrase, count, first, second = _left_days, left.days, _days(left.days), hours and _hours(hours)
    elif hours:
        phrase, count, first, second = _left_hours, hours, _hours(hours), minutes and _minutes(minutes)
    elif minutes:
        phrase, count, first, second = _left_minutes, minutes, _minutes(minutes), ""
    else:
        return gettext("Less than a minute left")
    if second:
        first = gettext("%(first)s and %(second)s") % {"first": first, "second": second}
    return phrase(count, first)
