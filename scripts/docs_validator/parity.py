"""Translation parity of code: a Korean page and its English twin carry the same code blocks
in the same order. Only comments inside blocks, and `title="…"`, may differ."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .find_blocks import CodeBlock
from .models import Finding, Severity
from .page_blocks import CHECK_NAME

HASH_COMMENT_LANGUAGES = frozenset(
    {"bash", "sh", "shell", "console", "zsh", "dockerfile", "docker", "yaml", "yml",
     "powershell", "ps1", "pwsh", "ps", "toml", "ini", "python", "dotenv", "env"}
)  # fmt: skip
SLASH_COMMENT_LANGUAGES = frozenset({"javascript", "js", "mjs", "cjs", "node", "jsonc", "json5"})
CMD_COMMENT_LANGUAGES = frozenset({"bat", "cmd", "batch"})
# Attributes that are translated with the page.
TRANSLATED_ATTRIBUTES = frozenset({"title"})
# Mismatches reported per pair of pages; past this the pages have simply diverged.
MAX_MISMATCHES_PER_PAIR = 10

# Limitation: trailing comments are found by pattern, not by parsing; a `#` or `//` inside a
# string that is followed by a quote later on the line is kept as code.
RE_TRAILING_HASH = re.compile(r"""\s+#(?![^'"]*['"][^'"]*$).*$""")
RE_TRAILING_SLASHES = re.compile(r"""\s*//(?![^'"`]*['"`][^'"`]*$).*$""")
RE_CMD_COMMENT = re.compile(r"^\s*(?:@?rem\b|::)", re.I)


@dataclass(frozen=True)
class PageCode:
    """The code blocks of one page, with the page's line for each block's fence."""

    page: str
    lang: str
    blocks: list[CodeBlock]
    fence_lines: list[int]
    content_lines: list[list[int]]  # the page line of each content line, per block


def code_lines(block: CodeBlock) -> tuple[str, ...]:
    """The block's content with comments and blank lines removed, for comparison."""
    return tuple(text for _index, text in code_entries(block))


def code_entries(block: CodeBlock) -> list[tuple[int, str]]:
    """(content line index, text) of the lines that are code, comments removed."""
    language = block.language.lower()
    kept: list[tuple[int, str]] = []
    for index, line in enumerate(block.lines):
        text = line.rstrip()
        stripped = text.lstrip()
        if language in HASH_COMMENT_LANGUAGES:
            if stripped.startswith("#") and not stripped.startswith("#!"):
                continue
            text = RE_TRAILING_HASH.sub("", text)
        elif language in SLASH_COMMENT_LANGUAGES:
            if stripped.startswith("//"):
                continue
            text = RE_TRAILING_SLASHES.sub("", text)
        elif language in CMD_COMMENT_LANGUAGES and RE_CMD_COMMENT.match(text):
            continue
        if text.strip():
            kept.append((index, text.rstrip()))
    return kept


def signature(block: CodeBlock) -> tuple[object, ...]:
    attributes = tuple(
        sorted((k, v) for k, v in block.attributes.items() if k not in TRANSLATED_ATTRIBUTES)
    )
    return (block.language.lower(), block.classes, attributes, code_lines(block))


def compare_pages(korean: PageCode, english: PageCode) -> list[Finding]:
    """Findings on both pages for every block that differs, is missing or is extra."""
    left = [signature(block) for block in korean.blocks]
    right = [signature(block) for block in english.blocks]
    findings: list[Finding] = []
    matcher = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if len(findings) >= 2 * MAX_MISMATCHES_PER_PAIR:
            break
        for offset in range(max(i2 - i1, j2 - j1)):
            i, j = i1 + offset, j1 + offset
            findings.extend(
                _mismatch(korean, english, i if i < i2 else None, j if j < j2 else None, i2, j2)
            )
    return findings


def _line(page: PageCode, index: int | None, fallback: int) -> int:
    if index is not None:
        return page.fence_lines[index]
    if fallback < len(page.fence_lines):
        return page.fence_lines[fallback]
    return page.fence_lines[-1] if page.fence_lines else 1


def _mismatch(
    korean: PageCode,
    english: PageCode,
    i: int | None,
    j: int | None,
    i_near: int,
    j_near: int,
) -> list[Finding]:
    """Findings for one differing pair, or for a block without counterpart (the other page's
    line is then that of the block after the gap, `i_near` / `j_near`)."""
    ko_line = _line(korean, i, i_near)
    en_line = _line(english, j, j_near)
    if i is not None and j is not None:
        detail, index_ko, index_en = describe_difference(korean.blocks[i], english.blocks[j])
        if index_ko is not None and index_en is not None:
            ko_line = korean.content_lines[i][index_ko]
            en_line = english.content_lines[j][index_en]
        ko_text = f"code block differs from {english.page}:{en_line}: {detail}"
        en_text = f"code block differs from {korean.page}:{ko_line}: {detail}"
    elif i is not None:
        ko_text = f"code block has no counterpart in {english.page} (near line {en_line})"
        en_text = f"code block of {korean.page}:{ko_line} is missing here"
    else:
        assert j is not None
        ko_text = f"code block of {english.page}:{en_line} is missing here"
        en_text = f"code block has no counterpart in {korean.page} (near line {ko_line})"
    return [
        Finding(
            korean.page, ko_line, CHECK_NAME, Severity.ERROR, "code-parity", ko_text, korean.lang
        ),
        Finding(
            english.page, en_line, CHECK_NAME, Severity.ERROR, "code-parity", en_text, english.lang
        ),
    ]


def describe_difference(first: CodeBlock, second: CodeBlock) -> tuple[str, int | None, int | None]:
    """What differs, and the content lines (from 0) where it does, when it is a line."""
    if first.language.lower() != second.language.lower():
        return f"language '{first.language}' vs '{second.language}'", None, None
    if first.classes != second.classes:
        return f"classes {_classes(first)} vs {_classes(second)}", None, None
    a, b = signature(first)[2], signature(second)[2]
    if a != b:
        return f"attributes {dict(a)} vs {dict(b)} (only title may be translated)", None, None
    entries_a, entries_b = code_entries(first), code_entries(second)
    for (index_a, line_a), (index_b, line_b) in zip(entries_a, entries_b, strict=False):
        if line_a != line_b:
            start = _first_difference(line_a, line_b)
            detail = (
                f"'{_clip(line_a, start)}' vs '{_clip(line_b, start)}' (only comments may differ)"
            )
            return detail, index_a, index_b
    detail = f"{len(entries_a)} vs {len(entries_b)} lines of code (only comments may differ)"
    return detail, None, None


def _classes(block: CodeBlock) -> str:
    return " ".join(f".{name}" for name in block.classes) or "(none)"


# Characters of a differing line shown in a message, and of context before the difference.
CLIP_WIDTH = 60
CLIP_CONTEXT = 20


def _first_difference(first: str, second: str) -> int:
    first, second = first.strip(), second.strip()
    same = 0
    while same < min(len(first), len(second)) and first[same] == second[same]:
        same += 1
    return same


def _clip(text: str, difference: int) -> str:
    """The part of a line around where it differs from its twin."""
    text = text.strip()
    start = max(difference - CLIP_CONTEXT, 0)
    part = text[start : start + CLIP_WIDTH]
    return ("…" if start else "") + part + ("…" if start + CLIP_WIDTH < len(text) else "")
