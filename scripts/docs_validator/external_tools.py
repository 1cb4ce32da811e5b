"""Finds and runs the external checkers (bash, shellcheck, hadolint, node) in batches.

Each tool runs once per batch of blocks, not once per block, so the whole site checks in a
few seconds. A tool that is missing is reported once as a note, never as an error.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Generous: a batch of the whole site takes well under a second; a hang must not block CI.
BATCH_TIMEOUT_SECONDS = 60
# `bash -n` on one block takes a few milliseconds; more means something is wrong.
BASH_TIMEOUT_SECONDS = 10
# `bash -n` has no batch mode; blocks are checked in parallel, a few at a time (2-core CI).
BASH_WORKERS = 4
# shellcheck and hadolint read the whole site in well under 200 MiB; the cap stops one
# pathological block from exhausting the memory of a CI runner. (Not applied to node: V8
# reserves far more address space than it uses.)
LINTER_MEMORY_BYTES = 1024 * 1024 * 1024
# Blocks longer than this go to `bash -n` only (and our own checks): shellcheck and hadolint
# slow down sharply on huge inputs and one such block would hold up the whole batch. The
# longest real block of the site is under 5,000 characters.
MAX_LINTED_BLOCK_CHARS = 50_000


@dataclass(frozen=True)
class ToolRun:
    """What a tool printed and how it ended."""

    returncode: int
    stdout: str
    stderr: str


@lru_cache(maxsize=16)
def find_tool(name: str) -> str | None:
    """The tool from this virtualenv (PyPI-installed binaries) or from PATH."""
    beside_python = Path(sys.executable).parent / name
    if beside_python.is_file() and os.access(beside_python, os.X_OK):
        return str(beside_python)
    return shutil.which(name)


def run_tool(
    command: Sequence[str],
    stdin: str | None = None,
    timeout: float = BATCH_TIMEOUT_SECONDS,
    cwd: Path | None = None,
    memory_limit: int | None = None,
) -> ToolRun:
    """Run a tool to the end; a timeout or a start failure becomes returncode -1 with the
    reason in stderr. `memory_limit` caps the tool's address space (bytes)."""

    def limit_memory() -> None:
        if memory_limit is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    try:
        done = subprocess.run(
            list(command),
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            cwd=cwd,
            check=False,
            preexec_fn=limit_memory if memory_limit is not None else None,
        )
    except subprocess.TimeoutExpired:
        return ToolRun(-1, "", f"{command[0]} did not finish within {timeout:g} s")
    except OSError as error:
        return ToolRun(-1, "", f"{command[0]} could not start: {error}")
    return ToolRun(done.returncode, done.stdout, done.stderr)


def tool_failure(name: str, result: ToolRun, ok_codes: Sequence[int]) -> str | None:
    """Why a tool's output cannot be trusted (timeout, crash, killed), or None if it ran."""
    if result.returncode in ok_codes:
        return None
    if result.returncode == -1 and result.stderr:
        reason = result.stderr.strip()
    elif result.returncode < 0:
        reason = f"{name} was killed by signal {-result.returncode}"
    else:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1][:200]
        reason = f"{name} failed with exit status {result.returncode} ({last})"
    return reason


def bash_syntax(scripts: Sequence[str]) -> list[ToolRun]:
    """`bash -n` on each script (read from standard input), in parallel."""
    bash = find_tool("bash")
    if bash is None:
        return [ToolRun(-1, "", "bash is not installed") for _ in scripts]

    def check(script: str) -> ToolRun:
        return run_tool([bash, "-n"], stdin=script, timeout=BASH_TIMEOUT_SECONDS)

    with ThreadPoolExecutor(max_workers=BASH_WORKERS) as pool:
        return list(pool.map(check, scripts))
