"""Browser fixtures: the site built for a loopback address and served there, and Debian's
Chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browsing import (
    DESKTOP,
    MOUNT,
    Reader,
    ServedSite,
    check_and_close,
    new_reader,
)
from playwright.sync_api import Browser, sync_playwright
from site_preview.build import build_site
from site_preview.chromium import CHROMIUM, CHROMIUM_ARGS
from site_preview.server import SiteServer


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    server = SiteServer(MOUNT)
    site = tmp_path_factory.mktemp("browser-site")
    built = build_site(server.url, site)
    assert built.returncode == 0, f"building the site for {server.url} failed:\n{built.log}"
    server.serve(site)
    yield ServedSite(server.url, site)
    server.close()


# Per module, not per session: Playwright's sync API runs one instance per thread at a time,
# and tests elsewhere (tests/site/test_hosting.py) start their own.
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install chromium` (.ci/run does it).")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def reader(browser: Browser, served_site: ServedSite) -> Iterator[Reader]:
    """A desktop-sized tab."""
    watched = new_reader(browser, served_site, viewport=DESKTOP)
    yield watched
    check_and_close(watched)
