"""Read queries: what a view shows, built with a constant number of queries."""

import functools
import re

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import (
    Case,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Substr

from home.cache import GenerationMemo

from .directory_forms import DirectoryFilters
from .models import Membership, Organisation, Place, PublicBenefitSphere

ORGANISATIONS_PER_PAGE = 20
EXCERPT_LENGTH = 300
# A longer query is a paste, not a search; each word costs a pass over three columns.
MAX_QUERY_WORDS = 8

# What a directory card shows; the full description stays in the database.
_CARD_FIELDS = ("name", "short_name", "slug", "legal_form", "district", "is_public_benefit", "logo")


def memberships_of(*, user):
    return Membership.objects.filter(user=user).select_related("organisation").order_by("organisation__name")


# The statutory spheres change once in years; saving one bumps the page-cache generation (signals.py).
_spheres = GenerationMemo(maxsize=1)


def sphere_choices() -> list[tuple[str, str]]:
    """(code, name) of every sphere of public benefit, in statutory order; the same list for every
    caller in a process until the next page-cache generation, so never change it."""
    return _spheres.get("choices", lambda: list(PublicBenefitSphere.objects.values_list("code", "name")))


def _text_condition(query: str) -> Q:
    """Every word in the name, the short name or the description, ignoring case.

    ``iregex`` rather than ``icontains``: SQLite's LIKE folds only ASCII letters,
    so "żoliborz" would miss "Żoliborz"; a regular expression is matched by Python
    there and by ``~*`` on PostgreSQL (which a trigram index can serve later).
    """
    condition = Q()
    for word in query.split()[:MAX_QUERY_WORDS]:
        pattern = re.escape(word)
        condition &= Q(name__iregex=pattern) | Q(short_name__iregex=pattern) | Q(description__iregex=pattern)
    return condition


def _filtered_organisations(filters: DirectoryFilters, *, by_district: bool) -> QuerySet:
    """Public organisations matching ``filters``; the district is the seat's when ``by_district``."""
    organisations = Organisation.objects.public()
    if filters.query:
        organisations = organisations.filter(_text_condition(filters.query))
    if filters.sphere:
        # One row per organisation: an organisation has a sphere at most once.
        organisations = organisations.filter(spheres__code=filters.sphere)
    if filters.legal_form:
        organisations = organisations.filter(legal_form=filters.legal_form)
    if by_district and filters.district:
        organisations = organisations.filter(district=filters.district)
    return organisations


def directory_page(*, filters: DirectoryFilters, page_number) -> Page:
    """One page of the public directory, alphabetical, with each organisation's spheres and an excerpt.

    Three queries whatever the size of the directory: the count, the page, and
    for its twenty organisations only, their sphere names (``sphere_names``, in
    statutory order) with their description excerpts (``excerpt``), one row per
    organisation and sphere. The excerpts are fetched after sorting: cutting
    every description in the sorting query costs the database more than the
    rest of the page. Plain rows, not prefetched sphere objects, which cost the
    worker several times more.
    """
    organisations = (
        _filtered_organisations(filters, by_district=True).only(*_CARD_FIELDS).order_by("name", "pk")
    )
    page = Paginator(organisations, ORGANISATIONS_PER_PAGE).get_page(page_number)
    if page.object_list:
        page.object_list = list(page.object_list)
        excerpts, spheres = {}, {}
        for pk, excerpt, sphere_name in (
            Organisation.objects.filter(pk__in=[o.pk for o in page.object_list])
            .order_by("spheres__position", "spheres__pk")
            .values_list("pk", Substr("description", 1, EXCERPT_LENGTH), "spheres__name")
        ):
            excerpts[pk] = excerpt
            names = spheres.setdefault(pk, [])
            if sphere_name is not None:  # an organisation without spheres: one row, no name
                names.append(sphere_name)
        for organisation in page.object_list:
            organisation.excerpt = excerpts.get(organisation.pk, "")
            organisation.sphere_names = spheres.get(organisation.pk, [])
    return page


def public_organisation(*, slug: str) -> Organisation | None:
    """An organisation's public profile, or None if hidden or unknown.

    With ``sphere_names`` (in statutory order) and ``place_list`` (ordered by
    kind and name): three queries, read as plain rows rather than through
    ``prefetch_related``, which costs the worker more than the rest of the lookups.
    """
    organisation = Organisation.objects.public().filter(slug=slug).first()
    if organisation is None:
        return None
    organisation.sphere_names = list(
        organisation.spheres.order_by("position", "pk").values_list("name", flat=True)
    )
    organisation.place_list = list(
        Place.objects.filter(organisation=organisation)
        .only("kind", "name", "street_address", "postal_code", "district", "latitude", "longitude")
        .order_by("kind", "name", "pk")
    )
    return organisation


def map_list_page(*, filters: DirectoryFilters, page_number) -> Page:
    """The map's list alternative: organisations with places matching ``filters``, each with those places.

    On the map the district is the place's district: a resident looking at
    Bemowo wants what happens there, wherever the organisation has its seat.
    Each organisation's places (ordered by kind and name) are in ``place_list``,
    read for the page's organisations in one query without ``prefetch_related``.
    """
    places = Place.objects.only(
        "organisation_id", "kind", "name", "street_address", "postal_code", "district"
    )
    if filters.district:
        places = places.filter(district=filters.district)
    organisations = (
        _filtered_organisations(filters, by_district=False)
        .filter(Exists(places.filter(organisation=OuterRef("pk"))))
        .only("name", "slug")
        .order_by("name", "pk")
    )
    page = Paginator(organisations, ORGANISATIONS_PER_PAGE).get_page(page_number)
    if page.object_list:
        page.object_list = list(page.object_list)
        by_organisation = {}
        for place in places.filter(organisation_id__in=[o.pk for o in page.object_list]).order_by(
            "kind", "name", "pk"
        ):
            by_organisation.setdefault(place.organisation_id, []).append(place)
        for organisation in page.object_list:
            organisation.place_list = by_organisation.get(organisation.pk, [])
    return page


def map_places(*, filters: DirectoryFilters) -> QuerySet:
    """The places on the city map for ``filters``: public organisations only."""
    places = Place.objects.filter(organisation__is_suspended=False)
    if filters.narrows_organisations:
        places = places.filter(
            organisation__in=_filtered_organisations(filters, by_district=False).values("pk")
        )
    if filters.district:
        places = places.filter(district=filters.district)
    return places


class _JSONString(Func):
    """A text value as a JSON string literal, quotes and escapes included."""

    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="to_json((%(expressions)s)::text)::text")

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="json_quote")


class _Text(Func):
    """Pieces of text joined with ``||``: flat on both databases (SQLite's parser overflows on
    the nested COALESCE pairs ``Concat`` builds); every piece here is NOT NULL."""

    arg_joiner = " || "
    template = "(%(expressions)s)"
    output_field = TextField()


@functools.cache
def _utf8_bytes_loader():
    from psycopg.adapt import Loader

    class UTF8Bytes(Loader):
        def load(self, data):
            return bytes(data)

    return UTF8Bytes


def _utf8_bytes_cursor(cursor) -> None:
    """Make ``cursor`` (PostgreSQL) return text as the UTF-8 bytes the server sent (Django connects
    with ``client_encoding`` UTF8); other cursors of the connection are not affected.

    Decoding megabytes of text into a Python string and encoding it again for
    the response cost the web worker more than everything else it does for the
    whole-city map.
    """
    cursor.cursor.adapters.register_loader("text", _utf8_bytes_loader())


def places_feature_collection(
    places: QuerySet, *, kind_labels: dict[str, str], url_prefix: str, url_suffix: str
) -> bytes:
    """``places`` as a GeoJSON FeatureCollection (UTF-8), written by the database in one query.

    The database writes each feature with plain string concatenation (and its
    own JSON string escaping) and joins them, so the web worker receives one
    string instead of thousands of rows: receiving rows costs about 2 µs each
    in psycopg, which for the 2,400 places of a large district was most of
    the request. Its JSON-building functions are avoided on purpose: they cost
    the database several times more than concatenation. On PostgreSQL the
    document arrives as bytes and goes to the response as it is. Labels and
    the profile address depend on the visitor's language, so they come in as
    parameters.
    """
    kind = Case(
        *(When(kind=value, then=Value(label)) for value, label in kind_labels.items()),
        default=F("kind"),
        output_field=TextField(),
    )
    feature = _Text(
        Value('{"type":"Feature","geometry":{"type":"Point","coordinates":['),
        # Decimal columns as text: exactly the stored digits, a valid JSON number.
        Cast("longitude", TextField()),
        Value(","),
        Cast("latitude", TextField()),
        Value(']},"properties":{"name":'),
        _JSONString(F("name")),
        Value(',"kind":'),
        _JSONString(kind),
        Value(',"address":'),
        _JSONString(_Text(F("street_address"), Value(", "), F("postal_code"))),
        Value(',"organisation":'),
        _JSONString(F("organisation__name")),
        Value(',"organisation_url":'),
        _JSONString(_Text(Value(url_prefix), F("organisation__slug"), Value(url_suffix))),
        Value("}}"),
    )
    rows = places.order_by().annotate(feature=feature).values("feature")
    sql, params = rows.query.sql_with_params()
    connection = connections[rows.db]
    joined = "string_agg(feature, ',')" if connection.vendor == "postgresql" else "group_concat(feature, ',')"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _utf8_bytes_cursor(cursor)
        # The ORM's own SQL, wrapped; every value (the filters too) goes as a parameter.
        query = f"""SELECT '{{"type":"FeatureCollection","features":[' || COALESCE({joined}, '') || ']}}'
            FROM ({sql}) features"""  # noqa: S608
        cursor.execute(query, params)
        document = cursor.fetchone()[0]
    return document if isinstance(document, bytes) else document.encode()
