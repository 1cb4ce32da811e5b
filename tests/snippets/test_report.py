"""The report: the JSON shape `make snippets` promises, and the summary people read."""

from __future__ import annotations

import json
from pathlib import Path

from runner_fixtures import OLD_PRIVATE_ENGINE
from snippet_runner.models import (
    PageNote,
    PageResult,
    StandInRecord,
    Status,
    Step,
    StepResult,
)
from snippet_runner.report import RunReport, format_text, to_json, write_json


def result(file: str, line: int, status: Status, reason: str = "", output: str = "") -> StepResult:
    step = Step(file=file, line=line, language="bash", script="docker ps")
    return StepResult(step, status, reason, seconds=1.234, output=output)


def sample_report() -> RunReport:
    volumes = PageResult(
        "docs/data/volumes.ko.md",
        results=[
            result("docs/data/volumes.ko.md", 13, Status.PASSED),
            result("docs/data/volumes.ko.md", 40, Status.FAILED, "exit code 1", "볼륨 없음\n"),
            result("docs/data/volumes.ko.md", 55, Status.SKIPPED, "needs the internet"),
        ],
        notes=[PageNote("docs/data/volumes.ko.md", 90, "its clean-up block leaves volume x")],
        seconds=12.5,
    )
    images = PageResult(
        "docs/cli/images.en.md",
        results=[result("docs/cli/images.en.md", 61, Status.PASSED)],
        seconds=3.0,
    )
    return RunReport(
        engine=OLD_PRIVATE_ENGINE,
        pages=[volumes, images],
        images=[StandInRecord("node:24-slim", "cache", True, "Debian bookworm's nodejs")],
        seconds=80.0,
        setup_seconds=20.0,
    )


def test_json_has_the_promised_shape() -> None:
    data = to_json(sample_report())

    assert set(data) == {"engine", "snippets", "summary"}
    assert data["engine"] == {"server_version": "20.10.24+dfsg1", "client_version": "28.2.2"}
    snippets = data["snippets"]
    assert isinstance(snippets, list)
    assert snippets[0] == {
        "file": "docs/data/volumes.ko.md",
        "line": 13,
        "status": "passed",
        "reason": "",
        "seconds": 1.23,
    }
    assert {s["status"] for s in snippets} == {"passed", "failed", "skipped"}
    failed = [s for s in snippets if s["status"] == "failed"]
    assert failed == [
        {
            "file": "docs/data/volumes.ko.md",
            "line": 40,
            "status": "failed",
            "reason": "exit code 1",
            "seconds": 1.23,
            "output": "볼륨 없음\n",
        }
    ]


def test_summary_counts_pass_rate_and_time_per_page() -> None:
    summary = to_json(sample_report())["summary"]

    assert isinstance(summary, dict)
    assert (summary["total"], summary["passed"], summary["failed"], summary["skipped"]) == (
        4,
        2,
        1,
        1,
    )
    assert summary["pass_rate"] == 0.5
    assert summary["pages"] == [
        {
            "file": "docs/data/volumes.ko.md",
            "seconds": 12.5,
            "passed": 1,
            "failed": 1,
            "skipped": 1,
        },
        {"file": "docs/cli/images.en.md", "seconds": 3.0, "passed": 1, "failed": 0, "skipped": 0},
    ]
    assert summary["images"][0]["stand_in"] is True
    assert summary["notes"] == [
        {
            "file": "docs/data/volumes.ko.md",
            "line": 90,
            "message": "its clean-up block leaves volume x",
        }
    ]


def test_the_json_file_keeps_hangul_readable(tmp_path: Path) -> None:
    path = tmp_path / "build" / "snippets-report.json"

    write_json(sample_report(), path)

    text = path.read_text(encoding="utf-8")
    assert "볼륨 없음" in text
    assert json.loads(text)["summary"]["failed"] == 1


def test_the_summary_shows_failures_with_their_output_and_the_time_per_page() -> None:
    text = format_text(sample_report(), Path("build/snippets-report.json"))

    assert "docs/data/volumes.ko.md:40: exit code 1" in text
    assert "    | 볼륨 없음" in text
    assert "docs/data/volumes.ko.md    1 passed  1 failed  1 skipped    12.5 s" in text
    assert "  1 × needs the internet" in text
    assert "node:24-slim: Debian bookworm's nodejs (cache)" in text
    assert "4 runnable, 2 passed, 1 failed, 1 skipped; pass rate 50.0%" in text
    assert sample_report().failed
