"""Which pages run, and in which order: the navigation's, Korean before English."""

from __future__ import annotations

from pathlib import Path

import pytest
from snippet_runner.pages import UsageError, collect_pages, nav_order


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\n"
        "markdown_extensions:\n"
        "  - pymdownx.superfences:\n"
        "      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n"
        "nav:\n"
        "  - index.md\n"
        "  - 데이터:\n"
        "      - data/volumes.md\n"
        "      - data/bind-mounts.md\n",
        encoding="utf-8",
    )
    for name in ("index", "data/volumes", "data/bind-mounts", "extra/notes"):
        for lang in ("en", "ko"):
            page = tmp_path / "docs" / f"{name}.{lang}.md"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text("# Page { #page }\n", encoding="utf-8")
    return tmp_path


def names(pages: list[Path], root: Path) -> list[str]:
    return [page.relative_to(root / "docs").as_posix() for page in pages]


def test_nav_order_reads_mkdocs_yml_without_running_its_python_tags(site: Path) -> None:
    assert nav_order(site / "mkdocs.yml") == ["index.md", "data/volumes.md", "data/bind-mounts.md"]


def test_pages_come_in_reading_order_korean_first(site: Path) -> None:
    pages = collect_pages([site / "docs"], site / "docs", site / "mkdocs.yml", "all")

    assert names(pages, site) == [
        "index.ko.md",
        "index.en.md",
        "data/volumes.ko.md",
        "data/volumes.en.md",
        "data/bind-mounts.ko.md",
        "data/bind-mounts.en.md",
        "extra/notes.ko.md",
        "extra/notes.en.md",
    ]


def test_one_language_and_single_files(site: Path) -> None:
    docs = site / "docs"
    english = collect_pages([docs], docs, site / "mkdocs.yml", "en")
    single = collect_pages([docs / "data/volumes.ko.md"], docs, site / "mkdocs.yml", "all")

    assert names(english, site) == [
        "index.en.md",
        "data/volumes.en.md",
        "data/bind-mounts.en.md",
        "extra/notes.en.md",
    ]
    assert names(single, site) == ["data/volumes.ko.md"]


def test_a_path_that_is_no_page_is_a_usage_error(site: Path) -> None:
    with pytest.raises(UsageError, match="not a Markdown file or a folder"):
        collect_pages([site / "mkdocs.yml"], site / "docs", site / "mkdocs.yml", "all")
