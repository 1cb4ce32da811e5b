"""What every built page gives a reader and a search engine: its language's own search index,
a description, OpenGraph tags, glossary tooltips, a sitemap with absolute hreflang alternates,
and a 404 page per language."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from sitebuild import BuiltSite, html_path, markdown_pages, page_key

SITE_URL = "http://127.0.0.1:8000/"  # mkdocs.yml's; the build of these tests uses it
LANGS = ("ko", "en")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
OG_PROPERTIES = ("og:type", "og:title", "og:description", "og:url", "og:locale", "og:site_name")


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page_url(key: str, lang: str) -> str:
    return SITE_URL + ("" if lang == "ko" else f"{lang}/") + ("" if key == "index" else f"{key}/")


def every_page() -> list[tuple[str, str]]:
    return [(page_key(page), lang) for lang in LANGS for page in markdown_pages(lang)]


def excluded_from_search(page: Path) -> bool:
    """Front matter `search: exclude: true` keeps a page out of the index."""
    text = page.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return False
    front_matter = yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---")) or {}
    return bool((front_matter.get("search") or {}).get("exclude"))


def language_root(site: BuiltSite, lang: str) -> Path:
    return site.root if lang == "ko" else site.root / lang


def search_index(site: BuiltSite, lang: str) -> dict:
    """The full index of a language, the one our search worker fetches."""
    full = language_root(site, lang) / "search" / "search_index.full.json"
    return json.loads(full.read_text(encoding="utf-8"))


def page_config(site: BuiltSite, key: str, lang: str) -> dict:
    config = soup_of(html_path(site.root, key, lang)).find("script", id="__config")
    return json.loads(config.string)


def test_each_language_has_its_own_search_index(built_site: BuiltSite) -> None:
    for lang in LANGS:
        index = search_index(built_site, lang)
        assert index["config"]["lang"] == [lang]
        pages = {doc["location"].split("#")[0] for doc in index["docs"]}
        searchable = [page for page in markdown_pages(lang) if not excluded_from_search(page)]
        assert len(pages) == len(searchable)
        for location in pages:
            built = html_path(built_site.root, location.strip("/") or "index", lang)
            assert built.is_file(), f"{lang} index points at {location}, which is not a page"
            assert soup_of(built).html["lang"] == lang


def test_the_index_a_page_loads_holds_the_settings_and_the_address_of_the_entries(
    built_site: BuiltSite,
) -> None:
    for lang in LANGS:
        small = json.loads(
            (language_root(built_site, lang) / "search" / "search_index.json").read_text("utf-8")
        )
        full = search_index(built_site, lang)
        assert small["docs"] == []
        address = small["config"].pop("full_index")
        assert small["config"] == full["config"]
        assert (built_site.root / address).resolve() == (
            language_root(built_site, lang) / "search" / "search_index.full.json"
        ).resolve()
        assert len(full["docs"]) > 40


def test_each_page_searches_its_own_language_through_our_worker(built_site: BuiltSite) -> None:
    for key, lang in every_page():
        url = page_url(key, lang)
        config = page_config(built_site, key, lang)
        assert urljoin(url, config["base"]) == page_url("index", lang), (key, lang)
        worker = urlsplit(urljoin(url, config["search"])).path
        assert worker == "/assets/javascripts/workers/reader-search.js"
    workers = built_site.root / "assets" / "javascripts" / "workers"
    assert {"reader-search.js", "search-terms.js", "search-rules.js"} <= {
        path.name for path in workers.iterdir()
    }


def test_korean_entries_carry_the_extra_words_for_spellings_and_english_terms(
    built_site: BuiltSite,
) -> None:
    entries = search_index(built_site, "ko")["docs"]
    keys = " ".join(entry.get("keys", "") + " " + entry.get("title_keys", "") for entry in entries)
    assert {"volume", "bind", "mount", "container", "image"} <= set(keys.split())


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_a_description_and_opengraph_tags(built_site: BuiltSite, lang: str) -> None:
    for page in markdown_pages(lang):
        key = page_key(page)
        html = soup_of(html_path(built_site.root, key, lang))
        description = html.find("meta", attrs={"name": "description"})
        assert description and description["content"].strip(), (key, lang)
        properties = {
            meta["property"]: meta["content"] for meta in html.find_all("meta", property=True)
        }
        missing = [name for name in OG_PROPERTIES if not properties.get(name)]
        assert missing == [], (key, lang)
        assert properties["og:url"] == page_url(key, lang)
        assert properties["og:description"] == description["content"]


def test_a_description_comes_from_the_front_matter_or_the_first_paragraph(
    built_site: BuiltSite,
) -> None:
    for key, lang in every_page():
        source = next(page for page in markdown_pages(lang) if page_key(page) == key)
        text = source.read_text(encoding="utf-8")
        html = soup_of(html_path(built_site.root, key, lang))
        description = html.find("meta", attrs={"name": "description"})["content"]
        if text.startswith("---") and "\ndescription:" in text.split("\n---", 1)[0]:
            continue  # the front matter's own words
        first = html.select_one("article p:not([class])")
        if first is None:
            continue
        start = " ".join(first.get_text().split())[:40]
        assert description.startswith(start), (key, lang, description, start)


def test_every_page_but_the_glossary_has_glossary_tooltips(built_site: BuiltSite) -> None:
    without = [
        (key, lang)
        for key, lang in every_page()
        if key != "glossary"
        and not soup_of(html_path(built_site.root, key, lang)).select("article abbr[title]")
    ]
    assert without == []


def test_the_sitemap_lists_every_page_with_absolute_hreflang_alternates(
    built_site: BuiltSite,
) -> None:
    root = ElementTree.parse(built_site.root / "sitemap.xml").getroot()
    listed = {}
    for url in root.iter(f"{SITEMAP}url"):
        alternates = {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
        listed[url.findtext(f"{SITEMAP}loc")] = alternates
    for key, lang in every_page():
        alternates = listed.get(page_url(key, lang))
        assert alternates == {other: page_url(key, other) for other in LANGS}, (key, lang)


def test_the_404_page_exists_in_both_languages(built_site: BuiltSite) -> None:
    for folder, lang in ((built_site.root, "ko"), (built_site.root / "en", "en")):
        html = soup_of(folder / "404.html")
        assert html.html["lang"] == lang
        assert html.select_one("article h1").get_text().startswith("404")
        other = "en" if lang == "ko" else "ko"
        assert html.select_one(f"article a[hreflang='{other}']") is not None
