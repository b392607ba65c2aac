"""Browser tests: Playwright driving Debian's Chromium against a live server.

Chromium comes from the system (apt-get install chromium); test tools' own
browser downloads do not work on our machines. Without Chromium these tests are
skipped, except in CI (REQUIRE_BROWSER=1), where that is a failure.
"""

import os

import pytest
from django.db import connections

# Playwright's sync API runs an event loop in this thread; the ORM calls made by
# the test itself (building data) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: sudo apt-get install chromium"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def _migration_snapshot(django_db_setup, django_db_blocker):
    """What migrations put in the test database (page root, role groups, workflow, spheres),
    as Django serialized it when it set the database up."""
    return {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}


@pytest.fixture(autouse=True)
def _keep_migration_snapshot(_migration_snapshot):
    # Django keeps the snapshot on the connection object; once Playwright's event loop
    # runs in this thread, the connection may be a fresh object without it, and the
    # serialized rollback below would silently restore nothing.
    for alias, contents in _migration_snapshot.items():
        if contents is not None and getattr(connections[alias], "_test_serialized_contents", None) is None:
            connections[alias]._test_serialized_contents = contents


@pytest.fixture
def page(browser, live_server, django_db_serialized_rollback):
    # The live server needs committed data, so these tests flush the database
    # afterwards; serialized rollback brings back what migrations created (the
    # page tree's root, role groups, the moderation workflow) for the next one.
    # Reduced motion: maps jump rather than animate, so clicks land where the test expects.
    context = browser.new_context(
        base_url=live_server.url, locale="pl-PL", accept_downloads=True, reduced_motion="reduce"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def serious_violations(page):
    """axe-core violations of serious or critical impact on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
