"""What the built site holds, per language, worked out from docs/ without building it: pages
(`x.ko.md`, `x.en.md`), the files copied as they are, and the URL each page is served at."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .anchors import anchor_ids
from .sources import DEFAULT_LANGUAGE, LANGUAGES, read_text

LANGUAGE_NAMES = {"ko": "Korean", "en": "English"}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def split_language(relative: str) -> tuple[str, str | None]:
    """`data/volumes.en.md` → (`data/volumes.md`, "en"); an unsuffixed page → (key, None)."""
    for lang in LANGUAGES:
        if relative.endswith(f".{lang}.md"):
            return relative[: -len(f".{lang}.md")] + ".md", lang
    return relative, None


def served_dir(page_key: str, lang: str) -> str:
    """The URL folder a page is served at, from the site root, with use_directory_urls:
    `data/volumes.md` → `data/volumes/`, `index.md` → ``, English under `en/`."""
    # Limitation: assumes MkDocs' default use_directory_urls: true and i18n's suffix structure
    # with the default language at the root, as mkdocs.yml has them; mkdocs.yml is not read.
    stem = page_key[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        base = stem[: -len("index")]
    else:
        base = stem + "/"
    return base if lang == DEFAULT_LANGUAGE else f"{lang}/{base}"


@dataclass
class SitePages:
    """The pages and files of one docs/ folder."""

    docs_dir: Path
    pages: dict[tuple[str, str | None], Path] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)
    folders: set[str] = field(default_factory=set)
    _ids: dict[Path, set[str]] = field(default_factory=dict)

    @classmethod
    def scan(cls, docs_dir: Path) -> SitePages:
        site = cls(docs_dir)
        for path in docs_dir.rglob("*"):
            relative = nfc(path.relative_to(docs_dir).as_posix())
            if path.is_dir():
                site.folders.add(relative)
            elif relative.endswith(".md"):
                key, lang = split_language(relative)
                site.pages[(key, lang)] = path
            else:
                site.files.add(relative)
        return site

    def page(self, key: str, lang: str) -> tuple[Path | None, bool]:
        """The file that the `lang` build shows for `key`, and whether it is the fallback
        in the default language (mkdocs-static-i18n, fallback_to_default: true)."""
        for candidate in ((key, lang), (key, None)):
            if candidate in self.pages:
                return self.pages[candidate], False
        fallback = self.pages.get((key, DEFAULT_LANGUAGE))
        return fallback, fallback is not None

    def ids_of(self, path: Path) -> set[str]:
        if path not in self._ids:
            self._ids[path] = anchor_ids(read_text(path))
        return self._ids[path]

    def page_for_url(self, site_path: str) -> tuple[str, str | None, bool]:
        """A served path (no leading `/`, decoded) → (language, page key or None, is a file).
        Only the default language's build gets the non-Markdown files."""
        lang = DEFAULT_LANGUAGE
        for other in LANGUAGES:
            if other != DEFAULT_LANGUAGE and (site_path + "/").startswith(f"{other}/"):
                lang, site_path = other, site_path[len(other) + 1 :]
        if site_path.endswith("index.html"):
            site_path = site_path[: -len("index.html")]
        folder = site_path.rstrip("/")
        for key in (f"{folder}/index.md" if folder else "index.md", f"{folder}.md"):
            if any((key, candidate) in self.pages for candidate in (*LANGUAGES, None)):
                return lang, key, False
        is_file = lang == DEFAULT_LANGUAGE and site_path in self.files
        return lang, None, is_file
