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


def result_pages(page: Page, query: str, lang: str) -> list[str]:
    """The pages of the results, best first (Material groups a page's sections under it), as
    URL paths."""
    box = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    box.click()
    # Material reads the box on keyup, so each value is followed by a key that types nothing.
    box.fill("")
    box.press("End")
    page.wait_for_function(
        "([el, idle]) => idle.includes(el.textContent.trim())",
        arg=[meta.element_handle(), list(IDLE_TEXTS[lang][1:])],
    )
    box.fill(query)
    box.press("End")
    page.wait_for_function(
        "([el, idle]) => !idle.includes(el.textContent.trim())",
        arg=[meta.element_handle(), list(IDLE_TEXTS[lang])],
    )
    links = page.locator(".md-search-result__item > a.md-search-result__link")
    hrefs = links.evaluate_all("els => els.map(a => a.href)")
    return list(dict.fromkeys(urlsplit(href).path for href in hrefs))  # pages, in order


def target_path(mount_path: str, case: SearchCase) -> str:
    prefix = "" if case.lang == "ko" else f"{case.lang}/"
    return f"{mount_path}{prefix}{case.target}/"
