"""`--fix`: rewrites permanently redirected URLs in place, in a page and in its twin in the
other language. Only the URL's bytes change; each file is replaced atomically."""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .atomic_files import write_atomically
from .find_links import find_links
from .sources import language_of, read_text, twin_of

CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
# What may stand right before and after a URL that is a link destination: `(url)`, `<url>`,
# `href="url"`, `[label]: url "title"`.
BEFORE_URL = "(<\"'\\s"
AFTER_URL = ")>\"'\\s"


@dataclass(frozen=True)
class Fix:
    """One URL replaced on one line."""

    file: Path
    line: int
    old: str
    new: str


def _code_spans(line: str) -> list[tuple[int, int]]:
    return [match.span() for match in CODE_SPAN.finditer(line)]


def _replace_in_line(line: str, old: str, new: str) -> tuple[str, int]:
    """Replace `old` where it is a whole link destination, never inside a code span."""
    # Limitation: a URL written with Markdown escapes or HTML entities (`&amp;`) differs from
    # the URL the parser reports, so it is left for a person to update.
    pattern = re.compile(rf"(?:(?<=[{BEFORE_URL}])|^){re.escape(old)}(?=[{AFTER_URL}]|$)")
    spans = _code_spans(line)
    pieces: list[str] = []
    last = count = 0
    for match in pattern.finditer(line):
        if any(start <= match.start() < end for start, end in spans):
            continue
        pieces.append(line[last : match.start()] + new)
        last = match.end()
        count += 1
    pieces.append(line[last:])
    return "".join(pieces), count


def _fix_file(path: Path, replacements: dict[str, str]) -> list[Fix]:
    try:
        original = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    wanted: dict[int, set[str]] = defaultdict(set)
    for link in find_links(read_text(path), path, language_of(path)):
        if link.url in replacements:
            wanted[link.source_line - 1].add(link.url)
    if not wanted:
        return []

    lines = original.split("\n")
    fixes: list[Fix] = []
    for index, urls in sorted(wanted.items()):
        if index >= len(lines):
            continue
        # Longest first, so that a URL that is a prefix of another is not replaced inside it.
        for old in sorted(urls, key=len, reverse=True):
            lines[index], count = _replace_in_line(lines[index], old, replacements[old])
            if count:
                fixes.append(Fix(path, index + 1, old, replacements[old]))
    if not fixes:
        return []
    try:
        write_atomically(path, "\n".join(lines).encode("utf-8"))
    except OSError as error:
        print(f"links: could not fix {path} ({error.strerror or error})", file=sys.stderr)
        return []
    return fixes


def fix_urls(replacements: dict[str, str], files: Iterable[Path]) -> list[Fix]:
    """Apply `old URL → new URL` to the given pages and their twins. Running it again changes
    nothing: the old URLs are gone."""
    targets: set[Path] = set()
    for path in files:
        targets.add(path)
        twin = twin_of(path)
        if twin.is_file():
            targets.add(twin)
    fixes: list[Fix] = []
    for path in sorted(targets):
        fixes.extend(_fix_file(path, replacements))
    return fixes
