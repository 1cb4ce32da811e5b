"""JSON blocks: strict JSON, as the Docker daemon reads `daemon.json`. Comments and trailing
commas are errors unless the block says `jsonc`; `...` elisions are a warning."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .models import Finding, Severity
from .page_blocks import PageBlock

JSON_LANGUAGES = frozenset({"json"})
JSONC_LANGUAGES = frozenset({"jsonc", "json5"})

# `...` or `…` standing for left-out members or items.
# Limitation: outside strings every `...` counts as an elision; JSON has no other use for it.
RE_ELISION = re.compile(r"\.\.\.|…")


@dataclass(frozen=True)
class _Mark:
    line: int
    kind: str  # "comment", "trailing-comma", "elision"
    start: int  # offsets in the text
    end: int


def scan_marks(text: str) -> list[_Mark]:
    """Comments, trailing commas and elisions outside strings."""
    marks: list[_Mark] = []
    index = 0
    line = 0
    last_comma: tuple[int, int] | None = None  # (offset, line) of a comma not yet followed
    while index < len(text):
        char = text[index]
        if char == "\n":
            line += 1
            index += 1
            continue
        if char == '"':
            index = _string_end(text, index)
            last_comma = None
            continue
        if text.startswith("//", index) or text.startswith("/*", index):
            end = text.find("\n", index) if char == "/" and text[index + 1] == "/" else -1
            if text.startswith("/*", index):
                close = text.find("*/", index + 2)
                end = len(text) if close < 0 else close + 2
            end = len(text) if end < 0 else end
            marks.append(_Mark(line, "comment", index, end))
            line += text.count("\n", index, end)
            index = end
            continue
        elision = RE_ELISION.match(text, index)
        if elision:
            marks.append(_Mark(line, "elision", index, elision.end()))
            index = elision.end()
            continue
        if char == ",":
            last_comma = (index, line)
        elif char in "}]" and last_comma is not None:
            marks.append(_Mark(last_comma[1], "trailing-comma", last_comma[0], last_comma[0] + 1))
            last_comma = None
        elif not char.isspace():
            last_comma = None
        index += 1
    return marks


def _string_end(text: str, start: int) -> int:
    index = start + 1
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] == '"' or text[index] == "\n":
            return index + 1
        index += 1
    return len(text)


def blank_out(text: str, marks: list[_Mark]) -> str:
    """The text with the marked spans replaced by spaces (lines and columns stay)."""
    chars = list(text)
    for mark in marks:
        for offset in range(mark.start, mark.end):
            if chars[offset] != "\n":
                chars[offset] = " "
    return "".join(chars)


def check_json(item: PageBlock) -> list[Finding]:
    text = item.block.content
    jsonc = item.language in JSONC_LANGUAGES
    marks = scan_marks(text)
    elisions = [mark for mark in marks if mark.kind == "elision"]
    findings: list[Finding] = []
    if elisions:
        findings.append(
            item.finding(
                elisions[0].line,
                Severity.WARNING,
                "json-elision",
                "elided example (...): readers cannot copy it as it is",
            )
        )
    # Removing an elision can leave a comma before } or ]: scan again without them.
    cleaned = blank_out(text, elisions)
    marks = [mark for mark in scan_marks(cleaned) if mark.kind != "elision"]
    if jsonc:
        cleaned = blank_out(cleaned, marks)
    else:
        for mark in marks:
            if mark.kind == "trailing-comma" and _follows_elision(mark, elisions, text):
                cleaned = blank_out(cleaned, [mark])
                continue
            findings.append(_mark_finding(item, mark))
        cleaned = blank_out(cleaned, marks)
    try:
        json.loads(cleaned)
    except RecursionError:
        findings.append(
            item.finding(None, Severity.ERROR, "json-syntax", "JSON nested too deeply to read")
        )
    except json.JSONDecodeError as error:
        if not any(f.severity is Severity.ERROR for f in findings):
            findings.append(
                item.finding(
                    error.lineno - 1,
                    Severity.ERROR,
                    "json-syntax",
                    f"invalid JSON: {error.msg} (column {error.colno})",
                )
            )
    return findings


def _follows_elision(mark: _Mark, elisions: list[_Mark], text: str) -> bool:
    """A comma right before an elision (`"a": 1, ...`) is part of the elided example."""
    return any(
        elision.start > mark.start and not text[mark.end : elision.start].strip()
        for elision in elisions
    )


def _mark_finding(item: PageBlock, mark: _Mark) -> Finding:
    if mark.kind == "comment":
        message = (
            "a comment in JSON: JSON has none, and the Docker daemon rejects daemon.json "
            "with one; remove it, or mark an illustrative block as `jsonc`"
        )
    else:
        message = "a trailing comma before } or ]: strict JSON (daemon.json) rejects it; remove it"
    return item.finding(mark.line, Severity.ERROR, f"json-{mark.kind}", message)
