"""On the real site: every page has its last-updated date, an edit link to its own source
file, and a translation notice exactly where `validate.py translations` says outdated."""

from __future__ import annotations

import re

import yaml
from bs4 import BeautifulSoup
from docs_validator.translation_status import Status, translation_statuses
from sitebuild import DOCS, REPO_ROOT, BuiltSite, html_path, markdown_pages, page_key

LANGS = ("ko", "en")
# What the last-updated line may say: a date from git, or plainly why there is none.
HONEST_DATE_TEXT = re.compile(
    r"\d{4}-\d{2}-\d{2}|git 기록이 없어|no git history|얕은 클론|shallow clone"
)


class _IgnoreTags(yaml.SafeLoader):
    """Reads mkdocs.yml without running its !!python tags."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def soup_of(built_site: BuiltSite, key: str, lang: str) -> BeautifulSoup:
    return BeautifulSoup(
        html_path(built_site.root, key, lang).read_text(encoding="utf-8"), "html.parser"
    )


def test_every_page_shows_when_it_last_changed(built_site: BuiltSite) -> None:
    missing = []
    for lang in LANGS:
        for page in markdown_pages(lang):
            aside = soup_of(built_site, page_key(page), lang).select_one("aside.md-source-file")
            text = aside.get_text(" ") if aside else ""
            if not HONEST_DATE_TEXT.search(text):
                missing.append((page_key(page), lang, text.strip()))
    assert missing == []


def test_every_edit_link_opens_the_source_of_the_language_read(built_site: BuiltSite) -> None:
    config = yaml.load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    base = f"{config['repo_url'].rstrip('/')}/{config['edit_uri'].strip('/')}"
    wrong = []
    for lang in LANGS:
        for page in markdown_pages(lang):
            link = soup_of(built_site, page_key(page), lang).select_one('a[rel="edit"]')
            expected = f"{base}/{page.relative_to(DOCS).as_posix()}"
            if link is None or link["href"] != expected:
                wrong.append((page_key(page), lang, link and link["href"]))
    assert wrong == []


def test_notices_appear_exactly_where_the_check_finds_outdated_pages(
    built_site: BuiltSite,
) -> None:
    expected, found = set(), set()
    for pair in translation_statuses(REPO_ROOT, DOCS):
        if pair.status is Status.OUTDATED:
            expected.add((pair.key.removesuffix(".md"), pair.translation.lang))
    for lang in LANGS:
        for page in markdown_pages(lang):
            if soup_of(built_site, page_key(page), lang).select_one(".translation-notice"):
                found.add((page_key(page), lang))
    assert found == expected


def test_the_theme_puts_the_notice_above_every_page() -> None:
    main = (REPO_ROOT / "overrides" / "main.html").read_text(encoding="utf-8")
    block = re.search(r"{%\s*block content\s*%}(.*?){%\s*endblock\s*%}", main, re.S)
    assert block, "overrides/main.html has no content block"
    assert '{% include "partials/translation-notice.html" %}' in block.group(1)
    assert "super()" in block.group(1)
