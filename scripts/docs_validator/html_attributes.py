"""Reads raw HTML fragments of a page: the URLs in their attributes and the ids they define."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

# Attributes that hold a URL the browser follows or loads, per tag.
URL_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
}
ANCHOR_ATTRIBUTES = ("id", "name")


@dataclass(frozen=True)
class HtmlUrl:
    """A URL from an attribute; `line` counts from 1 within the fed HTML."""

    url: str
    line: int


def _srcset_urls(value: str) -> list[str]:
    """`a.png 1x, b.png 2x` → the URLs alone."""
    return [part.split()[0] for part in value.split(",") if part.split()]


class TolerantHTMLParser(HTMLParser):
    """HTMLParser that skips a marked section it does not know (`<![foo[ x ]]>`) instead of
    failing an assertion: pages and raw HTML blocks are written by anyone."""

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find("]]>", i + 3)
            if end < 0:
                end = self.rawdata.find(">", i + 3)
                return -1 if end < 0 else end + 1
            return end + 3


class _Collector(TolerantHTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[HtmlUrl] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        wanted = URL_ATTRIBUTES.get(tag, ())
        for name, value in attrs:
            if value is None:
                continue
            if name in ANCHOR_ATTRIBUTES:
                self.ids.append(value)
            if name not in wanted or not value.strip():
                continue
            values = _srcset_urls(value) if name == "srcset" else [value.strip()]
            self.urls.extend(HtmlUrl(url, line) for url in values)

    handle_startendtag = handle_starttag


def read_html(fragment: str) -> tuple[list[HtmlUrl], list[str]]:
    """URLs (with their line in the fragment) and id/name values of a piece of raw HTML.
    Comments are skipped: a commented-out link is not on the page."""
    collector = _Collector()
    collector.feed(fragment)
    collector.close()
    return collector.urls, collector.ids
