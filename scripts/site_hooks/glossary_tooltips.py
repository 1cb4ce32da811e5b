"""Hook: a tooltip (`<abbr title>`) on the first use of each glossary term on every page.

The terms and their one-sentence definitions come from the glossary page of the page's own
language (glossary_terms.py). Python-Markdown's `abbr` would mark every use and only whole
words, but Korean glues particles to a term (`볼륨을`), so this hook adds a tree processor of
its own: the first use per page, a Korean term followed by anything, a Latin term only as a
whole word, never inside headings, links, code or an existing `<abbr>`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from pathlib import Path

from glossary_terms import GlossaryTerm, read_glossary
from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from site_language import file_language

# Where a term is not marked: its own definition, and text that is not running prose.
SKIPPED_TAGS = {"a", "abbr", "code", "pre", "kbd", "script", "style", "label"}
SKIPPED_TAGS |= {f"h{level}" for level in range(1, 7)}
GLOSSARY_PAGE = "glossary"

# After Python-Markdown's inline processing (priority 20) and its own abbr (7), so code is
# already atomic text and links are elements.
TREEPROCESSOR_PRIORITY = 6

# Letters that may not touch a term on the left, and may not follow a Latin one on the right.
WORD_BEFORE = r"(?<![0-9A-Za-z가-힣_])"
LATIN_AFTER = r"(?![0-9A-Za-z_])"


def term_pattern(terms: list[GlossaryTerm]) -> re.Pattern[str] | None:
    """One pattern for all terms, longest first, so `베이스 이미지` wins over `이미지`."""
    alternatives = []
    for term in sorted(terms, key=lambda item: len(item.term), reverse=True):
        ending = LATIN_AFTER if re.search(r"[0-9A-Za-z]$", term.term) else ""
        alternatives.append(f"{re.escape(term.term)}{ending}")
    if not alternatives:
        return None
    return re.compile(f"{WORD_BEFORE}(?:{'|'.join(alternatives)})", re.IGNORECASE)


class FirstUseTooltips(Treeprocessor):
    """Wraps the first use of each term in `<abbr title="definition">`."""

    def __init__(self, md: Markdown, terms: list[GlossaryTerm]) -> None:
        super().__init__(md)
        self.definitions = {term.term.lower(): term.definition for term in terms}
        self.pattern = term_pattern(terms)
        self.used: set[str] = set()

    def run(self, root: etree.Element) -> None:
        if self.pattern is not None:
            self.visit(root)

    def visit(self, element: etree.Element) -> None:
        if element.tag in SKIPPED_TAGS:
            return
        element.text = self.mark(element.text, element, 0)
        for child in list(element):
            self.visit(child)
            position = list(element).index(child) + 1
            child.tail = self.mark(child.tail, element, position)

    def mark(self, text: str | None, parent: etree.Element, position: int) -> str | None:
        """Marks each first use of a term in `text`, which sits in `parent` before the child at
        `position`; returns the part of `text` before the first mark."""
        if not text or isinstance(text, AtomicString):
            return text
        for match in self.pattern.finditer(text):
            key = match.group(0).lower()
            if key in self.used:
                continue
            self.used.add(key)
            abbr = etree.Element("abbr", {"title": self.definitions[key]})
            abbr.text = AtomicString(match.group(0))
            parent.insert(position, abbr)
            abbr.tail = self.mark(text[match.end() :], parent, position + 1)
            return text[: match.start()]
        return text


class GlossaryTooltips(Extension):
    def __init__(self, terms: list[GlossaryTerm]) -> None:
        super().__init__()
        self.terms = terms

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        processor = FirstUseTooltips(md, self.terms)
        md.treeprocessors.register(processor, "glossary_tooltips", TREEPROCESSOR_PRIORITY)


class PageTerms:
    """The terms for the page being rendered: MkDocs renders one page at a time, right after
    its on_page_markdown event, and builds a new Markdown instance for each page."""

    def __init__(self) -> None:
        self.by_language: dict[str, list[GlossaryTerm]] = {}
        self.current: list[GlossaryTerm] = []

    def load(self, docs_dir: str, language: str) -> list[GlossaryTerm]:
        if language not in self.by_language:
            path = Path(docs_dir, f"{GLOSSARY_PAGE}.{language}.md")
            self.by_language[language] = read_glossary(path)
        return self.by_language[language]


page_terms = PageTerms()


class CurrentPageTooltips(GlossaryTooltips):
    """The extension MkDocs is given once; it reads the current page's terms when used."""

    def __init__(self) -> None:
        super().__init__([])

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        self.terms = page_terms.current
        super().extendMarkdown(md)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    page_terms.by_language.clear()  # `mkdocs serve` rereads an edited glossary
    if not any(isinstance(ext, CurrentPageTooltips) for ext in config.markdown_extensions):
        config.markdown_extensions.append(CurrentPageTooltips())
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    is_glossary = page.file.src_uri.split(".")[0] == GLOSSARY_PAGE
    language = file_language(page)
    page_terms.current = [] if is_glossary else page_terms.load(config.docs_dir, language)
    return markdown
