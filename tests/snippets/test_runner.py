"""Whole pages, without Docker: a broken command and a differing output are reported failed
with their output; the rest passes or is skipped with its reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from runner_fixtures import FIXTURES, NoDockerEngine
from snippet_runner import runner as runner_module
from snippet_runner.models import PageResult, Status
from snippet_runner.plan import plan_page
from snippet_runner.runner import Runner


def run_fixture(name: str, engine: NoDockerEngine, tmp_path: Path) -> PageResult:
    examples = tmp_path / "examples"
    (examples / "goals").mkdir(parents=True)
    runner = Runner(engine, tmp_path / "pages", examples, progress=lambda _line: None)
    return runner.run_page(plan_page(FIXTURES / name, FIXTURES))


def statuses(result: PageResult) -> list[tuple[int, Status]]:
    return [(r.step.line, r.status) for r in result.results]


def test_a_command_that_fails_is_reported_failed_with_its_output(
    no_docker_engine: NoDockerEngine, tmp_path: Path
) -> None:
    result = run_fixture("failing-command.en.md", no_docker_engine, tmp_path)

    assert statuses(result) == [(5, Status.PASSED), (15, Status.FAILED), (19, Status.PASSED)]
    failed = result.results[1]
    assert failed.reason == "exit code 2"
    assert "No such file or directory" in failed.output
    assert failed.step.file == "failing-command.en.md"


def test_an_output_that_differs_is_reported_failed_with_the_output(
    no_docker_engine: NoDockerEngine, tmp_path: Path
) -> None:
    result = run_fixture("wrong-output.en.md", no_docker_engine, tmp_path)

    assert statuses(result) == [(3, Status.FAILED), (13, Status.PASSED)]
    failed = result.results[0]
    assert failed.reason == (
        "output differs from the block at line 7: missing 'goals: listening on port 8000'"
    )
    assert failed.output == "goals: listening on port 80\n"


def test_a_working_page_passes_skips_with_reasons_and_cleans_up_last(
    no_docker_engine: NoDockerEngine, tmp_path: Path
) -> None:
    result = run_fixture("working-page.en.md", no_docker_engine, tmp_path)
    by_line = {r.step.line: r for r in result.results}

    assert [r.step.line for r in result.results] == [3, 9, 19, 25, 48, 61, 42]
    assert by_line[3].status is Status.SKIPPED
    assert by_line[3].reason == "needs a Docker Hub account"
    assert all(r.status is Status.PASSED for line, r in by_line.items() if line != 3), [
        (r.step.line, r.reason, r.output) for r in result.results
    ]
    assert result.count(Status.PASSED) == 6
    assert result.seconds > 0


def test_an_expected_failure_that_succeeds_fails(
    no_docker_engine: NoDockerEngine, tmp_path: Path
) -> None:
    page = tmp_path / "page.en.md"
    page.write_text('# P { #p }\n\n```bash { .runnable expect_fail="true" }\ntrue\n```\n')
    runner = Runner(no_docker_engine, tmp_path / "pages", tmp_path / "examples", lambda _line: None)

    (only,) = runner.run_page(plan_page(page, tmp_path)).results

    assert only.status is Status.FAILED
    assert only.reason == "expected to fail (expect_fail), but it succeeded"


def test_processes_a_page_leaves_running_are_stopped_and_noted(
    no_docker_engine: NoDockerEngine, tmp_path: Path
) -> None:
    page = tmp_path / "page.en.md"
    page.write_text("# P { #p }\n\n```bash { .runnable }\nsleep 120 > /dev/null 2>&1 &\n```\n")
    runner = Runner(no_docker_engine, tmp_path / "pages", tmp_path / "examples", lambda _line: None)

    result = runner.run_page(plan_page(page, tmp_path))

    assert result.results[0].status is Status.PASSED
    assert [note.message for note in result.notes] == ["left running: sleep 120"]


def test_a_missing_app_folder_fails_the_step(
    no_docker_engine: NoDockerEngine, tmp_path: Path
) -> None:
    page = tmp_path / "page.en.md"
    page.write_text('# P { #p }\n\n```bash { .runnable app="nope" }\nls\n```\n')
    runner = Runner(no_docker_engine, tmp_path / "pages", tmp_path / "examples", lambda _line: None)

    (only,) = runner.run_page(plan_page(page, tmp_path)).results

    assert only.status is Status.FAILED
    assert only.reason == "app='nope': examples/nope is missing"


def run_script(engine: NoDockerEngine, tmp_path: Path, attributes: str, script: str) -> PageResult:
    page = tmp_path / "page.en.md"
    page.write_text(f"# P {{ #p }}\n\n```bash {{ .runnable {attributes} }}\n{script}\n```\n")
    runner = Runner(engine, tmp_path / "pages", tmp_path / "examples", lambda _line: None)
    return runner.run_page(plan_page(page, tmp_path))


def test_a_flag_the_engine_is_too_old_for_is_skipped_with_the_clients_words(
    no_docker_engine: NoDockerEngine, tmp_path: Path
) -> None:
    refusal = (
        "echo '\"--all\" requires API version 1.42, but the Docker daemon API version is 1.41'"
        " >&2; exit 1"
    )
    (only,) = run_script(no_docker_engine, tmp_path, "", refusal).results

    assert only.status is Status.SKIPPED
    assert only.reason == "needs API 1.42; this engine (20.10.24+dfsg1) speaks API 1.41"


def test_a_command_that_needs_ctrl_c_three_times_passes_with_a_note(
    no_docker_engine: NoDockerEngine, tmp_path: Path
) -> None:
    script = "\n".join(
        [
            "presses=0",
            "trap 'presses=$((presses + 1)); [ $presses -lt 3 ] || exit 130' INT",
            "while :; do sleep 0.1 || true; done",
        ]
    )
    result = run_script(no_docker_engine, tmp_path, 'interrupt="0.2"', script)

    assert result.results[0].status is Status.PASSED
    assert [note.message for note in result.notes] == [
        "stopped only after Ctrl+C was pressed 3 times (check that the page says so)"
    ]


def test_an_interactive_command_without_input_fails_soon_and_says_why(
    no_docker_engine: NoDockerEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner_module, "KEYLESS_TERMINAL_SECONDS", 1.0)
    script = "docker() { read -r answer; }\ndocker run -it --name rng-app rng:1"

    (only,) = run_script(no_docker_engine, tmp_path, "", script).results

    assert only.status is Status.FAILED
    assert only.reason.endswith("it waited for keys the page does not give (add input=)")
