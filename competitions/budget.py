"""The arithmetic and the competition's rules of an offer, in one place.

The generator's forms, the submission service, the summary and the PDF all use
these functions, so a total shown in the browser is the total checked on the
server and printed on paper. Amounts are Decimals rounded to grosz (half up).
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from organisations.choices import LegalForm

from .choices import CompetitionMode
from .models.competitions import SMALL_GRANT_MAX_AMOUNT, SMALL_GRANT_MAX_DAYS

GROSZ = Decimal("0.01")
HUNDRED = Decimal("100")
COST_CATEGORIES = [
    ("activity", _("Cost of carrying out the activities")),
    ("administrative", _("Administrative cost")),
]
SOURCES = ["grant", "own_financial", "own_personal", "own_in_kind", "participant_fees", "other_public"]
OWN_FINANCIAL = ["own_financial", "participant_fees", "other_public"]
OWN_NON_FINANCIAL = ["own_personal", "own_in_kind"]


def money(value) -> Decimal:
    try:
        return Decimal(str(value or 0)).quantize(GROSZ, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return Decimal("0.00")


def pln(value) -> str:
    """Polish notation for the messages: 12 345,67 zł."""
    whole, fraction = f"{money(value):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{' '.join(groups)},{fraction} zł"


def _date(value):
    if isinstance(value, date) or value is None:
        return value
    return date.fromisoformat(str(value))


def row_total(unit_cost, units) -> Decimal:
    return money(money(unit_cost) * Decimal(str(units)))


def total_of(cost_rows) -> Decimal:
    """V.A total: the sum of the rows' totals (computed again, never trusted from the browser)."""
    return sum(
        (
            row_total(row.get("unit_cost"), row.get("units") or 0)
            for row in cost_rows
            if not row.get("DELETE")
        ),
        Decimal("0.00"),
    )


def years_of(start, end) -> set[int]:
    start, end = _date(start), _date(end)
    if not start or not end:
        return set()
    return set(range(start.year, end.year + 1))


def share(part, total) -> Decimal:
    """``part`` as a percentage of ``total``, to two decimals."""
    total = money(total)
    if not total:
        return Decimal("0.00")
    return (money(part) * HUNDRED / total).quantize(GROSZ, rounding=ROUND_HALF_UP)


def legal_form_problem(competition, legal_form: str):
    allowed = competition.eligible_legal_forms if competition else []
    if allowed and legal_form not in allowed:
        names = ", ".join(str(LegalForm(value).label) for value in allowed)
        return _("This competition accepts offers only from: %(forms)s.") % {"forms": names}
    return None


def period_problems(competition, start, end) -> list[tuple[str, str]]:
    """(field, message) for task dates outside the competition's allowed period."""
    start, end = _date(start), _date(end)
    problems = []
    if not (competition and start and end):
        return problems
    if end < start:
        problems.append(("end", _("The task must end on or after the day it starts.")))
        return problems
    first, last = competition.implementation_start, competition.implementation_end
    period = {"first": first.strftime("%d.%m.%Y"), "last": last.strftime("%d.%m.%Y")}
    if start < first:
        problems.append(("start", _("The task may start on %(first)s at the earliest.") % period))
    if end > last:
        problems.append(("end", _("The task must end by %(last)s.") % period))
    if competition.mode == CompetitionMode.SMALL_GRANT and (end - start).days + 1 > SMALL_GRANT_MAX_DAYS:
        problems.append(("end", _("A task funded by a small grant lasts at most 90 days (art. 19a).")))
    return problems


def administrative_share_problem(competition, cost_rows):
    """The administrative costs' share of V.A above the competition's limit, in words, or None."""
    limit = getattr(competition, "max_administrative_share", None)
    total = total_of(cost_rows)
    if limit is None or not total:
        return None
    administrative = total_of([row for row in cost_rows if row.get("category") == "administrative"])
    actual = share(administrative, total)
    if actual <= limit:
        return None
    allowed = money(total * limit / HUNDRED)
    return _(
        "Administrative costs are %(actual)s%% of the costs (%(amount)s); the competition allows at most "
        "%(limit)s%% (%(allowed)s). Lower them by %(difference)s."
    ) % {
        "actual": percent(actual),
        "amount": pln(administrative),
        "limit": percent(limit),
        "allowed": pln(allowed),
        "difference": pln(administrative - allowed),
    }


def percent(value) -> str:
    """Polish notation of a percentage without the sign: 24,6 or 10."""
    text = f"{Decimal(value).quantize(GROSZ):f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def activity_date_problems(competition, task, start, end) -> list[tuple[str, str]]:
    """(field, message) for an activity of the schedule outside the task's period or the competition's."""
    start, end = _date(start), _date(end)
    problems = []
    task = task or {}
    task_start, task_end = _date(task.get("start")), _date(task.get("end"))
    if task_start and start and start < task_start:
        problems.append(
            (
                "start",
                _("The activity starts before the task (%(date)s).") % {"date": f"{task_start:%d.%m.%Y}"},
            )
        )
    if task_end and end and end > task_end:
        problems.append(
            ("end", _("The activity ends after the task (%(date)s).") % {"date": f"{task_end:%d.%m.%Y}"})
        )
    if competition is not None:
        first, last = competition.implementation_start, competition.implementation_end
        if start and start < first and not any(field == "start" for field, _m in problems):
            problems.append(
                (
                    "start",
                    _("The activity starts before the competition's period (from %(date)s).")
                    % {"date": f"{first:%d.%m.%Y}"},
                )
            )
        if end and end > last and not any(field == "end" for field, _m in problems):
            problems.append(
                (
                    "end",
                    _("The activity ends after the competition's period (until %(date)s).")
                    % {"date": f"{last:%d.%m.%Y}"},
                )
            )
    return problems


def sources_total(financing) -> Decimal:
    return sum((money(financing.get(name)) for name in SOURCES), Decimal("0.00"))


def financing_summary(total_cost, financing) -> dict:
    """Amounts and shares of V.B, as the summary and the PDF show them."""
    own_financial = sum((money(financing.get(n)) for n in OWN_FINANCIAL), Decimal("0.00"))
    own_non_financial = sum((money(financing.get(n)) for n in OWN_NON_FINANCIAL), Decimal("0.00"))
    rows = [(name, money(financing.get(name)), share(financing.get(name), total_cost)) for name in SOURCES]
    return {
        "total_cost": money(total_cost),
        "rows": rows,
        "grant": money(financing.get("grant")),
        "own": own_financial + own_non_financial,
        "own_share": share(own_financial + own_non_financial, total_cost),
        "own_financial": own_financial,
        "own_financial_share": share(own_financial, total_cost),
        "own_non_financial": own_non_financial,
        "own_non_financial_share": share(own_non_financial, total_cost),
        "grant_share": share(financing.get("grant"), total_cost),
    }


def financing_problems(competition, total_cost, financing) -> list[tuple[str | None, str]]:
    """(field, message) for every rule of the competition the financing breaks."""
    problems = []
    total_cost = money(total_cost)
    sources = sources_total(financing)
    if sources != total_cost:
        difference = total_cost - sources
        problems.append(
            (
                None,
                _(
                    "The sources of financing add up to %(sources)s, but the costs in V.A total %(costs)s. "
                    "%(action)s %(difference)s."
                )
                % {
                    "sources": pln(sources),
                    "costs": pln(total_cost),
                    "action": _("Add") if difference > 0 else _("Remove"),
                    "difference": pln(abs(difference)),
                },
            )
        )
    if competition is None:
        return problems
    grant = money(financing.get("grant"))
    if competition.mode == CompetitionMode.SMALL_GRANT and grant > SMALL_GRANT_MAX_AMOUNT:
        problems.append(("grant", _("A small grant is at most 10,000 zł (art. 19a).")))
    if grant < competition.min_grant:
        problems.append(
            ("grant", _("The grant must be at least %(min)s.") % {"min": pln(competition.min_grant)})
        )
    if grant > competition.max_grant:
        problems.append(
            ("grant", _("The grant may be at most %(max)s.") % {"max": pln(competition.max_grant)})
        )
    summary = financing_summary(total_cost, financing)
    rules = [
        ("own_financial", summary["own_share"], competition.min_own_contribution, _("own contribution")),
        (
            "own_financial",
            summary["own_financial_share"],
            competition.min_own_financial,
            _("own financial contribution"),
        ),
        (
            "own_personal",
            summary["own_non_financial_share"],
            competition.min_own_non_financial,
            _("own non-financial contribution"),
        ),
    ]
    for field, actual, required, name in rules:
        if required and actual < required and total_cost:
            needed = money(total_cost * required / HUNDRED)
            problems.append(
                (
                    field,
                    _(
                        "The %(name)s is %(actual)s%% of the costs; the competition requires "
                        "at least %(required)s%% (%(needed)s)."
                    )
                    % {"name": name, "actual": actual, "required": money(required), "needed": pln(needed)},
                )
            )
    return problems


def partner_shares_problem(total_cost, lead_share, partners):
    """V.C: the leading offeror's and the partners' shares must add up to the V.A total exactly."""
    shares = money(lead_share) + sum((money(p.get("share")) for p in partners), Decimal("0.00"))
    total = money(total_cost)
    if shares == total:
        return None
    difference = total - shares
    return _(
        "The shares of the offerors in V.C add up to %(shares)s, but the costs in V.A total %(total)s. "
        "%(action)s %(difference)s."
    ) % {
        "shares": pln(shares),
        "total": pln(total),
        "action": _("Add") if difference > 0 else _("Remove"),
        "difference": pln(abs(difference)),
    }


def missing_attachments(competition, offer) -> list[str]:
    # offer.attachments.all(): the submission reads them once for this and the checksum.
    # An empty file (stored before uploads were checked) does not count as attached.
    uploaded = {attachment.required_id for attachment in offer.attachments.all() if attachment.size}
    return [item.name for item in competition.required_attachments.all() if item.pk not in uploaded]
