"""The block finder: fences as superfences sees them, attributes, containers, line numbers."""

from __future__ import annotations

from docs_validator.find_blocks import (
    BlockKind,
    Container,
    find_code_blocks,
    scan_markdown,
)


def test_fence_attributes_classes_and_key_values() -> None:
    text = (
        "# Page\n"
        "\n"
        '```bash { .runnable app="goals" wait="http://127.0.0.1:3000/" title="실행" }\n'
        "docker run -d --name goals-app goals:1\n"
        "```\n"
    )
    [block] = find_code_blocks(text)

    assert block.language == "bash"
    assert block.classes == ("runnable",)
    assert block.attributes == {
        "app": "goals",
        "wait": "http://127.0.0.1:3000/",
        "title": "실행",
    }
    assert (block.app, block.wait, block.title) == ("goals", "http://127.0.0.1:3000/", "실행")
    assert block.runnable and not block.expect_fail
    assert (block.fence_line, block.first_line, block.indent) == (3, 4, 0)
    assert block.content == "docker run -d --name goals-app goals:1"


def test_language_from_the_first_class_and_every_runner_attribute() -> None:
    text = (
        '``` { .bash .runnable skip="needs an account" interrupt="3" input="3\\n7\\n" '
        'expect_fail="true" }\n'
        "docker login\n"
        "```\n"
    )
    [block] = find_code_blocks(text)

    assert block.language == "bash" and block.classes == ("runnable",)
    assert block.skip == "needs an account"
    assert block.interrupt == "3"
    assert block.input == "3\\n7\\n"
    assert block.expect_fail


def test_highlight_options_form_and_options_superfences_rejects() -> None:
    accepted = find_code_blocks('```yaml title="compose.yaml"\nservices: {}\n```\n')
    assert [(b.language, b.attributes) for b in accepted] == [("yaml", {"title": "compose.yaml"})]

    scan = scan_markdown("```bash runnable\necho hi\n```\n")
    # `runnable` is no highlight option: superfences leaves the line as text, and the
    # closing ``` opens a fence that never closes.
    assert scan.blocks == []
    assert [issue.rule for issue in scan.issues] == ["fence-not-recognised", "fence-unclosed"]


def test_fences_in_tabs_admonitions_and_lists_with_their_markdown_lines() -> None:
    text = (
        '=== "Linux/macOS"\n'  # 1
        "\n"
        "    ```bash\n"  # 3
        '    docker run -v "$(pwd)":/app node:24-slim\n'
        "    ```\n"
        "\n"
        '=== "PowerShell"\n'  # 7
        "\n"
        "    ```powershell\n"  # 9
        '    docker run -v "${PWD}:/app" node:24-slim\n'
        "    ```\n"
        "\n"
        "!!! tip\n"  # 13
        "    ```text\n"  # 14
        "    hello\n"
        "    ```\n"
        "\n"
        "1. Step\n"  # 18
        "\n"
        "    ```json\n"  # 20
        "    {}\n"
        "    ```\n"
    )
    blocks = find_code_blocks(text)

    assert [(b.language, b.fence_line, b.first_line, b.indent, b.container) for b in blocks] == [
        ("bash", 3, 4, 4, Container.TAB),
        ("powershell", 9, 10, 4, Container.TAB),
        ("text", 14, 15, 4, Container.ADMONITION),
        ("json", 20, 21, 4, Container.LIST),
    ]
    assert blocks[0].content == 'docker run -v "$(pwd)":/app node:24-slim'


def test_three_space_fence_in_a_list_leaves_the_list_with_a_warning() -> None:
    text = "1. Install\n\n   ```bash\n   sh get-docker.sh\n   ```\n"
    scan = scan_markdown(text)

    assert [(b.container, b.content) for b in scan.blocks] == [(Container.PAGE, "sh get-docker.sh")]
    assert [(i.line, i.rule, i.is_error) for i in scan.issues] == [(3, "fence-indent", False)]
    assert scan.issues[0].message.startswith(
        "fenced block in list indented 3 spaces; Python-Markdown needs 4"
    )


def test_fence_indented_as_code_is_shown_raw() -> None:
    text = "Some text.\n\n    ```bash\n    echo hi\n    ```\n"
    scan = scan_markdown(text)

    [block] = scan.blocks
    assert block.kind is BlockKind.REVERTED and block.language == ""
    assert block.content == "```bash\necho hi\n```"
    assert [(i.line, i.rule, i.is_error) for i in scan.issues] == [
        (3, "fence-indented-as-code", True)
    ]


def test_indented_code_block_is_a_block_without_language() -> None:
    text = "Text.\n\n    docker ps\n\n    docker images\n\nMore text.\n"
    [block] = find_code_blocks(text)

    assert block.kind is BlockKind.INDENTED
    assert (block.language, block.fence_line, block.content) == (
        "",
        3,
        "docker ps\n\ndocker images",
    )


def test_list_continuation_is_not_indented_code() -> None:
    text = "- item\n\n    still the item\n\n        code in the item\n"
    [block] = find_code_blocks(text)

    assert (block.kind, block.container, block.content) == (
        BlockKind.INDENTED,
        Container.LIST,
        "code in the item",
    )


def test_unclosed_and_cut_off_fences_are_issues_not_blocks() -> None:
    unclosed = scan_markdown("```bash\necho never closed\n")
    assert unclosed.blocks == []
    assert [(i.line, i.rule) for i in unclosed.issues] == [(1, "fence-unclosed")]

    cut = scan_markdown("  ```bash\n  echo a\nnot indented\n  ```\n")
    assert [i.rule for i in cut.issues][0] == "fence-unclosed"
    assert "cut off by line 3" in cut.issues[0].message


def test_closing_fence_must_match_the_opening_one() -> None:
    text = "````markdown\n```bash\necho inner\n```\n````\n"
    [block] = find_code_blocks(text)

    assert block.language == "markdown"
    assert block.content == "```bash\necho inner\n```"


def test_tabs_crlf_and_blank_lines_are_normalised_like_python_markdown() -> None:
    text = "-\titem\r\n\r\n\t```bash\r\n\techo\thi\r\n\t```\r\n"
    [block] = find_code_blocks(text)

    assert (block.container, block.indent, block.content) == (Container.LIST, 4, "echo    hi")


def test_block_without_language_is_found() -> None:
    [block] = find_code_blocks("```\nplain\n```\n")
    assert (block.language, block.kind) == ("", BlockKind.FENCED)


def test_blockquote_fence() -> None:
    [block] = find_code_blocks("> ```bash\n> echo quoted\n> ```\n")
    assert (block.language, block.content) == ("bash", "echo quoted")
