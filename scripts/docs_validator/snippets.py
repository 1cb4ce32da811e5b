"""Expands pymdownx.snippets includes (`--8<-- "file"`) the way the site's build does, and
remembers where every expanded line came from, so findings point at the including page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pymdownx.snippets import SnippetPreprocessor

from .sources import read_text

# Nested includes deeper than this are a loop or a mistake; pymdownx stops near Python's
# recursion limit, long after any real page.
MAX_INCLUDE_DEPTH = 8
# The base paths mkdocs.yml gives pymdownx.snippets when it cannot be read.
DEFAULT_BASE_PATHS = ("docs",)

RE_INCLUDE = SnippetPreprocessor.RE_ALL_SNIPPETS
RE_BLOCK_PATH = SnippetPreprocessor.RE_SNIPPET
RE_SECTION_MARK = re.compile(r"-{1,}8<-{1,}[ \t]+\[(?:start|end):[-_0-9a-z]+\]", re.I)
RE_TARGET = re.compile(
    r"^(?P<path>.*?)(?::(?P<start>-?\d*)(?::(?P<end>-?\d*))?|:(?P<section>[-\w]+))?$"
)


@dataclass(frozen=True)
class LineOrigin:
    """Where one line of the expanded page comes from."""

    line: int  # the page line: the line itself, or the `--8<--` line that included it
    source: str = ""  # the included file (repository-relative), "" for the page's own lines
    source_line: int = 0


@dataclass
class ExpandedPage:
    text: str
    origins: list[LineOrigin]
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # (line, rule, message)


class _IgnoreTags(yaml.SafeLoader):
    """Reads mkdocs.yml without running its `!!python/…` tags."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def snippet_base_paths(repo_root: Path) -> list[Path]:
    """pymdownx.snippets' base_path from mkdocs.yml, relative to the repository."""
    names: list[str] = list(DEFAULT_BASE_PATHS)
    config_file = repo_root / "mkdocs.yml"
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_IgnoreTags)
    except (OSError, yaml.YAMLError):
        config = None
    for extension in (config or {}).get("markdown_extensions", []) or []:
        if isinstance(extension, dict) and "pymdownx.snippets" in extension:
            settings = extension["pymdownx.snippets"] or {}
            base = settings.get("base_path", ["."])
            names = [base] if isinstance(base, str) else [str(item) for item in base]
    return [repo_root / name for name in names]


def expand_snippets(text: str, base_paths: list[Path], repo_root: Path) -> ExpandedPage:
    """The page with its includes expanded; each output line knows its origin."""
    page = ExpandedPage("", [])
    lines = _expand(text.split("\n"), base_paths, repo_root, page, None, 0, set())
    page.text = "\n".join(line for line, _origin in lines)
    page.origins = [origin for _line, origin in lines]
    return page


def _expand(
    lines: list[str],
    base_paths: list[Path],
    repo_root: Path,
    page: ExpandedPage,
    including: LineOrigin | None,
    depth: int,
    seen: set[Path],
    first_number: int = 1,
) -> list[tuple[str, LineOrigin]]:
    out: list[tuple[str, LineOrigin]] = []
    in_block = False
    for number, line in enumerate(lines, start=first_number):
        origin = _origin(including, number)
        match = RE_INCLUDE.match(line)
        if match and match.group("escape"):
            out.append((line.replace(";", "", 1), origin))
            continue
        if match and match.group("block_marker"):
            in_block = not in_block
            continue
        if match is None and not in_block:
            if including is None or not RE_SECTION_MARK.search(line):
                out.append((line, origin))
            continue
        if match is None:
            match = RE_BLOCK_PATH.match(line)
            target = match.group("snippet").strip() if match else ""
            if not target or target.startswith(";"):
                continue
        else:
            target = match.group("snippet")[1:-1].strip()
        space = match.group("space") if match else ""
        included = _include(target, base_paths, repo_root, page, origin, depth, seen)
        out.extend((space + text if text else text, where) for text, where in included)
    return out


def _origin(including: LineOrigin | None, number: int) -> LineOrigin:
    if including is None:
        return LineOrigin(number)
    return LineOrigin(including.line, including.source, number)


def _include(
    target: str,
    base_paths: list[Path],
    repo_root: Path,
    page: ExpandedPage,
    origin: LineOrigin,
    depth: int,
    seen: set[Path],
) -> list[tuple[str, LineOrigin]]:
    parsed = RE_TARGET.match(target)
    name = parsed.group("path") if parsed else target
    if name.lower().startswith(("http://", "https://")):
        # Limitation: URL snippets are not fetched (this site does not enable url_download).
        return []
    if "\x00" in name:
        page.problems.append(
            (origin.line, "snippet-missing", "snippet path contains a NUL byte: remove it")
        )
        return []
    path = _resolve(name, base_paths)
    if path is None:
        bases = ", ".join(f"{p.name}/" for p in base_paths)
        page.problems.append(
            (
                origin.line,
                "snippet-missing",
                f"snippet '{name}' not found under {bases} (the build fails)",
            )
        )
        return []
    if path in seen or depth >= MAX_INCLUDE_DEPTH:
        page.problems.append((origin.line, "snippet-loop", f"snippet '{name}' includes itself"))
        return []

    try:
        lines = read_text(path).split("\n")
    except OSError as error:
        page.problems.append(
            (origin.line, "snippet-unreadable", f"snippet '{name}' cannot be read: {error}")
        )
        return []
    if lines and lines[-1] == "":
        lines.pop()
    lines, first_number = _select(lines, parsed)
    source = _display(path, repo_root)
    nested = LineOrigin(origin.line, source, 0)
    return _expand(
        lines, base_paths, repo_root, page, nested, depth + 1, seen | {path}, first_number
    )


def _resolve(name: str, base_paths: list[Path]) -> Path | None:
    for base in base_paths:
        candidate = (base / name).resolve()
        if candidate.is_file() and candidate.is_relative_to(base.resolve()):
            return candidate
    return None


# Limitation: one range or one section per include; pymdownx's comma-separated lists of
# ranges (`file:1:3,7:9`) are read as the first range only.
def _select(lines: list[str], parsed: re.Match[str] | None) -> tuple[list[str], int]:
    """Line ranges (`file:3:7`) and sections (`file:name`), with the number of the first line
    kept."""
    if parsed is None:
        return lines, 1
    if parsed.group("section"):
        name = re.escape(parsed.group("section"))
        start = re.compile(rf"-{{1,}}8<-{{1,}}[ \t]+\[start:{name}\]", re.I)
        end = re.compile(rf"-{{1,}}8<-{{1,}}[ \t]+\[end:{name}\]", re.I)
        first = next((n for n, line in enumerate(lines) if start.search(line)), len(lines))
        last = next(
            (n for n, line in enumerate(lines) if n > first and end.search(line)), len(lines)
        )
        return lines[first + 1 : last], first + 2
    if parsed.group("start") is not None or parsed.group("end") is not None:
        first = max(int(parsed.group("start") or 1), 1)
        last = int(parsed.group("end") or len(lines))
        return lines[first - 1 : max(last, 0)], first
    return lines, 1


def _display(path: Path, repo_root: Path) -> str:
    try:
        return path.relative_to(repo_root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
