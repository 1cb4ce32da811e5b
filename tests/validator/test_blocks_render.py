"""The blocks found equal the `<pre>` blocks the site's Markdown renders (case C24), on the
real docs and on generated pages with lists, admonitions and tabs at every indent."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from code_support import REPO_ROOT, case_text
from docs_validator.find_blocks import find_code_blocks
from docs_validator.snippets import expand_snippets, snippet_base_paths
from docs_validator.sources import read_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

DOCS = REPO_ROOT / "docs"
# Generated pages per run: enough to meet every container and indent combination often.
GENERATED_PAGES = 300


@lru_cache(maxsize=1)
def site_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions and settings of mkdocs.yml."""
    config = yaml.load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), yaml.UnsafeLoader)
    names: list[str] = []
    settings_by_name: dict[str, dict] = {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        settings_by_name[name] = dict(options or {})
    snippets = settings_by_name.get("pymdownx.snippets")
    if snippets is not None:
        snippets["base_path"] = [str(REPO_ROOT / path) for path in snippets["base_path"]]
    return markdown.Markdown(extensions=names, extension_configs=settings_by_name)


def rendered_code(text: str) -> list[str]:
    html = site_markdown().reset().convert(text)
    return [pre.get_text() for pre in BeautifulSoup(html, "html.parser").find_all("pre")]


def test_case_c24_renders_three_pre_like_the_finder() -> None:
    text = case_text("C24")
    rendered = rendered_code(text)

    assert len(rendered) == 3
    assert [pre.strip("\n") for pre in rendered] == [b.content for b in find_code_blocks(text)]


DOCS_PAGES = sorted(DOCS.rglob("*.md"))


@pytest.mark.parametrize(
    "page", DOCS_PAGES, ids=[p.relative_to(DOCS).as_posix() for p in DOCS_PAGES]
)
def test_docs_page_blocks_equal_rendered_pre(page: Path) -> None:
    text = read_text(page)  # read once: the docs may be edited while the tests run
    expanded = expand_snippets(text, snippet_base_paths(REPO_ROOT), REPO_ROOT).text
    rendered = rendered_code(text)
    found = find_code_blocks(expanded)

    assert len(found) == len(rendered)
    assert [b.content.strip("\n") for b in found] == [pre.strip("\n") for pre in rendered]


FENCE_INDENT_OFFSETS = [0, 0, 0, 1, 2, 3, 4, 5, -1, -2, -4]
LANGUAGES = ["bash", "", 'yaml { .x title="a b" }', "json", "text { .output }"]


@st.composite
def fence(draw: st.DrawFn, base: int) -> list[str]:
    indent = " " * max(base + draw(st.sampled_from(FENCE_INDENT_OFFSETS)), 0)
    language = draw(st.sampled_from(LANGUAGES))
    body = draw(st.lists(st.sampled_from(["echo hi", "", "  more", "# note"]), max_size=3))
    lines = [f"{indent}```{language}", f"{indent}first"]
    lines += [f"{indent}{line}" if line else "" for line in body]
    return [*lines, f"{indent}```"]


@st.composite
def blocks(draw: st.DrawFn, base: int = 0, depth: int = 0) -> list[list[str]]:
    """An author-like page: paragraphs, fences, lists, admonitions and tabs, blank-line
    separated, content indented by 4 (or by a wrong amount, as authors sometimes do)."""
    out: list[list[str]] = []
    pad = " " * base
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(
            st.sampled_from(["fence", "fence", "text", "list", "admonition", "tabs", "definition"])
        )
        if kind == "fence" or depth >= 3 or (kind == "definition" and depth > 0):
            out.append(draw(fence(base)))
        elif kind == "text":
            out.append([f"{pad}Some text", f"{pad}more text"])
        elif kind == "list":
            marker = draw(st.sampled_from(["1.", "-", "*"]))
            for _ in range(draw(st.integers(1, 2))):
                children = draw(blocks(base + 4, depth + 1))
                head = [f"{pad}{marker} item"]
                if draw(st.booleans()):
                    head += children.pop(0)
                out.append(head)
                out.extend(children)
        elif kind == "definition" and depth == 0:
            # Definitions are modelled at page level, holding text and fences (see find_blocks).
            children = [
                draw(fence(base + 4)) if draw(st.booleans()) else [f"{pad}    Defined here."]
                for _ in range(draw(st.integers(1, 3)))
            ]
            head = [f"{pad}Term", f"{pad}:   definition"]
            if draw(st.booleans()):
                head += children.pop(0)
            out.append(head)
            out.extend(children)
        elif kind == "admonition":
            children = draw(blocks(base + 4, depth + 1))
            head = [pad + draw(st.sampled_from(['!!! note "참고"', "??? tip", "???+ info"]))]
            if draw(st.booleans()):
                head += children.pop(0)
            out.append(head)
            out.extend(children)
        else:
            for label in ("Linux/macOS", "PowerShell")[: draw(st.integers(1, 2))]:
                out.append([f'{pad}=== "{label}"'])
                out.extend(draw(blocks(base + 4, depth + 1)))
    return out


@settings(
    max_examples=GENERATED_PAGES,
    deadline=None,
    database=None,  # no .hypothesis folder in the work tree
    suppress_health_check=[HealthCheck.too_slow],
)
@given(blocks())
def test_generated_pages_blocks_equal_rendered_pre(page: list[list[str]]) -> None:
    text = "\n\n".join("\n".join(block) for block in page) + "\n"
    rendered = rendered_code(text)
    found = find_code_blocks(text)

    assert [b.content.strip("\n") for b in found] == [pre.strip("\n") for pre in rendered]


def test_fence_inside_a_definition_is_a_block_of_the_definition() -> None:
    text = (
        "# D\n\nTerm\n:   The definition.\n\n    ```bash\n    echo $((\n    ```\n\n    More text.\n"
    )
    found = find_code_blocks(text)

    assert [(b.kind.value, b.language, b.content) for b in found] == [
        ("fenced", "bash", "echo $((")
    ]
    assert [pre.strip("\n") for pre in rendered_code(text)] == ["echo $(("]
