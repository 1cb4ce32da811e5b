"""`validate.py code`: exit codes, JSON shape, and `validate.py` alone running every check."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from code_support import REPO_ROOT

VALIDATE = REPO_ROOT / "scripts" / "validate.py"
FINDING_FIELDS = {"file", "line", "check", "severity", "rule", "message", "lang"}


def validate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(VALIDATE), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO_ROOT,
        check=False,
    )


def test_clean_page_exits_0(tmp_path: Path) -> None:
    page = tmp_path / "clean.md"
    page.write_text("# 제목\n\n```bash\ndocker ps -a\n```\n", encoding="utf-8")

    done = validate("code", str(page))

    assert done.returncode == 0, done.stdout
    assert done.stdout.startswith("OK: 0 errors, 0 warnings, 0 notes (code_blocks 1,")


def test_errors_exit_1_with_json_findings_in_the_shared_shape(tmp_path: Path) -> None:
    page = tmp_path / "broken.md"
    page.write_text('# 제목\n\n```json\n{"a": 1,}\n```\n', encoding="utf-8")

    done = validate("code", str(page), "--format", "json")

    assert done.returncode == 1
    report = json.loads(done.stdout)
    [finding] = report["findings"]
    assert set(finding) == FINDING_FIELDS
    assert (finding["line"], finding["check"], finding["severity"], finding["rule"]) == (
        4,
        "code",
        "error",
        "json-trailing-comma",
    )
    assert finding["lang"] == "ko"
    assert report["summary"]["error"] == 1 and report["summary"]["code_blocks"] == 1
    assert report["code_blocks"] == [
        {"file": finding["file"], "line": 3, "language": "json", "kind": "fenced"}
    ]


def test_github_format_annotates_the_line(tmp_path: Path) -> None:
    page = tmp_path / "broken.md"
    page.write_text("```bash\nif true; then\n```\n", encoding="utf-8")

    done = validate("code", str(page), "--format", "github")

    assert done.returncode == 1
    assert "::error file=" in done.stdout and ",line=2,title=code/shell-syntax::" in done.stdout


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert validate("code", str(tmp_path / "missing.md")).returncode == 2
    assert validate("code", "--format", "yaml").returncode == 2


def test_without_a_check_name_every_check_runs(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text('# 제목\n\n[gone](missing.md)\n\n```json\n{"a": 1,}\n```\n', encoding="utf-8")

    done = validate(str(page), "--offline", "--no-cache", "--format", "json")

    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert {f["check"] for f in report["findings"]} >= {"code", "links"}
    assert "code_blocks" in report["summary"]
