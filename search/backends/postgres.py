"""The PostgreSQL path of the database backend: bounded work per query, whatever the word.

A frequent word matches most of the index; ranking or counting every match would read
every matching row's large ``search_vector`` out of TOAST (about a second at 100,000
documents). So each query does a bounded amount of work:

* **Counts** stop at ``COUNT_LIMIT`` matches (shown as "10 000+"). They come from the GIN
  index of ``search_vector`` (no recheck, so the vector itself is never read) and the narrow
  table row. The type counts come from one such scan over every type: when it stops early
  they are lower bounds, shown with a "+".
* **Hits** come in tiers: the exact title (a btree on ``title_key``), then up to
  ``CANDIDATES`` (100) title matches, read newest first (the small ``title_vector`` sits in the
  row, so the planner may walk the date index and stop early for a frequent word, or use
  the title GIN index for a rare one) and ranked by ``ts_rank_cd`` on the title, then, only
  when the titles do not fill the page, matches in the text, newest first, the newest
  ``BODY_RANKED`` of them ranked by ``ts_rank_cd`` on the full vector.

Sequential scans are switched off for these statements, and index scans for the counting
ones: the planner does not know that testing ``@@`` on a row means reading its vector from
TOAST, and a scan that "stops early" after 10,000 rows costs far more than the GIN bitmap.
"""

import json
import re
from collections import defaultdict

from django.db import connection, transaction

from ..models import SearchEntry
from ..text import stem, title_key, words
from .base import COUNT_LIMIT, SearchQuery

MAX_WORDS = 8
# Title matches ranked per query (more when a deeper page asks: pages past the 10th are
# ranked within a larger window). Reading the 1,000 newest title matches of a frequent word
# cost 20-90 ms, 300 about 12 ms; 100 keeps page one at a few milliseconds.
CANDIDATES = 100
BODY_RANKED = 200  # text-only matches ranked by the full vector, newest first
AUTOCOMPLETE_CANDIDATES = 200
TABLE = "search_searchentry"


_LEMMAS: dict[str, str] = {}
MAX_CACHED_LEMMAS = 300_000
WORD = re.compile(r"\w+")


def lemma_text(text: str) -> str:
    """``text`` with every word replaced by its ``portal_search`` forms (hunspell, unaccent).

    Each distinct word is sent to PostgreSQL once per process (one statement per batch of
    documents); indexing a text then costs a dictionary lookup per word, not a hunspell run.
    """
    found = WORD.findall((text or "").lower())
    missing = {word for word in found if word not in _LEMMAS}
    if missing:
        if len(_LEMMAS) + len(missing) > MAX_CACHED_LEMMAS:
            _LEMMAS.clear()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word, array_to_string(tsvector_to_array(to_tsvector('portal_search', word)), ' ') "
                "FROM unnest(%s::text[]) AS word",
                [sorted(missing)],
            )
            _LEMMAS.update(cursor.fetchall())
    return " ".join(_LEMMAS.get(word, "") for word in found)


def prefetch_lemmas(texts) -> None:
    """Look up the words of many texts in one statement (before writing a batch)."""
    lemma_text(" ".join(texts))


def _settings(cursor, *, counting: bool) -> None:
    cursor.execute("SET LOCAL enable_seqscan = off")
    # Counting reads the GIN bitmap only: an index scan "stopping early" on the type and
    # date index would test (and read from TOAST) the full vector of every row it passes.
    cursor.execute(f"SET LOCAL enable_indexscan = {'off' if counting else 'on'}")
    # These statements are cheap; the JIT compiler would cost more than it saves.
    cursor.execute("SET LOCAL jit = off")


def tsquery(text: str, *, prefix: bool = False) -> str:
    """The ``tsquery`` (as text) for ``text``: every word, by its hunspell lemma or light stem.

    Computed once per request so every statement gets a constant the planner can estimate.
    """
    query_words = words(text)[:MAX_WORDS]
    if not query_words:
        return ""
    parts, params = [], []
    for i, word in enumerate(query_words):
        if prefix and i == len(query_words) - 1:
            parts.append("(to_tsquery('simple', %s) || to_tsquery('simple', %s))")
            params += [f"'{stem(word)}':*", f"'{word}':*"]
        else:
            parts.append("(plainto_tsquery('portal_search', %s) || to_tsquery('simple', %s))")
            params += [word, f"'{stem(word)}'"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ({' && '.join(parts)})::text", params)  # noqa: S608
        return cursor.fetchone()[0] or ""


def _typed(q: str, search_type: str) -> str:
    """``q`` within one type: ``search_vector`` holds the type as the lexeme "type=<name>"."""
    return f"({q}) & 'type={search_type}'" if search_type else q


def _where(search_type: str, filters: dict[str, str], *, skip: str = "") -> tuple[str, list]:
    """SQL conditions (and parameters) for the chosen type and filters."""
    sql, params = "", []
    if search_type:
        sql += " AND type = %s"
        params.append(search_type)
    for key, value in filters.items():
        if key != skip:
            # The row's own copy of its filter values: no join, tested only on matches.
            sql += " AND filters @> %s::jsonb"
            params.append(json.dumps({key: [value]}))
    return sql, params


def _type_counts(cursor, q: str) -> tuple[dict[str, int], bool]:
    cursor.execute(
        f"SELECT type, count(*) FROM (SELECT type FROM {TABLE} WHERE search_vector @@ %s::tsquery "  # noqa: S608
        "LIMIT %s) matches GROUP BY type",
        [q, COUNT_LIMIT],
    )
    counts = dict(cursor.fetchall())
    return counts, sum(counts.values()) >= COUNT_LIMIT


def _count(cursor, q: str, search_type: str, filters: dict) -> int:
    where, params = _where("", filters)
    cursor.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE search_vector @@ %s::tsquery{where} "  # noqa: S608
        "LIMIT %s) matches",
        [_typed(q, search_type), *params, COUNT_LIMIT],
    )
    return cursor.fetchone()[0]


def _tag_counts(cursor, q: str, query: SearchQuery, keys: list[str], skip: str) -> tuple[dict, int]:
    """Counts of ``keys``' values among (at most COUNT_LIMIT) matches; and how many were read."""
    where, params = _where("", query.filters, skip=skip)
    cursor.execute(
        f"WITH matches AS MATERIALIZED (SELECT filters FROM {TABLE} "  # noqa: S608
        f"WHERE search_vector @@ %s::tsquery{where} LIMIT %s) "
        "SELECT tag_values.key, tag.value, count(*) FROM matches, "
        "jsonb_each(matches.filters) AS tag_values(key, vals), "
        "jsonb_array_elements_text(tag_values.vals) AS tag(value) "
        "WHERE tag_values.key = ANY(%s) AND tag.value <> '' GROUP BY 1, 2 "
        "UNION ALL SELECT '', '', count(*) FROM matches",
        [_typed(q, query.type), *params, COUNT_LIMIT, keys],
    )
    counts, read = defaultdict(dict), 0
    for key, value, n in cursor.fetchall():
        if key == "":
            read = n
        else:
            counts[key][value[:100]] = n
    return counts, read


def _exact_ids(cursor, text: str, search_type: str, filters: dict, limit: int) -> list[int]:
    key = title_key(text)
    if not key:
        return []
    where, params = _where(search_type, filters)
    cursor.execute(
        f"SELECT id FROM {TABLE} WHERE title_key = %s{where} "  # noqa: S608
        "ORDER BY date DESC NULLS LAST, id LIMIT %s",
        [key, *params, limit],
    )
    return [row[0] for row in cursor.fetchall()]


def _title_ids(cursor, q: str, search_type: str, filters: dict, limit: int) -> list[int]:
    where, params = _where(search_type, filters)
    cursor.execute(
        "SELECT id FROM ("  # noqa: S608
        f"SELECT id, date, title_vector FROM {TABLE} WHERE title_vector @@ %s::tsquery{where} "
        "ORDER BY date DESC NULLS LAST, id LIMIT %s) candidates "
        "ORDER BY ts_rank_cd(title_vector, %s::tsquery) DESC, date DESC NULLS LAST, id",
        [q, *params, limit, q],
    )
    return [row[0] for row in cursor.fetchall()]


def _body_ids(cursor, q: str, text: str, search_type: str, filters: dict, limit: int) -> list[int]:
    where, params = _where("", filters)
    cursor.execute(
        "SELECT id FROM (SELECT id, date, search_vector, "  # noqa: S608
        "row_number() OVER (ORDER BY date DESC NULLS LAST, id) AS newest FROM ("
        f"SELECT id, date, search_vector FROM {TABLE} WHERE search_vector @@ %s::tsquery "
        f"AND NOT title_vector @@ %s::tsquery AND title_key <> %s{where} "
        "ORDER BY date DESC NULLS LAST, id LIMIT %s) matches) numbered "
        "ORDER BY newest <= %s DESC, "
        "CASE WHEN newest <= %s THEN ts_rank_cd(search_vector, %s::tsquery) END DESC, newest",
        [_typed(q, search_type), q, title_key(text), *params, limit, BODY_RANKED, BODY_RANKED, q],
    )
    return [row[0] for row in cursor.fetchall()]


def _page_ids(cursor, q: str, query: SearchQuery) -> list[int]:
    """Ids of the requested page, in rank order (exact title, title matches, text matches)."""
    end = query.offset + query.per_page
    candidates = max(CANDIDATES, end)
    ids = _exact_ids(cursor, query.text, query.type, query.filters, candidates)
    seen = set(ids)
    titles = _title_ids(cursor, q, query.type, query.filters, candidates)
    ids += [i for i in titles if i not in seen]
    if len(titles) < candidates and len(ids) < end:
        seen.update(titles)
        body = _body_ids(cursor, q, query.text, query.type, query.filters, max(BODY_RANKED, end - len(ids)))
        ids += [i for i in body if i not in seen]
    return ids[query.offset : end]


def search(query: SearchQuery) -> dict | None:
    """Everything the results page needs except the text of the hits; None if nothing to match."""
    q = tsquery(query.text)
    if not q:
        return None
    with transaction.atomic(), connection.cursor() as cursor:
        _settings(cursor, counting=True)
        type_counts, types_capped = _type_counts(cursor, q)
        tag_counts, capped_keys, total = defaultdict(dict), set(), None
        search_type = _registered(query.type)
        if search_type and search_type.filters:
            # Each selected filter's own options are counted without it, so they stay choosable.
            groups = [(key, [key]) for key in query.filters] + [
                ("", [k for k in search_type.filters if k not in query.filters])
            ]
            for skip, keys in groups:
                counts, read = _tag_counts(cursor, q, query, keys, skip)
                for key in keys:
                    tag_counts[key] = counts.get(key, {})
                    if read >= COUNT_LIMIT:
                        capped_keys.add(key)
                if not skip:
                    total = read
        if total is None:
            if not query.type and not query.filters:
                total = sum(type_counts.values())
            elif not query.filters and not types_capped:
                total = type_counts.get(query.type, 0)
            else:
                total = _count(cursor, q, query.type, query.filters)
        _settings(cursor, counting=False)
        ids = _page_ids(cursor, q, query) if total else []
    rows = SearchEntry.objects.in_bulk(ids)
    return {
        "rows": [rows[i] for i in ids if i in rows],
        "total": min(total, COUNT_LIMIT),
        "total_capped": total >= COUNT_LIMIT,
        "type_counts": type_counts,
        "types_capped": types_capped,
        "tag_counts": tag_counts,
        "capped_keys": capped_keys,
    }


def autocomplete_rows(text: str, limit: int) -> list[SearchEntry]:
    """Titles for what is being typed: the exact title first, then the best of the newest matches."""
    q = tsquery(text, prefix=True)
    if not q:
        return []
    with transaction.atomic(), connection.cursor() as cursor:
        _settings(cursor, counting=False)
        ids = _exact_ids(cursor, text, "", {}, limit)
        seen = set(ids)
        ids += [i for i in _title_ids(cursor, q, "", {}, AUTOCOMPLETE_CANDIDATES) if i not in seen]
    ids = ids[:limit]
    rows = SearchEntry.objects.defer("body", "body_terms").in_bulk(ids)
    return [rows[i] for i in ids if i in rows]


def _registered(name: str):
    from .. import registry

    return registry.get(name)
