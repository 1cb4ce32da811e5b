"""Compares what a command printed with the `.output` blocks the page shows below it.

Each non-blank line of an output block must appear as a whole line of the output, compared
with runs of spaces collapsed (tables are aligned with spaces), terminal escapes and carriage
returns removed, and Unicode in NFC. Order is not checked: the engine lists some things
(mounts, networks) in no fixed order. A line shown twice must be printed twice.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .models import Expectation

# Terminal control sequences (colours, cursor moves) and other C0 controls but tab/newline.
RE_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]|[\x00-\x08\x0b-\x1f\x7f]")
RE_SPACES = re.compile(r"[ \t]+")


@dataclass(frozen=True)
class Mismatch:
    """The expected lines the output lacks, and where the page shows them."""

    expectation: Expectation
    missing: tuple[str, ...]

    def describe(self) -> str:
        shown = "; ".join(repr(line) for line in self.missing)
        return f"output differs from the block at line {self.expectation.line}: missing {shown}"


def normalize_line(line: str) -> str:
    """A line as compared: no escapes, spaces collapsed, NFC."""
    line = RE_ESCAPES.sub("", line.replace("\r", ""))
    return RE_SPACES.sub(" ", unicodedata.normalize("NFC", line)).strip()


def output_lines(output: str) -> list[str]:
    """The normalized lines of an output (a terminal's \\r\\n counts as one line end)."""
    text = output.replace("\r\n", "\n")
    return [normalize_line(line) for line in text.split("\n")]


def check_expectations(expectations: list[Expectation], output: str) -> Mismatch | None:
    """The first expectation the output does not meet, or None."""
    printed = Counter(output_lines(output))
    for expectation in expectations:
        available = printed.copy()
        missing: list[str] = []
        for line in expectation.lines:
            wanted = normalize_line(line)
            if not wanted:
                continue
            if available[wanted] > 0:
                available[wanted] -= 1
            else:
                missing.append(line.strip())
        if missing:
            return Mismatch(expectation, tuple(missing))
    return None
