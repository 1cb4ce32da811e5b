"""The contributor guide: CONTRIBUTING.md is the one source of the English page, whose
headings stay in step with it; the guide covers what a contributor needs, in both languages,
and every command it gives exists."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from docs_validator.cli import load_checks
from sitebuild import DOCS, REPO_ROOT, BuiltSite, html_path
from test_headings import headings

GUIDE = REPO_ROOT / "CONTRIBUTING.md"
ENGLISH_PAGE = DOCS / "contributing.en.md"
KOREAN_PAGE = DOCS / "contributing.ko.md"
INCLUDE = re.compile(r'^--8<-- "CONTRIBUTING\.md:(?P<section>[a-z0-9-]+)"$', re.M)
SECTION_START = re.compile(r"--8<-- \[start:(?P<section>[a-z0-9-]+)\]")
# What the guide must explain (heading ids): adding and editing pages in both languages, the
# conventions, and how to run every check locally.
REQUIRED_SECTIONS = (
    "add-or-edit-a-page", "where-pages-live", "heading-ids", "code-blocks", "placeholders",
    "include-files", "example-apps", "fixed-terms", "glossary", "translations", "checks",
    "pre-commit", "pull-requests", "self-hosting",
)  # fmt: skip
EXPLICIT_ID = re.compile(r"\s*\{\s*#[\w-]+\s*\}\s*$")


def guide_headings() -> list[tuple[str, str | None]]:
    return [
        (f"{marks} {EXPLICIT_ID.sub('', title)}", heading_id)
        for marks, title, heading_id in _raw(GUIDE.read_text(encoding="utf-8"))
    ]


def _raw(text: str) -> list[tuple[str, str, str | None]]:
    lines = text.splitlines()
    return [(lines[n - 1].split(" ", 1)[0], title, hid) for n, title, hid in headings(text)]


def test_the_english_page_has_the_guides_headings_in_order() -> None:
    page = [
        (f"{marks} {EXPLICIT_ID.sub('', title)}", heading_id)
        for marks, title, heading_id in _raw(ENGLISH_PAGE.read_text(encoding="utf-8"))
    ]
    assert page == guide_headings()


def test_the_english_page_includes_every_section_once_after_its_heading() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    sections = SECTION_START.findall(guide)
    page = ENGLISH_PAGE.read_text(encoding="utf-8")

    assert INCLUDE.findall(page) == sections
    assert sections == [heading_id for _, heading_id in guide_headings()]
    for section in sections:
        assert f"--8<-- [end:{section}]" in guide, f"section {section} is not closed"


def test_the_guide_covers_what_contributors_need() -> None:
    ids = {heading_id for _, heading_id in guide_headings()}
    assert set(REQUIRED_SECTIONS) <= ids
    korean = {heading_id for *_, heading_id in _raw(KOREAN_PAGE.read_text(encoding="utf-8"))}
    assert korean == ids


def test_the_guide_is_in_the_navigation_under_the_appendix() -> None:
    config = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    appendix = config.split("  - 부록:", 1)[1].split("\n\n", 1)[0]
    assert "- contributing.md" in appendix


def test_every_make_target_the_guide_names_exists() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"`make ([a-z-]+)`", guide))
    defined = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    assert targets, "the guide names no make target"
    assert targets - defined == set()


def test_every_validator_check_the_guide_names_exists() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    named = set(re.findall(r"scripts/validate\.py ([a-z]+)", guide))
    assert named == {"code", "links", "translations"}
    assert named <= set(load_checks())


def test_the_guide_pages_are_titled_in_their_own_language(built_site: BuiltSite) -> None:
    titles = {}
    for lang in ("ko", "en"):
        page = html_path(built_site.root, "contributing", lang).read_text(encoding="utf-8")
        titles[lang] = BeautifulSoup(page, "html.parser").title.get_text()
    assert titles["ko"].startswith("도커 스터디 노트에 기여하기")
    assert titles["en"].startswith("Contributing to Docker Study Notes")
