"""Against a real engine: a fixture page whose command fails, and whose output differs from the
engine's, is reported failed with the output; what a page leaves behind is removed and noted;
`run_snippets.py` writes the report; the busybox stand-in works. Skipped, saying why, where no
engine can be found or started (that needs root and Debian's docker.io, which CI installs)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from runner_fixtures import FIXTURES
from snippet_runner import cli
from snippet_runner.engine import Engine
from snippet_runner.models import Status
from snippet_runner.plan import plan_page
from snippet_runner.recipes import RECIPES
from snippet_runner.runner import Runner
from snippet_runner.standins import StandInBuilder
from snippet_runner.system import package_installed

DOCKER_PAGE = FIXTURES / "docker-page.en.md"


def test_a_docker_page_reports_failed_snippets_with_the_output(
    docker_engine: Engine, tmp_path: Path
) -> None:
    runner = Runner(docker_engine, tmp_path / "pages", tmp_path / "examples", lambda _l: None)

    result = runner.run_page(plan_page(DOCKER_PAGE, FIXTURES))

    by_line = {r.step.line: r for r in result.results}
    assert [r.step.line for r in result.results] == [3, 11, 22, 28, 38, 42]
    assert by_line[3].status is Status.PASSED
    assert by_line[11].status is Status.PASSED  # `docker volume ls` lists the new volume
    assert by_line[22].status is Status.FAILED
    assert by_line[22].reason == "exit code 1"
    assert "snippet-runner-test-missing" in by_line[22].output
    assert by_line[28].status is Status.FAILED
    assert by_line[28].reason == "output differs from the block at line 32: missing 'nfs'"
    assert by_line[28].output.strip() == "local"
    assert by_line[42].status is Status.PASSED
    assert [note.message for note in result.notes] == [
        "its clean-up block leaves volume snippet-runner-test-leftover behind"
    ]
    volumes = docker_engine.docker("volume", "ls", "-q").stdout.split()
    assert "snippet-runner-test-leftover" not in volumes
    assert "snippet-runner-test-volume" not in volumes


def test_run_snippets_writes_the_report_and_exits_1_on_a_failure(
    docker_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("DOCKER_HOST", "DOCKER_CONFIG"):
        if name in docker_engine.env:
            monkeypatch.setenv(name, docker_engine.env[name])
    report_path = tmp_path / "snippets-report.json"

    code = cli.main(
        [
            str(DOCKER_PAGE),
            "--engine",
            "existing",
            "--report",
            str(report_path),
            "--work-dir",
            str(tmp_path / "work"),
            "--cache-dir",
            str(tmp_path / "cache"),
        ]
    )

    assert code == cli.EXIT_FAILED
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert set(report) == {"engine", "snippets", "summary"}
    assert set(report["engine"]) == {"server_version", "client_version"}
    assert report["engine"]["server_version"]
    statuses = [(s["line"], s["status"]) for s in report["snippets"]]
    assert statuses == [
        (3, "passed"),
        (11, "passed"),
        (22, "failed"),
        (28, "failed"),
        (38, "passed"),
        (42, "passed"),
    ]
    failed = [s for s in report["snippets"] if s["status"] == "failed"]
    assert all(s["output"] and s["reason"] for s in failed)
    assert report["summary"]["failed"] == 2
    assert report["summary"]["pages"][0]["file"].endswith("docker-page.en.md")


@pytest.mark.skipif(
    not package_installed("busybox-static")() or shutil.which("busybox") is None,
    reason="busybox-static is not installed (CI installs it)",
)
def test_the_busybox_stand_in_runs_what_the_pages_ask_of_alpine(
    docker_engine: Engine, tmp_path: Path
) -> None:
    if not docker_engine.info.private:
        pytest.skip("a running engine pulls the real alpine; the stand-in is for private ones")
    alpine = next(recipe for recipe in RECIPES if recipe.image == "alpine")
    builder = StandInBuilder(docker_engine, tmp_path / "cache", tmp_path / "trees", print)

    (record,) = builder.provide([alpine])

    assert (record.image, record.source, record.stand_in) == ("alpine", "built", True)
    assert list((tmp_path / "cache").glob("alpine-*.tar"))
    script = "printenv GREETING; wget -qO- -T 1 http://127.0.0.1:9/ || echo refused"
    done = docker_engine.docker(
        "run", "--rm", "--network", "none", "-e", "GREETING=hello", "alpine", "sh", "-c", script
    )
    assert done.stdout.split() == ["hello", "refused"]
    docker_engine.docker("image", "rm", "-f", "alpine")
    (again,) = StandInBuilder(docker_engine, tmp_path / "cache", tmp_path / "t", print).provide(
        [alpine]
    )
    assert again.source == "cache"
    docker_engine.docker("image", "rm", "-f", "alpine")


def test_the_engine_environment_reaches_the_engine(docker_engine: Engine) -> None:
    done = docker_engine.docker("version", "--format", "{{.Server.Version}}")

    assert done.stdout.strip() == docker_engine.info.server_version
