"""Read queries for the public pages of competitions, each a constant number of queries."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from organisations.models import PublicBenefitSphere

from .models import Competition, CompetitionDocument

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


def competitions_page(*, filters: CompetitionFilters, page_number) -> Page:
    """One page of public competitions, the latest deadline first (so open calls lead).

    Two queries whatever the number of competitions: the count and the page.
    """
    competitions = public_competitions().select_related("sphere").only(*_ROW_FIELDS)
    if filters.state:
        competitions = competitions.filter(state=filters.state)
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
