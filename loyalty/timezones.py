"""The city's clock: rounds, claim windows and monthly limits are reckoned in Warsaw time."""

from zoneinfo import ZoneInfo

WARSAW = ZoneInfo("Europe/Warsaw")
