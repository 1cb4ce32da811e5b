"""Helpers of the code-check tests: run the check on pages written on the fly or on fixtures."""

from __future__ import annotations

from pathlib import Path

from docs_validator.checks import code
from docs_validator.models import CheckResult, Finding, Severity
from docs_validator.options import Options

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "code"
CASES = FIXTURES / "cases"


def case_text(name: str) -> str:
    """The exact Markdown input of a case of cases.md (C19 → cases/c19.md)."""
    return (CASES / f"{name.lower()}.md").read_text(encoding="utf-8")


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def check_files(root: Path, names: list[str], strict: bool = False) -> CheckResult:
    """The code check on some files of a repository laid out under `root`."""
    options = Options(
        files=[root / name for name in names],
        repo_root=root,
        docs_dir=root / "docs",
        strict=strict,
    )
    return code.run(options)


def check_page(tmp_path: Path, text: str, name: str = "docs/page.md") -> CheckResult:
    """The code check on one page (no language suffix, so no twin is needed)."""
    write_tree(tmp_path, {name: text})
    return check_files(tmp_path, [name])


def of_severity(result: CheckResult, severity: Severity) -> list[Finding]:
    return [finding for finding in result.findings if finding.severity is severity]


def rules(result: CheckResult, severity: Severity | None = None) -> list[str]:
    return [f.rule for f in result.findings if severity is None or f.severity is severity]
