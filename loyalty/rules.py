"""The status rules: from the number of criteria met on each level to a status.

Pure functions over counts, so every boundary is tested without a database. Each status
requires the one below it (the seed is ambiguous on VIP; this reading keeps the levels ordered).
"""

from dataclasses import dataclass

from .choices import LEVEL_ORDER, Level


@dataclass(frozen=True)
class Thresholds:
    """Criteria that must be met, at least, on each level."""

    standard: int
    premium: int
    vip: int

    def required(self, level: str) -> int:
        return {Level.STANDARD: self.standard, Level.PREMIUM: self.premium, Level.VIP: self.vip}[level]


# The seed's numbers: all 11 basic criteria; 12 of 15 (80%); 11 of 15 (73%).
DEFAULT_THRESHOLDS = Thresholds(standard=11, premium=12, vip=11)


@dataclass(frozen=True)
class StatusOutcome:
    status: str  # a Level, or "" for no status yet
    next_level: str  # the next status to reach, "" at the top
    missing: int  # criteria of the next level still to meet (0 when only a lower level is lacking)


def status_for(*, met: dict[str, int], thresholds: Thresholds) -> StatusOutcome:
    """The status that ``met`` (criteria met per level) earns under ``thresholds``, and what
    the facility still lacks for the next one."""
    status = ""
    for level in LEVEL_ORDER:
        required = thresholds.required(level)
        have = met.get(level, 0)
        if have < required:
            return StatusOutcome(status=status, next_level=str(level), missing=required - have)
        status = str(level)
    return StatusOutcome(status=status, next_level="", missing=0)
