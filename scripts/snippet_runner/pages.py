"""The pages to run, in the order a reader meets them: the site's navigation, Korean page
first, then its English twin; pages outside the navigation last, by path."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

# Language suffixes of the pages, the default language first (mkdocs-static-i18n).
LANGUAGES = ("ko", "en")
RE_LANGUAGE = re.compile(r"\.(?P<lang>[a-z]{2})\.md$")


class UsageError(Exception):
    """A path given on the command line is not a Markdown page or folder."""


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running its Python tags (`!!python/name:…`)."""


def _ignore_tag(loader: yaml.SafeLoader, _suffix: str, node: yaml.Node) -> None:
    return None


_LenientLoader.add_multi_constructor("", _ignore_tag)


def nav_order(mkdocs_file: Path) -> list[str]:
    """The `nav:` entries of mkdocs.yml (paths like `data/volumes.md`), in order."""
    if not mkdocs_file.is_file():
        return []
    config = yaml.load(mkdocs_file.read_text(encoding="utf-8"), Loader=_LenientLoader)
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str) and node.endswith(".md"):
            found.append(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)

    walk((config or {}).get("nav", []))
    return found


def collect_pages(paths: list[Path], docs_dir: Path, mkdocs_file: Path, lang: str) -> list[Path]:
    """The Markdown pages under `paths`, in reading order, of one language or all."""
    files: set[Path] = set()
    for path in paths:
        if path.is_dir():
            files.update(path.rglob("*.md"))
        elif path.is_file() and path.suffix == ".md":
            files.add(path)
        else:
            raise UsageError(f"{path}: not a Markdown file or a folder")
    if lang != "all":
        files = {file for file in files if _language(file) == lang}

    nav = {entry: index for index, entry in enumerate(nav_order(mkdocs_file))}

    def key(file: Path) -> tuple[int, int, str]:
        resolved = file.resolve()
        language = _language(file)
        try:
            relative = resolved.relative_to(docs_dir.resolve()).as_posix()
        except ValueError:
            relative = resolved.as_posix()
        base = RE_LANGUAGE.sub(".md", relative)
        position = nav.get(base, len(nav))
        rank = LANGUAGES.index(language) if language in LANGUAGES else len(LANGUAGES)
        return position, rank, relative

    return sorted(files, key=key)


def _language(file: Path) -> str:
    match = RE_LANGUAGE.search(file.name)
    return match.group("lang") if match else ""
