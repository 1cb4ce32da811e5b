"""Whether each Korean page and its English twin are in step: from git history (which side
changed last), and from structure (heading ids, number of code blocks) when history is silent
or the two pages disagree in shape.

The translations check reports these statuses and the site's hooks show them to readers, from
this one module. It needs only what the site build needs (Markdown, pymdownx, PyYAML).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import yaml
from pymdownx.slugs import slugify

from .find_blocks import BlockKind, CodeBlock, scan_markdown
from .git_history import ChangeDate, DatePrecision, GitHistory, latest, load_history
from .snippets import expand_snippets, snippet_base_paths
from .sources import DEFAULT_LANGUAGE, LANGUAGES, language_of, page_key, read_text

# Front matter key by which a page pair names the language it was written in, when that is not
# Korean (the contributor guide is written in English, in CONTRIBUTING.md, and translated).
SOURCE_LANGUAGE_KEY = "translation_source"
LANGUAGE_NAMES = {"ko": "Korean", "en": "English"}

# ATX headings as Python-Markdown reads them: hashes at the very start of the line.
# Limitation: headings inside admonitions or tabs, and setext (underlined) headings, are not
# read; the site's conventions use neither.
RE_HEADING = re.compile(r"^(#{1,6})(?!#)[ \t]*(?P<text>.*?)[ \t#]*$")
RE_TRAILING_ATTRS = re.compile(r"\s*\{:?\s*(?P<attrs>[^}]*)\}\s*$")
RE_ATTR_ID = re.compile(r"(?:^|\s)#(?P<id>[^\s}]+)")
SLUGIFY = slugify(case="lower")  # the slugify mkdocs.yml gives `toc`


class Status(str, Enum):
    """Where a page pair stands."""

    OK = "ok"
    OUTDATED = "outdated"
    MISSING = "missing"


class Verdict(str, Enum):
    """What history says about a translation."""

    CURRENT = "current"
    BEHIND = "behind"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class PageStructure:
    """What two translations of one page share: heading ids in order, and code blocks."""

    heading_ids: tuple[str, ...]
    code_blocks: int


@dataclass
class PageFacts:
    """One language of a page: its file, what it includes, its shape and its last change."""

    lang: str
    path: Path
    exists: bool
    structure: PageStructure = PageStructure((), 0)
    includes: list[Path] = field(default_factory=list)
    changed: ChangeDate = field(default_factory=lambda: ChangeDate(None, DatePrecision.UNKNOWN))
    checked: ChangeDate = field(  # the last change, or a later Translation-checked trailer
        default_factory=lambda: ChangeDate(None, DatePrecision.UNKNOWN)
    )
    source_language: str | None = None


@dataclass
class PairStatus:
    """A Korean page and its English twin, and where they stand."""

    key: str  # `data/volumes.md`
    ko: PageFacts
    en: PageFacts
    source: str  # the language the page is written in; the other one follows it
    status: Status
    reasons: list[str] = field(default_factory=list)
    basis: str = "git"  # "git" when history decided, "structure" when only shape could

    @property
    def translation(self) -> PageFacts:
        """The side that follows the other (English, for every page but the guide)."""
        return self.en if self.source == "ko" else self.ko

    @property
    def original(self) -> PageFacts:
        return self.ko if self.source == "ko" else self.en

    def facts(self, lang: str) -> PageFacts:
        return self.ko if lang == "ko" else self.en


def page_facts(
    path: Path, lang: str, repo_root: Path, history: GitHistory, base_paths: list[Path]
) -> PageFacts:
    """Read one page: its shape after snippet includes, and when it or an include changed."""
    if not path.is_file():
        return PageFacts(lang, path, exists=False)
    text = read_text(path)
    expanded = expand_snippets(text, base_paths, repo_root)
    includes = sorted({repo_root / o.source for o in expanded.origins if o.source})
    files = [path, *includes]
    return PageFacts(
        lang,
        path,
        exists=True,
        structure=page_structure(expanded.text),
        includes=includes,
        changed=latest([history.last_change(f) for f in files]),
        checked=latest([history.last_change(f, with_checks=True) for f in files]),
        source_language=declared_source(text),
    )


def page_structure(text: str) -> PageStructure:
    """Heading ids (explicit `{ #id }` or the toc slug) and the number of code blocks."""
    lines = text.split("\n")
    blocks = scan_markdown(text).blocks
    hidden = _front_matter_lines(lines) | _code_lines(blocks)
    ids: list[str] = []
    for number, line in enumerate(lines, start=1):
        if number in hidden:
            continue
        match = RE_HEADING.match(line)
        if match and match.group("text"):
            ids.append(heading_id(match.group("text")))
    return PageStructure(tuple(ids), len(blocks))


def heading_id(text: str) -> str:
    attrs = RE_TRAILING_ATTRS.search(text)
    if attrs:
        explicit = RE_ATTR_ID.search(attrs.group("attrs"))
        if explicit:
            return explicit.group("id")
        text = text[: attrs.start()]
    return SLUGIFY(text.strip(), "-")


def _code_lines(blocks: list[CodeBlock]) -> set[int]:
    hidden: set[int] = set()
    for block in blocks:
        last = block.first_line + len(block.lines)  # the closing fence
        if block.kind is BlockKind.INDENTED:
            last -= 1
        hidden.update(range(block.fence_line, last + 1))
    return hidden


def _front_matter_lines(lines: list[str]) -> set[int]:
    if not lines or lines[0].strip() != "---":
        return set()
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return set(range(1, index + 2))
    return set()


def declared_source(text: str) -> str | None:
    """The `translation_source:` of the page's front matter, if it names a language."""
    lines = text.split("\n")
    hidden = _front_matter_lines(lines)
    if not hidden:
        return None
    try:
        meta = yaml.safe_load("\n".join(lines[1 : len(hidden) - 1]))
    except yaml.YAMLError:
        return None
    value = meta.get(SOURCE_LANGUAGE_KEY) if isinstance(meta, dict) else None
    return value if value in LANGUAGES else None


def compare_history(original: ChangeDate, translation: ChangeDate) -> Verdict:
    """Did the original change after the translation was last updated?"""
    pending = DatePrecision.PENDING
    if not original.known or not translation.known:
        return Verdict.UNKNOWN
    if original.precision is pending or translation.precision is pending:
        # Work in progress: both pending means changed together, like one commit.
        behind = original.precision is pending and translation.precision is not pending
        return Verdict.BEHIND if behind else Verdict.CURRENT
    exact, at_most = DatePrecision.EXACT, DatePrecision.AT_MOST
    if original.precision is at_most and translation.precision is at_most:
        return Verdict.UNKNOWN  # both changed somewhere before the shallow clone's boundary
    if original.precision is exact and translation.precision is at_most:
        return Verdict.BEHIND  # exact commits come after the boundary
    if original.precision is at_most and translation.precision is exact:
        return Verdict.CURRENT
    assert original.timestamp is not None and translation.timestamp is not None
    return Verdict.BEHIND if original.timestamp > translation.timestamp else Verdict.CURRENT


def compare_structure(original: PageFacts, translation: PageFacts) -> list[str]:
    """What differs in shape, said from the translation's side; [] when the shapes match."""
    problems: list[str] = []
    ids_a, ids_b = original.structure.heading_ids, translation.structure.heading_ids
    if ids_a != ids_b:
        missing = [i for i in ids_a if i not in ids_b]
        extra = [i for i in ids_b if i not in ids_a]
        detail = "; ".join(
            part
            for part in (
                f"missing here: {', '.join(missing)}" if missing else "",
                f"not in the original: {', '.join(extra)}" if extra else "",
                "same ids in another order" if not missing and not extra else "",
            )
            if part
        )
        problems.append(f"heading ids differ ({detail})")
    blocks_a, blocks_b = original.structure.code_blocks, translation.structure.code_blocks
    if blocks_a != blocks_b:
        problems.append(f"{blocks_b} code blocks here, {blocks_a} in the original")
    return problems


def pair_status(key: str, ko: PageFacts, en: PageFacts) -> PairStatus:
    """Decide one pair: missing, outdated (by history or by shape) or ok."""
    source = ko.source_language or en.source_language or DEFAULT_LANGUAGE
    pair = PairStatus(key, ko, en, source, Status.OK)
    if not ko.exists or not en.exists:
        absent = ko if not ko.exists else en
        pair.status = Status.MISSING
        pair.reasons.append(f"no {LANGUAGE_NAMES[absent.lang]} page {absent.path.name}")
        return pair

    original, translation = pair.original, pair.translation
    verdict = compare_history(original.changed, translation.checked)
    pair.basis = "structure" if verdict is Verdict.UNKNOWN else "git"
    if verdict is Verdict.BEHIND:
        pair.reasons.append(
            f"the {LANGUAGE_NAMES[original.lang]} page changed "
            f"({describe(original.changed)}) after the "
            f"{LANGUAGE_NAMES[translation.lang]} page was last updated "
            f"({describe(translation.checked)})"
        )
    pair.reasons.extend(compare_structure(original, translation))
    if pair.reasons:
        pair.status = Status.OUTDATED
    return pair


def describe(date: ChangeDate) -> str:
    """`2026-12-04, commit 1a2b3c4` / `uncommitted, 2026-12-04` / `on or before 2026-12-04`."""
    day = date.day() or "unknown date"
    if date.precision is DatePrecision.PENDING:
        return f"uncommitted changes, {day}"
    if date.precision is DatePrecision.AT_MOST:
        return f"on or before {day}"
    if date.precision is DatePrecision.EXACT:
        return f"{day}, commit {date.commit[:7]}"
    return "no history"


def find_pairs(docs_dir: Path) -> dict[str, dict[str, Path]]:
    """Every page key with the path of each language (existing or not), sorted by key."""
    pairs: dict[str, dict[str, Path]] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        key = page_key(path, docs_dir)
        stem = key.removesuffix(".md")
        paths = pairs.setdefault(key, {lang: docs_dir / f"{stem}.{lang}.md" for lang in LANGUAGES})
        paths[language_of(path)] = path
    return dict(sorted(pairs.items()))


def translation_statuses(
    repo_root: Path,
    docs_dir: Path,
    history: GitHistory | None = None,
    only: list[Path] | None = None,
) -> list[PairStatus]:
    """The status of every page pair under docs_dir (or of the pairs of `only`'s files),
    from one read of git history."""
    history = history if history is not None else load_history(repo_root)
    base_paths = snippet_base_paths(repo_root)
    wanted = None if only is None else {path.resolve() for path in only}
    statuses: list[PairStatus] = []
    for key, paths in find_pairs(docs_dir).items():
        if wanted is not None and not {p.resolve() for p in paths.values()} & wanted:
            continue
        ko = page_facts(paths["ko"], "ko", repo_root, history, base_paths)
        en = page_facts(paths["en"], "en", repo_root, history, base_paths)
        statuses.append(pair_status(key, ko, en))
    return statuses
