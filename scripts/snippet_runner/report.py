"""The run's report: `build/snippets-report.json` for tools, and a summary for people (time per
page, what failed with its output, why snippets were skipped, what the pages should fix)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .models import EngineInfo, PageResult, StandInRecord, Status

# Lines of a failed snippet's output shown in the text summary (the JSON keeps more).
SUMMARY_OUTPUT_LINES = 25


@dataclass
class RunReport:
    """Everything one run found."""

    engine: EngineInfo
    pages: list[PageResult] = field(default_factory=list)
    images: list[StandInRecord] = field(default_factory=list)
    seconds: float = 0.0
    setup_seconds: float = 0.0  # engine start and images, before the first page

    def count(self, status: Status) -> int:
        return sum(page.count(status) for page in self.pages)

    @property
    def total(self) -> int:
        return sum(len(page.results) for page in self.pages)

    @property
    def pass_rate(self) -> float:
        return self.count(Status.PASSED) / self.total if self.total else 0.0

    @property
    def failed(self) -> bool:
        return self.count(Status.FAILED) > 0


def to_json(report: RunReport) -> dict[str, object]:
    """The report as the JSON file holds it."""
    snippets: list[dict[str, object]] = []
    for page in report.pages:
        for result in page.results:
            record: dict[str, object] = {
                "file": result.step.file,
                "line": result.step.line,
                "status": result.status.value,
                "reason": result.reason,
                "seconds": round(result.seconds, 2),
            }
            if result.status is Status.FAILED:
                record["output"] = result.output
            snippets.append(record)
    return {
        "engine": {
            "server_version": report.engine.server_version,
            "client_version": report.engine.client_version,
        },
        "snippets": snippets,
        "summary": _summary(report),
    }


def _summary(report: RunReport) -> dict[str, object]:
    engine = report.engine
    return {
        "total": report.total,
        "passed": report.count(Status.PASSED),
        "failed": report.count(Status.FAILED),
        "skipped": report.count(Status.SKIPPED),
        "pass_rate": round(report.pass_rate, 4),
        "seconds": round(report.seconds, 1),
        "setup_seconds": round(report.setup_seconds, 1),
        "engine": {
            "private": engine.private,
            "api_version": engine.api_version,
            "buildkit": engine.buildkit,
            "compose": engine.compose,
            "registry": engine.registry,
        },
        "images": [
            {
                "image": record.image,
                "source": record.source,
                "stand_in": record.stand_in,
                "description": record.description,
            }
            for record in report.images
        ],
        "pages": [
            {
                "file": page.file,
                "seconds": round(page.seconds, 1),
                "passed": page.count(Status.PASSED),
                "failed": page.count(Status.FAILED),
                "skipped": page.count(Status.SKIPPED),
            }
            for page in report.pages
        ],
        "notes": [
            {"file": note.file, "line": note.line, "message": note.message}
            for page in report.pages
            for note in page.notes
        ],
    }


def write_json(report: RunReport, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(to_json(report), ensure_ascii=False, indent=2) + "\n"
    partial = path.with_suffix(path.suffix + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def format_text(report: RunReport, report_path: Path | None = None) -> str:
    """The summary printed at the end of a run."""
    lines = ["", "Time per page:"]
    width = max((len(page.file) for page in report.pages), default=10)
    for page in report.pages:
        counts = (
            f"{page.count(Status.PASSED):3d} passed {page.count(Status.FAILED):2d} failed "
            f"{page.count(Status.SKIPPED):2d} skipped"
        )
        lines.append(f"  {page.file:<{width}}  {counts}  {page.seconds:6.1f} s")

    failures = [r for page in report.pages for r in page.results if r.status is Status.FAILED]
    if failures:
        lines += ["", "Failed snippets (fix the page, or the command, then run again):"]
        for result in failures:
            lines.append(f"  {result.step.where}: {result.reason}")
            tail = result.output.rstrip().splitlines()[-SUMMARY_OUTPUT_LINES:]
            lines += [f"    | {line}" for line in tail]

    reasons = Counter(
        r.reason for page in report.pages for r in page.results if r.status is Status.SKIPPED
    )
    if reasons:
        lines += ["", "Skipped, by reason:"]
        lines += [f"  {count:3d} × {reason}" for reason, count in reasons.most_common()]

    notes = [note for page in report.pages for note in page.notes]
    if notes:
        lines += ["", "For the pages (missing attributes, leftovers):"]
        lines += [f"  {note.where}: {note.message}" for note in notes]

    stand_ins = [record for record in report.images if record.stand_in]
    if stand_ins:
        lines += ["", "Stand-in images (no registry here; not the real images):"]
        lines += [f"  {r.image}: {r.description} ({r.source})" for r in stand_ins]

    engine = report.engine
    kind = "private dockerd" if engine.private else "running engine"
    lines += [
        "",
        f"Engine: {kind} {engine.server_version} (API {engine.api_version}), "
        f"client {engine.client_version}",
        f"Snippets: {report.total} runnable, {report.count(Status.PASSED)} passed, "
        f"{report.count(Status.FAILED)} failed, {report.count(Status.SKIPPED)} skipped; "
        f"pass rate {report.pass_rate:.1%}",
        f"Time: {report.seconds:.1f} s ({report.setup_seconds:.1f} s engine and images)",
    ]
    if report_path is not None:
        lines.append(f"Report: {report_path}")
    return "\n".join(lines)
