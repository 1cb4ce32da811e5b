"""Long pages lay out only what is near the screen (content-visibility in extra.css); a reader
must not notice: nothing jumps as the page appears, a link to a late section lands on it, and
a block laid out in isolation sits exactly where it would without."""

from __future__ import annotations

import pytest
from browsing import Reader
from bs4 import BeautifulSoup

# The longest pages: the most blocks are laid out late on them.
LONG_PAGES = ("contributing", "troubleshooting/common-errors", "cli/containers")
PHONE = {"width": 412, "height": 823}
# Lighthouse calls a page's layout stable below 0.1; ours stayed under 0.002.
MOST_SHIFT = 0.01

RECORD_SHIFTS = """
window.__shift = 0
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) window.__shift += entry.value
}).observe({ type: "layout-shift", buffered: true })
"""

BLOCKS = ".md-content__inner > *"
BLOCK_TOPS = f"""() => [...document.querySelectorAll("{BLOCKS}")]
  .map(block => Math.round(block.getBoundingClientRect().top + window.scrollY))"""
# The blocks the browser may lay out late: those extra.css gives content-visibility: auto.
LATE_BLOCKS = f"""[...document.querySelectorAll("{BLOCKS}, {BLOCKS} > pre")]
  .filter(block => getComputedStyle(block).contentVisibility === "auto")"""


def style_all_blocks(reader: Reader, css: str) -> None:
    reader.page.add_style_tag(content=f"{BLOCKS}, {BLOCKS} > pre {{ {css} }}")


@pytest.mark.parametrize("key", LONG_PAGES)
@pytest.mark.parametrize("lang", ("ko", "en"))
def test_a_long_page_does_not_jump_as_it_appears(reader: Reader, key: str, lang: str) -> None:
    reader.page.set_viewport_size(PHONE)
    reader.page.add_init_script(RECORD_SHIFTS)
    reader.open(key, lang)
    reader.page.wait_for_timeout(1000)

    assert reader.page.evaluate(f"() => {LATE_BLOCKS}.length") > 0  # the pages do use it
    assert reader.page.evaluate("window.__shift") < MOST_SHIFT


@pytest.mark.parametrize("key", LONG_PAGES)
def test_a_link_to_a_section_halfway_down_lands_on_it(reader: Reader, key: str) -> None:
    page_file = reader.site.root / key / "index.html"
    headings = BeautifulSoup(page_file.read_text(encoding="utf-8"), "html.parser").select(
        "article h2[id]"
    )
    # Halfway down: the last sections may be too close to the end to scroll to the top.
    late = headings[len(headings) // 2]["id"]
    reader.page.set_viewport_size(PHONE)
    reader.page.goto(f"{reader.site.page_url(key, 'ko')}#{late}", wait_until="load")
    reader.page.wait_for_timeout(500)

    top = reader.page.evaluate(f"document.getElementById('{late}').getBoundingClientRect().top")
    # Below the header (Material keeps a heading clear of it), at the top of the screen.
    assert 0 <= top < PHONE["height"] / 4, f"#{late} is at {top}px"


@pytest.mark.parametrize("key", LONG_PAGES)
def test_a_block_laid_out_on_its_own_sits_where_it_would_otherwise(
    reader: Reader, key: str
) -> None:
    """extra.css lists only blocks whose layout containment changes nothing (a contained
    block's inner margins no longer merge with its neighbours'). Every block, contained or not,
    is measured with all of them laid out, with and without containment."""
    for width in (PHONE["width"], 1280):
        reader.page.set_viewport_size({"width": width, "height": 900})
        reader.open(key, "ko")
        style_all_blocks(reader, "content-visibility: visible !important")
        plain = reader.page.evaluate(BLOCK_TOPS)

        reader.open(key, "ko")
        contained_css = "content-visibility: visible !important; contain: layout style paint"
        late = reader.page.evaluate(
            f"""() => {LATE_BLOCKS}.map(block => block.style.cssText = "{contained_css}").length"""
        )
        contained = reader.page.evaluate(BLOCK_TOPS)

        assert late > 0
        assert contained == plain, f"{key} at {width}px"
