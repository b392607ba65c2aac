"""What a search asks and what it answers, whichever backend answers it."""

import datetime
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

RESULTS_PER_PAGE = 10
MAX_PAGE = 100  # deeper pages are never useful and cost the database
# Counts stop at this many matches: past it a resident sees "10 000+" and the database
# stops reading. One more than the shown limit, so reaching it means "more than".
COUNT_LIMIT = 10_001


@dataclass(frozen=True)
class SearchQuery:
    text: str
    type: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    page: int = 1
    per_page: int = RESULTS_PER_PAGE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass
class Hit:
    type: str
    type_label: str
    title: SafeString
    url: str
    excerpt: SafeString
    date: datetime.date | None = None


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False
    capped: bool = False  # ``count`` is a lower bound: the counting stopped at COUNT_LIMIT

    @property
    def shown_count(self) -> int:
        return min(self.count, COUNT_LIMIT - 1)


@dataclass
class Facet:
    key: str
    label: str
    options: list[FacetOption]


@dataclass
class SearchResults:
    query: SearchQuery
    hits: list[Hit]
    total: int
    types: list[FacetOption] = field(default_factory=list)
    facets: list[Facet] = field(default_factory=list)
    suggestion: str = ""
    backend: str = "database"
    # True when ``total`` stopped at COUNT_LIMIT: there are more matches than it says.
    total_capped: bool = False

    @property
    def shown_total(self) -> int:
        return min(self.total, COUNT_LIMIT - 1) if self.total_capped else self.total

    @property
    def num_pages(self) -> int:
        return max(1, min(MAX_PAGE, -(-self.total // self.query.per_page)))

    @property
    def start_index(self) -> int:
        return self.query.offset + 1 if self.hits else 0


class SearchUnavailable(Exception):
    """The backend cannot answer now (e.g. Elasticsearch unreachable)."""
