"""The site's browser fixtures (Playwright with the system Chromium), for the loyalty pages."""

from tests.browser.conftest import (  # noqa: F401  (fixtures are found by name)
    _keep_migration_snapshot,
    _migration_snapshot,
    browser,
    page,
)
