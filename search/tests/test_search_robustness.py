"""Search never answers 500: queries that normalise to nothing (punctuation, emoji, control
characters, stop words), NUL bytes (PostgreSQL refuses them in any text), very long queries,
unmatched quotes, absurd pages and unknown types or filters, on the page and in the
autocomplete, through the database backend (SQLite or PostgreSQL, whichever the run uses)
and through the Elasticsearch query builder (no server needed)."""

import json

import pytest
from elasticsearch.dsl.response import Response
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from home.models import StandardPage
from home.tests.factories import add_page, make_home
from organisations.tests.factories import OrganisationFactory
from search import service
from search.backends import database, elastic
from search.text import clean_input, has_words

pytestmark = pytest.mark.django_db

# Each normalises to no word at all, or to something a backend's own syntax could choke on.
ODD_QUERIES = {
    "punctuation": "!!! ??? ... ---",
    "emoji": "😀🎉👍🏽",
    "emoji joined": "👩‍👩‍👧‍👦",
    "control characters": "\x01\x02\x1b[31m\x7f",
    "nul alone": "\x00",
    "nul inside a word": "senio\x00rzy",
    "nul around words": "\x00zajęcia\x00",
    "unmatched double quote": '"seniorzy',
    "unmatched single quote": "seniorzy'",
    "fts syntax": 'seniorzy AND OR NOT NEAR( "* ^ : ( ) {title_terms}',
    "tsquery syntax": "a & | ! <-> :* \\ '' zajęcia",
    "lucene syntax": "title:seniorzy~2 AND /regex/ [a TO b] \\",
    "only stop words": "i oraz w z na do",
    "one letter": "w",
    "underscores": "___ _ __",
    "very long": "seniorzy " * 2000,
    "one very long word": "a" * 10_000,
    "zero width and bidi": "\u200b\u200d\u202e\ufeff",
    "private use": "\ue000\uf8ff",
    "combining marks only": "\u0301\u0308",
}
BAD_PAGES = ["99999999999999999999999999999", "-1", "0", "1e309", "NaN", "Infinity", "1,5", "abc", "", "٣"]
VIEWS = ["/szukaj/", "/szukaj/podpowiedzi/"]


@pytest.fixture
def content(db, reindex):
    home = make_home()
    add_page(
        home, StandardPage, title="Seniorzy w mieście", slug="seniorzy", introduction="Zajęcia dla seniorów."
    )
    OrganisationFactory(name="Fundacja Seniorzy Razem")
    reindex()


@pytest.mark.parametrize("text", ODD_QUERIES.values(), ids=ODD_QUERIES.keys())
@pytest.mark.parametrize("path", VIEWS)
def test_odd_queries_answer_the_page_and_the_autocomplete(client, content, path, text):
    response = client.get(path, {"q": text})
    assert response.status_code == 200
    if path.endswith("podpowiedzi/"):
        assert isinstance(response.json()["suggestions"], list)


@pytest.mark.parametrize("text", ODD_QUERIES.values(), ids=ODD_QUERIES.keys())
def test_odd_queries_through_the_legacy_autocomplete_and_within_a_type(client, content, text):
    assert client.get("/szukaj/", {"q": text, "podpowiedzi": ""}).status_code == 200
    response = client.get("/szukaj/", {"q": text, "typ": "organisation", "district": text, "sphere": text})
    assert response.status_code == 200


def test_a_query_of_punctuation_says_nothing_was_found(client, content):
    response = client.get("/szukaj/", {"q": "!!!"})
    assert response.status_code == 200
    results = response.context["results"]
    assert results.total == 0 and results.hits == []


def test_a_nul_inside_a_word_is_a_space_and_the_words_around_it_still_match(client, content):
    response = client.get("/szukaj/", {"q": "\x00seniorzy\x00"})
    assert [h.url for h in response.context["results"].hits]  # found, not refused
    assert "\x00" not in response.context["results"].query.text


@pytest.mark.parametrize("page", BAD_PAGES)
def test_absurd_page_numbers_answer_a_page(client, content, page):
    response = client.get("/szukaj/", {"q": "seniorzy", "page": page})
    assert response.status_code == 200
    assert 1 <= response.context["results"].query.page <= 100


def test_unknown_types_and_filters_are_dropped_not_errors(client, content):
    response = client.get(
        "/szukaj/", {"q": "seniorzy", "typ": "\x00nope", "district": "\x00", "zzz": "1", "page": ["2", "x"]}
    )
    assert response.status_code == 200
    assert response.context["results"].query.type == ""


def test_the_database_backend_answers_a_query_without_words_directly(content):
    # The backend itself, not only the service in front of it (the original 500: order by "rank").
    for text in ("!!!", "😀", "\x00"):
        results = database.search(service.make_query(text=text))
        assert results.total == 0 and results.hits == []
        assert database.autocomplete(text) == []
        assert list(database.matching(text, prefix=True, title_only=True)) == []


def test_invisible_characters_never_reach_a_backend():
    assert clean_input("a\x00b\x1bc\u200dd\ud800e") == "a b c d e"
    assert clean_input("x" * 500, 100) == "x" * 100
    query = service.make_query(text="\x00", type="organisation", filters={"district": "\x00\x01"})
    assert query.text == "" and query.filters == {}


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(
    text=st.text(max_size=300),
    page=st.one_of(st.text(max_size=40), st.integers().map(str)),
    value=st.text(max_size=120),
)
def test_any_text_anywhere_answers_the_search_and_the_autocomplete(client, content, text, page, value):
    params = {"q": text, "page": page, "typ": "organisation", "district": value, "legal_form": value}
    assert client.get("/szukaj/", params).status_code == 200
    assert client.get("/szukaj/podpowiedzi/", {"q": text}).status_code == 200


# Elasticsearch: the request built for every odd query is one a server accepts.


def _strings(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def _no_control_characters(body) -> bool:
    json.dumps(body)  # serialisable as the client will send it
    return all(text == clean_input(text, len(text)) or " " in text for text in _strings(body))


@pytest.mark.parametrize("text", ODD_QUERIES.values(), ids=ODD_QUERIES.keys())
def test_the_elasticsearch_request_for_odd_queries_is_well_formed(text):
    query = service.make_query(text=text, type="organisation", filters={"district": text}, page="1e309")
    body = elastic.build_search(query).to_dict()
    assert _no_control_characters(body)
    assert body["from"] == 0 and body["size"] == 10
    if not has_words(query.text):
        # Nothing to match: no empty multi_match and no suggester without text.
        assert body["query"] == {"match_none": {}}
        assert "suggest" not in body
        assert body["aggs"]["types"]["terms"]["field"] == "type"
    else:
        assert body["suggest"]["fix"]["text"] == query.text


def test_the_elasticsearch_autocomplete_of_no_words_asks_nothing(monkeypatch):
    def unreachable():
        raise AssertionError("no request should be sent")

    monkeypatch.setattr(elastic, "client", unreachable)
    for text in ("!!", "😀😀", "\x00\x00"):
        assert elastic.autocomplete(text) == []


def test_an_elasticsearch_response_to_a_query_without_words_is_an_empty_answer():
    query = service.make_query(text="😀", type="organisation")
    response = Response(
        elastic.build_search(query),
        {
            "hits": {"total": {"value": 0, "relation": "eq"}, "hits": []},
            "aggregations": {"types": {"buckets": []}, "in_type": {"doc_count": 0, "tags": {"buckets": []}}},
        },
    )
    results = elastic.parse_response(query, response)
    assert results.total == 0 and results.hits == [] and results.suggestion == ""
