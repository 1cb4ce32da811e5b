"""Prints findings for a person (text), for tools (JSON) or for GitHub Actions (annotations)."""

from __future__ import annotations

import dataclasses
import json
import re
import sys
from collections import defaultdict
from typing import TextIO

from .models import CheckResult, Finding, Severity

GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
# Control characters a server or a file name may carry (ESC, BEL, …) would drive the reader's
# terminal; newline and tab are layout and stay.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(value: str) -> str:
    """`value` safe to print: control characters dropped, and the lone surrogates of an
    undecodable file name (os.fsdecode) shown as U+FFFD so the output stays valid UTF-8."""
    value = CONTROL_CHARACTERS.sub("", value)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raw = value.encode("utf-8", "surrogateescape") if _escaped_only(value) else None
        if raw is None:
            return value.encode("utf-8", "backslashreplace").decode("utf-8")
        return raw.decode("utf-8", "replace")
    return value


def _escaped_only(value: str) -> bool:
    """True when every surrogate in `value` is one that surrogateescape made from a byte."""
    return all("\udc80" <= char <= "\udcff" for char in value if "\ud800" <= char <= "\udfff")


def _printable_finding(finding: Finding) -> Finding:
    return dataclasses.replace(
        finding, file=printable(finding.file), message=printable(finding.message)
    )


def _printable_document(value: object) -> object:
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable(str(key)): _printable_document(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_printable_document(item) for item in value]
    return value


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
        finding = _printable_finding(finding)
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
    json.dump(_printable_document(document), out, ensure_ascii=False, indent=2)
    out.write("\n")


def escape_github(value: str) -> str:
    """A workflow command's message: %, CR and LF are encoded."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_github_property(value: str) -> str:
    """A workflow command's property (file=, title=): also : and , which end one."""
    return escape_github(value).replace(":", "%3A").replace(",", "%2C")


def write_github(result: CheckResult, out: TextIO | None = None) -> None:
    """Workflow commands that GitHub Actions shows as annotations on the pull request."""
    out = out or sys.stdout  # looked up per call, so that redirected output is honoured
    for finding in sorted(result.findings, key=sort_key):
        finding = _printable_finding(finding)
        level = GITHUB_LEVELS[finding.severity]
        file = escape_github_property(finding.file)
        title = escape_github_property(f"{finding.check}/{finding.rule}")
        out.write(
            f"::{level} file={file},line={finding.line},title={title}::"
            f"{escape_github(finding.message)}\n"
        )
    write_text(result, out)


WRITERS = {"text": write_text, "json": write_json, "github": write_github}
