"""`--fix`: rewrites permanently redirected URLs in place, in a page and in its twin in the
other language. Only the URL's bytes change; each file is replaced atomically."""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .atomic_files import ChangedMeanwhile, write_atomically
from .find_links import find_links
from .sources import language_of, read_text, twin_of

LINE_END = re.compile(r"(\r\n|\r|\n)")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
# What may stand right before a URL that is a link destination: `](url)`, `]( url)`, `<url>`,
# `href="url"`, `href='url'`, `href=url`, `[label]: url`; a URL in a title or in running text
# has none of these before it.
BEFORE_URL = r"(?:(?<=\]\()|(?<=\(\s)|(?<=<)|(?<==\")|(?<==')|(?<==)|(?<=:\s)|(?<=:\t)|^)"
AFTER_URL = ")>\"'\\s"


@dataclass(frozen=True)
class Fix:
    """One URL replaced on one line."""

    file: Path
    line: int
    old: str
    new: str


@dataclass(frozen=True)
class Refusal:
    """A page --fix did not write, and why."""

    file: Path
    reason: str


@dataclass
class FixReport:
    fixes: list[Fix]
    refusals: list[Refusal]


# Characters that would end or break a Markdown link destination or an HTML attribute.
UNSAFE_IN_DESTINATION = {char: f"%{ord(char):02X}" for char in "()'\" <>"}


def safe_destination(url: str) -> str:
    """`url` as --fix writes it: the characters that would end the link percent-encoded."""
    return "".join(UNSAFE_IN_DESTINATION.get(char, char) for char in url)


def _code_spans(line: str) -> list[tuple[int, int]]:
    return [match.span() for match in CODE_SPAN.finditer(line)]


def _replace_in_line(line: str, old: str, new: str, limit: int) -> tuple[str, int]:
    """Replace `old` where it is a whole link destination, never inside a code span."""
    # Limitation: a URL written with Markdown escapes or HTML entities (`&amp;`) differs from
    # the URL the parser reports, so it is left for a person to update.
    pattern = re.compile(rf"{BEFORE_URL}{re.escape(old)}(?=[{AFTER_URL}]|$)")
    spans = _code_spans(line)
    pieces: list[str] = []
    last = count = 0
    for match in pattern.finditer(line):
        if count >= limit:  # no more links than the parser found on this line
            break
        if any(start <= match.start() < end for start, end in spans):
            continue
        pieces.append(line[last : match.start()] + new)
        last = match.end()
        count += 1
    pieces.append(line[last:])
    return "".join(pieces), count


def _fix_file(path: Path, replacements: dict[str, str]) -> tuple[list[Fix], str]:
    """The fixes written to `path`, or none and the reason it was not written."""
    if path.is_symlink():
        return [], "it is a symbolic link; fix the file it points to"
    if not path.is_file():
        return [], "it is not a regular file"
    try:
        raw = path.read_bytes()
        original = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [], f"it cannot be read as UTF-8 ({error})"
    wanted: dict[int, Counter[str]] = defaultdict(Counter)
    for link in find_links(read_text(path), path, language_of(path)):
        if link.url in replacements:
            wanted[link.source_line - 1][link.url] += 1
    if not wanted:
        return [], ""

    # Lines as read_text counts them (CRLF, CR or LF), each ending kept as it was.
    pieces = LINE_END.split(original)
    lines, endings = pieces[0::2], pieces[1::2]
    fixes: list[Fix] = []
    for index, urls in sorted(wanted.items()):
        if index >= len(lines):
            continue
        # Longest first, so that a URL that is a prefix of another is not replaced inside it.
        for old in sorted(urls, key=len, reverse=True):
            new = safe_destination(replacements[old])
            lines[index], count = _replace_in_line(lines[index], old, new, urls[old])
            if count:
                fixes.append(Fix(path, index + 1, old, new))
    if not fixes:
        return [], ""
    try:
        text = "".join(line + end for line, end in zip(lines, [*endings, ""], strict=True))
        write_atomically(path, text.encode("utf-8"), expected=raw)
    except ChangedMeanwhile:
        return [], "it changed while --fix was working; run the check again"
    except OSError as error:
        print(f"links: could not fix {path} ({error.strerror or error})", file=sys.stderr)
        return [], f"it could not be written ({error.strerror or error})"
    return fixes, ""


def fix_urls(replacements: dict[str, str], files: Iterable[Path]) -> FixReport:
    """Apply `old URL → new URL` to the given pages and their twins. Running it again changes
    nothing: the old URLs are gone."""
    targets: set[Path] = set()
    for path in files:
        targets.add(path)
        twin = twin_of(path)
        if twin.is_file():
            targets.add(twin)
    report = FixReport([], [])
    for path in sorted(targets):
        fixes, reason = _fix_file(path, replacements)
        report.fixes.extend(fixes)
        if reason:
            report.refusals.append(Refusal(path, reason))
    return report
