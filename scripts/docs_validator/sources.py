"""Finds the Markdown sources of the site and tells their language and twin."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

LANGUAGES = ("ko", "en")
DEFAULT_LANGUAGE = "ko"
# Byte order marks of encodings MkDocs cannot read (it reads every page as UTF-8); UTF-32
# first, since its little-endian mark starts with UTF-16's.
FOREIGN_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


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
    """The file as NFC text; undecodable bytes become U+FFFD instead of an exception. A file
    that cannot be read (or is not a regular file) raises OSError."""
    return read_page(path)[0]


def read_page(path: Path) -> tuple[str, tuple[int, str] | None]:
    """The file as `read_text` gives it, and why MkDocs could not read it as UTF-8:
    (line, message), or None when it can."""
    if not path.is_file():
        # A FIFO or a device named *.md would block the run or never end.
        raise OSError(f"{path}: not a regular file (a pipe, device or socket); skipped")
    raw = path.read_bytes()
    text = raw.decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text, encoding_problem(raw)


def encoding_problem(raw: bytes) -> tuple[int, str] | None:
    """Why these bytes are not a page MkDocs can build: (line, message), or None."""
    save_as = "MkDocs reads pages as UTF-8 and fails to build this one: save it as UTF-8"
    for bom, name in FOREIGN_BOMS:
        if raw.startswith(bom):
            return 1, f"the page is encoded as {name} (it starts with a byte order mark); {save_as}"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return (
            line,
            f"not valid UTF-8: byte 0x{raw[error.start]:02x} on line {line} "
            f"({_guess(raw)}); {save_as}",
        )
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        return (
            line,
            f"NUL byte on line {line} ({_guess(raw)}); MkDocs shows it as garbage: remove "
            "it, or save the page as UTF-8 if it was saved as UTF-16",
        )
    return None


def _guess(raw: bytes) -> str:
    sample = raw[:400]
    if sample.count(b"\x00") * 3 >= len(sample):
        return "it looks like UTF-16 without a byte order mark"
    return "perhaps Latin-1, CP949 or a damaged file"
