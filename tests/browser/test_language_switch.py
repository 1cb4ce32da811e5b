"""The language switcher leads from a page to its twin in the other language, under the site's
path, whether Material has fetched the other language's sitemap yet or not."""

from __future__ import annotations

import pytest
from browsing import Reader

# The home page, a nested page, and a page with a long path.
PAGES = ("index", "data/volumes", "troubleshooting/stopping-containers")
OTHER = {"ko": "en", "en": "ko"}


def switch_language(reader: Reader, to_lang: str) -> None:
    page = reader.page
    page.hover(".md-header__option .md-select")
    with page.expect_navigation():
        page.click(f".md-select__link[hreflang='{to_lang}']")


@pytest.mark.parametrize("key", PAGES)
@pytest.mark.parametrize("from_lang", ("ko", "en"))
def test_switching_language_lands_on_the_twin(reader: Reader, key: str, from_lang: str) -> None:
    to_lang = OTHER[from_lang]
    reader.open(key, from_lang)
    reader.page.wait_for_load_state("networkidle")  # Material has read both sitemaps

    switch_language(reader, to_lang)

    assert reader.page.url == reader.site.page_url(key, to_lang)
    assert reader.page.get_attribute("html", "lang") == to_lang
