"""Load benchmark of the public site on PostgreSQL, gunicorn (production settings) and wrk.

    .venv/bin/python bench/run.py            # full run: 10 s per URL and mode
    .venv/bin/python bench/run.py --quick    # smoke run: 3 s per URL and mode
    .venv/bin/python bench/run.py --fresh    # drop portal_bench and seed it again
    .venv/bin/python bench/run.py --wait-quiet 300   # on a shared machine: wait for idle before each URL
    .venv/bin/python bench/run.py --sql      # print the SQL of every page, no load
    .venv/bin/python bench/run.py --profile news faq   # where the CPU goes, in-process, no load
    .venv/bin/python bench/run.py --only NGO competition   # organisations, the map, competitions

Steps: create the database ``portal_bench`` if missing, migrate, seed it with the
functions in ``bench/scenario.py`` (skipped when already seeded), collectstatic
into a temporary STATIC_ROOT, then for each mode (page cache off, on) flush
Redis DB 5, start gunicorn (2 sync workers, ``portal.settings.production``), and
for each URL in ``scenario.TARGETS`` run a short wrk warm-up and then the
measured wrk run. Server CPU per request is the utime + stime of the gunicorn
master and workers (from /proc) before and after the run divided by the
requests wrk completed. SQL queries per page are counted in this process with
``django.test.Client`` and ``CaptureQueriesContext`` under the same settings
(same environment, same database and Redis), on the second request of a page,
i.e. in the steady state wrk measures.

Both modes use Redis as Django's cache, as production does; "off" sets
PAGE_CACHE_SECONDS=0, "on" sets it to 600. Results go to stdout and to
``bench/out/`` (Markdown and JSON, git-ignored); figures worth keeping go
into ``bench/RESULTS.md`` by hand.
"""

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.harness import (  # noqa: E402
    Gunicorn,
    cpu_seconds_of,
    fetch,
    machine_busy_seconds,
    run_wrk,
    wait_until_quiet,
)
from bench.in_process import count_queries, profile  # noqa: E402

DB_NAME = "portal_bench"
POSTGRES = "postgres://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/5"
OUT = ROOT / "bench" / "out"
WORKERS = 2
MODES = {"off": 0, "on": 600}  # PAGE_CACHE_SECONDS


@dataclass
class Row:
    mode: str
    page: str
    path: str
    rps: float
    p50_ms: float
    p99_ms: float
    cpu_ms: float  # server (gunicorn master + workers) CPU per request
    server_cores: float  # server CPU seconds per wall second during the run
    db_cpu_ms: float  # CPU per request of the PostgreSQL backends serving portal_bench
    redis_cpu_ms: float  # redis-server's CPU per request
    wrk_cpu_ms: float  # the load generator's own CPU per request
    machine_cores: float  # the whole machine's busy CPU seconds per wall second
    other_cores: float  # of which not gunicorn, PostgreSQL, Redis or wrk: other people's work, the kernel
    queries: int
    cache: str  # X-Page-Cache of a repeated request over HTTP ("-" when absent)
    requests: int
    errors: int


# --- environment -----------------------------------------------------------------------------------------


def bench_env(static_root: Path) -> dict:
    """The environment of gunicorn and of this process: production settings on the bench database."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="bench-only-secret-key-never-used-in-production-4f9c2a7e1b",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="False",
        DATABASE_URL=f"{POSTGRES}/{DB_NAME}",
        CACHE_URL=REDIS_URL,
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(OUT / "media"),
        CELERY_BROKER_URL="",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if "model name" in line), "?"
    )
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "ram_gib": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "kernel": platform.release(),
    }


def code_version() -> str:
    """The commit measured, "+ local changes" when the app's files (bench/ aside) differ from it."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{commit} + local changes" if dirty else commit


def ensure_database(fresh: bool) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        name = sql.Identifier(DB_NAME)
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if exists and fresh:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(name))
            exists = None
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
            print(f"created database {DB_NAME}")


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


# --- Django in this process ------------------------------------------------------------------------------


def compile_messages() -> None:
    """The Polish catalogue, as ``make run`` compiles it: a fresh clone has no ``.mo`` files, and
    without them every page (and the Polish messages the benchmarks look for) comes out in English."""
    from django.core.management import call_command

    call_command("compilemessages", ignore=[".venv", "node_modules"], verbosity=0)


def prepare_django(static_root: Path) -> None:
    import django
    from django.core.management import call_command
    from django.db import connection, transaction

    django.setup()
    compile_messages()
    print("migrating…", flush=True)
    call_command("migrate", interactive=False, verbosity=0)

    from bench import scenario

    started = time.perf_counter()
    with transaction.atomic():
        for seeder in scenario.SEEDERS:
            t0 = time.perf_counter()
            seeder()
            print(f"  seed {seeder.__name__}: {time.perf_counter() - t0:.1f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"seeded in {time.perf_counter() - started:.1f} s; {site_size()}", flush=True)

    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"collected static files into {static_root}", flush=True)


def site_size() -> str:
    from wagtail.models import Page

    from competitions.selectors import public_competitions
    from home.models import FAQPage, LibraryDocument, NewsItemPage, StandardPage
    from organisations.models import Organisation, Place

    return (
        f"{Page.objects.count()} pages: {StandardPage.objects.count()} content pages, "
        f"{NewsItemPage.objects.count()} news items, {FAQPage.objects.count()} FAQ pages, "
        f"{LibraryDocument.objects.count()} documents; {Organisation.objects.count()} organisations "
        f"({Organisation.objects.filter(is_suspended=True).count()} suspended), {Place.objects.count()} "
        f"places ({Place.objects.filter(organisation__is_suspended=False).count()} on the map); "
        f"{public_competitions().count()} public competitions"
    )


# --- load runs -------------------------------------------------------------------------------------------


def other_cpu() -> dict[str, float]:
    """CPU seconds so far of the backends of portal_bench, Redis, wrk (our only reaped child), the machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "postgres": cpu_seconds_of("postgres", f" {DB_NAME} "),
        "redis": cpu_seconds_of("redis-server"),
        "wrk": usage.ru_utime + usage.ru_stime,
        "machine": machine_busy_seconds(),
    }


NOISY_CORES = 0.2  # busy cores from other work above which --wait-quiet measures a URL again
ATTEMPTS = 4


def measure(server: Gunicorn, target, mode: str, queries: int, cache: str, args) -> Row:
    """One wrk run of one URL, with the CPU each party spent on it."""
    seconds = args.seconds or (3 if args.quick else 10)
    url = server.base_url + target.path
    connections = target.connections or args.connections
    threads = min(args.threads, connections)  # wrk needs a connection per thread
    if args.wait_quiet:
        busy = wait_until_quiet(args.wait_quiet)
        if busy > NOISY_CORES:
            print(f"  machine still busy ({busy:.2f} cores) after {args.wait_quiet} s; measuring anyway")
    run_wrk(url, 1 if args.quick else 2, threads, connections)  # warm-up, not counted
    before = other_cpu()
    cpu_before = server.cpu_seconds()
    result = run_wrk(url, seconds, threads, connections)
    cpu = server.cpu_seconds() - cpu_before
    other = {k: v - before[k] for k, v in other_cpu().items()}
    per_request = 1000 / max(result.requests, 1)
    if result.errors:
        print(f"  warning: {result.errors} errors\n{result.output}")
    return Row(
        mode=mode,
        page=target.name,
        path=target.path,
        rps=result.rps,
        p50_ms=result.p50_ms,
        p99_ms=result.p99_ms,
        cpu_ms=cpu * per_request,
        server_cores=cpu / result.seconds,
        db_cpu_ms=other["postgres"] * per_request,
        redis_cpu_ms=other["redis"] * per_request,
        wrk_cpu_ms=other["wrk"] * per_request,
        machine_cores=other["machine"] / result.seconds,
        other_cores=(other["machine"] - cpu - other["postgres"] - other["redis"] - other["wrk"])
        / result.seconds,
        queries=queries,
        cache=cache,
        requests=result.requests,
        errors=result.errors,
    )


def run_mode(mode: str, targets, env: dict, args) -> list[Row]:
    flush_redis()
    env = {**env, "PAGE_CACHE_SECONDS": str(MODES[mode])}
    gunicorn = Path(sys.executable).parent / "gunicorn"
    log = OUT / f"gunicorn-{mode}.log"
    rows = []
    print(
        f"\n== page cache {mode}: gunicorn {WORKERS} workers, wrk -t{args.threads} -c{args.connections}, "
        f"{args.seconds or (3 if args.quick else 10)} s per URL",
        flush=True,
    )
    print(HEADER, flush=True)
    with Gunicorn(gunicorn, "portal.wsgi:application", env, ROOT, WORKERS, log) as server:
        server.wait_ready()
        queries = count_queries(targets, MODES[mode])
        for target in targets:
            url = server.base_url + target.path
            status, _, _ = fetch(url)
            status2, headers, _ = fetch(url)
            if status != 200 or status2 != 200:
                raise RuntimeError(f"{target.path} answered {status}/{status2} through gunicorn")
            cache = headers.get("X-Page-Cache", "-")
            if mode == "on" and target.cacheable and cache != "hit":
                print(f"  warning: {target.path} was not answered from the page cache ({cache})")
            attempts = []
            for _ in range(ATTEMPTS if args.wait_quiet else 1):
                attempts.append(measure(server, target, mode, queries[target.name][0], cache, args))
                if attempts[-1].other_cores <= NOISY_CORES:
                    break
                print(f"  (other work took {attempts[-1].other_cores:.2f} cores: {format_row(attempts[-1])})")
            row = min(attempts, key=lambda r: r.other_cores)
            rows.append(row)
            print(format_row(row), flush=True)
    return rows


HEADER = (
    f"{'mode':<5} {'page':<20} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'CPU ms':>7} {'SQL':>4} "
    f"{'cache':>5} {'err':>4} | {'srv cores':>9} {'db ms':>6} {'redis ms':>8} {'wrk ms':>6} {'box cores':>9} "
    f"{'other':>5}"
)


def format_row(row: Row) -> str:
    return (
        f"{row.mode:<5} {row.page[:20]:<20} {row.rps:>7.0f} {row.p50_ms:>7.2f} {row.p99_ms:>7.2f} "
        f"{row.cpu_ms:>7.2f} {row.queries:>4} {row.cache:>5} {row.errors:>4} | {row.server_cores:>9.2f} "
        f"{row.db_cpu_ms:>6.2f} {row.redis_cpu_ms:>8.2f} {row.wrk_cpu_ms:>6.2f} {row.machine_cores:>9.2f} "
        f"{row.other_cores:>5.2f}"
    )


LEGEND = (
    "CPU ms = gunicorn master + workers CPU per request; SQL = queries per request (in-process, "
    "steady state);\ncache = X-Page-Cache of a repeated request; err = failed requests; srv cores / "
    "box cores = CPU seconds per second\nof gunicorn / of the whole machine; db, redis, wrk ms = CPU "
    "per request of PostgreSQL, Redis and wrk;\nother = busy cores not explained by those four (other "
    "processes on the machine, the kernel's network work)."
)


def markdown(rows: list[Row], info: dict) -> str:
    lines = [
        f"Run {info['started']} of {info['code']}, {info['machine']['cpu']}, "
        f"{info['machine']['cores']} cores, {info['machine']['ram_gib']} GiB RAM; "
        f"{info['site']}; wrk -t{info['threads']} -c{info['connections']} -d{info['seconds']}s.",
        "",
        "| Page cache | Page | Path | req/s | p50 ms | p99 ms | server CPU ms/req | SQL queries | cache "
        "| PostgreSQL CPU ms/req | machine busy cores | of which other |",
        "|---|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.mode} | {row.page} | `{row.path}` | {row.rps:.0f} | {row.p50_ms:.2f} | "
            f"{row.p99_ms:.2f} | {row.cpu_ms:.2f} | {row.queries} | {row.cache} | {row.db_cpu_ms:.2f} "
            f"| {row.machine_cores:.2f} | {row.other_cores:.2f} |"
        )
    return "\n".join(lines) + "\n"


# --- main ------------------------------------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 s per URL instead of 10 (smoke run)")
    parser.add_argument("--seconds", type=int, help="seconds of load per URL and mode")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (default 8)")
    parser.add_argument(
        "--wait-quiet",
        type=int,
        default=0,
        metavar="SECONDS",
        help="before each URL wait up to SECONDS for other work on the machine to stop (shared machines)",
    )
    parser.add_argument("--fresh", action="store_true", help="drop portal_bench and seed it again")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="targets whose name contains NAME")
    parser.add_argument("--modes", nargs="+", choices=list(MODES), default=list(MODES))
    parser.add_argument("--sql", action="store_true", help="print each page's SQL (uncached) and stop")
    parser.add_argument(
        "--profile", nargs="+", metavar="NAME", help="profile the matching pages in-process and stop"
    )
    return parser.parse_args()


def _raise_keyboard_interrupt(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    args = parse_args()
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)  # so `finally` stops gunicorn
    OUT.mkdir(parents=True, exist_ok=True)
    if args.fresh:
        shutil.rmtree(OUT / "media", ignore_errors=True)
    static_root = Path(tempfile.mkdtemp(prefix="portal-bench-static-"))
    env = bench_env(static_root)
    os.environ.update(env)
    info = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "code": code_version(),
        "machine": machine(),
    }
    print(f"code {info['code']}; machine {info['machine']}", flush=True)
    load = os.getloadavg()[0]
    if load > 0.5:
        print(f"warning: load average {load:.2f} before the run; other work will skew req/s and latency")
    info["load_before"] = round(load, 2)
    try:
        ensure_database(args.fresh)
        prepare_django(static_root)
        from bench.scenario import TARGETS

        targets = [t for t in TARGETS if not args.only or any(n.lower() in t.name.lower() for n in args.only)]
        if args.sql:
            for name, (count, queries) in count_queries(targets, 0).items():
                print(f"\n{name}: {count} queries")
                for query in queries:
                    print(f"  {query}")
            return 0
        if args.profile:
            for target in TARGETS:
                if any(name.lower() in target.name.lower() for name in args.profile):
                    profile(target)
            return 0
        info.update(
            site=site_size(),
            threads=args.threads,
            connections=args.connections,
            seconds=args.seconds or (3 if args.quick else 10),
        )
        rows = []
        for mode in args.modes:
            rows += run_mode(mode, targets, env, args)
    except KeyboardInterrupt:
        print("\ninterrupted; gunicorn stopped", file=sys.stderr)
        return 130
    except (subprocess.CalledProcessError, RuntimeError) as error:
        print(f"\nbenchmark failed: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(static_root, ignore_errors=True)

    print(f"\n{HEADER}")
    for row in rows:
        print(format_row(row))
    print(LEGEND)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%SZ")
    (OUT / f"results-{stamp}.md").write_text(markdown(rows, info))
    (OUT / f"results-{stamp}.json").write_text(
        json.dumps({**info, "rows": [asdict(r) for r in rows]}, indent=2, ensure_ascii=False)
    )
    print(f"\nwritten bench/out/results-{stamp}.md and .json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
