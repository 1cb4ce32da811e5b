"""Parses a page the way the site sees it: markdown-it tokens over a copy of the text in which
Python-Markdown's indented blocks (admonitions, tabs, definitions, footnotes) are unwrapped."""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

# Python-Markdown (and so MkDocs) indents the body of these blocks by 4 spaces. CommonMark
# would read such a body as an indented code block and hide its links, so the body is shifted
# left before parsing. Lines are never added or removed: token line maps stay true.
BODY_INDENT = 4  # Python-Markdown's tab_length
CONTAINER_MARKER = re.compile(r"^(?P<indent> *)(?:!!!|\?\?\?\+?|===\+?)(?: |$)")
DEFINITION_MARKER = re.compile(r"^(?P<indent> *):(?: {1,3})(?=\S)")
FOOTNOTE_MARKER = re.compile(r"^(?P<indent> *)\[\^[^\]\s]+\]: ?")
FENCE_OPEN = re.compile(r"^ *(?P<fence>`{3,}|~{3,})")


def _expand_leading_tabs(line: str) -> str:
    stripped = line.lstrip(" \t")
    lead = line[: len(line) - len(stripped)]
    return lead.expandtabs(BODY_INDENT) + stripped


def unwrap_blocks(text: str) -> str:
    """The text with each indented block body moved to its marker's column, marker lines of
    admonitions and tabs blanked, and definition or footnote prefixes removed."""
    out: list[str] = []
    # Each open block: (column where its body starts in the source, columns to remove).
    blocks: list[tuple[int, int]] = []
    fence: str | None = None

    for raw in text.split("\n"):
        line = _expand_leading_tabs(raw)
        if not line.strip():
            out.append("")
            continue

        indent = len(line) - len(line.lstrip(" "))
        while blocks and indent < blocks[-1][0]:
            blocks.pop()
        removed = blocks[-1][1] if blocks else 0
        line = line[removed:]

        if fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            out.append(line)
            continue
        opened = FENCE_OPEN.match(line)
        if opened:
            fence = opened.group("fence")
            out.append(line)
            continue

        out.append(_open_block(line, indent, removed, blocks))
    return "\n".join(out)


def _open_block(line: str, indent: int, removed: int, blocks: list[tuple[int, int]]) -> str:
    """If the line starts an indented block, push it and return what markdown-it should see."""
    container = CONTAINER_MARKER.match(line)
    if container:
        blocks.append((indent + BODY_INDENT, removed + BODY_INDENT))
        return ""
    for marker in (DEFINITION_MARKER, FOOTNOTE_MARKER):
        found = marker.match(line)
        if found:
            blocks.append((indent + BODY_INDENT, removed + BODY_INDENT))
            return found.group("indent") + line[found.end() :]
    return line


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """CommonMark with tables and raw HTML, keeping link destinations exactly as written:
    no percent-encoding (normalizeLink) and no scheme filtering (validateLink)."""
    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    parser.normalizeLink = lambda url: url  # type: ignore[method-assign]
    parser.normalizeLinkText = lambda url: url  # type: ignore[method-assign]
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


PARSED_PAGES_KEPT = 512  # pages whose tokens are kept: every page is read by several steps


@lru_cache(maxsize=PARSED_PAGES_KEPT)
def parse_markdown(text: str) -> tuple[list[Token], dict]:
    """Block tokens of the page and markdown-it's env (which holds reference definitions).
    Cached per text: callers must not change the tokens."""
    env: dict = {}
    tokens = _parser().parse(unwrap_blocks(text), env)
    return tokens, env
