"""What every block gets: a language, valid attributes, no secrets, real names when runnable."""

from __future__ import annotations

from pathlib import Path

import pytest
from code_support import check_page, of_severity, rules, write_tree
from docs_validator.models import Severity


def test_block_without_language_is_an_error(tmp_path: Path) -> None:
    result = check_page(tmp_path, "Text\n\n```\ndocker ps\n```\n")
    assert [(e.line, e.rule) for e in of_severity(result, Severity.ERROR)] == [
        (3, "code-no-language")
    ]


def test_indented_code_is_an_error(tmp_path: Path) -> None:
    result = check_page(tmp_path, "Text\n\n    docker ps\n")
    assert rules(result, Severity.ERROR) == ["code-indented"]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("docker login -u me -p s3cret", "secret-on-command-line"),
        ('docker login --password "$DOCKERHUB_TOKEN"', "secret-on-command-line"),
        ("curl --token=abc https://registry.test/", "secret-on-command-line"),
        ("export TOKEN=dckr_pat_AbCdEfGhIjKlMnOp", "secret-token"),
    ],
)
def test_secrets_on_command_lines_are_errors(tmp_path: Path, line: str, rule: str) -> None:
    result = check_page(tmp_path, f"```bash\n{line}\n```\n")
    assert [(e.line, e.rule) for e in of_severity(result, Severity.ERROR)] == [(2, rule)]


def test_password_stdin_is_fine(tmp_path: Path) -> None:
    body = 'echo "$DOCKERHUB_TOKEN" | docker login -u "$DOCKERHUB_USER" --password-stdin'
    assert check_page(tmp_path, f"```bash\n{body}\n```\n").findings == []


def test_private_key_in_any_block_is_an_error(tmp_path: Path) -> None:
    body = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n"
    result = check_page(tmp_path, f"```text\n{body}```\n")
    assert [(e.line, e.rule) for e in of_severity(result, Severity.ERROR)] == [
        (2, "secret-private-key")
    ]


def test_runnable_attributes(tmp_path: Path) -> None:
    write_tree(tmp_path, {"examples/goals/server.js": "// app\n"})
    text = (
        '```bash { .runnable app="goals" interrupt="3" }\ndocker logs -f goals-app\n```\n\n'
        '```bash { .runnable app="nowhere" interrupt="soon" }\ndocker ps\n```\n\n'
        "```bash { .runable }\ndocker ps\n```\n\n"
        '```text { app="goals" }\nplain\n```\n'
    )
    result = check_page(tmp_path, text)

    assert sorted((f.line, f.rule, f.severity) for f in result.findings) == [
        (5, "code-attribute", Severity.ERROR),
        (5, "code-runnable-app", Severity.ERROR),
        (9, "code-attribute", Severity.WARNING),
        (13, "code-attribute", Severity.WARNING),
    ]
    warning = next(f for f in result.findings if f.line == 9)
    assert "did you mean .runnable" in warning.message


@pytest.mark.parametrize("app", ["../../etc", "/etc", "goals/../../..", "link"])
def test_runnable_app_outside_examples_is_an_error(tmp_path: Path, app: str) -> None:
    write_tree(tmp_path, {"examples/goals/server.js": "// app\n", "outside/a.txt": "x\n"})
    (tmp_path / "examples" / "link").symlink_to(tmp_path / "outside")

    result = check_page(tmp_path, f'```bash {{ .runnable app="{app}" }}\nls\n```\n')

    errors = [f for f in result.findings if f.rule == "code-runnable-app"]
    assert [f.severity for f in errors] == [Severity.ERROR]
    assert "examples/" in errors[0].message


@pytest.mark.parametrize("seconds", ["inf", "nan", "-1", "0", "1e308", "soon"])
def test_interrupt_must_be_finite_seconds_in_range(tmp_path: Path, seconds: str) -> None:
    text = f'```bash {{ .runnable interrupt="{seconds}" }}\nls\n```\n'

    result = check_page(tmp_path, text)

    assert [(f.rule, f.severity) for f in result.findings] == [("code-attribute", Severity.ERROR)]


def test_unknown_language_is_a_warning_and_known_unchecked_is_a_note(tmp_path: Path) -> None:
    result = check_page(tmp_path, "```bsah\nls\n```\n\n```toml\na = 1\n```\n")
    assert sorted((f.line, f.severity) for f in result.findings) == [
        (1, Severity.WARNING),
        (5, Severity.INFO),
    ]
