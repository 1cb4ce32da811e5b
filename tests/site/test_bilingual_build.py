"""The site builds strictly in both languages, with the same pages and correct language marks."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlparse

from bs4 import BeautifulSoup
from sitebuild import REPO_ROOT, BuiltSite, html_path, markdown_pages, page_key

LANGS = ("ko", "en")


def soup_of(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_strict_build_has_no_warnings(built_site: BuiltSite) -> None:
    warnings = [line for line in built_site.log.splitlines() if "WARNING" in line]
    assert warnings == []


def test_same_pages_exist_in_both_languages() -> None:
    korean = {page_key(p) for p in markdown_pages("ko")}
    english = {page_key(p) for p in markdown_pages("en")}
    assert korean, "no Korean pages found"
    assert korean == english, f"only Korean: {korean - english}; only English: {english - korean}"


def test_every_page_is_built_in_both_languages(built_site: BuiltSite) -> None:
    missing = [
        str(html_path(built_site.root, page_key(page), lang))
        for lang in LANGS
        for page in markdown_pages(lang)
        if not html_path(built_site.root, page_key(page), lang).is_file()
    ]
    assert missing == []


def test_html_lang_matches_the_page_language(built_site: BuiltSite) -> None:
    wrong = []
    for lang in LANGS:
        for page in markdown_pages(lang):
            html = soup_of(html_path(built_site.root, page_key(page), lang))
            if html.html.get("lang") != lang:
                wrong.append((page_key(page), lang, html.html.get("lang")))
    assert wrong == []


def test_every_page_is_in_the_navigation() -> None:
    config = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\s*-\s+(?:[^:\n]+:\s+)?([\w./-]+)\.md\s*$", config, re.M))
    pages = {page_key(p) for p in markdown_pages("ko")}
    assert pages - listed == set(), "pages missing from nav"
    assert listed - pages == set(), "nav entries without a page"


def test_language_switcher_leads_to_the_twin(built_site: BuiltSite) -> None:
    site_prefix = "/"
    problems = []
    for lang in LANGS:
        for page in markdown_pages(lang):
            key = page_key(page)
            built = html_path(built_site.root, key, lang)
            page_url = (
                "http://127.0.0.1:8000"
                + site_prefix
                + (("" if lang == "ko" else "en/") + ("" if key == "index" else f"{key}/"))
            )
            links = soup_of(built).select("a.md-select__link[hreflang]")
            targets = {a["hreflang"]: urljoin(page_url, a["href"]) for a in links}
            for target_lang in LANGS:
                expected = (
                    "http://127.0.0.1:8000"
                    + site_prefix
                    + (
                        ("" if target_lang == "ko" else "en/")
                        + ("" if key == "index" else f"{key}/")
                    )
                )
                if targets.get(target_lang) != expected:
                    problems.append((key, lang, target_lang, targets.get(target_lang)))
                    continue
                relative = urlparse(expected).path.removeprefix(site_prefix)
                target_file = built_site.root / relative / "index.html"
                if soup_of(target_file).html.get("lang") != target_lang:
                    problems.append((key, lang, target_lang, "wrong lang on target"))
    assert problems == []
