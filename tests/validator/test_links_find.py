"""Finding links: every form the site renders, with its line, and nothing from code."""

from __future__ import annotations

from pathlib import Path

from docs_validator.find_links import find_links
from docs_validator.link_types import LinkKind

PAGE = Path("page.ko.md")


def found(text: str) -> list[tuple[int, str, str]]:
    return [(link.line, link.kind.value, link.url) for link in find_links(text, PAGE, "ko")]


def test_inline_reference_autolink_image_and_html_links_with_their_lines() -> None:
    text = (
        "# Title { #title }\n"  # 1
        "\n"
        "Read [the guide](guide.md) and\n"  # 3
        "[the spec][spec], or <https://auto.test/x>.\n"  # 4
        "\n"
        "![diagram](img/a.png)\n"  # 6
        "\n"
        '<a href="https://html.test/a">a</a> and <img src="b.png"\n'  # 8
        '  srcset="c.png 1x, d.png 2x">\n'  # 9
        "\n"
        "[spec]: https://spec.test/ref\n"  # 11
    )

    assert found(text) == [
        (3, "inline", "guide.md"),
        (4, "reference", "https://spec.test/ref"),
        (4, "autolink", "https://auto.test/x"),
        (6, "image", "img/a.png"),
        (8, "html", "https://html.test/a"),
        (8, "html", "b.png"),
        (8, "html", "c.png"),
        (8, "html", "d.png"),
    ]
    reference = find_links(text, PAGE, "ko")[1]
    assert reference.kind is LinkKind.REFERENCE and reference.source_line == 11


def test_nothing_is_found_in_code_spans_fences_or_indented_code() -> None:
    text = (
        "`[a](http://span.test/)` and `http://localhost:8080`\n"
        "\n"
        "```bash\n"
        "curl http://fence.test/x\n"
        "[b](http://fence.test/md)\n"
        "```\n"
        "\n"
        "    [c](http://indented.test/)\n"
        "\n"
        "<!-- [d](http://comment.test/) <a href='http://comment.test/html'> -->\n"
    )

    assert found(text) == []


def test_balanced_parentheses_belong_to_the_url() -> None:
    text = '[위키](http://wiki.test/wiki/도커_(소프트웨어)) and [t](http://t.test/a_(b) "title")\n'

    assert [url for _, _, url in found(text)] == [
        "http://wiki.test/wiki/도커_(소프트웨어)",
        "http://t.test/a_(b)",
    ]


def test_links_inside_admonitions_tabs_and_lists_are_found() -> None:
    text = (
        '!!! tip "Before you start"\n'  # 1
        "    Install Docker first ([Windows](install-windows.md)).\n"  # 2
        "\n"
        '=== "Linux/macOS"\n'  # 4
        "\n"
        "    See [the Linux page](install-linux.md).\n"  # 6
        "\n"
        "    ```bash\n"
        "    curl http://in-tab-code.test/\n"
        "    ```\n"
        "\n"
        "1. Step\n"  # 12
        "\n"
        '    ??? note "Details"\n'  # 14
        "        Nested [link](nested.md).\n"  # 15
    )

    assert found(text) == [
        (2, "inline", "install-windows.md"),
        (6, "inline", "install-linux.md"),
        (15, "inline", "nested.md"),
    ]


def test_links_after_an_empty_pre_code_are_still_found() -> None:
    text = "<pre><code></code></pre>\n\nAfter: [broken](http://broken.test/nope)\n"

    assert found(text) == [(3, "inline", "http://broken.test/nope")]


def test_python_markdown_destinations_with_spaces_are_links() -> None:
    # MkDocs renders this as a link (CommonMark would not): the validator must see it.
    text = "[예제 파일 받기](../files/볼륨 예제.yml)\n"

    assert found(text) == [(1, "inline", "../files/볼륨 예제.yml")]


def test_line_is_right_after_a_code_span_that_spans_two_lines() -> None:
    text = "a `code\nspan` then [x](http://x.test/)\n"

    assert found(text) == [(2, "inline", "http://x.test/")]


def test_links_in_tables_footnotes_and_definitions() -> None:
    text = (
        "| a | b |\n"
        "|---|---|\n"
        "| [c](c.md) | d |\n"  # 3
        "\n"
        "Term\n"
        ":   Defined in [e](e.md).\n"  # 6
        "\n"
        "Text[^1].\n"
        "\n"
        "[^1]: See [f](f.md).\n"  # 10
    )

    assert found(text) == [(3, "inline", "c.md"), (6, "inline", "e.md"), (10, "inline", "f.md")]


def test_email_look_alikes_in_prose_are_not_links() -> None:
    text = "Pull nginx@sha256:0123abcd or git@github.com:someone/x.git or tool@v1.43.0.\n"

    assert found(text) == []
