"""Finds every link of a Markdown page with its line, from markdown-it tokens: inline,
reference-style and autolinks, images, and href/src in raw HTML. Code is never searched."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from markdown_it.token import Token

from .html_attributes import read_html
from .link_types import Link, LinkKind
from .markdown_tokens import parse_markdown, unwrap_blocks

# Python-Markdown accepts a link destination with spaces, `[file](../files/볼륨 예제.yml)`,
# which CommonMark leaves as text. Such text is matched here so the site's links are all seen.
LOOSE_LINK = re.compile(r"!?\[[^\[\]\n]*\]\((?P<dest>[^()\n]*\s[^()\n]*)\)")
LINK_TITLE = re.compile(r"^(?P<url>\S.*?)\s+(?:\"[^\"]*\"|'[^']*')$")


class _LineCursor:
    """Tracks the source line while walking the children of one inline token."""

    def __init__(self, lines: list[str], start: int, end: int) -> None:
        self.lines = lines
        self.line = start  # 0-based
        self.end = end

    def place(self, url: str) -> int:
        """The 0-based line of `url`: the counted line, or a later line of the block that
        holds it (a code span over two lines loses its line break in the tokens)."""
        for index in range(self.line, min(self.end, len(self.lines))):
            if url in self.lines[index]:
                self.line = index
                return index
        return self.line


def _reference_lines(env: dict) -> dict[str, int]:
    """URL of each reference definition → its 0-based line."""
    # Limitation: a definition whose URL is on the line after its label is reported at the
    # label's line, and --fix does not rewrite it.
    found: dict[str, int] = {}
    for definition in env.get("references", {}).values():
        line_map = definition.get("map")
        if line_map:
            found.setdefault(definition["href"], line_map[0])
    return found


def _inline_links(
    token: Token, lines: list[str], references: dict[str, int]
) -> list[tuple[str, int, LinkKind, int]]:
    """(url, line, kind, source line) of each link in one inline token, lines 1-based."""
    start, end = token.map or (0, 0)
    cursor = _LineCursor(lines, start, end)
    found: list[tuple[str, int, LinkKind, int]] = []

    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            cursor.line += 1
            continue
        if child.type == "link_open":
            url = str(child.attrs.get("href", ""))
            kind = LinkKind.AUTOLINK if child.markup == "autolink" else LinkKind.INLINE
        elif child.type == "image":
            url, kind = str(child.attrs.get("src", "")), LinkKind.IMAGE
        elif child.type == "html_inline":
            base = cursor.line
            for html_url in read_html(child.content)[0]:
                line = base + html_url.line - 1
                found.append((html_url.url, line + 1, LinkKind.HTML, line + 1))
            cursor.line += child.content.count("\n")
            continue
        elif child.type == "text":
            for loose in LOOSE_LINK.finditer(child.content):
                url = _loose_destination(loose.group("dest"))
                if url:
                    line = cursor.place(url)
                    found.append((url, line + 1, LinkKind.INLINE, line + 1))
            continue
        else:
            continue

        line = cursor.place(url)
        source = line
        if url not in lines[line] and url in references:
            kind, source = LinkKind.REFERENCE, references[url]
        found.append((url, line + 1, kind, source + 1))
    return found


def _loose_destination(dest: str) -> str:
    dest = dest.strip()
    titled = LINK_TITLE.match(dest)
    url = titled.group("url") if titled else dest
    return url if any(ch.isspace() for ch in url) else ""


def _html_block_links(token: Token) -> list[tuple[str, int, LinkKind, int]]:
    start = (token.map or (0, 0))[0]
    found = []
    for html_url in read_html(token.content)[0]:
        line = start + html_url.line
        found.append((html_url.url, line, LinkKind.HTML, line))
    return found


def find_links(text: str, file: Path, lang: str) -> list[Link]:
    """Every link of the page, in source order. `text` is the page as read by
    `sources.read_text` (NFC, LF line ends)."""
    # Limitation: Markdown inside a raw HTML block is read the CommonMark way (the block ends
    # at a blank line), while Python-Markdown keeps it raw up to the closing tag unless it has
    # `markdown` (md_in_html); links there may be found that the site shows as plain text.
    # Limitation: files pulled in with `--8<--` (pymdownx.snippets) are not searched.
    tokens, env = parse_markdown(text)
    lines = unwrap_blocks(text).split("\n")
    references = _reference_lines(env)

    raw: list[tuple[str, int, LinkKind, int]] = []
    for token in tokens:
        if token.type == "inline":
            raw.extend(_inline_links(token, lines, references))
        elif token.type == "html_block":
            raw.extend(_html_block_links(token))

    return [
        Link(
            url=unicodedata.normalize("NFC", url.strip()),
            file=file,
            line=line,
            lang=lang,
            kind=kind,
            source_line=source,
        )
        for url, line, kind, source in raw
        if url.strip()
    ]
