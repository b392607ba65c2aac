"""In-process measurements for ``bench/run.py``: the queries of each page and a cProfile of one
page, through Django's test client under the server's settings (no load, no gunicorn)."""

import cProfile
import io
import pstats
import time


def _client():
    from django.test import Client

    # The same Host wrk sends (127.0.0.1), so the same Wagtail site lookup runs.
    return Client(HTTP_HOST="127.0.0.1")


def count_queries(targets, page_cache_seconds: int) -> dict[str, tuple[int, list[str]]]:
    """Queries of the second GET of each page, in this process under the server's settings."""
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    counts = {}
    with override_settings(PAGE_CACHE_SECONDS=page_cache_seconds):
        client = _client()
        for target in targets:
            client.get(target.path)  # fills per-process caches (and the page cache when on)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(target.path)
            if response.status_code != 200:
                raise RuntimeError(f"{target.path} answered {response.status_code} in-process")
            counts[target.name] = (len(captured), [q["sql"] for q in captured.captured_queries])
    return counts


# Where an uncached page's time goes: (label, file suffix, function) of cProfile entries.
PROFILE_PARTS = [
    ("ORM: compile + run SQL", "sql/compiler.py", "execute_sql"),
    ("  of which compiling SQL", "sql/compiler.py", "as_sql"),
    # CPU time: psycopg's own work (sending, receiving, decoding), not the wait for PostgreSQL.
    ("  of which psycopg, client side", "psycopg/cursor.py", "execute"),
    ("ORM: building model instances", "db/models/base.py", "from_db"),
    ("Wagtail routing (site + URL path)", "wagtail/models/pages.py", "route_for_request"),
    ("  of which finding the Site", "wagtail/models/sites.py", "find_for_request"),
    ("Page.serve (get_context)", "wagtail/models/pages.py", "serve"),
    # Both TemplateResponse and render() go through the backend's Template.render.
    ("template rendering (incl. lazy SQL)", "django/template/backends/django.py", "render"),
    ("  StreamField {% include_block %}", "wagtail/templatetags/wagtailcore_tags.py", "render"),
    ("  {% pageurl %}", "wagtail/templatetags/wagtailcore_tags.py", "pageurl"),
    ("  site settings (menu, footer)", "wagtail/contrib/settings/context_processors.py", "__getitem__"),
    ("RichText to HTML (anywhere)", "wagtail/rich_text/__init__.py", "__html__"),
    ("  of which expanding links", "wagtail/rich_text/__init__.py", "expand_db_html"),
    ("Redis GETs", "django/core/cache/backends/redis.py", "get"),
]


def profile(target, requests: int = 200) -> None:
    """CPU per uncached in-process GET of one page, then a cProfile of ``requests`` more."""
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    with override_settings(PAGE_CACHE_SECONDS=0):
        client = _client()
        for _ in range(20):
            client.get(target.path)
        with CaptureQueriesContext(connection) as captured:
            client.get(target.path)
        queries = len(captured)  # now: the next request resets the query log
        started = time.process_time()
        for _ in range(requests):
            client.get(target.path)
        plain = (time.process_time() - started) / requests * 1000
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for _ in range(requests):
            client.get(target.path)
        profiler.disable()
    stats = pstats.Stats(profiler)

    def cumulative(suffix, function):
        entries = stats.stats.items()  # type: ignore[attr-defined]
        seconds = sum(v[3] for k, v in entries if k[0].endswith(suffix) and k[2] == function)
        return seconds / requests * 1000

    total = cumulative("django/test/client.py", "request")
    print(
        f"\n{target.name} {target.path}: {queries} queries, {plain:.1f} ms CPU/request in-process; "
        f"{total:.1f} ms under cProfile, shared out as:"
    )
    for label, suffix, function in PROFILE_PARTS:
        ms = cumulative(suffix, function)
        print(f"  {label:<40} {ms:6.1f} ms {100 * ms / total:5.1f} %")
    stream = io.StringIO()
    stats.stream = stream  # type: ignore[attr-defined]
    stats.sort_stats("cumulative").print_stats(40)
    print(stream.getvalue())
