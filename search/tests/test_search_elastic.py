"""Elasticsearch: the mapping and the queries built without a server; the fallback; and,
when ELASTICSEARCH_URL is set in the environment, the real thing."""

import os
import uuid

import pytest

from home.models import StandardPage
from home.tests.factories import add_page, make_home
from search import indexing, registry, service
from search.backends import elastic

pytestmark = pytest.mark.django_db
ES_URL = os.environ.get("ELASTICSEARCH_URL", "")


@pytest.fixture(autouse=True)
def _fresh_client():
    elastic.client.cache_clear()
    yield
    elastic.client.cache_clear()


def test_every_type_maps_the_common_fields_with_the_polish_analyser():
    assert set(registry.all_types()) >= {"page", "document", "competition", "result", "organisation"}
    for name in registry.all_types():
        properties = elastic.mapping(name)["properties"]
        assert properties["title"]["analyzer"] == "portal_polish"
        assert properties["title"]["fields"]["folded"]["analyzer"] == "portal_folded"
        assert properties["title"]["fields"]["key"] == {"type": "keyword", "normalizer": "portal_key"}
        assert properties["body_stems"]["analyzer"] == "portal_stems"
        assert properties["suggest"]["type"] == "completion"
        assert properties["tags"]["type"] == "keyword"
        assert properties["url"] == {"type": "keyword", "index": False}
    assert elastic.mapping("organisation")["properties"]["district"]["type"] == "keyword"


def test_analysis_uses_stempel_only_when_the_server_has_it():
    with_plugin = elastic.analysis_settings(stempel=True)["analysis"]["analyzer"]["portal_polish"]
    without = elastic.analysis_settings(stempel=False)["analysis"]["analyzer"]["portal_polish"]
    assert with_plugin["filter"] == ["lowercase", "polish_stem", "asciifolding"]
    assert without["filter"] == ["lowercase", "asciifolding"]


def test_index_names_carry_the_environment_prefix(settings):
    settings.SEARCH_INDEX_PREFIX = "staging"
    assert elastic.alias("page") == "staging-page"
    body = elastic.build_search(service.make_query(text="x"))
    assert "staging-organisation" in body._index


def test_the_query_matches_fuzzily_stems_boosts_exact_titles_and_filters():
    query = service.make_query(
        text="Organizacjom zajecia", type="organisation", filters={"district": "wola"}, page=3
    )
    body = elastic.build_search(query).to_dict()
    must = body["query"]["bool"]["must"][0]["bool"]["should"]
    assert must[0]["multi_match"]["fuzziness"] == "AUTO"
    assert must[1]["multi_match"]["query"] == "organizacj zajec"
    assert body["query"]["bool"]["should"][0]["term"]["title.key"]["boost"] == elastic.EXACT_TITLE_BOOST
    assert body["query"]["bool"]["filter"][0]["bool"]["filter"] == [{"term": {"tags": "district=wola"}}]
    assert body["post_filter"] == {"term": {"type": "organisation"}}
    assert body["aggs"]["types"]["terms"]["field"] == "type"
    assert body["aggs"]["in_type"]["aggs"]["tags"]["terms"]["field"] == "tags"
    assert body["highlight"]["encoder"] == "html"
    assert body["from"] == 20 and body["size"] == 10
    assert body["suggest"]["fix"]["term"]["field"] == "title.folded"


def test_autocomplete_uses_the_fuzzy_completion_suggester():
    body = elastic.build_autocomplete("zajec").to_dict()
    completion = body["suggest"]["titles"]["completion"]
    assert completion["field"] == "suggest" and completion["fuzzy"] == {"fuzziness": "AUTO"}


def test_documents_carry_stems_tags_and_suggestions():
    from search.base import Entry

    entry = Entry(
        object_id=7, title="Zajęcia dla dzieci", url="/x/", body="Organizacje", filters={"kind": ["faq"]}
    )
    document = elastic.document("page", entry)
    assert document["title_stems"] == "zajec dla dziec"
    assert document["tags"] == ["kind=faq"]
    assert "Zajęcia dla dzieci" in document["suggest"]["input"]


def test_an_unreachable_server_falls_back_to_the_database(settings, client, caplog, reindex):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    settings.SEARCH_ELASTICSEARCH_TIMEOUT = 0.5
    add_page(make_home(), StandardPage, title="Punkt pomocy", slug="pomoc")
    reindex()
    response = client.get("/szukaj/", {"q": "pomocy"})
    assert response.status_code == 200
    assert "Punkt <mark>pomocy</mark>" in response.content.decode()
    assert (
        client.get("/szukaj/", {"q": "pomo", "podpowiedzi": ""}).json()["suggestions"][0]["title"]
        == "Punkt pomocy"
    )
    assert "Elasticsearch unavailable" in caplog.text


def test_indexing_with_an_unreachable_server_still_updates_the_database(settings, committed, caplog):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    settings.SEARCH_ELASTICSEARCH_TIMEOUT = 0.5
    home = make_home()
    with committed():
        add_page(home, StandardPage, title="Dyżur prawnika", slug="dyzur")
    settings.ELASTICSEARCH_URL = ""
    assert service.search(service.make_query(text="dyzur")).total == 1
    assert "Elasticsearch not updated" in caplog.text


@pytest.mark.skipif(
    not ES_URL, reason="ELASTICSEARCH_URL is not set: no Elasticsearch server to test against"
)
def test_a_real_server_indexes_swaps_the_alias_and_searches(settings):
    settings.ELASTICSEARCH_URL = ES_URL
    settings.SEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:8]}"
    es = elastic.client()
    try:
        home = make_home()
        add_page(
            home,
            StandardPage,
            title="Zajęcia dla organizacji",
            slug="a",
            introduction="Organizacje i zajęcia.",
        )
        indexing.rebuild(["page"], database_index=False, elasticsearch_index=True)
        first = list(es.indices.get_alias(name=elastic.alias("page")))
        indexing.rebuild(["page"], database_index=False, elasticsearch_index=True)
        second = list(es.indices.get_alias(name=elastic.alias("page")))
        assert len(first) == len(second) == 1 and first != second
        assert not es.indices.exists(index=first[0])  # the old index is gone
        results = service.search(service.make_query(text="organizacjom zajecia"))
        assert results.backend == "elasticsearch"
        assert [h.url for h in results.hits] == ["/a/"]
        assert "<mark>" in results.hits[0].excerpt
        assert service.autocomplete("zaje")[0]["title"] == "Zajęcia dla organizacji"
    finally:
        es.indices.delete(index=f"{settings.SEARCH_INDEX_PREFIX}-*", ignore_unavailable=True)
