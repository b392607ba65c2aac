"""Read queries for the public pages of competitions, each a constant number of queries."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.paginator import Page, Paginator
from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import PublicBenefitSphere

from .choices import CompetitionState, OfferState
from .models import Competition, CompetitionDocument, Offer, Score

# Deadlines are announced in Warsaw time, whatever time zone a request runs in.
WARSAW = ZoneInfo("Europe/Warsaw")
COMPETITIONS_PER_PAGE = 20
HOME_OPEN_COMPETITIONS = 3

# What a row of the list shows; the announcement and the rules stay in the database.
_ROW_FIELDS = (
    "title",
    "slug",
    "signature",
    "mode",
    "state",
    "funds_allotted",
    "offer_deadline",
    "sphere__code",
    "sphere__name",
)


@dataclass(frozen=True)
class CompetitionFilters:
    """What a resident narrowed the list to; an empty value means "any"."""

    state: str = ""
    sphere: str = ""  # PublicBenefitSphere.code
    year: int | None = None  # of the deadline for offers, in Warsaw

    def __bool__(self) -> bool:
        return bool(self.state or self.sphere or self.year)


def public_competitions() -> QuerySet:
    """Competitions residents may see: announced at some point, so never a draft.

    ``Competition.objects.public()`` alone would also show a draft cancelled
    before it was announced, which the public never saw.
    """
    return Competition.objects.public().exclude(announced_at=None)


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1, tzinfo=WARSAW), datetime(year + 1, 1, 1, tzinfo=WARSAW)


def deadline_years() -> list[int]:
    """Years (in Warsaw) in which public competitions close, newest first."""
    return [
        moment.year
        for moment in public_competitions()
        .order_by()
        .datetimes("offer_deadline", "year", order="DESC", tzinfo=WARSAW)
    ]


def sphere_choices() -> list[tuple[str, str]]:
    """(code, name) of the spheres that have public competitions, in statutory order."""
    return list(
        PublicBenefitSphere.objects.filter(
            pk__in=public_competitions().order_by().values("sphere_id")
        ).values_list("code", "name")
    )


def _displayed_state_is(state: str, now) -> Q:
    """Competitions shown in ``state`` at ``now``: an announced one past its deadline shows as closed
    (``Competition.state_at``) before beat has closed it."""
    if state == CompetitionState.ANNOUNCED:
        return Q(state=state, offer_deadline__gt=now)
    if state == CompetitionState.CLOSED:
        return Q(state=state) | Q(state=CompetitionState.ANNOUNCED, offer_deadline__lte=now)
    return Q(state=state)


def competitions_page(*, filters: CompetitionFilters, page_number) -> Page:
    """One page of public competitions, the latest deadline first (so open calls lead).

    Two queries whatever the number of competitions: the count and the page.
    """
    competitions = public_competitions().select_related("sphere").only(*_ROW_FIELDS)
    if filters.state:
        competitions = competitions.filter(_displayed_state_is(filters.state, timezone.now()))
    if filters.sphere:
        competitions = competitions.filter(sphere__code=filters.sphere)
    if filters.year:
        start, end = _year_bounds(filters.year)
        competitions = competitions.filter(offer_deadline__gte=start, offer_deadline__lt=end)
    competitions = competitions.order_by("-offer_deadline", "-pk")
    return Paginator(competitions, COMPETITIONS_PER_PAGE).get_page(page_number)


def public_competition(*, slug: str) -> Competition | None:
    """A public competition with everything its announcement shows, or None (unknown or a draft).

    Five queries: the competition with its sphere, then its prior funding,
    required attachments, merit criteria and documents with their files.
    """
    documents = CompetitionDocument.objects.select_related("document")
    return (
        public_competitions()
        .filter(slug=slug)
        .select_related("sphere")
        .prefetch_related(
            "prior_funding",
            "required_attachments",
            "merit_criteria",
            Prefetch("documents", queryset=documents),
        )
        .first()
    )


def open_competitions(*, limit: int = HOME_OPEN_COMPETITIONS, now=None) -> list[Competition]:
    """Competitions accepting offers, the nearest deadline first (one query)."""
    return list(
        Competition.objects.open_for_offers(now or timezone.now())
        .only("title", "slug", "signature", "offer_deadline")
        .order_by("offer_deadline", "pk")[:limit]
    )


def published_small_grant_offers(competition) -> list:
    """Submitted offers of a small-grant call, published for comments (art. 19a); one query."""
    from .choices import CompetitionMode, OfferState
    from .models import Offer

    if competition.mode != CompetitionMode.SMALL_GRANT:
        return []
    return list(
        Offer.objects.filter(
            competition=competition, state=OfferState.SUBMITTED, organisation__is_suspended=False
        )
        .select_related("organisation", "competition")
        .order_by("submitted_at")
    )


# --- results (part 2) ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultRow:
    """One offer in the published results: no personal data, only the organisation and the task."""

    number: str
    organisation: str
    organisation_slug: str  # empty when the organisation is not in the public directory
    title: str
    state: str
    state_label: str
    requested: object
    granted: object  # Decimal; 0 for an offer not granted, None for a formally rejected one
    average: object  # Decimal or None


# After the results, what each offer's state means to the public.
_RESULT_STATES = ("granted", "contracted", "settled", "terminated", "not_granted", "formally_rejected")
_FUNDED_STATES = ("granted", "contracted", "settled", "terminated")


def published_results(competition) -> dict | None:
    """The results of a competition whose results are published, else None (two queries).

    Funded offers first, by amount, then those not granted, then the formally
    rejected (listed without amounts). Drafts and withdrawn offers never appear.
    """

    if competition.state != CompetitionState.RESULTS_PUBLISHED:
        return None
    submitted = Q(score_sheets__submitted_at__isnull=False)
    offers = (
        Offer.objects.current()
        .filter(competition=competition, state__in=_RESULT_STATES)
        .select_related("organisation")
        .annotate(average=Avg("score_sheets__total", filter=submitted))
        .order_by("number", "pk")
    )
    labels = dict(OfferState.choices)
    rows = []
    for offer in offers:
        funded = offer.state in _FUNDED_STATES
        rejected = offer.state == OfferState.FORMALLY_REJECTED
        organisation = offer.organisation
        rows.append(
            ResultRow(
                number=offer.display_number,
                organisation=organisation.name,
                organisation_slug="" if organisation.is_suspended else organisation.slug,
                title=offer.title,
                state=offer.state,
                state_label=str(labels[offer.state]),
                requested=offer.requested_grant,
                granted=None
                if rejected
                else (offer.granted_amount or Decimal("0.00"))
                if funded
                else Decimal("0.00"),
                average=None if offer.average is None else Decimal(offer.average).quantize(Decimal("0.01")),
            )
        )
    order = {"funded": 0, "not_granted": 1, "formally_rejected": 2}

    def key(row):
        group = "funded" if row.state in _FUNDED_STATES else row.state
        return (order[group], -(row.granted or 0), -(row.average or 0), row.number)

    rows.sort(key=key)
    funded_rows = [row for row in rows if row.state in _FUNDED_STATES]
    return {
        "rows": rows,
        "funded": funded_rows,
        "not_funded": [row for row in rows if row.state not in _FUNDED_STATES],
        "granted_total": sum((row.granted for row in funded_rows), Decimal("0.00")),
        "requested_total": sum(
            (row.requested for row in rows if row.state != "formally_rejected"), Decimal("0.00")
        ),
        "decision": competition.results_decision,
        "published_at": competition.results_published_at,
    }


# --- officials' working screens and exports ---------------------------------------------------------

OFFERS_PER_PAGE = 50


def admin_offers(competition, *, state: str = "", query: str = ""):
    """The competition's current offers (never drafts) for the officials' screen, with counts per state."""

    offers = (
        Offer.objects.current()
        .filter(competition=competition)
        .exclude(state=OfferState.DRAFT)
        .select_related("organisation")
    )
    counts = dict(offers.order_by().values_list("state").annotate(n=Count("pk")))
    if state:
        offers = offers.filter(state=state)
    query = query.strip()
    if query:
        offers = offers.filter(
            Q(organisation__name__icontains=query)
            | Q(organisation__nip__icontains=query)
            | Q(title__icontains=query)
            | Q(number__icontains=query)
        )
    return offers.order_by("number", "pk"), counts


def export_offers(competition, pks=None) -> tuple[list[str], list[list]]:
    """Offers: number, version, organisation, NIP, title, state, requested, total cost, submitted at."""

    offers, _counts = admin_offers(competition)
    if pks is not None:
        offers = offers.filter(pk__in=pks)
    header = [
        _("Number"),
        _("Version"),
        _("Organisation"),
        "NIP",
        _("Title of the task"),
        _("State"),
        _("Grant requested (zł)"),
        _("Total cost (zł)"),
        _("Submitted"),
    ]
    rows = [
        [
            offer.number,
            offer.version,
            offer.organisation.name,
            offer.organisation.nip,
            offer.title,
            str(offer.get_state_display()),
            offer.requested_grant,
            offer.total_cost,
            timezone.localtime(offer.submitted_at, WARSAW).strftime("%Y-%m-%d %H:%M:%S")
            if offer.submitted_at
            else "",
        ]
        for offer in offers
    ]
    return header, rows


def export_scores(competition) -> tuple[list[str], list[list]]:
    """Scores of submitted sheets only: offer, member, criterion, points, justification."""

    scores = (
        Score.objects.filter(
            sheet__offer__competition=competition,
            sheet__offer__replaced_by__isnull=True,
            sheet__submitted_at__isnull=False,
        )
        .select_related("sheet__offer", "sheet__member", "criterion")
        .order_by(
            "sheet__offer__number", "sheet__member__last_name", "sheet__member_id", "criterion__sort_order"
        )
    )
    header = [
        _("Offer"),
        _("Title of the task"),
        _("Committee member"),
        _("Criterion"),
        _("Points"),
        _("Justification"),
    ]
    rows = [
        [
            score.sheet.offer.display_number,
            score.sheet.offer.title,
            score.sheet.member.get_full_name() or score.sheet.member.email,
            score.criterion.name,
            score.points,
            score.justification,
        ]
        for score in scores
    ]
    return header, rows


def export_results(competition) -> tuple[list[str], list[list]]:
    """The ranking with the amounts (proposed before publication, granted after)."""

    from .committee_services import ranking

    header = [
        _("Position"),
        _("Number"),
        _("Organisation"),
        _("Title of the task"),
        _("Average score"),
        _("Grant requested (zł)"),
        _("Grant awarded (zł)"),
        _("State"),
    ]
    rows = []
    published = published_results(competition)
    if published is not None:
        for row in published["rows"]:
            rows.append(
                [
                    "",
                    row.number,
                    row.organisation,
                    row.title,
                    row.average,
                    row.requested,
                    row.granted,
                    row.state_label,
                ]
            )
        return header, rows
    states = dict(Offer._meta.get_field("state").choices)
    for row in ranking(competition):
        rows.append(
            [
                row.position or "",
                row.number,
                row.organisation,
                row.title,
                row.average,
                row.requested_grant,
                row.offer.granted_amount,
                str(states.get(row.offer.state, row.offer.state)),
            ]
        )
    return header, rows
