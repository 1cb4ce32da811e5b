"""Every heading has an explicit, non-positional id, identical in both languages."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from sitebuild import DOCS, BuiltSite, html_path, markdown_pages, page_key

ATX_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
EXPLICIT_ID = re.compile(r"\{\s*[^}]*#([\w-]+)[^}]*\}\s*$")
POSITIONAL_ID = re.compile(r"^_\d+$")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


def headings(text: str) -> list[tuple[int, str, str | None]]:
    """(line, heading text, explicit id or None) for each ATX heading outside code fences."""
    found = []
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        opener = FENCE.match(line)
        if opener:
            marker = opener.group(1)
            if fence is None:
                fence = marker[0] * len(marker)
            elif marker.startswith(fence):
                fence = None
            continue
        if fence is not None:
            continue
        match = ATX_HEADING.match(line)
        if match:
            explicit = EXPLICIT_ID.search(match.group(2))
            found.append((number, match.group(2), explicit.group(1) if explicit else None))
    return found


def test_every_heading_has_an_explicit_id() -> None:
    missing = [
        f"{page.relative_to(DOCS)}:{line}: {title}"
        for lang in ("ko", "en")
        for page in markdown_pages(lang)
        for line, title, heading_id in headings(page.read_text(encoding="utf-8"))
        if heading_id is None
    ]
    assert missing == []


def test_twins_share_heading_ids_in_the_same_order() -> None:
    mismatched = []
    for korean in markdown_pages("ko"):
        english = korean.with_name(korean.name.replace(".ko.md", ".en.md"))
        ko_ids = [h[2] for h in headings(korean.read_text(encoding="utf-8"))]
        en_ids = [h[2] for h in headings(english.read_text(encoding="utf-8"))]
        if ko_ids != en_ids:
            mismatched.append((page_key(korean), ko_ids, en_ids))
    assert mismatched == []


def test_no_built_heading_id_is_positional(built_site: BuiltSite) -> None:
    positional = []
    for lang in ("ko", "en"):
        for page in markdown_pages(lang):
            html = BeautifulSoup(
                html_path(built_site.root, page_key(page), lang).read_text(encoding="utf-8"),
                "html.parser",
            )
            article = html.select_one("article") or html
            for heading in article.select("h1, h2, h3, h4, h5, h6"):
                if not heading.get("id") or POSITIONAL_ID.match(heading["id"]):
                    positional.append((page_key(page), lang, heading.get_text(strip=True)))
    assert positional == []


def test_heading_parser_ignores_code_and_reads_ids() -> None:
    sample = "# 제목 { #title }\n\n```bash\n# not a heading\n```\n\n## 볼륨 만들기\n"
    assert headings(sample) == [(1, "제목 { #title }", "title"), (7, "볼륨 만들기", None)]
