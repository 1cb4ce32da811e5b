"""Heading ids and other anchors, as the site's toc and attr_list make them."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
from docs_validator.anchors import anchor_ids, heading_ids, normalize_fragment
from pymdownx.slugs import slugify

MKDOCS_YML = Path(__file__).resolve().parents[2] / "mkdocs.yml"


def test_explicit_ids_win_and_hangul_slugs_are_kept() -> None:
    text = (
        "# 볼륨 { #volumes }\n\n"
        "## 이름 있는 볼륨 만들기 {#create-a-named-volume}\n\n"
        "## 바인드 마운트\n\n"
        "## Docker 설치\n\n"
        "## Docker 설치\n\n"
    )

    assert heading_ids(text) == {
        "volumes",
        "create-a-named-volume",
        "바인드-마운트",
        "docker-설치",
        "docker-설치_1",
    }


def test_heading_ids_agree_with_python_markdown() -> None:
    text = (
        "# 볼륨 { #volumes }\n\n"
        "## `docker run` 옵션 &amp; 예제\n\n"
        "## 설치 <em>강조</em> [링크](x.md)\n\n"
        "## Setup\n\n## Other { #setup }\n\n"
        "## Dockerfile 작성 — 기본편\n\n"
        "## 1. Ports: `-p 127.0.0.1:3000:80`\n\n"
        "Setext 제목\n-----------\n"
    )
    rendered = markdown.markdown(
        text,
        extensions=["toc", "attr_list"],
        extension_configs={"toc": {"slugify": slugify(case="lower")}},
    )

    assert heading_ids(text) == set(re.findall(r'<h\d id="([^"]*)"', rendered))


def test_slug_that_clashes_with_an_explicit_id_gets_a_suffix() -> None:
    text = "## Setup\n\n## Other { #setup }\n"

    assert heading_ids(text) == {"setup", "setup_1"}


def test_headings_inside_admonitions_and_tabs_count() -> None:
    text = '=== "Linux"\n\n    ## 설치 확인 { #check }\n\n!!! note\n    ### 참고\n'

    assert heading_ids(text) == {"check", "참고"}


def test_other_anchors_attr_list_raw_html_footnotes_and_tabs() -> None:
    text = (
        "# T { #t }\n\n"
        "A paragraph.\n{ #para }\n\n"
        "![img](a.png){ #figure-1 }\n\n"
        '<div id="raw-id"></div> <a name="old-name"></a>\n\n'
        "Text[^note].\n\n[^note]: A note.\n\n"
        '=== "Linux/macOS"\n\n    x\n\n'
        "```text { #sample-output }\nout\n```\n"
    )

    assert anchor_ids(text) >= {
        "t",
        "para",
        "figure-1",
        "raw-id",
        "old-name",
        "fn:note",
        "fnref:note",
        "linuxmacos",
        "sample-output",
    }


def test_headings_in_code_blocks_are_not_anchors() -> None:
    text = "```markdown\n## Not a heading { #nope }\n```\n"

    assert "nope" not in anchor_ids(text)


def test_fragments_compare_decoded_and_nfc() -> None:
    encoded = "%EB%84%A4%ED%8A%B8%EC%9B%8C%ED%81%AC-%EC%84%A4%EC%A0%95"
    decomposed = (
        "\u1102\u1166\u1110\u1173\u110b\u116f\u110f\u1173-\u1109\u1165\u11af\u110c\u1165\u11bc"
    )

    assert normalize_fragment(encoded) == "네트워크-설정"
    assert normalize_fragment(decomposed) == "네트워크-설정"
    # An id written percent-encoded (pymdownx's *_encoded slugs) matches the raw fragment.
    assert "네트워크-설정" in anchor_ids(f'<h2 id="{encoded}">x</h2>\n')


def test_the_slugify_we_mirror_is_the_one_mkdocs_yml_configures() -> None:
    config = MKDOCS_YML.read_text(encoding="utf-8")
    toc = re.search(r"- toc:\n(?:\s+.*\n)*?\s+slugify: (?P<slugify>.*)\n", config)

    assert toc is not None
    assert toc.group("slugify").strip() == (
        "!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}"
    )
