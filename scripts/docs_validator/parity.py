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


def code_lines(block: CodeBlock) -> tuple[str, ...]:
    """The block's content with comments and blank lines removed, for comparison."""
    language = block.language.lower()
    kept: list[str] = []
    for line in block.lines:
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
            kept.append(text.rstrip())
    return tuple(kept)


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
        detail = describe_difference(korean.blocks[i], english.blocks[j])
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


def describe_difference(first: CodeBlock, second: CodeBlock) -> str:
    if first.language.lower() != second.language.lower():
        return f"language '{first.language}' vs '{second.language}'"
    if first.classes != second.classes:
        return f"classes {_classes(first)} vs {_classes(second)}"
    a, b = signature(first)[2], signature(second)[2]
    if a != b:
        return f"attributes {dict(a)} vs {dict(b)} (only title may be translated)"
    lines_a, lines_b = code_lines(first), code_lines(second)
    for line_a, line_b in zip(lines_a, lines_b, strict=False):
        if line_a != line_b:
            return f"'{_clip(line_a)}' vs '{_clip(line_b)}' (only comments may differ)"
    return f"{len(lines_a)} vs {len(lines_b)} lines of code (only comments may differ)"


def _classes(block: CodeBlock) -> str:
    return " ".join(f".{name}" for name in block.classes) or "(none)"


def _clip(text: str, width: int = 60) -> str:
    text = text.strip()
    return text if len(text) <= width else text[: width - 1] + "…"
