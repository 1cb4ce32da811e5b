"""Hook: a meta description for every page. A page's front matter `description:` wins;
otherwise its first paragraph, shortened at a word boundary to what search engines show."""

from __future__ import annotations

import html
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")

# Search engines show about this many characters of a description; the rest is cut off.
MAX_DESCRIPTION = 160
ELLIPSIS = "…"


def plain_text(fragment: str) -> str:
    return SPACE.sub(" ", html.unescape(TAG.sub("", fragment))).strip()


def shorten(text: str, limit: int = MAX_DESCRIPTION) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:") + ELLIPSIS


def description_from(content: str) -> str | None:
    for match in FIRST_PARAGRAPH.finditer(content):
        text = plain_text(match.group(1))
        if text:
            return shorten(text)
    return None


def on_page_content(html_content: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not page.meta.get("description"):
        description = description_from(html_content)
        if description:
            page.meta["description"] = description
    return html_content
