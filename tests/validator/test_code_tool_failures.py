"""A linter that times out, crashes or is killed is reported, never read as "no comments";
one huge or deeply nested block cannot hide the findings of the others."""

from __future__ import annotations

from pathlib import Path

import pytest
from code_support import check_page, rules
from docs_validator import check_dockerfile, check_shell
from docs_validator.external_tools import MAX_LINTED_BLOCK_CHARS, ToolRun, find_tool
from docs_validator.models import Severity

needs_shellcheck = pytest.mark.skipif(find_tool("shellcheck") is None, reason="no shellcheck")
needs_hadolint = pytest.mark.skipif(find_tool("hadolint") is None, reason="no hadolint")
TIMED_OUT = ToolRun(-1, "", "linter did not finish within 60 s")


def fence(language: str, body: str) -> str:
    return f"```{language}\n{body}\n```\n"


@needs_shellcheck
def test_shellcheck_timeout_is_a_warning_on_each_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(check_shell, "run_tool", lambda *args, **kwargs: TIMED_OUT)

    result = check_page(tmp_path, "# S\n\n" + fence("bash", "echo a") + "\n" + fence("sh", "ls"))

    failed = [f for f in result.findings if f.rule == "tool-failed"]
    assert len(failed) == 2
    assert all(f.severity is Severity.WARNING for f in failed)
    assert all("shellcheck" in f.message and "did not finish" in f.message for f in failed)


@needs_shellcheck
def test_shellcheck_killed_by_a_signal_is_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(check_shell, "run_tool", lambda *args, **kwargs: ToolRun(-9, "", ""))

    result = check_page(tmp_path, "# S\n\n" + fence("bash", "echo a"))

    assert any("killed by signal 9" in f.message for f in result.findings)


@needs_hadolint
def test_hadolint_crash_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    crashed = ToolRun(1, "", "hadolint: internal error")
    monkeypatch.setattr(check_dockerfile, "run_tool", lambda *args, **kwargs: crashed)

    result = check_page(tmp_path, "# D\n\n" + fence("dockerfile", "FROM alpine:3.20"))

    failed = [f for f in result.findings if f.rule == "tool-failed"]
    assert len(failed) == 1 and "hadolint" in failed[0].message
    assert failed[0].severity is Severity.WARNING


@needs_shellcheck
def test_huge_block_skips_shellcheck_and_the_others_are_still_checked(tmp_path: Path) -> None:
    huge = "echo a && " * (MAX_LINTED_BLOCK_CHARS // 10 + 1) + "true"
    text = "# S\n\n" + fence("bash", "if [ -n $FOO ]; then echo y; fi") + "\n" + fence("bash", huge)

    result = check_page(tmp_path, text)

    assert "shellcheck-SC2070" in rules(result, Severity.ERROR)
    notes = [f for f in result.findings if f.rule == "block-too-long-for-linter"]
    assert [f.line for f in notes] == [7]


def test_deeply_nested_substitutions_are_a_finding_not_a_crash(tmp_path: Path) -> None:
    body = "echo " + "$(" * 3000 + "x" + ")" * 3000

    result = check_page(tmp_path, "# N\n\n" + fence("bash", body))

    assert "validator-internal-error" not in rules(result)
    assert "shell-nesting-too-deep" in rules(result, Severity.WARNING)


def test_substitutions_nested_a_few_levels_are_read(tmp_path: Path) -> None:
    body = 'echo "$(basename "$(dirname "$(pwd)")")"'

    result = check_page(tmp_path, "# N\n\n" + fence("bash", body))

    assert "shell-nesting-too-deep" not in rules(result)
