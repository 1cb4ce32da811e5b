"""Prints findings for a person (text), for tools (JSON) or for GitHub Actions (annotations)."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from typing import TextIO

from .models import CheckResult, Finding, Severity

GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def sort_key(finding: Finding) -> tuple[str, int, str]:
    return (finding.file, finding.line, finding.rule)


def counts(findings: list[Finding]) -> dict[str, int]:
    tally = {severity.value: 0 for severity in Severity}
    for finding in findings:
        tally[finding.severity.value] += 1
    return tally


def write_text(result: CheckResult, out: TextIO | None = None) -> None:
    """Findings grouped by file, each `path:line`, then a one-line summary."""
    out = out or sys.stdout  # looked up per call, so that redirected output is honoured
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in sorted(result.findings, key=sort_key):
        by_file[finding.file].append(finding)

    for file, findings in by_file.items():
        out.write(f"{file}\n")
        for finding in findings:
            lang = f" [{finding.lang}]" if finding.lang else ""
            out.write(
                f"  {finding.file}:{finding.line}: {finding.severity.value}{lang} "
                f"{finding.rule}: {finding.message}\n"
            )
        out.write("\n")

    tally = counts(result.findings)
    details = ", ".join(f"{key} {value}" for key, value in result.summary.items())
    verdict = "FAILED" if result.failed else "OK"
    out.write(
        f"{verdict}: {tally['error']} errors, {tally['warning']} warnings, "
        f"{tally['info']} notes" + (f" ({details})" if details else "") + "\n"
    )


def write_json(result: CheckResult, out: TextIO | None = None) -> None:
    """One JSON document; Hangul stays readable (ensure_ascii=False)."""
    out = out or sys.stdout  # looked up per call, so that redirected output is honoured
    document: dict[str, object] = dict(result.extra)
    document["findings"] = [f.to_json() for f in sorted(result.findings, key=sort_key)]
    document["summary"] = {**counts(result.findings), **result.summary}
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")


def escape_github(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def write_github(result: CheckResult, out: TextIO | None = None) -> None:
    """Workflow commands that GitHub Actions shows as annotations on the pull request."""
    out = out or sys.stdout  # looked up per call, so that redirected output is honoured
    for finding in sorted(result.findings, key=sort_key):
        level = GITHUB_LEVELS[finding.severity]
        title = escape_github(f"{finding.check}/{finding.rule}").replace(",", "%2C")
        out.write(
            f"::{level} file={finding.file},line={finding.line},title={title}::"
            f"{escape_github(finding.message)}\n"
        )
    write_text(result, out)


WRITERS = {"text": write_text, "json": write_json, "github": write_github}
