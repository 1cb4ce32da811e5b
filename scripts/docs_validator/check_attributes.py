"""Fence attributes against the site's conventions (CONTRIBUTING.md, "Code blocks"):
known classes and keys, runnable-only keys on runnable blocks, real names in runnable blocks."""

from __future__ import annotations

import difflib
import math
from pathlib import Path

from .models import Finding, Severity
from .page_blocks import PageBlock
from .placeholders import find_placeholders

KNOWN_CLASSES = ("runnable", "syntax", "output", "sample", "fragment", "cleanup")
RUNNABLE_ATTRIBUTES = ("app", "wait", "skip", "interrupt", "input", "expect_fail")
# Keys that pymdownx.highlight or attr_list give a meaning to.
RENDERER_ATTRIBUTES = ("title", "linenums", "hl_lines", "id", "title_mode")
RUNNABLE_LANGUAGES = frozenset({"bash", "sh", "shell", "console"})
EXAMPLES_FOLDER = "examples"
# interrupt="…" stops a long-running command after that many seconds; the pages use 3. Over
# ten minutes would hold up the snippet run, and inf or nan would never stop it.
INTERRUPT_SECONDS_RANGE = (0.1, 600.0)


def check_attributes(item: PageBlock, repo_root: Path) -> list[Finding]:
    block = item.block
    findings: list[Finding] = []

    def add(severity: Severity, rule: str, message: str, line: int | None = None) -> None:
        findings.append(item.finding(line, severity, rule, message))

    for name in block.classes:
        if name not in KNOWN_CLASSES:
            hint = _hint(name, KNOWN_CLASSES, ".")
            add(Severity.WARNING, "code-attribute", f"unknown class .{name}{hint}")
    for key in block.attributes:
        if key.startswith("data-") or key in RENDERER_ATTRIBUTES or key in RUNNABLE_ATTRIBUTES:
            continue
        hint = _hint(key, RUNNABLE_ATTRIBUTES + RENDERER_ATTRIBUTES, "")
        add(Severity.WARNING, "code-attribute", f"unknown attribute {key}=…{hint}")

    if not block.runnable:
        for key in RUNNABLE_ATTRIBUTES:
            if key in block.attributes:
                add(
                    Severity.WARNING,
                    "code-attribute",
                    f'{key}="…" only means something on a .runnable block',
                )
        return findings

    if item.language not in RUNNABLE_LANGUAGES:
        add(
            Severity.WARNING,
            "code-attribute",
            f"only shell blocks run; .runnable on a '{block.language}' block has no effect",
        )
    app = block.app
    if app is not None:
        problem = _app_problem(app, repo_root)
        if problem is not None:
            add(Severity.ERROR, "code-runnable-app", problem)
    interrupt = block.interrupt
    low, high = INTERRUPT_SECONDS_RANGE
    if interrupt is not None and not _is_seconds(interrupt, low, high):
        add(
            Severity.ERROR,
            "code-attribute",
            f'interrupt="{interrupt}" must be a number of seconds from {low:g} to {high:g}',
        )
    expect_fail = block.attributes.get("expect_fail")
    if expect_fail is not None and expect_fail.lower() not in ("true", "false"):
        add(Severity.WARNING, "code-attribute", f'expect_fail="{expect_fail}": true or false')

    for index, line in enumerate(block.lines):
        for match in find_placeholders(line):
            add(
                Severity.ERROR,
                "code-runnable-placeholder",
                f"placeholder {match.group(0)} in a runnable block: runnable blocks hold real "
                "names (CONTRIBUTING.md, example apps and names)",
                index,
            )
    return findings


def _hint(name: str, candidates: tuple[str, ...], prefix: str) -> str:
    close = difflib.get_close_matches(name, candidates, n=1)
    return f"; did you mean {prefix}{close[0]}?" if close else ""


def _is_seconds(text: str, low: float, high: float) -> bool:
    try:
        value = float(text)
    except ValueError:
        return False
    return math.isfinite(value) and low <= value <= high


def _app_problem(app: str, repo_root: Path) -> str | None:
    """Why app="…" does not name a folder of examples/, or None."""
    examples = (repo_root / EXAMPLES_FOLDER).resolve()
    try:
        folder = (examples / app).resolve()
    except (OSError, ValueError):  # a NUL byte, a symlink loop
        folder = None
    if folder is None or not app or Path(app).is_absolute() or ".." in Path(app).parts:
        return f'app="{app}" must name a folder inside examples/ (no "..", no absolute path)'
    if not folder.is_relative_to(examples):
        return f'app="{app}" leads outside examples/ (through a symbolic link)'
    if not folder.is_dir():
        return f'app="{app}": no folder examples/{app}/'
    return None
