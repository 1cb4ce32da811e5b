"""Each Korean page and its English twin show the same code, and the inventory in both."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from inventory import AUDIT, INVENTORY_COPY, command_items, load_inventory, parse_audit
from sitebuild import DOCS, BuiltSite, html_path, markdown_pages, page_key

# Whole-line comments in the languages our blocks use (#: shell, Dockerfile, YAML, PowerShell;
# //: JavaScript; REM and :: in cmd), and trailing "  # ..." / "  // ..." after code.
COMMENT_LINE = re.compile(r"^\s*(#(?!!)|//|REM\b|::)", re.IGNORECASE)
TRAILING_COMMENT = re.compile(r"\s+(#|//)\s.*$")
HELP_FORM = re.compile(r"docker (?:<command>|[a-z]+(?: [a-z]+)?) --help")
HEADING = re.compile(r"^#{1,6}\s", re.M)


def code_without_comments(code: str) -> str:
    kept = []
    for line in code.splitlines():
        if COMMENT_LINE.match(line):
            continue
        kept.append(TRAILING_COMMENT.sub("", line).rstrip())
    return "\n".join(line for line in kept if line)


def code_blocks(built_site: BuiltSite, key: str, lang: str) -> list[str]:
    html = BeautifulSoup(
        html_path(built_site.root, key, lang).read_text(encoding="utf-8"), "html.parser"
    )
    article = html.select_one("article")
    return [code_without_comments(pre.get_text()) for pre in article.select("pre")]


def test_twins_have_identical_code_blocks(built_site: BuiltSite) -> None:
    different = []
    for korean in markdown_pages("ko"):
        key = page_key(korean)
        ko_blocks = code_blocks(built_site, key, "ko")
        en_blocks = code_blocks(built_site, key, "en")
        if len(ko_blocks) != len(en_blocks):
            different.append((key, f"{len(ko_blocks)} blocks in ko, {len(en_blocks)} in en"))
            continue
        for number, (ko, en) in enumerate(zip(ko_blocks, en_blocks, strict=True), start=1):
            if ko != en:
                different.append((key, f"block {number}:\n{ko}\n--- vs ---\n{en}"))
    assert different == []


def test_comment_stripping_keeps_commands() -> None:
    korean = "# 볼륨 만들기\ndocker volume create feedback  # 이름 있는 볼륨\necho a#b"
    english = "# Create a volume\ndocker volume create feedback  # a named volume\necho a#b"
    assert code_without_comments(korean) == code_without_comments(english)
    assert code_without_comments(korean) == "docker volume create feedback\necho a#b"


def site_text(lang: str) -> list[str]:
    return [page.read_text(encoding="utf-8") for page in markdown_pages(lang)]


def sections(text: str) -> list[str]:
    """A page split at its headings: a flag counts when its command is in the same section."""
    starts = [m.start() for m in HEADING.finditer(text)] + [len(text)]
    return [text[a:b] for a, b in zip([0, *starts], starts, strict=False) if b > a]


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("item", command_items(), ids=lambda item: item.row)
def test_inventory_command_appears(item, lang: str) -> None:
    pages = site_text(lang)
    if item.command == "docker <command> --help":
        assert any(HELP_FORM.search(text) for text in pages)
        return

    assert any(item.command in text for text in pages), f"{item.command} missing in {lang}"
    all_sections = [part for text in pages for part in sections(text)]
    for flag in item.flags:
        pattern = re.compile(rf"(?<![\w-]){re.escape(flag)}(?![\w-])")
        assert any(item.command in part and pattern.search(part) for part in all_sections), (
            f"{item.command} {flag} missing in {lang}"
        )


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("instruction", load_inventory()["dockerfile_instructions"])
def test_inventory_dockerfile_instruction_appears(instruction: str, lang: str) -> None:
    pattern = re.compile(rf"^\s*{instruction}\s", re.M)
    assert any(pattern.search(text) for text in site_text(lang)), instruction


@pytest.mark.skipif(not AUDIT.is_file(), reason="the content audit is not beside the repo")
def test_inventory_copy_matches_the_audit() -> None:
    current = parse_audit(AUDIT.read_text(encoding="utf-8"))
    assert json.loads(INVENTORY_COPY.read_text(encoding="utf-8")) == current


def test_docs_folder_has_pages() -> None:
    assert len(markdown_pages("ko")) >= 40
    assert DOCS.is_dir()
