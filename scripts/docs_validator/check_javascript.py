"""JavaScript blocks: compiled (never run) by one node process for all blocks, like
`node --check`. `{ ... }` elisions are a warning, and the rest of the block is still checked."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .external_tools import find_tool, run_tool
from .models import Finding, Severity
from .page_blocks import PageBlock

JAVASCRIPT_LANGUAGES = frozenset({"javascript", "js", "mjs", "cjs", "node"})
NODE_PROGRAM = Path(__file__).resolve().parent / "data" / "js_syntax_check.cjs"

# `...` that is not spread syntax (`...args`, `...[`, `...{`, `...(`): an elision.
# Limitation: found by pattern, also inside strings and template literals.
RE_ELISION = re.compile(r"\.\.\.(?=\s*[,;)\]}]|\s*$)|…", re.M)


def elide(source: str) -> tuple[str, int | None]:
    """The source with elisions blanked out, and the line (from 0) of the first one."""
    first = RE_ELISION.search(source)
    if first is None:
        return source, None
    line = source.count("\n", 0, first.start())
    return RE_ELISION.sub(lambda match: " " * len(match.group(0)), source), line


def check_javascript_blocks(items: list[PageBlock]) -> list[Finding]:
    findings: list[Finding] = []
    sources: list[str] = []
    for item in items:
        source, elided_at = elide(item.block.content)
        sources.append(source)
        if elided_at is not None:
            findings.append(
                item.finding(
                    elided_at,
                    Severity.WARNING,
                    "javascript-elision",
                    "elided example (...): readers cannot run it as it is",
                )
            )
    if not items:
        return findings

    node = find_tool("node")
    if node is None:
        return [
            *findings,
            items[0].finding(
                None, Severity.INFO, "tool-missing", "node is not installed: JS not checked"
            ),
        ]
    result = run_tool(
        [node, "--no-warnings", "--experimental-vm-modules", str(NODE_PROGRAM)],
        stdin=json.dumps(sources),
    )
    try:
        verdicts = json.loads(result.stdout)
    except json.JSONDecodeError:
        message = f"node could not check the JavaScript blocks: {result.stderr.strip()[:200]}"
        return [*findings, items[0].finding(None, Severity.INFO, "tool-failed", message)]

    for item, verdict in zip(items, verdicts, strict=False):
        if not verdict.get("ok"):
            last_line = max(len(item.block.lines) - 1, 0)  # errors in node's wrapper
            line = min(max(int(verdict.get("line") or 1) - 1, 0), last_line)
            findings.append(
                item.finding(
                    line,
                    Severity.ERROR,
                    "javascript-syntax",
                    f"node: SyntaxError: {verdict.get('message', '')}",
                )
            )
    return findings
