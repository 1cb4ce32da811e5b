"""Records of the link check: a link found in a page, and what checking it showed."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from .models import Severity


class LinkStatus(str, Enum):
    """One outcome per link, as in lychee's `Status` type."""

    OK = "ok"
    REDIRECTED = "redirected"
    BROKEN = "broken"
    TIMEOUT = "timeout"
    ERROR = "error"
    RATE_LIMITED = "rate_limited"
    UNVERIFIABLE = "unverifiable"
    EXCLUDED = "excluded"


# How bad each outcome is. Only broken links and failures we are sure of fail the run; a host
# that is slow, rate-limits us or hides behind a bot wall is worth a look, not a red build.
STATUS_SEVERITY: dict[LinkStatus, Severity | None] = {
    LinkStatus.OK: None,
    LinkStatus.REDIRECTED: Severity.INFO,
    LinkStatus.BROKEN: Severity.ERROR,
    LinkStatus.TIMEOUT: Severity.WARNING,
    LinkStatus.ERROR: Severity.ERROR,
    LinkStatus.RATE_LIMITED: Severity.WARNING,
    LinkStatus.UNVERIFIABLE: Severity.WARNING,
    LinkStatus.EXCLUDED: None,
}


class LinkKind(str, Enum):
    """How the link was written in the Markdown source."""

    INLINE = "inline"
    REFERENCE = "reference"
    AUTOLINK = "autolink"
    IMAGE = "image"
    HTML = "html"


@dataclass(frozen=True)
class Link:
    """One link as written in a page.

    `line` is where a reader sees the link; `source_line` is the line that holds the URL's
    bytes (for a reference-style link, the line of its definition).
    """

    url: str
    file: Path
    line: int
    lang: str
    kind: LinkKind
    source_line: int

    @property
    def from_html(self) -> bool:
        """Raw HTML paths are not rewritten by MkDocs: they resolve against the page's URL."""
        return self.kind is LinkKind.HTML


@dataclass
class LinkResult:
    """What checking one URL showed. `rule` and `severity` are set when a finding is due
    even though the status alone would not ask for one (a link to an untranslated page)."""

    status: LinkStatus
    message: str
    rule: str = ""
    http_status: int | None = None
    final_url: str | None = None
    fix_url: str | None = None
    severity: Severity | None = field(default=None)

    @property
    def finding_severity(self) -> Severity | None:
        return self.severity if self.severity is not None else STATUS_SEVERITY[self.status]
