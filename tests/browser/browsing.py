"""What the browser tests share: the served site, Debian's Chromium settings, and a watched tab.

Every tab a test opens is watched: a request to anything but the test server is refused and
recorded, and so is an error in the console; check_and_close fails the test on either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, Route
from site_preview.server import LOOPBACK

# Served under a path, as on a project host, so the switcher and links are tested there too.
MOUNT = "/docker-study-notes/"
DESKTOP = {"width": 1280, "height": 900}


@dataclass(frozen=True)
class ServedSite:
    url: str  # http://127.0.0.1:<port>/docker-study-notes/
    root: Path

    def page_url(self, key: str, lang: str) -> str:
        """`data/volumes`, `en` → the English page's URL; `index` is the home page."""
        prefix = "" if lang == "ko" else f"{lang}/"
        return self.url + prefix + ("" if key == "index" else f"{key}/")


@dataclass
class Reader:
    """A browser tab and what it did: requests refused for leaving the site, console errors."""

    page: Page
    context: BrowserContext
    site: ServedSite
    outside: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def open(self, key: str, lang: str) -> None:
        self.page.goto(self.site.page_url(key, lang), wait_until="load")


def is_local(url: str, site: ServedSite) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname == LOOPBACK and parts.port == urlsplit(site.url).port


def new_reader(browser: Browser, site: ServedSite, **context_options: object) -> Reader:
    context = browser.new_context(**context_options)
    reader = Reader(page=context.new_page(), context=context, site=site)

    def refuse_outside(route: Route) -> None:
        if is_local(route.request.url, site):
            route.continue_()
        else:
            reader.outside.append(route.request.url)
            route.abort()

    context.route("**/*", refuse_outside)
    context.on(
        "request",
        lambda request: None if is_local(request.url, site) else reader.outside.append(request.url),
    )
    reader.page.on(
        "console",
        lambda message: reader.console_errors.append(message.text)
        if message.type == "error"
        else None,
    )
    reader.page.on("pageerror", lambda error: reader.console_errors.append(str(error)))
    return reader


def check_and_close(reader: Reader) -> None:
    reader.context.close()
    assert reader.outside == [], f"requests left 127.0.0.1: {sorted(set(reader.outside))}"
    assert reader.console_errors == [], f"console errors: {reader.console_errors}"
