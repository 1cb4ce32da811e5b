"""Searching the way a reader does: type into Material's search box, read the results."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page

QUERIES = Path(__file__).resolve().parents[1] / "data" / "search_queries.json"
TOP = 3

# Material's result counter before the index is ready and while the box is empty, per language
# (partials/languages/*.html of Material: search.result.initializer, .placeholder).
IDLE_TEXTS = {
    "ko": ("검색 초기화", "검색어를 입력하세요"),
    "en": ("Initializing search", "Type to start searching"),
}


@dataclass(frozen=True)
class SearchCase:
    id: str
    lang: str
    query: str
    target: str  # page key, e.g. data/volumes


def search_cases(group: str) -> list[SearchCase]:
    data = json.loads(QUERIES.read_text(encoding="utf-8"))
    return [SearchCase(**case) for case in data[group]]


SEARCH_BOX = "input.md-search__input"
RESULT_META = ".md-search-result__meta"
RESULT_LINKS = ".md-search-result__item > a.md-search-result__link"


def type_query(page: Page, text: str) -> None:
    """Opens the search and puts `text` in the box. Material reads the box on keyup, so the
    value is followed by a key that types nothing."""
    box = page.locator(SEARCH_BOX)
    box.click()
    box.fill(text)
    box.press("End")


def result_pages(page: Page, query: str, lang: str) -> list[str]:
    """The pages of the results, best first (Material groups a page's sections under it), as
    URL paths."""
    meta = page.locator(RESULT_META)
    type_query(page, "")
    page.wait_for_function(
        "([el, idle]) => idle.includes(el.textContent.trim())",
        arg=[meta.element_handle(), list(IDLE_TEXTS[lang][1:])],
    )
    type_query(page, query)
    page.wait_for_function(
        "([el, idle]) => !idle.includes(el.textContent.trim())",
        arg=[meta.element_handle(), list(IDLE_TEXTS[lang])],
    )
    hrefs = page.locator(RESULT_LINKS).evaluate_all("els => els.map(a => a.href)")
    return list(dict.fromkeys(urlsplit(href).path for href in hrefs))  # pages, in order


def target_path(mount_path: str, case: SearchCase) -> str:
    prefix = "" if case.lang == "ko" else f"{case.lang}/"
    return f"{mount_path}{prefix}{case.target}/"
