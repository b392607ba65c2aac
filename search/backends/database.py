"""The database backend: PostgreSQL full text (Polish hunspell + unaccent + the portal's stems)
or SQLite FTS5 (the portal's stems, diacritics removed), over ``SearchEntry``.

Both put an exact title first, then rank. SQLite ranks every match (bm25) and counts them
exactly; PostgreSQL (``search.backends.postgres``) ranks a bounded candidate set and stops
counting at ``COUNT_LIMIT`` so a frequent word costs no more than a rare one.
"""

import difflib
from collections import defaultdict

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, Count, F, FloatField, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL

from .. import registry
from ..base import Entry
from ..facets import filter_facets, type_options
from ..models import SearchEntry, SearchTag
from ..text import highlight, stem, terms, title_key, words
from . import postgres
from .base import Hit, SearchQuery, SearchResults

MAX_WORDS = 8
GENERATION_KEY = "search:generation"
VOCABULARY_TIMEOUT = 3600


def _generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 1, None)


def _bump_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


# Writing


def _entry_row(type_name: str, entry: Entry) -> SearchEntry:
    lemmas = postgres.lemma_text(entry.body) if connection.vendor == "postgresql" else ""
    return SearchEntry(
        type=type_name,
        object_id=str(entry.object_id),
        title=entry.title[:500],
        title_key=title_key(entry.title),
        body=entry.body,
        title_terms=terms(entry.title),
        body_terms=terms(entry.body),
        body_lemmas=lemmas,
        url=entry.url[:500],
        date=entry.date,
        filters={key: [str(v) for v in values] for key, values in entry.filters.items()},
    )


@transaction.atomic
def write(type_name: str, entries: list[Entry], remove_ids=()) -> None:
    """Upsert ``entries`` of one type and remove the ``remove_ids`` (objects no longer visible)."""
    remove = [str(i) for i in remove_ids]
    if remove:
        SearchEntry.objects.filter(type=type_name, object_id__in=remove).delete()
    if not entries:
        _bump_generation()
        return
    if connection.vendor == "postgresql":
        postgres.prefetch_lemmas(entry.body for entry in entries)
    rows = SearchEntry.objects.bulk_create(
        [_entry_row(type_name, entry) for entry in entries],
        update_conflicts=True,
        unique_fields=["type", "object_id"],
        update_fields=[
            "title",
            "title_key",
            "body",
            "title_terms",
            "body_terms",
            "body_lemmas",
            "url",
            "date",
            "filters",
            "indexed_at",
        ],
        batch_size=500,
    )
    if any(row.pk is None for row in rows):  # a database that does not return upserted keys
        keys = dict(
            SearchEntry.objects.filter(
                type=type_name, object_id__in=[row.object_id for row in rows]
            ).values_list("object_id", "pk")
        )
        for row in rows:
            row.pk = keys[row.object_id]
    SearchTag.objects.filter(entry__in=[row.pk for row in rows]).delete()
    SearchTag.objects.bulk_create(
        [
            SearchTag(entry_id=row.pk, key=key, value=value[:100])
            for row, entry in zip(rows, entries, strict=True)
            for key, value in entry.tags()
        ],
        batch_size=2000,
    )
    _bump_generation()


def clear(type_name: str | None = None) -> None:
    entries = SearchEntry.objects.all()
    if type_name:
        entries = entries.filter(type=type_name)
    SearchTag.objects.filter(entry__in=entries.values("pk")).delete()
    entries.delete()
    _bump_generation()


# Matching


def _quoted(term: str) -> str:
    return '"' + term.replace('"', "") + '"'


def _sqlite_match(query_words: list[str], *, prefix: bool, title_only: bool) -> str:
    parts = []
    for i, word in enumerate(query_words):
        if prefix and i == len(query_words) - 1:
            # A word being typed: it may be the start of a stem or of the full word.
            parts.append(f"({_quoted(word)}* OR {_quoted(stem(word))}*)")
        else:
            parts.append(_quoted(stem(word)))
    expression = " AND ".join(parts)
    return f"title_terms : ({expression})" if title_only else expression


def matching(text: str, *, prefix: bool = False, title_only: bool = False):
    """Entries matching every word of ``text``, annotated with ``rank`` (higher is better).

    SQLite and other databases; PostgreSQL answers through ``postgres`` (bounded work).
    """
    query_words = words(text)[:MAX_WORDS]
    entries = SearchEntry.objects.all()
    if not query_words:
        # Only punctuation, emoji or the like: nothing matches, but callers still order by rank.
        return entries.none().annotate(rank=Value(0.0, output_field=FloatField()))
    if connection.vendor == "sqlite":
        expression = _sqlite_match(query_words, prefix=prefix, title_only=title_only)
        return entries.filter(
            pk__in=RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [expression])
        ).annotate(
            rank=RawSQL(
                "SELECT -bm25(search_fts, 10.0, 1.0) FROM search_fts "
                "WHERE search_fts MATCH %s AND rowid = search_searchentry.id",
                [expression],
                output_field=FloatField(),
            )
        )
    condition = Q()
    for word in query_words:
        condition &= Q(title__icontains=word) | Q(body__icontains=word)
    return entries.filter(condition).annotate(rank=Value(1.0, output_field=FloatField()))


def _with_filters(entries, search_type: str, filters: dict[str, str], *, skip: str = ""):
    if search_type:
        entries = entries.filter(type=search_type)
    for key, value in filters.items():
        if key != skip:
            entries = entries.filter(pk__in=SearchTag.objects.filter(key=key, value=value).values("entry_id"))
    return entries


def _ordered(entries, text: str):
    return entries.annotate(
        exact=Case(
            When(title_key=title_key(text), then=Value(1)), default=Value(0), output_field=IntegerField()
        )
    ).order_by("-exact", "-rank", F("date").desc(nulls_last=True), "pk")


# Suggestions


def _vocabulary() -> dict[str, str]:
    """Folded title words → the word as written, for "did you mean" (cached per index generation)."""
    key = f"search:vocabulary:{_generation()}"
    vocabulary = cache.get(key)
    if vocabulary is None:
        vocabulary = {}
        for title in SearchEntry.objects.values_list("title", flat=True).iterator(chunk_size=2000):
            for written in title.split():
                written = written.strip(".,;:!?()„”\"'«»–-").lower()
                folded = " ".join(words(written))
                if len(folded) >= 4 and " " not in folded:
                    vocabulary.setdefault(folded, written)
        cache.set(key, vocabulary, VOCABULARY_TIMEOUT)
    return vocabulary


def correct(text: str) -> str:
    """``text`` with each unknown word replaced by the closest title word ("" if nothing changes)."""
    vocabulary = _vocabulary()
    if not vocabulary:
        return ""
    by_stem = {stem(folded) for folded in vocabulary}
    corrected, changed = [], False
    for word in words(text)[:MAX_WORDS]:
        if word in vocabulary or stem(word) in by_stem or len(word) < 4:
            corrected.append(vocabulary.get(word, word))
            continue
        candidates = [v for v in vocabulary if v[0] == word[0] and abs(len(v) - len(word)) <= 3]
        close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.7)
        if close:
            corrected.append(vocabulary[close[0]])
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else ""


# Answering


def _hit(row: SearchEntry, text: str) -> Hit:
    search_type = registry.get(row.type)
    return Hit(
        type=row.type,
        type_label=str(search_type.label) if search_type else row.type,
        title=highlight(row.title, text, length=500),
        url=row.url,
        excerpt=highlight(row.body, text),
        date=row.date,
    )


def _search_postgresql(query: SearchQuery) -> SearchResults:
    found = postgres.search(query)
    if found is None:
        found = {"rows": [], "total": 0, "total_capped": False, "type_counts": {}, "types_capped": False}
        found.update(tag_counts={}, capped_keys=set())
    total = found["total"]
    return SearchResults(
        query=query,
        hits=[_hit(row, query.text) for row in found["rows"]],
        total=total,
        total_capped=found["total_capped"],
        types=type_options(query, found["type_counts"], capped=found["types_capped"]),
        facets=filter_facets(query, found["tag_counts"], capped_keys=found["capped_keys"]),
        suggestion="" if total else correct(query.text),
        backend="database",
    )


def search(query: SearchQuery) -> SearchResults:
    if connection.vendor == "postgresql":
        return _search_postgresql(query)
    base = matching(query.text)
    entries = _with_filters(base, query.type, query.filters)
    total = entries.count()
    rows = list(_ordered(entries, query.text)[query.offset : query.offset + query.per_page])

    type_counts = dict(base.order_by().values_list("type").annotate(n=Count("pk")))
    tag_counts: dict[str, dict[str, int]] = defaultdict(dict)
    search_type = registry.get(query.type)
    if search_type and search_type.filters:
        # Each selected filter's own options are counted without it, so they stay choosable.
        groups = [(key, [key]) for key in query.filters] + [
            ("", [k for k in search_type.filters if k not in query.filters])
        ]
        for skip, keys in groups:
            if not keys:
                continue
            scope = _with_filters(base, query.type, query.filters, skip=skip)
            counts = (
                SearchTag.objects.filter(entry__in=scope.values("pk"), key__in=keys)
                .values_list("key", "value")
                .annotate(n=Count("pk"))
                .order_by()
            )
            for key, value, n in counts:
                tag_counts[key][value] = n
    return SearchResults(
        query=query,
        hits=[_hit(row, query.text) for row in rows],
        total=total,
        types=type_options(query, type_counts),
        facets=filter_facets(query, tag_counts),
        suggestion="" if total else correct(query.text),
        backend="database",
    )


def autocomplete(text: str, *, limit: int = 8) -> list[dict]:
    """Titles starting with, or containing words starting with, what was typed; typos corrected."""

    def titles(text):
        if connection.vendor == "postgresql":
            return postgres.autocomplete_rows(text, limit)
        return list(_ordered(matching(text, prefix=True, title_only=True), text)[:limit])

    if not words(text):
        return []
    rows = titles(text)
    if not rows:
        corrected = correct(text)
        if corrected:
            rows = titles(corrected)
    suggestions, seen = [], set()
    for row in rows:
        if row.title_key in seen:
            continue
        seen.add(row.title_key)
        search_type = registry.get(row.type)
        suggestions.append(
            {
                "title": row.title,
                "url": row.url,
                "type": row.type,
                "type_label": str(search_type.label) if search_type else row.type,
            }
        )
    return suggestions
