"""What the external linters' checks (shellcheck, hadolint) report about a block the linter did
not read: one too long for it, or one in a batch it failed on. Each check names what still ran
and where to look, so the reader knows how much of the block was checked."""

from __future__ import annotations

from .external_tools import MAX_LINTED_BLOCK_CHARS
from .models import Finding, Severity
from .page_blocks import PageBlock


def too_long_to_lint(item: PageBlock, tool: str, still_ran: str) -> Finding:
    """A note: `tool` skipped a block over MAX_LINTED_BLOCK_CHARS; `still_ran` names what ran."""
    return item.finding(
        None,
        Severity.INFO,
        "block-too-long-for-linter",
        f"block longer than {MAX_LINTED_BLOCK_CHARS:,} characters: {tool} skipped it "
        f"({still_ran}); split it or include the file instead",
    )


def linter_failed(item: PageBlock, tool: str, reason: str, suspect: str) -> Finding:
    """A warning: `tool` failed on the batch holding this block; `suspect` says what to look for."""
    return item.finding(
        None,
        Severity.WARNING,
        "tool-failed",
        f"{tool} did not check this block: {reason}; rerun the check, and if it fails again "
        f"look for {suspect}",
    )
