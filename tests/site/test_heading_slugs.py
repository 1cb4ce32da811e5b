"""Hangul headings get readable, stable ids even without an explicit id (case C01)."""

from __future__ import annotations

import markdown
import pytest
from mkdocs.config import load_config
from sitebuild import REPO_ROOT

SAMPLE = """# 볼륨

## 볼륨 만들기
내용

## 바인드 마운트
내용

## Docker 설치

## Docker 삭제
"""


@pytest.fixture(scope="module")
def site_markdown() -> markdown.Markdown:
    """A Markdown converter with exactly the site's extensions and their settings."""
    config = load_config(str(REPO_ROOT / "mkdocs.yml"))
    return markdown.Markdown(
        extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"]
    )


def heading_ids(converter: markdown.Markdown, text: str) -> list[str]:
    converter.reset()
    converter.convert(text)
    return [token["id"] for token in flatten(converter.toc_tokens)]


def flatten(tokens: list[dict]) -> list[dict]:
    result = []
    for token in tokens:
        result.append(token)
        result.extend(flatten(token["children"]))
    return result


def test_hangul_headings_keep_their_words(site_markdown: markdown.Markdown) -> None:
    ids = heading_ids(site_markdown, SAMPLE)
    assert ids == ["볼륨", "볼륨-만들기", "바인드-마운트", "docker-설치", "docker-삭제"]


def test_reordering_headings_keeps_their_ids(site_markdown: markdown.Markdown) -> None:
    before = set(heading_ids(site_markdown, SAMPLE))
    swapped = SAMPLE.replace(
        "## 볼륨 만들기\n내용\n\n## 바인드 마운트\n내용",
        "## 바인드 마운트\n내용\n\n## 볼륨 만들기\n내용",
    )
    assert swapped != SAMPLE
    assert set(heading_ids(site_markdown, swapped)) == before


def test_explicit_ids_win(site_markdown: markdown.Markdown) -> None:
    ids = heading_ids(site_markdown, "## 볼륨 만들기 { #create-a-volume }\n")
    assert ids == ["create-a-volume"]
