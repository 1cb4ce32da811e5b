"""Shell blocks: bash decides syntax, shellcheck errors, placeholders, console, dialects."""

from __future__ import annotations

from pathlib import Path

from code_support import check_page, of_severity, rules
from docs_validator.check_shell import shellcheck_finding
from docs_validator.find_blocks import find_code_blocks
from docs_validator.models import Severity
from docs_validator.page_blocks import PageBlock


def fence(language: str, body: str) -> str:
    return f"```{language}\n{body}\n```\n"


def test_bash_syntax_error_is_mapped_to_its_markdown_line(tmp_path: Path) -> None:
    text = "# Page\n\n" + fence("bash", "echo start\nif true; then\n  echo no fi")

    result = check_page(tmp_path, text)

    errors = of_severity(result, Severity.ERROR)
    assert [(e.line, e.rule) for e in errors] == [(6, "shell-syntax")]
    assert errors[0].message.startswith("bash -n:")


def test_shellcheck_error_that_bash_accepts_is_reported(tmp_path: Path) -> None:
    # `$greeting=hello` is valid syntax for bash; shellcheck's SC2281 error says why it is wrong.
    result = check_page(tmp_path, fence("bash", "$greeting=hello"))

    errors = of_severity(result, Severity.ERROR)
    assert [(e.line, e.rule) for e in errors] == [(2, "shellcheck-SC2281")]
    assert "left side of assignments" in errors[0].message


def test_placeholders_are_words_not_redirections(tmp_path: Path) -> None:
    body = "docker run [<options>] -v <volume>:<container-path>[:ro] <image>[:<tag>]"
    result = check_page(tmp_path, fence("bash", body))

    assert result.findings == []


def test_rest_of_a_line_with_placeholders_is_still_checked(tmp_path: Path) -> None:
    result = check_page(tmp_path, fence("bash", "docker stop --tme 3 <container>"))

    errors = of_severity(result, Severity.ERROR)
    assert [(e.line, e.rule) for e in errors] == [(2, "docker-unknown-option")]
    assert "did you mean '--timeout'" in errors[0].message


def test_placeholder_in_a_runnable_block_is_an_error(tmp_path: Path) -> None:
    result = check_page(tmp_path, fence("bash { .runnable }", "docker stop <container>"))

    assert [(e.line, e.rule) for e in of_severity(result, Severity.ERROR)] == [
        (2, "code-runnable-placeholder")
    ]


def test_html_in_a_grep_is_not_a_placeholder(tmp_path: Path) -> None:
    body = "curl -s http://127.0.0.1:3000/ | grep '<h1>'"
    assert check_page(tmp_path, fence("bash { .runnable }", body)).findings == []


def test_console_blocks_check_only_prompt_lines(tmp_path: Path) -> None:
    body = (
        "$ docker ps --al\n"
        "CONTAINER ID   IMAGE   (output: not a command) ) ((\n"
        "$ docker run --rm \\\n"
        "    alpine echo hi\n"
        "hi"
    )
    result = check_page(tmp_path, fence("console", body))

    errors = of_severity(result, Severity.ERROR)
    assert [(e.line, e.rule) for e in errors] == [(2, "docker-unknown-option")]


def test_prompt_in_a_copyable_bash_block_is_a_warning(tmp_path: Path) -> None:
    result = check_page(tmp_path, fence("bash", "$ docker ps"))

    assert [(w.line, w.rule) for w in of_severity(result, Severity.WARNING)] == [
        (2, "shell-prompt")
    ]


def test_percent_variable_in_bash_is_a_dialect_mismatch(tmp_path: Path) -> None:
    result = check_page(tmp_path, fence("bash", 'docker run -v "%cd%":/app node:24-slim'))

    [warning] = of_severity(result, Severity.WARNING)
    assert warning.rule == "shell-dialect" and "%VARIABLE%" in warning.message


def test_date_format_is_not_a_windows_variable(tmp_path: Path) -> None:
    assert check_page(tmp_path, fence("bash", 'tag="$(date +%Y%m%d%H%M)"')).findings == []


def test_powershell_and_cmd_continuations_and_their_docker_commands(tmp_path: Path) -> None:
    text = (
        fence("powershell", 'docker run -v "${PWD}:/app" `\n  --nmae app node:24-slim')
        + "\n"
        + fence("bat", 'docker run -v "%cd%":/app ^\n  --rmm node:24-slim')
    )
    result = check_page(tmp_path, text)

    errors = of_severity(result, Severity.ERROR)
    assert [(e.line, e.rule) for e in errors] == [
        (3, "docker-unknown-option"),
        (8, "docker-unknown-option"),
    ]
    assert "--name" in errors[0].message and "--rm" in errors[1].message


def test_bash_continuation_in_powershell_is_a_mismatch(tmp_path: Path) -> None:
    result = check_page(tmp_path, fence("powershell", "docker run --rm \\\n  alpine"))

    assert [(w.line, w.rule) for w in of_severity(result, Severity.WARNING)] == [
        (2, "shell-dialect")
    ]


def test_powershell_here_string_holds_data_not_commands(tmp_path: Path) -> None:
    body = "@'\nFROM alpine\nRUN echo a \\\n    && echo b\n'@ | Set-Content Dockerfile"
    assert check_page(tmp_path, fence("powershell", body)).findings == []


def test_docker_inside_command_substitution_and_after_sudo(tmp_path: Path) -> None:
    body = 'for c in $(docker ps -qz); do sudo docker stop "$c"; done'
    result = check_page(tmp_path, fence("bash", body))

    [error] = of_severity(result, Severity.ERROR)
    assert error.rule == "docker-unknown-option" and "-z" in error.message


def test_heredoc_body_is_not_a_command(tmp_path: Path) -> None:
    body = "cat <<'EOF' > notes.txt\ndocker run --not-an-option\nEOF"
    assert check_page(tmp_path, fence("bash", body)).findings == []


def test_sh_blocks_are_checked_too(tmp_path: Path) -> None:
    result = check_page(tmp_path, fence("sh", "case x in"))
    assert rules(result, Severity.ERROR) == ["shell-syntax"]


def test_shellcheck_parser_failure_is_a_note_when_bash_accepts_the_block() -> None:
    [block] = find_code_blocks(fence("bash", "echo one\necho two"))
    item = PageBlock("docs/page.md", "ko", block)
    comment = {"code": 1073, "line": 2, "message": "Couldn't parse this command."}

    accepted = shellcheck_finding(item, comment, bash_ok=True)
    rejected = shellcheck_finding(item, comment, bash_ok=False)

    assert (accepted.severity, accepted.rule, accepted.line) == (
        Severity.INFO,
        "shellcheck-parser-limit",
        3,
    )
    assert (rejected.severity, rejected.rule) == (Severity.ERROR, "shellcheck-SC1073")
