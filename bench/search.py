"""Benchmark of the database search backend on PostgreSQL: 100,000 indexed documents.

    .venv/bin/python bench/search.py                 # 100,000 documents, 300 timed queries
    .venv/bin/python bench/search.py --documents 20000 --queries 200
    .venv/bin/python bench/search.py --keep          # reuse the index already built

Targets (issue 6): query latency p50 under 20 ms and p95 under 50 ms; full reindex time reported.

What is measured, in this process against database ``portal_bench_search`` (created and
migrated here; ``DATABASE_URL`` overrides it):

* **Reindex**: 100,000 synthetic documents of the five types (Polish text drawn from the
  seed documents with a Zipf-like word frequency, 1–3 filter values each) written through
  the same path as ``search_index --rebuild`` (``search.backends.database.write``: stems,
  upsert, filter tags; PostgreSQL computes the hunspell + unaccent ``tsvector``), in
  batches of 1,000. Documents per second and total time.
* **Query latency**: ``search.service.search`` end to end as the search page calls it
  (count, one page of 10 hits ranked with excerpts, type facets, per-type filter facets
  when a type is chosen), for a mix of frequent, rare, inflected, diacritic-free and
  two-word queries, one in four with a type and one in eight with a filter; wall time per
  query, p50/p95/max, overall and per kind of query, after a warm-up on the same (persistent)
  connection: the steady state of a worker with ``CONN_MAX_AGE`` unlimited. Then the
  autocomplete endpoint's query alone.
* **CPU per query**: the same queries' CPU time in this process (``time.process_time``) and in
  the PostgreSQL server process serving the connection (``/proc/<pid>/schedstat``, when the
  server runs on this machine). On a shared machine wall time also counts waiting for a
  core; the CPU figures do not, so they show what a query costs on a quiet one.
* **Cold connection**: a new connection's first query, three times: PostgreSQL loads the
  hunspell Polish dictionary once per server process, which a worker pays once per
  connection. Reported beside the connection set-up alone.

The report is printed and written to ``bench/out/search-<time>.md`` (``--out`` to change).
"""

import argparse
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_search")
os.environ.setdefault("CONN_MAX_AGE", "600")

SEEDS = Path("/work/shared/seeds")
TYPES = ["page", "document", "competition", "result", "organisation"]
FALLBACK_TEXT = (
    "Organizacje pozarządowe prowadzą zajęcia dla dzieci i młodzieży, wsparcie dla seniorów, "
    "konkursy ofert na realizację zadań publicznych w dzielnicach Warszawy, sprawozdania i umowy."
)


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def vocabulary() -> list[str]:
    text = (
        " ".join(p.read_text(errors="ignore") for p in sorted(SEEDS.glob("*.txt"))) if SEEDS.exists() else ""
    )
    words = re.findall(r"[^\W\d_]{3,}", text or FALLBACK_TEXT)
    counts = {}
    for word in words:
        counts[word.lower()] = counts.get(word.lower(), 0) + 1
    return [w for w, _ in sorted(counts.items(), key=lambda item: -item[1])]


def generate(n: int, words: list[str], rng: random.Random):
    from datetime import date, timedelta

    from search.base import Entry

    # Zipf-like: word k is drawn with weight 1/(k+1), as real text is.
    weights = [1 / (k + 1) for k in range(len(words))]
    districts = ["wola", "mokotow", "ursynow", "bemowo", "praga-polnoc", "bielany"]
    for i in range(n):
        title = " ".join(rng.choices(words, weights, k=rng.randint(3, 8))).capitalize()
        body = " ".join(rng.choices(words, weights, k=rng.randint(40, 160)))
        type_name = TYPES[i % len(TYPES)]
        yield (
            type_name,
            Entry(
                object_id=str(i),
                title=title,
                url=f"/bench/{i}/",
                body=body,
                date=date(2020, 1, 1) + timedelta(days=i % 2000),
                filters={
                    "sphere": [str(rng.randint(1, 30))],
                    "district": rng.sample(districts, rng.randint(1, 2)),
                    "year": [str(2020 + i % 6)],
                },
            ),
        )


def reindex(n: int, words, rng) -> float:
    from search.backends import database

    database.clear()
    started = time.perf_counter()
    batches: dict[str, list] = {t: [] for t in TYPES}
    for type_name, entry in generate(n, words, rng):
        batch = batches[type_name]
        batch.append(entry)
        if len(batch) == 1000:
            database.write(type_name, batch)
            batch.clear()
    for type_name, batch in batches.items():
        database.write(type_name, batch)
    return time.perf_counter() - started


def server_cpu(connection):
    """A function giving the CPU seconds used so far by this connection's server process
    (None when the server is not on this machine or not readable)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        path = Path(f"/proc/{cursor.fetchone()[0]}/schedstat")
    try:
        path.read_text()
    except OSError:
        return None
    return lambda: int(path.read_text().split()[0]) / 1e9


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


KINDS = ["frequent", "middle", "no diacritics", "two words", "rare inflected"]


def queries(words, rng, count):
    from search.text import fold

    frequent, middle, rare = words[:30], words[30:300], words[300:3000] or words
    mix = []
    for i in range(count):
        kind = i % 5
        if kind == 0:
            text = rng.choice(frequent)
        elif kind == 1:
            text = rng.choice(middle)
        elif kind == 2:
            text = fold(rng.choice(middle))  # typed without diacritics
        elif kind == 3:
            text = f"{rng.choice(middle)} {rng.choice(frequent)}"
        else:
            text = rng.choice(rare) + "om"  # an inflected form
        type_name = rng.choice(TYPES) if i % 4 == 0 else ""
        filters = {"district": "wola"} if type_name and i % 8 == 0 else {}
        mix.append((text, type_name, filters, KINDS[kind]))
    return mix


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="do not rebuild the index")
    stamp = time.strftime("%Y%m%d-%H%M%SZ", time.gmtime())
    parser.add_argument("--out", default=str(ROOT / f"bench/out/search-{stamp}.md"))
    args = parser.parse_args()

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from search import service
    from search.models import SearchEntry

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT string_agg(DISTINCT d.dictname, ', ') FROM pg_ts_config c "
            "JOIN pg_ts_config_map m ON m.mapcfg = c.oid JOIN pg_ts_dict d ON d.oid = m.mapdict "
            "WHERE c.cfgname = 'portal_search'"
        )
        dictionaries = cursor.fetchone()[0]
    rng = random.Random(6)
    words = vocabulary()
    reindex_seconds = None
    if not args.keep or SearchEntry.objects.count() < args.documents:
        print(f"indexing {args.documents} documents…", flush=True)
        reindex_seconds = reindex(args.documents, words, rng)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchentry")
            cursor.execute("VACUUM ANALYZE search_searchtag")
        vacuum_seconds = time.perf_counter() - started
        print(f"reindex: {reindex_seconds:.1f} s ({args.documents / reindex_seconds:.0f} documents/s)")
    else:
        # A kept index may just have been rewritten by a migration: fresh statistics and
        # visibility map, as autovacuum would leave them.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchentry")
    total = SearchEntry.objects.count()

    mix = queries(words, rng, args.queries)
    for text, type_name, filters, _ in queries(words, random.Random(7), 40):  # warm-up
        service.search(service.make_query(text=text, type=type_name, filters=filters))
    load_before = load_average()
    timings, totals, by_kind, capped = [], [], {}, 0
    cpu_client, cpu_server, server_clock = [], [], server_cpu(connection)
    for text, type_name, filters, kind in mix:
        server_started = server_clock() if server_clock else 0
        client_started = time.process_time()
        started = time.perf_counter()
        results = service.search(service.make_query(text=text, type=type_name, filters=filters))
        elapsed = (time.perf_counter() - started) * 1000
        cpu_client.append((time.process_time() - client_started) * 1000)
        if server_clock:
            cpu_server.append((server_clock() - server_started) * 1000)
        timings.append(elapsed)
        by_kind.setdefault(kind, []).append(elapsed)
        totals.append(results.total)
        capped += results.total_capped
    load_after = load_average()
    auto = []
    for text, _, _, _ in mix[:200]:
        prefix = text.split()[0][: max(3, len(text.split()[0]) - 2)]
        started = time.perf_counter()
        service.autocomplete(prefix)
        auto.append((time.perf_counter() - started) * 1000)

    cold, connect = [], []
    for text, type_name, filters, _ in mix[:3]:
        connection.close()
        started = time.perf_counter()
        connection.ensure_connection()
        connect.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        service.search(service.make_query(text=text, type=type_name, filters=filters))
        cold.append((time.perf_counter() - started) * 1000)

    p50, p95 = percentile(timings, 50), percentile(timings, 95)
    lines = [
        "## Search (database backend, PostgreSQL)",
        "",
        f"`bench/search.py`: {total:,} indexed documents in `portal_bench_search` (five types, Polish text "
        f"from the seeds, Zipf-like word frequency), text search configuration `portal_search` "
        f"({dictionaries}), {len(timings)} timed queries after a warm-up, in-process "
        "(`search.service.search`: count, ranked page of 10 with excerpts, type facets, "
        "filter facets when a type is chosen).",
        "",
        "| measure | value | target |",
        "| --- | --- | --- |",
        f"| query p50 | {p50:.1f} ms | < 20 ms |",
        f"| query p95 | {p95:.1f} ms | < 50 ms |",
        f"| query max | {max(timings):.1f} ms | |",
        f"| load average before / after the timed queries | {load_before} / {load_after} | |",
        f"| CPU per query in this process, p50 / p95 | {percentile(cpu_client, 50):.1f} / "
        f"{percentile(cpu_client, 95):.1f} ms | |",
    ]
    if cpu_server:
        cpu_total = [a + b for a, b in zip(cpu_client, cpu_server, strict=True)]
        lines += [
            f"| CPU per query in the PostgreSQL server process, p50 / p95 | "
            f"{percentile(cpu_server, 50):.1f} / {percentile(cpu_server, 95):.1f} ms | |",
            f"| CPU per query, both processes, p50 / p95 / max | {percentile(cpu_total, 50):.1f} / "
            f"{percentile(cpu_total, 95):.1f} / {max(cpu_total):.1f} ms | |",
        ]
    lines += [
        f"| median matches per query (counts stop at 10,001) | {statistics.median(totals):,.0f} | |",
        f'| queries whose count stopped at 10,001 ("10 000+") | {capped} of {len(timings)} | |',
        f"| autocomplete p50 / p95 | {percentile(auto, 50):.1f} / {percentile(auto, 95):.1f} ms | |",
        f"| first query on a new connection (hunspell load) | {', '.join(f'{c:.0f}' for c in cold)} ms "
        f"(connecting alone: {', '.join(f'{c:.0f}' for c in connect)} ms) | |",
    ]
    if reindex_seconds is not None:
        lines.append(
            f"| full reindex of {args.documents:,} documents | {reindex_seconds:.1f} s "
            f"({args.documents / reindex_seconds:,.0f} documents/s), then VACUUM ANALYZE "
            f"{vacuum_seconds:.1f} s | |"
        )
    lines += [
        "",
        "| kind of query | n | p50 | p95 | max | CPU p50 / p95 (both processes) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for kind in KINDS:
        values = by_kind.get(kind, [])
        if values:
            cpu = [cpu_total[i] for i, item in enumerate(mix) if item[3] == kind] if cpu_server else []
            cpu_text = f"{percentile(cpu, 50):.1f} / {percentile(cpu, 95):.1f} ms" if cpu else "n/a"
            lines.append(
                f"| {kind} | {len(values)} | {percentile(values, 50):.1f} ms | "
                f"{percentile(values, 95):.1f} ms | {max(values):.1f} ms | {cpu_text} |"
            )
    lines += [
        "",
        "Elasticsearch: no server was available on the benchmark machine, so it was not measured.",
        "",
    ]
    report = "\n".join(lines)
    print(report)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(report)


if __name__ == "__main__":
    main()
