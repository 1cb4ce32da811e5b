"""The ids a page defines, as the site renders them: headings (explicit `{ #id }` or the toc
slug), attr_list ids on other elements, raw HTML id/name, footnotes and content tabs."""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import unquote

from markdown.extensions.toc import unique
from markdown_it.token import Token
from pymdownx.slugs import slugify

from .html_attributes import read_html
from .markdown_tokens import parse_markdown

# Mirrors mkdocs.yml: `toc` and `pymdownx.tabbed` use pymdownx.slugs.slugify(case=lower), which
# keeps Hangul. A test reads mkdocs.yml to keep the two in step.
SLUGIFY = slugify(case="lower")
SLUG_SEPARATOR = "-"

# attr_list on a heading: at least one space, then `{ ... }` or `{: ... }` closing the line.
HEADING_ATTRS = re.compile(r"[ ]+\{:?[ ]*(?P<attrs>[^}\n ][^}\n]*)\}[ ]*$")
# attr_list anywhere else (after a paragraph, an image, a link, a list item).
ANY_ATTRS = re.compile(r"\{:?[ ]*(?P<attrs>[^}\n ][^}\n]*)\}")
ATTR_ID = re.compile(
    r"(?:^|\s)(?:#(?P<hash>[^\s}]+)|id=(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s}]+)))"
)
FENCE_ATTRS = re.compile(r"\{(?P<attrs>[^}]*)\}")
FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^(?P<label>[^\]\s]+)\]:", re.MULTILINE)
TAB_TITLE = re.compile(r"^ *===\+? +\"(?P<title>[^\"]*)\"", re.MULTILINE)


def normalize_fragment(fragment: str) -> str:
    """How ids and fragments are compared: percent-decoded, then NFC."""
    return unicodedata.normalize("NFC", unquote(fragment))


def _attr_id(attrs: str) -> str | None:
    found = None
    for match in ATTR_ID.finditer(attrs):
        found = match.group("hash") or match.group("dq") or match.group("sq") or match.group("bare")
    return found


def _plain_text(inline: Token) -> str:
    """The heading's text as toc sees it: tags stripped, entities decoded."""
    parts: list[str] = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return html.unescape("".join(parts))


def _headings(tokens: list[Token]) -> list[tuple[str | None, str]]:
    """(explicit id or None, text for the slug) of each heading, in page order."""
    found: list[tuple[str | None, str]] = []
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        text = _plain_text(inline)
        attrs = HEADING_ATTRS.search(text)
        explicit = None
        if attrs:
            explicit = _attr_id(attrs.group("attrs"))
            text = text[: attrs.start()]
        found.append((explicit, text))
    return found


def heading_ids(text: str) -> set[str]:
    """The id of every heading of a page: its explicit `{ #id }`, else the toc slug made
    unique the way Python-Markdown does (`_1`, `_2` after a clash)."""
    tokens, _ = parse_markdown(text)
    headings = _headings(tokens)
    used = {explicit for explicit, _ in headings if explicit} | _element_ids(tokens)
    ids: set[str] = set()
    for explicit, title in headings:
        ids.add(explicit if explicit else unique(SLUGIFY(title, SLUG_SEPARATOR), used))
    return {unicodedata.normalize("NFC", value) for value in ids}


def _element_ids(tokens: list[Token]) -> set[str]:
    """Ids given to elements other than headings: attr_list and raw HTML."""
    ids: set[str] = set()
    for index, token in enumerate(tokens):
        if token.type == "inline" and (index == 0 or tokens[index - 1].type != "heading_open"):
            for match in ANY_ATTRS.finditer(_plain_text(token)):
                found = _attr_id(match.group("attrs"))
                if found:
                    ids.add(found)
            for child in token.children or []:
                if child.type == "html_inline":
                    ids.update(read_html(child.content)[1])
        elif token.type == "html_block":
            ids.update(read_html(token.content)[1])
        elif token.type == "fence":
            attrs = FENCE_ATTRS.search(token.info)
            found = _attr_id(attrs.group("attrs")) if attrs else None
            if found:
                ids.add(found)
    return ids


def anchor_ids(text: str) -> set[str]:
    """Every id a link's #fragment may target in the page, normalized for comparison."""
    # Limitation: ids made by other extensions (code line anchors `__codelineno-…`,
    # positional tab ids `__tabbed_…`) are not known, so links to them are reported.
    tokens, _ = parse_markdown(text)
    ids = heading_ids(text) | _element_ids(tokens)
    for match in FOOTNOTE_DEFINITION.finditer(text):
        ids.update({f"fn:{match.group('label')}", f"fnref:{match.group('label')}"})
    tabs: set[str] = set()
    for match in TAB_TITLE.finditer(text):
        ids.add(unique(SLUGIFY(match.group("title"), SLUG_SEPARATOR), tabs))
    return {normalize_fragment(value) for value in ids}
