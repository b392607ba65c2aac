"""The PostgreSQL path of the database backend: bounded work per query, whatever the word.

A frequent word matches most of the index; ranking or counting every match would read
every matching row's large ``search_vector`` out of TOAST (about a second at 100,000
documents). So each query does a bounded amount of work:

* **Counts** stop at ``COUNT_LIMIT`` matches (shown as "10 000+"). They come from the GIN
  indexes of ``search_vector`` (no recheck, so the vector itself is never read) and the
  narrow table row. That index is split into shards of consecutive ids
  (``fulltext.SHARDS``), read one after the other, so a count stops in the shard that
  completes it instead of building the bitmap of every document holding a frequent word.
  The type and the chosen filters are lexemes of the vector ("type=page", "district=wola"),
  so they narrow the matches inside the index. The type counts come from one scan over
  every type and the filter facets from ``ts_stat`` over the in-row ``tag_vector``: when the
  scan stops early they are lower bounds, shown with a "+".
* **Hits** come in tiers: the exact title (a btree on ``title_key``), then up to
  ``CANDIDATES`` (100) title matches, the newest (read by walking the newest rows when the
  planner's statistics say the walk will find them, otherwise from the title GIN index, the
  last year's matches first when many titles match) ranked by ``ts_rank_cd`` on the title, then, only when the
  titles do not fill the page, matches in the text, newest first, the newest
  ``BODY_RANKED`` of them ranked by ``ts_rank_cd`` on the full vector.

Sequential scans are switched off for these statements, and index scans for all but the
walk: the planner does not know that testing ``@@`` on a row means reading its vector from
TOAST, and a scan that "stops early" after 10,000 rows costs far more than the GIN bitmap.
"""

import datetime
import json
import re
from collections import defaultdict
from contextlib import contextmanager

from django.db import connection, transaction

from ..fulltext import SHARD, SHARD_IDS, SHARDS
from ..models import SearchEntry
from ..text import stem, title_key, words
from .base import COUNT_LIMIT, SearchQuery

MAX_WORDS = 8
# Title matches ranked per query (more when a deeper page asks: pages past the 10th are
# ranked within a larger window). Reading the 1,000 newest title matches of a frequent word
# cost 20-90 ms, 300 about 12 ms; 100 keeps page one at a few milliseconds.
CANDIDATES = 100
# Title candidates are first looked for among the newest WALK times as many rows, then
# among the matches of the last RECENT_DAYS, then among all matches.
WALK = 20
# ... and among the last year's only when more than RECENT_WORTH times as many titles are
# expected to match in all: reading the date range costs about 1 ms at 100,000 documents,
# about as much as reading 300 title matches, and a rarer word rarely fills ``limit`` there.
RECENT_WORTH = 10
RECENT_DAYS = datetime.timedelta(days=365)
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


def _settings(cursor) -> None:
    """The planner settings of a search (as ``_start`` leaves them), in one round trip."""
    cursor.execute(
        "SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off; "
        "SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off; "
        "SET LOCAL effective_io_concurrency = 0"
    )


def _tsquery_sql(text: str, *, prefix: bool = False) -> tuple[str, list]:
    """SQL (and parameters) of the ``tsquery`` for ``text``: every word, by its hunspell lemma
    or light stem; ("", []) when there is no word."""
    query_words = words(text)[:MAX_WORDS]
    parts, params = [], []
    for i, word in enumerate(query_words):
        if prefix and i == len(query_words) - 1:
            parts.append("(to_tsquery('simple', %s) || to_tsquery('simple', %s))")
            params += [f"'{stem(word)}':*", f"'{word}':*"]
        else:
            parts.append("(plainto_tsquery('portal_search', %s) || to_tsquery('simple', %s))")
            params += [word, f"'{stem(word)}'"]
    return (f"({' && '.join(parts)})::text", params) if parts else ("", [])


def tsquery(text: str, *, prefix: bool = False) -> str:
    """The ``tsquery`` (as text) for ``text`` (see ``_start``)."""
    sql, params = _tsquery_sql(text, prefix=prefix)
    if not sql:
        return ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}", params)  # noqa: S608
        return cursor.fetchone()[0] or ""


def _start(cursor, text: str, *, prefix: bool = False, exact: tuple = ("", {}, 0)) -> tuple[str, int, list]:
    """The ``tsquery`` of ``text`` (as text, "" if nothing to match), how many shards hold rows
    and the ids of the exact title matches (``exact``: type, filters, how many); the planner
    settings for the rest of the transaction. One round trip.

    The tsquery is computed once per request so every statement gets a constant the planner
    can estimate; shards past the highest id are left out of the statements (a small index
    has one shard: one GIN scan, no union to plan).
    """
    sql, params = _tsquery_sql(text, prefix=prefix)
    if not sql:
        return "", 0, []
    # The exact titles (newest first) are read through the title_key index with the default
    # settings: the statement is planned before its set_config() calls run.
    exact_sql, exact_params = _exact_sql(text, *exact)
    # Matches are read from GIN bitmaps: an index scan "stopping early" on the type and date
    # index would test (and read from TOAST) the full vector of every row it passes; only the
    # walk down the newest titles turns index scans on. Shards are read in order, one at a
    # time, so that a LIMIT stops the reading early. The JIT compiler would cost more than it saves.
    cursor.execute(
        f"SELECT {sql}, (SELECT max(id) FROM {TABLE}), {exact_sql}, "  # noqa: S608
        "set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true), "
        "set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true), "
        # A bitmap scan prefetches each heap page it will read; the index's pages are in shared
        # buffers, so a prefetch is only a second buffer lookup per page (about 4% of a count).
        "set_config('effective_io_concurrency', '0', true)",
        [*params, *exact_params],
    )
    q, highest, exact_ids = cursor.fetchone()[:3]
    return q or "", min(SHARDS, (highest or 0) // SHARD_IDS + 1), exact_ids or []


def _lexeme(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def _typed(q: str, search_type: str, filters: dict[str, str] | None = None, *, skip: str = "") -> str:
    """``q`` within one type and the chosen filters: ``search_vector`` holds them as lexemes
    ("type=result", "district=wola"), so the GIN index alone narrows the matches."""
    tags = [f"type={search_type}"] if search_type else []
    tags += [f"{key}={value}" for key, value in (filters or {}).items() if key != skip]
    return " & ".join([f"({q})", *map(_lexeme, tags)]) if tags else q


def _where(search_type: str, filters: dict[str, str]) -> tuple[str, list]:
    """SQL conditions (and parameters) for the chosen type and filters, tested in the row."""
    sql, params = "", []
    if search_type:
        sql += " AND type = %s"
        params.append(search_type)
    for key, value in filters.items():
        # The row's own copy of its filter values: no join, tested only on candidates.
        sql += " AND filters @> %s::jsonb"
        params.append(json.dumps({key: [value]}))
    return sql, params


def _matching(columns: str, condition: str, params: list, shards: int) -> tuple[str, list]:
    """SQL (and parameters) of ``columns`` of the rows meeting ``condition`` on ``search_vector``.

    Read shard by shard, each through its own partial GIN index (``fulltext.SHARDS``): under a
    LIMIT the scan stops in the first shard that completes it.
    """
    sql = " UNION ALL ".join(
        f"(SELECT {columns} FROM {TABLE} WHERE {condition} AND {SHARD} = {shard})"  # noqa: S608
        for shard in range(shards)
    )
    return sql, params * shards


def _type_counts(cursor, q: str, shards: int) -> tuple[dict[str, int], int]:
    """The matches of each registered type, and of every type (both stop at COUNT_LIMIT).

    A count per type rather than a GROUP BY: no hash table of 10,000 type names.
    """
    from .. import registry

    names = list(registry.all_types())
    matches, params = _matching("type", "search_vector @@ %s::tsquery", [q], shards)
    per_type = "".join(", count(*) FILTER (WHERE type = %s)" for _ in names)
    cursor.execute(
        f"SELECT count(*){per_type} FROM (SELECT type FROM ({matches}) shards LIMIT %s) matches",  # noqa: S608
        [*names, *params, COUNT_LIMIT],
    )
    total, *counts = cursor.fetchone()
    return dict(zip(names, counts, strict=True)), total


def _count(cursor, q: str, shards: int, search_type: str, filters: dict) -> int:
    matches, params = _matching(
        "1", "search_vector @@ %s::tsquery", [_typed(q, search_type, filters)], shards
    )
    cursor.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM ({matches}) shards LIMIT %s) matches",  # noqa: S608
        [*params, COUNT_LIMIT],
    )
    return cursor.fetchone()[0]


def _tag_counts(
    cursor, q: str, shards: int, query: SearchQuery, keys: list[str], skip: str
) -> tuple[dict, int]:
    """Counts of ``keys``' values among (at most COUNT_LIMIT) matches; and how many were read.

    ``ts_stat`` counts the lexemes of the matches' ``tag_vector`` ("district=wola"); the type's
    own lexeme is in every row, so its count is the number of matches read.
    """
    matches, params = _matching(
        "tag_vector",
        "search_vector @@ %s::tsquery",
        [_typed(q, query.type, query.filters, skip=skip)],
        shards,
    )
    # ts_stat runs a statement given as text: the values are quoted into it by the driver.
    statement = connection.ops.compose_sql(
        f"SELECT tag_vector FROM ({matches}) shards LIMIT %s",  # noqa: S608
        [*params, COUNT_LIMIT],
    )
    cursor.execute("SELECT word, ndoc FROM ts_stat(%s)", [statement])
    counts, read, wanted = defaultdict(dict), 0, set(keys)
    for tag, n in cursor.fetchall():
        key, _, value = tag.partition("=")
        if key == "type":
            read = n if value == query.type else read
        elif key in wanted:
            counts[key][value[:100]] = n
    return counts, read


def _exact_sql(text: str, search_type: str, filters: dict, limit: int) -> tuple[str, list]:
    """SQL (an array of ids, newest first) and parameters of the entries titled exactly ``text``."""
    key = title_key(text)
    if not key or not limit:
        return "'{}'::bigint[]", []
    where, params = _where(search_type, filters)
    return (
        f"ARRAY(SELECT id FROM {TABLE} WHERE title_key = %s{where} "  # noqa: S608
        "ORDER BY date DESC NULLS LAST, id LIMIT %s)",
        [key, *params, limit],
    )


def _title_paths(cursor, walk: str, params: list, limit: int) -> tuple[bool, bool]:
    """Whether the planner expects the walk to find ``limit`` matches, and whether it expects
    enough title matches in all for the last year's to be worth reading first (from the
    title vector's statistics)."""
    # Row estimates do not depend on which scans are allowed: no need to turn index scans on.
    cursor.execute(f"EXPLAIN (FORMAT JSON) {walk}", params)
    plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    matches = plan[0]["Plan"]  # the walk's matches, among the newest rows (its Limit)
    fills = matches["Plan Rows"] >= limit
    try:  # the same share of matches among every row of the type (the rows under the Limit)
        newest = matches["Plans"][0]
        every = matches["Plan Rows"] / max(newest["Plan Rows"], 1) * newest["Plans"][0]["Plan Rows"]
    except (KeyError, IndexError):  # another plan's shape: the last year's first, as before
        return fills, True
    return fills, every >= RECENT_WORTH * limit


def _with_index_scans(cursor, sql: str, params: list) -> list:
    """The first column of ``sql``'s rows, run with index scans on (for the walk down the date
    index and the newest date), in one round trip with the settings on and off again."""
    cursor.execute(f"SET LOCAL enable_indexscan = on; {sql}; SET LOCAL enable_indexscan = off", params)
    cursor.nextset()  # the first result is the SET's
    return [row[0] for row in cursor.fetchall()]


def _title_ids(
    cursor, q: str, search_type: str, filters: dict, limit: int, matches: int | None = None
) -> list[int]:
    """The ``limit`` newest title matches, best title rank first.

    First a walk down the newest ``WALK * limit`` rows of the type (their title vectors and
    filters sit in the row, so testing one is cheap): a word in more than 1/WALK of those
    titles fills ``limit`` there, and they are the newest matches. Otherwise the title's GIN
    index gives the matches of the last year, then if they are too few every match, and the
    newest are sorted out of them. Left to choose, the planner walked the whole table for two
    words that are each frequent but rarely together (45 ms), or sorted every row of a type
    to apply a filter (20 ms).
    """
    type_where, type_params = _where(search_type, {})
    filter_where, filter_params = _where("", filters)
    ranked = (
        "SELECT id FROM ({}) candidates "
        "ORDER BY ts_rank_cd(title_vector, %s::tsquery) DESC, date DESC NULLS LAST, id"
    )
    walk = (
        "SELECT id, date, title_vector FROM ("  # noqa: S608
        f"SELECT id, date, title_vector, filters FROM {TABLE} WHERE TRUE{type_where} "
        "ORDER BY date DESC NULLS LAST, id LIMIT %s) recent "
        f"WHERE title_vector @@ %s::tsquery{filter_where}"
    )
    walk_params = [*type_params, WALK * limit, q, *filter_params]
    # The planner's estimate of the walk's matches (from the title vector's statistics) says
    # whether it can fill ``limit``: a walk that cannot costs more than the estimate.
    # ``matches``, when known, bounds the title matches (a title's words are in the full vector):
    # with so few, the walk could hardly fill ``limit`` and all of them are read at once.
    few = matches is not None and matches < RECENT_WORTH * limit
    walks, recent_first = (False, False) if few else _title_paths(cursor, walk, walk_params, limit)
    if walks:
        newest = ranked.format(f"{walk} ORDER BY date DESC NULLS LAST, id LIMIT %s")
        ids = _with_index_scans(cursor, newest, [*walk_params, limit, q])
        if len(ids) == limit:
            return ids
    # Then the matches of the last RECENT_DAYS only (the title bitmap ANDed with a date range
    # of the date index): if they fill ``limit``, they are the newest, and only they were read.
    # For a word expected in few titles, all its matches cost less than that date range.
    latest = None
    if recent_first:
        newest_date = f"SELECT max(date) FROM {TABLE} WHERE TRUE{type_where}"  # noqa: S608
        latest = _with_index_scans(cursor, newest_date, type_params)[0]
    matches = (
        f"SELECT id, date, title_vector FROM {TABLE} "  # noqa: S608
        f"WHERE title_vector @@ %s::tsquery{type_where}{filter_where}"
    )
    params = [q, *type_params, *filter_params]
    if latest is not None:
        cursor.execute(
            ranked.format(f"{matches} AND date >= %s ORDER BY date DESC NULLS LAST, id LIMIT %s"),
            [*params, latest - RECENT_DAYS, limit, q],
        )
        ids = [row[0] for row in cursor.fetchall()]
        if len(ids) == limit:
            return ids
    cursor.execute(
        ranked.format(f"{matches} ORDER BY date DESC NULLS LAST, id LIMIT %s"), [*params, limit, q]
    )
    return [row[0] for row in cursor.fetchall()]


def _body_ids(
    cursor, q: str, shards: int, text: str, search_type: str, filters: dict, limit: int
) -> list[int]:
    """Text-only matches, the newest ``BODY_RANKED`` ranked on the full vector.

    Read through the GIN bitmaps (never by walking the date index: testing a row there means
    reading its vector from TOAST, 180 ms for two words that are rarely together).
    """
    matches, params = _matching(
        "id, date, search_vector",
        "search_vector @@ %s::tsquery AND NOT title_vector @@ %s::tsquery AND title_key <> %s",
        [_typed(q, search_type, filters), q, title_key(text)],
        shards,
    )
    cursor.execute(
        "SELECT id FROM (SELECT id, date, search_vector, "  # noqa: S608
        "row_number() OVER (ORDER BY date DESC NULLS LAST, id) AS newest FROM ("
        f"SELECT id, date, search_vector FROM ({matches}) shards "
        "ORDER BY date DESC NULLS LAST, id LIMIT %s) matches) numbered "
        "ORDER BY newest <= %s DESC, "
        "CASE WHEN newest <= %s THEN ts_rank_cd(search_vector, %s::tsquery) END DESC, newest",
        [*params, limit, BODY_RANKED, BODY_RANKED, q],
    )
    return [row[0] for row in cursor.fetchall()]


def _candidates(query: SearchQuery) -> int:
    return max(CANDIDATES, query.offset + query.per_page)


def _page_ids(cursor, q: str, shards: int, query: SearchQuery, exact_ids: list[int], total: int) -> list[int]:
    """Ids of the requested page, in rank order (exact title, title matches, text matches)."""
    end = query.offset + query.per_page
    candidates = _candidates(query)
    ids = list(exact_ids)
    seen = set(ids)
    titles = _title_ids(cursor, q, query.type, query.filters, candidates, total)
    ids += [i for i in titles if i not in seen]
    if len(titles) < candidates and len(ids) < end:
        seen.update(titles)
        body = _body_ids(
            cursor, q, shards, query.text, query.type, query.filters, max(BODY_RANKED, end - len(ids))
        )
        ids += [i for i in body if i not in seen]
    return ids[query.offset : end]


# What a hit shows (in the model's field order, as ``from_db`` reads them): the stems, lemmas
# and filters stay in the database (and in TOAST).
HIT_FIELDS = ["id", "type", "title", "title_key", "body", "url", "date"]


def _hit_rows(cursor, ids: list[int]) -> dict[int, SearchEntry]:
    """The hits' entries by id, read in the search's own transaction (no ORM query to build)."""
    if not ids:
        return {}
    cursor.execute(f"SELECT {', '.join(HIT_FIELDS)} FROM {TABLE} WHERE id = ANY(%s)", [ids])  # noqa: S608
    return {row[0]: SearchEntry.from_db(connection.alias, HIT_FIELDS, row) for row in cursor.fetchall()}


@contextmanager
def _bounded_transaction():
    """A cursor in a transaction whose planner settings (``SET LOCAL``) end with it.

    Inside a caller's transaction (a test, a management command) the block is only a
    savepoint, which does not end them, so they are put back to their defaults.
    """
    nested = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        yield cursor
        if nested:
            cursor.execute(
                "SET LOCAL enable_seqscan TO DEFAULT; SET LOCAL enable_indexscan TO DEFAULT; "
                "SET LOCAL max_parallel_workers_per_gather TO DEFAULT; SET LOCAL jit TO DEFAULT; "
                "SET LOCAL effective_io_concurrency TO DEFAULT"
            )


def search(query: SearchQuery) -> dict | None:
    """Everything the results page needs except the text of the hits; None if nothing to match."""
    with _bounded_transaction() as cursor:
        q, shards, exact_ids = _start(
            cursor, query.text, exact=(query.type, query.filters, _candidates(query))
        )
        if not q:
            return None
        type_counts, all_types = _type_counts(cursor, q, shards)
        types_capped = all_types >= COUNT_LIMIT
        tag_counts, capped_keys, total = defaultdict(dict), set(), None
        search_type = _registered(query.type)
        if search_type and search_type.filters:
            # Each selected filter's own options are counted without it, so they stay choosable.
            groups = [(key, [key]) for key in query.filters] + [
                ("", [k for k in search_type.filters if k not in query.filters])
            ]
            for skip, keys in groups:
                counts, read = _tag_counts(cursor, q, shards, query, keys, skip)
                for key in keys:
                    tag_counts[key] = counts.get(key, {})
                    if read >= COUNT_LIMIT:
                        capped_keys.add(key)
                if not skip:
                    total = read
        if total is None:
            if not query.type and not query.filters:
                total = all_types
            elif not query.filters and not types_capped:
                total = type_counts.get(query.type, 0)
            else:
                total = _count(cursor, q, shards, query.type, query.filters)
        ids = _page_ids(cursor, q, shards, query, exact_ids, total) if total else []
        rows = _hit_rows(cursor, ids)
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
    with _bounded_transaction() as cursor:
        q, _, ids = _start(cursor, text, prefix=True, exact=("", {}, limit))
        if not q:
            return []
        seen = set(ids)
        ids += [i for i in _title_ids(cursor, q, "", {}, AUTOCOMPLETE_CANDIDATES) if i not in seen]
    ids = ids[:limit]
    rows = SearchEntry.objects.defer("body", "body_terms").in_bulk(ids)
    return [rows[i] for i in ids if i in rows]


def _registered(name: str):
    from .. import registry

    return registry.get(name)
