"""What a reader does besides searching: copy a command, switch to dark mode, read pages
without the browser reaching beyond the site or logging an error."""

from __future__ import annotations

import pytest
from browsing import Reader
from playwright.sync_api import expect

# Pages with commands, in both languages.
COMMAND_PAGES = ("data/volumes", "concepts/containers")
PROMPTS = ("$ ", "> ", "# ")


def record_copies(reader: Reader) -> None:
    """Keeps what each copy puts on the clipboard: the text selected when the copy happens
    (clipboard.js copies through a selection), and navigator.clipboard's text if it is used."""
    reader.page.evaluate(
        """() => {
          window.__copied = []
          document.addEventListener("copy", () => {
            window.__copied.push(document.getSelection().toString())
          })
          const clipboard = navigator.clipboard
          if (clipboard) {
            const write = clipboard.writeText.bind(clipboard)
            clipboard.writeText = text => { window.__copied.push(text); return write(text) }
          }
        }"""
    )


@pytest.mark.parametrize("key", COMMAND_PAGES)
@pytest.mark.parametrize("lang", ("ko", "en"))
def test_every_code_block_has_a_copy_button_that_copies_the_command_alone(
    reader: Reader, key: str, lang: str
) -> None:
    reader.context.grant_permissions(["clipboard-read", "clipboard-write"])
    reader.open(key, lang)
    page = reader.page
    blocks = page.locator(".md-typeset pre > code:visible")
    assert blocks.count() > 0
    for block in blocks.all():  # Material sets a block up when it scrolls into view
        block.scroll_into_view_if_needed()
        expect(block.locator("xpath=..").locator("button[data-md-type='copy']")).to_have_count(1)

    record_copies(reader)
    # The first command the reader sees (a `.runnable` block; the other tabs' are hidden).
    bash_block = page.locator(".md-typeset div.runnable.highlight:visible pre").first
    expected = bash_block.locator("code").inner_text().rstrip()
    bash_block.scroll_into_view_if_needed()
    bash_block.hover()
    bash_block.locator("button.md-code__button[data-md-type='copy']").click()
    page.wait_for_function("() => window.__copied.length > 0")

    copied = page.evaluate("() => window.__copied.at(-1)")
    assert copied == expected
    assert not any(line.startswith(PROMPTS) for line in copied.splitlines())
    clipboard = page.evaluate("() => navigator.clipboard.readText()")
    assert clipboard == expected


def test_dark_mode_switches_the_colours(reader: Reader) -> None:
    reader.open("data/volumes", "ko")
    page = reader.page
    background = "() => getComputedStyle(document.body).backgroundColor"
    light = page.evaluate(background)
    assert page.get_attribute("body", "data-md-color-scheme") == "default"

    page.click("form[data-md-component='palette'] label:visible")

    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    assert page.evaluate(background) != light


@pytest.mark.parametrize("lang", ("ko", "en"))
def test_pages_load_from_the_site_alone_without_console_errors(reader: Reader, lang: str) -> None:
    """Each visit is watched (browsing.new_reader): nothing may leave 127.0.0.1, no console
    error may appear. Material fetches the sitemaps and the search index on every page."""
    for key in ("index", "data/volumes", "glossary", "registries/docker-hub"):
        reader.open(key, lang)
        reader.page.wait_for_load_state("networkidle")
    assert reader.outside == []


def test_a_missing_page_shows_the_404_page_in_both_languages(reader: Reader) -> None:
    response = reader.page.goto(reader.site.url + "no-such-page/")
    assert response is not None and response.status == 404
    assert reader.page.get_attribute("html", "lang") == "ko"
    english_link = reader.page.locator("article a[hreflang='en']")
    assert english_link.count() == 1

    reader.page.goto(reader.site.url + "en/404.html")
    assert reader.page.get_attribute("html", "lang") == "en"
    assert "Page not found" in reader.page.inner_text("article h1")
    # The browser logs the 404 status of the page itself; any other error still fails.
    reader.console_errors[:] = [text for text in reader.console_errors if "404" not in text]


def test_korean_text_uses_korean_fonts_and_breaks_between_words(reader: Reader) -> None:
    reader.open("data/volumes", "ko")
    style = reader.page.evaluate(
        """() => {
          const paragraph = getComputedStyle(document.querySelector("article p"))
          return { font: paragraph.fontFamily, wordBreak: paragraph.wordBreak }
        }"""
    )
    assert "Malgun Gothic" in style["font"] and "Noto Sans CJK KR" in style["font"]
    assert style["wordBreak"] == "keep-all"


def test_dialogs_have_names(reader: Reader) -> None:
    reader.open("index", "en")
    dialogs = reader.page.locator("[role='dialog']")
    assert dialogs.count() > 0
    for dialog in dialogs.all():
        assert (dialog.get_attribute("aria-label") or "").strip()
