"""Snippet includes expanded as pymdownx.snippets does, with each line's origin kept."""

from __future__ import annotations

from pathlib import Path

from code_support import write_tree
from docs_validator.shell_words import Dialect, find_commands
from docs_validator.snippets import expand_snippets, snippet_base_paths


def test_base_paths_come_from_mkdocs_yml(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "mkdocs.yml": (
                "markdown_extensions:\n"
                "  - toc:\n"
                "      slugify: !!python/object/apply:pymdownx.slugs.slugify\n"
                "        {kwds: {case: lower}}\n"
                "  - pymdownx.snippets:\n"
                "      base_path: [docs, examples]\n"
            )
        },
    )
    assert snippet_base_paths(tmp_path) == [tmp_path / "docs", tmp_path / "examples"]


def test_inline_block_ranges_sections_and_escapes(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "examples/app/run.sh": "line one\nline two\nline three\n",
            "examples/app/parts.sh": (
                "# --8<-- [start:build]\ndocker build -t app .\n# --8<-- [end:build]\nother\n"
            ),
        },
    )
    page = (
        "```bash\n"  # 1
        '    --8<-- "app/run.sh:2:3"\n'  # 2
        "```\n"  # 3
        '--8<-- "app/parts.sh:build"\n'  # 4
        "--8<--\n"  # 5
        "app/run.sh\n"  # 6
        "--8<--\n"  # 7
        ';--8<-- "app/run.sh"\n'  # 8
    )
    expanded = expand_snippets(page, [tmp_path / "examples"], tmp_path)

    assert expanded.text.split("\n") == [
        "```bash",
        "    line two",
        "    line three",
        "```",
        "docker build -t app .",
        "line one",
        "line two",
        "line three",
        '--8<-- "app/run.sh"',
        "",
    ]
    assert [(o.line, o.source, o.source_line) for o in expanded.origins[1:3]] == [
        (2, "examples/app/run.sh", 2),
        (2, "examples/app/run.sh", 3),
    ]
    assert expanded.problems == []


def test_missing_include_and_escape_from_the_base_path(tmp_path: Path) -> None:
    write_tree(tmp_path, {"secret.txt": "outside\n", "docs/page.md": ""})
    page = '--8<-- "nope.md"\n--8<-- "../secret.txt"\n'

    expanded = expand_snippets(page, [tmp_path / "docs"], tmp_path)

    assert [(line, rule) for line, rule, _message in expanded.problems] == [
        (1, "snippet-missing"),
        (2, "snippet-missing"),
    ]
    assert "outside" not in expanded.text


def test_include_loops_stop(tmp_path: Path) -> None:
    write_tree(tmp_path, {"docs/a.md": '--8<-- "b.md"\n', "docs/b.md": '--8<-- "a.md"\n'})

    expanded = expand_snippets('--8<-- "a.md"\n', [tmp_path / "docs"], tmp_path)

    [(line, rule, message)] = expanded.problems
    assert (line, rule) == (1, "snippet-loop") and "includes itself" in message


def test_shell_words_follow_quotes_continuations_and_substitutions() -> None:
    commands = find_commands(
        [
            'docker run -e "A=b c" \\',
            '  -v "$(pwd)":/app img  # comment',
            "x=$(docker ps -q) && echo `docker images -q`",
        ]
    )
    # Commands inside $( … ) and backticks come before the command that holds them.
    texts = [[w.text for w in c] for c in commands]
    assert texts == [
        ["pwd"],
        ["docker", "run", "-e", "A=b c", "-v", "$(pwd):/app", "img"],
        ["docker", "ps", "-q"],
        ["x=$(docker ps -q)"],
        ["docker", "images", "-q"],
        ["echo", "`docker images -q`"],
    ]
    assert [w.line for w in commands[1]] == [0, 0, 0, 0, 1, 1, 1]
    assert commands[1][5].opaque


def test_cmd_and_powershell_words() -> None:
    cmd = find_commands(
        ["REM a comment", "docker run -v %cd%:/app ^", "  node:24-slim"], Dialect.CMD
    )
    assert [[w.text for w in c] for c in cmd] == [
        ["docker", "run", "-v", "%cd%:/app", "node:24-slim"]
    ]
    ps = find_commands(['docker run -v "${PWD}:/app" `', "  node:24-slim"], Dialect.POWERSHELL)
    assert [[w.text for w in c] for c in ps] == [
        ["docker", "run", "-v", "${PWD}:/app", "node:24-slim"]
    ]
