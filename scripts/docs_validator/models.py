"""Records shared by every check: what was found, where, and how bad it is."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum


class Severity(str, Enum):
    """How a finding affects the exit code: only errors make the run fail."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Location:
    """A place in a Markdown file; lines count from 1."""

    file: str
    line: int


@dataclass
class Finding:
    """One problem (or note) with its place, the check that found it and what to do."""

    file: str
    line: int
    check: str
    severity: Severity
    rule: str
    message: str
    lang: str = ""

    def to_json(self) -> dict[str, object]:
        record = asdict(self)
        record["severity"] = self.severity.value
        return record


@dataclass
class CheckResult:
    """What one check produced: findings, plus check-specific records for the JSON report."""

    findings: list[Finding] = field(default_factory=list)
    extra: dict[str, object] = field(default_factory=dict)
    summary: dict[str, object] = field(default_factory=dict)

    def merge(self, other: CheckResult) -> None:
        self.findings.extend(other.findings)
        self.extra.update(other.extra)
        self.summary.update(other.summary)

    @property
    def failed(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)
