"""Fence attributes against the site's conventions (CONTRIBUTING.md, "Code blocks"):
known classes and keys, runnable-only keys on runnable blocks, real names in runnable blocks."""

from __future__ import annotations

import difflib
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
    if app is not None and not (repo_root / EXAMPLES_FOLDER / app).is_dir():
        add(Severity.ERROR, "code-runnable-app", f'app="{app}": no folder examples/{app}/')
    interrupt = block.interrupt
    if interrupt is not None and not _is_number(interrupt):
        add(Severity.ERROR, "code-attribute", f'interrupt="{interrupt}" must be seconds')
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


def _is_number(text: str) -> bool:
    try:
        return float(text) > 0
    except ValueError:
        return False
