"""The description a page gets, and the glossary terms its tooltips come from."""

from __future__ import annotations

from pathlib import Path

from glossary_terms import read_glossary
from glossary_tooltips import FirstUseTooltips
from markdown import Markdown
from page_meta import MAX_DESCRIPTION, description_from

GLOSSARY = """# 용어집 { #glossary }

## 데이터 { #data }

### 바인드 마운트(bind mount) { #bind-mount }

호스트의 폴더를 컨테이너에 `연결`합니다. [자세히](data/bind-mounts.md) 두 번째 문장입니다.

### 태그와 리포지토리(tag, repository) { #tag-and-repository }

리포지토리는 이미지의 이름이고, 태그는 버전입니다.

### 푸시와 풀(push, pull) { #push-and-pull }

푸시는 올리기입니다.
"""


def test_the_first_paragraph_is_the_description_without_markup() -> None:
    html = (
        '<h1>볼륨</h1><p class="admonition-title">참고</p>'
        "<p>볼륨은 <code>docker</code>가 관리합니다.</p>"
    )
    assert description_from(html) == "볼륨은 docker가 관리합니다."


def test_a_long_paragraph_is_cut_at_a_word_with_an_ellipsis() -> None:
    words = " ".join(["word"] * 100)
    description = description_from(f"<p>{words}</p>")
    assert description is not None
    assert len(description) <= MAX_DESCRIPTION and description.endswith("word…")


def test_glossary_headings_give_terms_with_one_sentence_each(tmp_path: Path) -> None:
    page = tmp_path / "glossary.ko.md"
    page.write_text(GLOSSARY, encoding="utf-8")
    terms = {term.term: term for term in read_glossary(page)}
    assert set(terms) == {"바인드 마운트", "태그", "리포지토리", "푸시"}  # 풀: one syllable
    assert terms["바인드 마운트"].definition == "호스트의 폴더를 컨테이너에 연결합니다."
    assert terms["바인드 마운트"].anchor == "bind-mount"


def test_only_the_first_use_of_a_term_gets_a_tooltip_even_with_a_particle(tmp_path: Path) -> None:
    page = tmp_path / "glossary.ko.md"
    page.write_text(GLOSSARY, encoding="utf-8")
    terms = read_glossary(page)
    md = Markdown()
    md.treeprocessors.register(FirstUseTooltips(md, terms), "tooltips", 6)
    html = md.convert(
        "## 바인드 마운트\n\n"
        "바인드 마운트를 씁니다. 다시 바인드 마운트를 씁니다.\n\n"
        "`바인드 마운트`"
    )
    assert html.count("<abbr") == 1
    assert '<abbr title="호스트의 폴더를 컨테이너에 연결합니다.">바인드 마운트</abbr>를' in html
    assert "<h2>바인드 마운트</h2>" in html
