"""At 360 px wide (a small phone) nothing scrolls sideways but code blocks, on every page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browsing import Reader, ServedSite, check_and_close, new_reader
from playwright.sync_api import Browser

PHONE = {"width": 360, "height": 740}

# Elements that scroll sideways, or stick out of the page, other than code blocks.
SIDEWAYS = """() => {
  const found = []
  const page = document.documentElement
  if (page.scrollWidth > window.innerWidth)
    found.push(`the page is ${page.scrollWidth}px wide`)
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest("pre, .highlight, .md-sidebar, .md-search, [hidden]"))
      continue
    const style = getComputedStyle(el)
    const scrolls = ["auto", "scroll"].includes(style.overflowX)
    if (scrolls && el.scrollWidth > el.clientWidth + 1)
      found.push(`${el.tagName.toLowerCase()}.${el.className} scrolls ${el.scrollWidth}px`)
  }
  return found
}"""


def page_keys(site: ServedSite) -> list[tuple[str, str]]:
    keys = []
    for lang, folder in (("ko", site.root), ("en", site.root / "en")):
        for page in sorted(folder.rglob("index.html")):
            relative = page.parent.relative_to(folder).as_posix()
            if lang == "ko" and relative.split("/")[0] in ("en", "search", "assets"):
                continue
            keys.append((lang, "index" if relative == "." else relative))
    return keys


@pytest.fixture
def phone_reader(browser: Browser, served_site: ServedSite) -> Iterator[Reader]:
    watched = new_reader(browser, served_site, viewport=PHONE, is_mobile=True, has_touch=True)
    yield watched
    check_and_close(watched)


def test_nothing_but_code_scrolls_sideways_at_360_px(phone_reader: Reader) -> None:
    problems = {}
    for lang, key in page_keys(phone_reader.site):
        phone_reader.open(key, lang)
        found = phone_reader.page.evaluate(SIDEWAYS)
        if found:
            problems[f"{lang}:{key}"] = found
    assert problems == {}
