"""A code block together with its page: where its lines are in the Markdown file, and how to
turn a problem in the block into a finding there."""

from __future__ import annotations

from dataclasses import dataclass, field

from .find_blocks import CodeBlock
from .models import Finding, Severity
from .snippets import LineOrigin

CHECK_NAME = "code"


@dataclass
class PageBlock:
    """One block of one page, after the page's snippet includes were expanded."""

    page: str  # repository-relative path of the Markdown file
    lang: str  # the page's language (ko, en)
    block: CodeBlock
    origins: list[LineOrigin] = field(default_factory=list)  # per line of the expanded page

    @property
    def language(self) -> str:
        return self.block.language.lower()

    def origin(self, expanded_line: int) -> LineOrigin:
        if 1 <= expanded_line <= len(self.origins):
            return self.origins[expanded_line - 1]
        return LineOrigin(expanded_line)

    def page_line(self, content_index: int | None) -> int:
        """The Markdown line of a content line (from 0); None means the fence line."""
        if content_index is None:
            return self.origin(self.block.fence_line).line
        content_index = max(min(content_index, len(self.block.lines) - 1), 0)
        return self.origin(self.block.markdown_line(content_index)).line

    def finding(
        self, content_index: int | None, severity: Severity, rule: str, message: str
    ) -> Finding:
        """A finding at a content line, naming the included file when the line came from one.
        Tools that report the end of input (one past the last line) get the last line."""
        if content_index is not None:
            content_index = max(min(content_index, len(self.block.lines) - 1), 0)
        expanded = (
            self.block.fence_line
            if content_index is None
            else self.block.markdown_line(content_index)
        )
        origin = self.origin(expanded)
        if origin.source:
            message = f"{message} (in {origin.source}:{origin.source_line})"
        return Finding(
            file=self.page,
            line=origin.line,
            check=CHECK_NAME,
            severity=severity,
            rule=rule,
            message=message,
            lang=self.lang,
        )
