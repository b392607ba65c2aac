"""The database backend (SQLite FTS5 or PostgreSQL full text, whichever the run uses)."""

import pytest
from wagtail.models import Collection, CollectionViewRestriction

from competitions.choices import CompetitionState, OfferState
from home.models import StandardPage
from home.tests.factories import add_document, add_page, make_home
from organisations.tests.factories import OrganisationFactory, PlaceFactory, sphere
from search import service
from search.text import fold, stem

from .conftest import make_competition, make_result, set_state

pytestmark = pytest.mark.django_db


def find(text, **kwargs):
    results = service.search(service.make_query(text=text, **kwargs))
    return results


def titles(text, **kwargs):
    return [str(hit.title).replace("<mark>", "").replace("</mark>", "") for hit in find(text, **kwargs).hits]


@pytest.fixture
def home(db):
    return make_home()


def test_the_light_stemmer_joins_inflected_forms():
    for forms in (
        ["organizacje", "organizacjom", "organizacji", "organizacja"],
        ["zajęcia", "zajecia", "zajęciach", "zajęciami"],
        ["dzieci", "dzieciom", "dziećmi"],
        ["społecznych", "społeczne", "społecznej"],
    ):
        assert len({stem(fold(form)) for form in forms}) == 1, forms


def test_inflections_and_missing_diacritics_find_the_text(home, reindex):
    add_page(
        home,
        StandardPage,
        title="Zajęcia dla organizacji",
        slug="a",
        introduction="Organizacje prowadzą zajęcia.",
    )
    add_page(
        home, StandardPage, title="Wsparcie seniorów", slug="b", introduction="Dla starszych mieszkańców."
    )
    reindex()
    assert titles("organizacjom") == ["Zajęcia dla organizacji"]
    assert titles("zajecia") == ["Zajęcia dla organizacji"]
    assert titles("ZAJĘCIACH organizacje") == ["Zajęcia dla organizacji"]
    assert titles("seniorom") == ["Wsparcie seniorów"]
    assert titles("mieszkancow") == ["Wsparcie seniorów"]
    assert titles("rowery") == []


def test_excerpts_mark_the_inflected_words(home, reindex):
    add_page(
        home, StandardPage, title="Strona", slug="a", introduction="Organizacje prowadzą zajęcia dla dzieci."
    )
    reindex()
    hit = find("organizacjom zajecia").hits[0]
    assert "<mark>Organizacje</mark>" in hit.excerpt
    assert "<mark>zajęcia</mark>" in hit.excerpt


def test_excerpts_are_escaped(home, reindex):
    add_page(home, StandardPage, title="Strona", slug="a", introduction="Konkurs <script>alert(1)</script>")
    reindex()
    hit = find("konkurs").hits[0]
    assert "<script>" not in hit.excerpt and "&lt;script&gt;" in hit.excerpt


def test_an_exact_title_comes_first(home, reindex):
    add_page(
        home,
        StandardPage,
        title="Wzory dokumentów do konkursu ofert",
        slug="a",
        introduction="Konkurs ofert, konkurs ofert, konkurs ofert: wszystko o konkursie ofert.",
    )
    add_page(home, StandardPage, title="Konkurs ofert", slug="b")
    reindex()
    assert titles("konkurs ofert")[0] == "Konkurs ofert"
    assert titles("Konkurs  OFERT")[0] == "Konkurs ofert"


def test_unpublished_and_restricted_pages_are_never_found(home, reindex):
    draft = StandardPage(title="Tajny plan budżetu", slug="draft", live=False)
    home.add_child(instance=draft)
    draft.save_revision()
    withdrawn = add_page(home, StandardPage, title="Plan budżetu wycofany", slug="withdrawn")
    withdrawn.unpublish()
    private = add_page(home, StandardPage, title="Plan budżetu wewnętrzny", slug="private")
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    add_page(home, StandardPage, title="Plan budżetu miasta", slug="public")
    reindex()
    assert titles("budzet") == ["Plan budżetu miasta"]


def test_documents_in_private_collections_are_never_found(home, reindex):
    root = Collection.get_first_root_node()
    internal = root.add_child(name="Wewnętrzne")
    nested = internal.add_child(name="Zarząd")
    CollectionViewRestriction.objects.create(collection=internal, restriction_type="login")
    add_document("Regulamin konkursu", category="regulations")
    add_document("Regulamin pracy komisji", collection=internal)
    add_document("Regulamin zarządu", collection=nested)
    reindex()
    assert titles("regulamin") == ["Regulamin konkursu"]
    hit = find("regulamin").hits[0]
    assert hit.type == "document" and hit.url.startswith("/documents/")


def test_draft_competitions_are_never_found_public_ones_are(db, reindex):
    make_competition(CompetitionState.DRAFT, title="Wypoczynek szkic")
    make_competition(CompetitionState.ANNOUNCED, title="Wypoczynek ogłoszony")
    cancelled_draft = make_competition(CompetitionState.DRAFT, title="Wypoczynek anulowany szkic")
    set_state(cancelled_draft, CompetitionState.CANCELLED, announced_at=None)
    make_competition(CompetitionState.CANCELLED, title="Wypoczynek odwołany")
    reindex()
    assert sorted(titles("wypoczynku")) == ["Wypoczynek odwołany", "Wypoczynek ogłoszony"]


def test_results_are_found_only_once_published(db, reindex):
    organisation = OrganisationFactory(name="Fundacja Słoneczna")
    published = make_competition(CompetitionState.RESULTS_PUBLISHED, title="Kolonie 2027")
    make_result(published, organisation, title="Kolonie nad morzem", amount="12500")
    make_result(
        published,
        OrganisationFactory(name="Fundacja Deszczowa"),
        state=OfferState.NOT_GRANTED,
        title="Kolonie w górach",
    )
    closed = make_competition(CompetitionState.CLOSED, title="Obozy 2027")
    make_result(closed, organisation, title="Kolonie jesienne")  # decided, not yet published
    cancelled = make_competition(CompetitionState.CANCELLED, title="Obozy zimowe")
    make_result(cancelled, organisation, title="Kolonie zimowe")  # cancelled before the results
    make_result(published, organisation, state=OfferState.SUBMITTED, title="Kolonie w lesie")
    reindex()
    found = titles("kolonie", type="result")
    assert sorted(found) == ["Fundacja Deszczowa: Kolonie w górach", "Fundacja Słoneczna: Kolonie nad morzem"]
    granted = find("kolonie morzem", type="result").hits[0]
    assert "12" in granted.excerpt and "500,00" in granted.excerpt
    assert granted.url.endswith("#wyniki")


def test_suspended_organisations_are_never_found(db, reindex):
    OrganisationFactory(name="Stowarzyszenie Aktywni Seniorzy")
    OrganisationFactory(
        name="Stowarzyszenie Aktywni Zawieszeni", is_suspended=True, suspension_reason="Kontrola"
    )
    reindex()
    assert titles("aktywnych") == ["Stowarzyszenie Aktywni Seniorzy"]


def test_organisations_never_expose_contact_data(db, reindex):
    OrganisationFactory(name="Fundacja Kontakt", email="prezes@example.org", phone="600100200")
    reindex()
    assert titles("prezes") == [] and titles("600100200") == []


def test_type_and_filter_facets_count_the_matches(db, reindex):
    culture, sport = sphere("16"), sphere("17")
    first = OrganisationFactory(name="Klub Sportowy Wola", district="wola")
    first.spheres.add(sport)
    second = OrganisationFactory(name="Klub Kultury Mokotów", district="mokotow")
    second.spheres.add(culture, sport)
    PlaceFactory(organisation=second, district="ursynow")
    make_competition(CompetitionState.ANNOUNCED, title="Klub seniora", sphere=culture)
    reindex()

    everything = find("klub")
    assert {(o.value, o.count) for o in everything.types} == {("organisation", 2), ("competition", 1)}
    assert everything.facets == []  # per-type filters appear once a type is chosen

    organisations = find("klub", type="organisation")
    facets = {facet.key: {o.value: o.count for o in facet.options} for facet in organisations.facets}
    assert facets["sphere"] == {sport.code: 2, culture.code: 1}
    assert facets["district"] == {"wola": 1, "mokotow": 1, "ursynow": 1}
    labels = {o.value: o.label for facet in organisations.facets for o in facet.options}
    assert labels["mokotow"] == "Mokotów"

    in_ursynow = find("klub", type="organisation", filters={"district": "ursynow"})
    assert in_ursynow.total == 1 and "Mokotów" in in_ursynow.hits[0].title
    facets = {
        facet.key: {o.value: (o.count, o.selected) for o in facet.options} for facet in in_ursynow.facets
    }
    # The chosen filter keeps its other values choosable; the others count within the choice.
    assert facets["district"]["wola"] == (1, False) and facets["district"]["ursynow"] == (1, True)
    assert facets["sphere"] == {sport.code: (1, False), culture.code: (1, False)}
    # The type facet still counts every type.
    assert {o.value for o in in_ursynow.types} == {"organisation", "competition"}


def test_pagination_and_totals(home, reindex):
    for n in range(23):
        add_page(home, StandardPage, title=f"Ogłoszenie {n:02d}", slug=f"o-{n}")
    reindex()
    first, third = find("ogłoszenie"), find("ogloszenia", page=3)
    assert first.total == 23 and first.num_pages == 3 and len(first.hits) == 10
    assert len(third.hits) == 3 and third.start_index == 21
    assert find("ogłoszenie", page=99).hits == []


def test_incremental_indexing_on_save_publish_unpublish_and_delete(home, committed):
    with committed():
        page = add_page(home, StandardPage, title="Nabór wolontariuszy", slug="nabor")
    assert titles("wolontariusze") == ["Nabór wolontariuszy"]
    with committed():
        page.title = "Nabór wolontariuszy na festyn"
        page.save_revision().publish()
    assert titles("festyn") == ["Nabór wolontariuszy na festyn"]
    with committed():
        page.unpublish()
    assert titles("wolontariusze") == []
    with committed():
        page.save_revision().publish()
    assert titles("wolontariusze") == ["Nabór wolontariuszy na festyn"]
    with committed():
        page.delete()
    assert titles("wolontariusze") == []


def test_incremental_indexing_of_organisations_and_results(db, committed):
    with committed():
        organisation = OrganisationFactory(name="Fundacja Zielona")
        competition = make_competition(CompetitionState.CLOSED, title="Zieleń miejska")
        make_result(competition, organisation, title="Ogrody społeczne")
        organisation.save()
    assert titles("zielonej") == ["Fundacja Zielona"]
    assert titles("ogrody") == []
    with committed():
        set_state(competition, CompetitionState.RESULTS_PUBLISHED)
        competition.save()  # the services save the competition after each transition
    assert titles("ogrody") == ["Fundacja Zielona: Ogrody społeczne"]
    with committed():
        organisation.is_suspended = True
        organisation.suspension_reason = "Kontrola"
        organisation.save()
    assert titles("zielona") == []


def test_making_a_collection_private_removes_its_documents(home, committed):
    internal = Collection.get_first_root_node().add_child(name="Robocze")
    with committed():
        add_document("Notatka robocza", collection=internal)
    assert titles("notatka") == ["Notatka robocza"]
    with committed():
        restriction = CollectionViewRestriction.objects.create(collection=internal, restriction_type="login")
    assert titles("notatka") == []
    with committed():
        restriction.delete()
    assert titles("notatka") == ["Notatka robocza"]


def test_indexing_errors_never_break_the_change(home, committed, monkeypatch, caplog):
    from search import indexing

    def broken(*args, **kwargs):
        raise RuntimeError("index down")

    monkeypatch.setattr(indexing.database, "write", broken)
    with committed():
        page = add_page(home, StandardPage, title="Strona mimo awarii", slug="awaria")
    assert StandardPage.objects.filter(pk=page.pk, live=True).exists()
    assert "indexing page" in caplog.text


@pytest.fixture
def postgresql_only():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the bounded PostgreSQL query path")


def _synthetic_entries(n):
    import datetime
    import random

    from search.base import Entry

    rng, start = random.Random(6), datetime.date(2020, 1, 1)
    words = ["dotacja", "konkurs", "oferta", "sprawozdanie", "umowa", "wniosek", "zajęcia", "senior"]
    for i in range(n):
        yield Entry(
            object_id=str(i),
            title=" ".join(rng.choices(words, weights=[40, 20, 10, 5, 3, 2, 1, 1], k=3)),
            url=f"/e/{i}/",
            body=" ".join(rng.choices(words, k=20)),
            date=None if i % 50 == 0 else start + datetime.timedelta(rng.randint(0, 2500)),
            filters={"kind": ["news" if i % 3 else "praga 'północ\\"]},
        )


@pytest.mark.parametrize("path", ["walk", "recent", "all", "all at once"])
def test_title_candidates_are_the_newest_matches_whichever_path_finds_them(
    postgresql_only, monkeypatch, path
):
    """The walk, the last year's matches and all matches (after the last year's, or at once
    for a word expected in few titles) give the same newest title matches."""
    import datetime

    from django.db import connection, transaction

    from search.backends import database, postgres

    database.write("page", list(_synthetic_entries(600)))
    # The planner's estimates decide the path; forced here, and checked below that the walk
    # alone answered (the last year's matches are found from the newest date).
    paths = {
        "walk": (True, True),
        "recent": (False, True),
        "all": (False, True),
        "all at once": (False, False),
    }
    monkeypatch.setattr(postgres, "_title_paths", lambda *args: paths[path])
    if path == "all":
        monkeypatch.setattr(postgres, "RECENT_DAYS", datetime.timedelta(days=1))
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    for text, filters in [("dotacja", {}), ("konkurs", {}), ("umowa", {}), ("zajecia", {"kind": "news"})]:
        q = postgres.tsquery(text)
        where, params = postgres._where("page", filters)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM search_searchentry WHERE title_vector @@ %s::tsquery"  # noqa: S608
                f"{where} ORDER BY date DESC NULLS LAST, id LIMIT 20",
                [q, *params],
            )
            expected = {row[0] for row in cursor.fetchall()}
            postgres._settings(cursor)
            statements.clear()
            with connection.execute_wrapper(record):
                found = postgres._title_ids(cursor, q, "page", filters, 20)
        assert expected and set(found) == expected, text
        walked = any(") recent " in sql for sql in statements)
        read_dates = any("SELECT max(date)" in sql for sql in statements)
        if path == "walk":
            # A frequent title word fills the 20 within the newest 400 rows; the filtered one
            # is too rare among them, so the walk falls through to the other paths.
            assert walked and read_dates == bool(filters), text
        else:
            assert read_dates == (path != "all at once") and not walked, text


def test_a_filter_value_with_quotes_and_spaces_is_matched_exactly(postgresql_only):
    from search.backends import database

    database.write("page", list(_synthetic_entries(60)))
    odd = "praga 'północ\\"
    results = service.search(service.make_query(text="dotacja", type="page", filters={"kind": odd}))
    assert results.total > 0
    kinds = {o.value: o.count for f in results.facets if f.key == "kind" for o in f.options}
    assert kinds[odd] == results.total


def test_counts_and_hits_span_every_shard_of_the_index(postgresql_only):
    """Entries whose ids fall in different shards of the full vector's index are all found."""
    from django.db import connection

    from search import fulltext
    from search.backends import database

    entries = list(_synthetic_entries(80))
    database.write("page", entries[:40])
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval('search_searchentry_id_seq', %s)", [fulltext.SHARD_IDS * 3])
    database.write("page", entries[40:])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(DISTINCT {fulltext.SHARD}) FROM search_searchentry")  # noqa: S608
        assert cursor.fetchone()[0] == 2
        cursor.execute(
            "SELECT count(*) FROM search_searchentry WHERE search_vector @@ "
            "(plainto_tsquery('portal_search', 'dotacja') || to_tsquery('simple', 'dotacj'))"
        )
        expected = cursor.fetchone()[0]
    results = service.search(service.make_query(text="dotacja"))
    assert results.total == expected > 40
    assert {(o.value, o.count) for o in results.types} == {("page", expected)}
    assert len(results.hits) == 10
