"""Finds the Markdown sources of the site and tells their language and twin."""

from __future__ import annotations

import unicodedata
from pathlib import Path

LANGUAGES = ("ko", "en")
DEFAULT_LANGUAGE = "ko"


class UsageError(Exception):
    """Bad arguments or configuration: the tool exits with status 2."""


def language_of(path: Path) -> str:
    """The language of a page from its suffix (`page.en.md`); unsuffixed pages are Korean."""
    suffixes = path.name.split(".")
    if len(suffixes) >= 3 and suffixes[-2] in LANGUAGES:
        return suffixes[-2]
    return DEFAULT_LANGUAGE


def twin_of(path: Path) -> Path:
    """The same page in the other language (it may not exist)."""
    lang = language_of(path)
    other = "en" if lang == "ko" else "ko"
    stem = path.name[: -len(f".{lang}.md")] if path.name.endswith(f".{lang}.md") else path.stem
    return path.with_name(f"{stem}.{other}.md")


def page_key(path: Path, docs_dir: Path) -> str:
    """The page's path without language suffix, relative to docs/ (`data/volumes.md`)."""
    relative = path.relative_to(docs_dir).as_posix()
    for lang in LANGUAGES:
        if relative.endswith(f".{lang}.md"):
            return relative[: -len(f".{lang}.md")] + ".md"
    return relative


def collect_markdown(paths: list[Path]) -> list[Path]:
    """Every Markdown file under the given files and folders, sorted, each once."""
    found: set[Path] = set()
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
        if path.is_dir():
            found.update(p for p in path.rglob("*.md") if p.is_file())
        elif path.suffix == ".md":
            found.add(path)
        else:
            raise UsageError(f"{path}: not a Markdown file (.md)")
    return sorted(found)


def read_text(path: Path) -> str:
    """The file as NFC text; undecodable bytes become U+FFFD instead of an exception."""
    raw = path.read_bytes()
    text = raw.decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
