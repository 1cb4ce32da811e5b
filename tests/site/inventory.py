"""Reads the commands, flags and Dockerfile instructions that the content audit inventories.

The audit (../shared/brief/content-audit.md) lists them in tables §1.3 and §1.4. A copy of
what it lists is kept in tests/data/inventory.json so the tests run without ../shared; a test
compares the copy with the audit whenever the audit is there.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
AUDIT = REPO_ROOT.parent / "shared" / "brief" / "content-audit.md"
INVENTORY_COPY = REPO_ROOT / "tests" / "data" / "inventory.json"

BACKTICKED = re.compile(r"`([^`]+)`")


@dataclass(frozen=True)
class CommandItem:
    """One row of §1.3: a command and the flags the notes use with it."""

    row: str
    command: str
    flags: tuple[str, ...]


def table_rows(section: str, prefix: str) -> list[list[str]]:
    rows = []
    for line in section.splitlines():
        if line.startswith(f"| {prefix}"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def flags_of(cell: str) -> tuple[str, ...]:
    """`-p/--publish`, `-v` (with `:ro`) -> ("-p", "--publish", "-v", ":ro")."""
    flags: list[str] = []
    for token in BACKTICKED.findall(cell):
        for part in token.split("/"):
            if part.startswith("-") or part == ":ro":
                flags.append(part)
    return tuple(flags)


def parse_audit(text: str) -> dict[str, object]:
    commands_part = text.split("### 1.3 Commands and flags")[1].split("Non-Docker commands")[0]
    instructions_part = text.split("### 1.4 Dockerfile instructions")[1].split("Plus the")[0]

    commands = []
    for row_id, command_cell, flags_cell, *_ in table_rows(commands_part, "D"):
        command = BACKTICKED.findall(command_cell)[0]
        commands.append({"row": row_id, "command": command, "flags": list(flags_of(flags_cell))})

    instructions = [BACKTICKED.findall(row[0])[0] for row in table_rows(instructions_part, "`")]
    return {"commands": commands, "dockerfile_instructions": instructions}


def load_inventory() -> dict[str, object]:
    return json.loads(INVENTORY_COPY.read_text(encoding="utf-8"))


def command_items() -> list[CommandItem]:
    return [
        CommandItem(item["row"], item["command"], tuple(item["flags"]))
        for item in load_inventory()["commands"]
    ]


if __name__ == "__main__":
    # Refresh the copy after the audit changes: python tests/site/inventory.py
    inventory = parse_audit(AUDIT.read_text(encoding="utf-8"))
    INVENTORY_COPY.write_text(
        json.dumps(inventory, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(f"wrote {INVENTORY_COPY}: {len(inventory['commands'])} commands")
