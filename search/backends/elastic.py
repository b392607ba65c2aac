"""The Elasticsearch backend (used when ``ELASTICSEARCH_URL`` is set).

One index per searchable type, reached through an alias ``<SEARCH_INDEX_PREFIX>-<type>``.
``rebuild`` fills a new, timestamped index and then moves the alias in one atomic
call, so searches never see a half-built index.

Analysis: ``portal_polish`` is lowercase + the ``polish_stem`` filter when the
server has the ``analysis-stempel`` plugin (``bin/elasticsearch-plugin install
analysis-stempel``) + asciifolding; without the plugin it is lowercase +
asciifolding only, and inflections are matched through the ``*_stems`` fields,
which hold the portal's own light Polish stems (``search.text``). Fuzziness
("AUTO") forgives typos; the completion suggester serves the autocomplete.
"""

import logging
from datetime import UTC, datetime
from functools import lru_cache

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe
from elasticsearch import Elasticsearch, helpers
from elasticsearch.dsl import Q, Search

from .. import registry
from ..base import FOLDED, POLISH, STEMS, Entry
from ..facets import filter_facets, type_options
from ..text import has_words, highlight, terms, title_key
from .base import Hit, SearchQuery, SearchResults, SearchUnavailable

logger = logging.getLogger(__name__)
KEY = "portal_key"
EXACT_TITLE_BOOST = 100
TAG_SEPARATOR = "="


@lru_cache(maxsize=1)
def client() -> Elasticsearch:
    return Elasticsearch(
        settings.ELASTICSEARCH_URL,
        request_timeout=settings.SEARCH_ELASTICSEARCH_TIMEOUT,
        retry_on_timeout=False,
        max_retries=0,
    )


def alias(type_name: str) -> str:
    return f"{settings.SEARCH_INDEX_PREFIX}-{type_name}"


def analysis_settings(*, stempel: bool) -> dict:
    polish_filters = (
        ["lowercase", "polish_stem", "asciifolding"] if stempel else ["lowercase", "asciifolding"]
    )
    return {
        "analysis": {
            "analyzer": {
                POLISH: {"type": "custom", "tokenizer": "standard", "filter": polish_filters},
                FOLDED: {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
                STEMS: {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]},
            },
            "normalizer": {KEY: {"type": "custom", "filter": ["lowercase", "asciifolding"]}},
        }
    }


def mapping(type_name: str) -> dict:
    search_type = registry.get(type_name)
    body = search_type.document._doc_type.mapping.to_dict()
    body["properties"]["title"]["fields"]["key"]["normalizer"] = KEY
    return body


def has_stempel(es: Elasticsearch) -> bool:
    try:
        return any(p.get("component") == "analysis-stempel" for p in es.cat.plugins(format="json"))
    except Exception:  # a managed service may hide the plugin list: assume none
        return False


def document(type_name: str, entry: Entry) -> dict:
    suggest = [entry.title[:200]] + [w for w in entry.title.split() if len(w) >= 4][:10]
    return {
        "type": type_name,
        "object_id": str(entry.object_id),
        "title": entry.title,
        "body": entry.body,
        "title_stems": terms(entry.title),
        "body_stems": terms(entry.body),
        "url": entry.url,
        "date": entry.date.isoformat() if entry.date else None,
        "tags": [f"{key}{TAG_SEPARATOR}{value}" for key, value in entry.tags()],
        "suggest": {"input": suggest},
    }


def _actions(index: str, type_name: str, entries, remove_ids=()):
    for entry in entries:
        yield {
            "_op_type": "index",
            "_index": index,
            "_id": str(entry.object_id),
            "_source": document(type_name, entry),
        }
    for object_id in remove_ids:
        yield {"_op_type": "delete", "_index": index, "_id": str(object_id)}


def write(type_name: str, entries: list[Entry], remove_ids=()) -> None:
    es = client()
    if not es.indices.exists_alias(name=alias(type_name)):
        rebuild(type_name)
        return
    helpers.bulk(es, _actions(alias(type_name), type_name, entries, remove_ids), raise_on_error=False)


def rebuild(type_name: str, *, stdout=None) -> int:
    """Build a new index of every visible object of the type, then swap the alias to it."""
    es = client()
    name = alias(type_name)
    new_index = f"{name}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
    es.indices.create(
        index=new_index,
        settings={**analysis_settings(stempel=has_stempel(es)), "refresh_interval": "-1"},
        mappings=mapping(type_name),
    )
    count, _errors = helpers.bulk(
        es, _actions(new_index, type_name, registry.get(type_name).entries()), raise_on_error=False
    )
    es.indices.put_settings(index=new_index, settings={"refresh_interval": "1s"})
    es.indices.refresh(index=new_index)
    old = list(es.indices.get_alias(name=name).keys()) if es.indices.exists_alias(name=name) else []
    actions = [{"remove": {"index": index, "alias": name}} for index in old]
    if es.indices.exists(index=name) and not old:
        es.indices.delete(index=name)  # a plain index squatting the alias name
    actions.append({"add": {"index": new_index, "alias": name}})
    es.indices.update_aliases(actions=actions)
    for index in old:
        es.indices.delete(index=index, ignore_unavailable=True)
    if stdout:
        stdout.write(f"  {type_name}: {count} documents in {new_index}")
    return count


# Query building (pure: tested without a server)


def _tag(key: str, value: str) -> str:
    return f"{key}{TAG_SEPARATOR}{value}"


def _facets(search: Search, query: SearchQuery) -> Search:
    """``search`` within the chosen filters, with the type (a post filter) and the facets."""
    tag_filters = [Q("term", tags=_tag(key, value)) for key, value in query.filters.items()]
    if tag_filters:
        search = search.filter("bool", filter=tag_filters)
    # The type is a post filter: the type facet keeps counting every type.
    if query.type:
        search = search.post_filter("term", type=query.type)
        search.aggs.bucket("in_type", "filter", term={"type": query.type}).bucket(
            "tags", "terms", field="tags", size=500
        )
    search.aggs.bucket("types", "terms", field="type", size=50)
    return search


def build_search(query: SearchQuery, *, using=None) -> Search:
    """The request for ``query``: matching, exact titles first, facets, highlights, a typo suggestion."""
    indexes = [alias(name) for name in registry.all_types()]
    text = query.text
    stems = terms(text)
    if not has_words(text):
        # Only punctuation or emoji: the analysers leave no term, and a multi_match without
        # terms or a suggester without text is refused by some servers. Nothing matches.
        return _facets(Search(using=using, index=indexes).query(Q("match_none")), query).extra(
            from_=query.offset, size=query.per_page, track_total_hits=True
        )
    must = Q(
        "bool",
        should=[
            Q(
                "multi_match",
                query=text,
                fields=["title^3", "title.folded^2", "body", "body.folded"],
                fuzziness="AUTO",
                prefix_length=1,
                operator="and",
            ),
            Q("multi_match", query=stems, fields=["title_stems^2", "body_stems"], operator="and"),
        ],
        minimum_should_match=1,
    )
    exact = Q("term", **{"title.key": {"value": text, "boost": EXACT_TITLE_BOOST}})
    search = Search(using=using, index=indexes).query(Q("bool", must=[must], should=[exact]))
    search = _facets(search, query)
    search = (
        search.highlight_options(
            encoder="html",
            pre_tags=["<mark>"],
            post_tags=["</mark>"],
            fragment_size=200,
            number_of_fragments=1,
        )
        .highlight("title", number_of_fragments=0)
        .highlight("body", "body.folded")
    )
    search = search.suggest("fix", text, term={"field": "title.folded", "suggest_mode": "popular"})
    search = search.source(["type", "title", "url", "date", "body"])
    return search.extra(from_=query.offset, size=query.per_page, track_total_hits=True)


def build_autocomplete(text: str, *, limit: int = 8, using=None) -> Search:
    indexes = [alias(name) for name in registry.all_types()]
    return (
        Search(using=using, index=indexes)
        .suggest(
            "titles",
            text,
            completion={
                "field": "suggest",
                "size": limit,
                "skip_duplicates": True,
                "fuzzy": {"fuzziness": "AUTO"},
            },
        )
        .source(["type", "title", "url"])
        .extra(size=0)
    )


def _excerpt(hit, text: str):
    fragments = getattr(hit.meta, "highlight", None)
    if fragments:
        for field in ("body", "body.folded"):
            if field in fragments:
                return mark_safe(fragments[field][0])  # noqa: S308 (encoder="html" escaped the text)
    return highlight(getattr(hit, "body", ""), text)


def _title(hit, text: str):
    fragments = getattr(hit.meta, "highlight", None)
    if fragments and "title" in fragments:
        return mark_safe(fragments["title"][0])  # noqa: S308 (encoder="html")
    return mark_safe(escape(hit.title))  # noqa: S308


def parse_response(query: SearchQuery, response) -> SearchResults:
    hits = []
    for hit in response:
        search_type = registry.get(hit.type)
        hits.append(
            Hit(
                type=hit.type,
                type_label=str(search_type.label) if search_type else hit.type,
                title=_title(hit, query.text),
                url=hit.url,
                excerpt=_excerpt(hit, query.text),
                date=datetime.fromisoformat(str(hit.date)).date() if getattr(hit, "date", None) else None,
            )
        )
    aggregations = response.aggregations
    type_counts = {b.key: b.doc_count for b in aggregations.types.buckets}
    tag_counts: dict[str, dict[str, int]] = {}
    if query.type:
        for bucket in aggregations.in_type.tags.buckets:
            key, _, value = bucket.key.partition(TAG_SEPARATOR)
            tag_counts.setdefault(key, {})[value] = bucket.doc_count
    total = response.hits.total.value
    suggestion = ""
    if not total and "suggest" in response:
        corrected, changed = [], False
        for part in response.suggest.fix:
            if part.options:
                corrected.append(part.options[0].text)
                changed = True
            else:
                corrected.append(part.text)
        suggestion = " ".join(corrected) if changed else ""
    return SearchResults(
        query=query,
        hits=hits,
        total=total,
        types=type_options(query, type_counts),
        facets=filter_facets(query, tag_counts),
        suggestion=suggestion,
        backend="elasticsearch",
    )


def search(query: SearchQuery) -> SearchResults:
    try:
        response = build_search(query, using=client()).execute()
    except Exception as error:
        raise SearchUnavailable(str(error)) from error
    return parse_response(query, response)


def autocomplete(text: str, *, limit: int = 8) -> list[dict]:
    if not has_words(text):
        return []
    try:
        response = build_autocomplete(text, limit=limit, using=client()).execute()
    except Exception as error:
        raise SearchUnavailable(str(error)) from error
    suggestions, seen = [], set()
    for option in response.suggest.titles[0].options:
        source = option._source
        key = title_key(source.title)
        if key in seen:
            continue
        seen.add(key)
        search_type = registry.get(source.type)
        suggestions.append(
            {
                "title": source.title,
                "url": source.url,
                "type": source.type,
                "type_label": str(search_type.label) if search_type else source.type,
            }
        )
    return suggestions
