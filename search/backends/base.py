"""What a search asks and what it answers, whichever backend answers it."""

from dataclasses import dataclass, field
import datetime

from django.utils.safestring import SafeString

RESULTS_PER_PAGE = 10
MAX_PAGE = 100  # deeper pages are never useful and cost the database


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

    @property
    def num_pages(self) -> int:
        return max(1, min(MAX_PAGE, -(-self.total // self.query.per_page)))

    @property
    def start_index(self) -> int:
        return self.query.offset + 1 if self.hits else 0


class SearchUnavailable(Exception):
    """The backend cannot answer now (e.g. Elasticsearch unreachable)."""
