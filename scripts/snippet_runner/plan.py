"""Turns a page's runnable blocks into steps: their attributes, the output blocks each must
print, the page's own skip rules (a `skip=` attribute, a block in another language than bash,
a URL on the internet), and notes on attributes the page lacks. The rules that depend on the
engine are in skips.py."""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path

from docs_validator.find_blocks import CodeBlock, find_code_blocks

from .commands import docker_commands
from .models import Expectation, PageNote, PagePlan, Step

# Languages the runner executes. Everything else marked `.runnable` needs `skip=`.
SHELL_LANGUAGES = ("bash", "sh", "shell")
# Blocks that may stand between a command and its output: the other tabs of a shell choice.
TAB_TWIN_LANGUAGES = ("powershell", "pwsh", "ps1", "bat", "cmd", "batch", "console", "zsh")

# Host names a snippet may reach without the internet: this machine and its containers.
LOCAL_HOSTS = ("localhost", "host.docker.internal", "gateway.docker.internal")
RE_URL = re.compile(r"\bhttps?://(\[[^\]]+\]|[^/\s:'\"`)]+)")

RE_INTERACTIVE = re.compile(
    r"\bdocker\s+(?:container\s+)?(?:run|exec|start|create)\b[^\n|;&]*\s-(?:[a-z]*t[a-z]*i|"
    r"[a-z]*i[a-z]*t|[a-z]*a[a-z]*i|[a-z]*i[a-z]*a)\b"
)


def plan_page(path: Path, repo_root: Path) -> PagePlan:
    """The steps of the page at `path` (its text read as UTF-8)."""
    file = path.resolve().relative_to(repo_root.resolve()).as_posix()
    return plan_text(path.read_text(encoding="utf-8"), file)


def plan_text(text: str, file: str) -> PagePlan:
    """The steps of a page's Markdown text, clean-up blocks moved to the end."""
    plan = PagePlan(file)
    steps: list[Step] = []
    current: Step | None = None  # the step an output block below would belong to
    for block in find_code_blocks(text):
        if block.runnable:
            current = _make_step(block, file, plan)
            steps.append(current)
        elif block.has_class("output"):
            if current is not None and not block.has_class("sample"):
                lines = tuple(line for line in block.lines if line.strip())
                current.expectations.append(Expectation(block.fence_line, lines))
        elif block.language.lower() not in TAB_TWIN_LANGUAGES:
            current = None

    plan.steps = [step for step in steps if not step.cleanup]
    plan.steps += [step for step in steps if step.cleanup]
    _note_missing_attributes(plan)
    return plan


def _make_step(block: CodeBlock, file: str, plan: PagePlan) -> Step:
    step = Step(
        file=file,
        line=block.fence_line,
        language=block.language.lower(),
        script=block.content,
        app=block.app,
        wait=block.wait,
        input=block.input,
        expect_fail=block.expect_fail,
        cleanup=block.has_class("cleanup"),
    )
    if block.interrupt is not None:
        try:
            step.interrupt = float(block.interrupt)
        except ValueError:
            step.problem = f'interrupt="{block.interrupt}" is not a number of seconds'
            plan.notes.append(PageNote(file, step.line, step.problem))
    step.skip_reason = block.skip or page_skip_reason(step)
    if block.skip is None and step.skip_reason:
        plan.notes.append(PageNote(file, step.line, f"needs skip=: it {step.skip_reason}"))
    return step


def page_skip_reason(step: Step) -> str | None:
    """Why a step without `skip=` cannot run anywhere, or None."""
    if step.language not in SHELL_LANGUAGES:
        return f"is a {step.language or 'plain'} block, and the runner runs bash only"
    if not step.expect_fail:
        host = internet_host(step.script)
        if host:
            return f"reaches {host} on the internet"
    return None


def internet_host(script: str) -> str | None:
    """The first host on the internet a URL in the script names, or None."""
    for match in RE_URL.finditer(script):
        host = match.group(1).strip("[]").lower()
        if "$" in host or "<" in host:
            continue
        if not _is_local_host(host):
            return host
    return None


def _is_local_host(host: str) -> bool:
    if host in LOCAL_HOSTS or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return "." not in host  # a container or service name on a Docker network
    return address.is_loopback or address.is_private or address.is_unspecified


def _note_missing_attributes(plan: PagePlan) -> None:
    """Attributes a page needs for its commands to run unattended."""
    for step in plan.steps:
        if step.skip_reason or step.expect_fail:
            continue
        if step.input is None and RE_INTERACTIVE.search(step.script):
            plan.notes.append(
                PageNote(plan.file, step.line, "an interactive command without input=")
            )
        if step.wait is None and _starts_detached_server(step.script):
            plan.notes.append(
                PageNote(
                    plan.file, step.line, "a `docker run -d` with a published port lacks wait="
                )
            )
    creates = any(_creates_things(step.script) for step in plan.steps if not step.skip_reason)
    if creates and not any(step.cleanup for step in plan.steps):
        first = plan.steps[0].line if plan.steps else 1
        plan.notes.append(
            PageNote(plan.file, first, "creates containers or volumes but has no clean-up block")
        )


def _starts_detached_server(script: str) -> bool:
    return any(
        words[:1] == ["run"] and "-d" in words and any(w in ("-p", "--publish") for w in words)
        for words in docker_commands(script)
    )


def _creates_things(script: str) -> bool:
    for words in docker_commands(script):
        if words[:1] in (["run"], ["create"]) and "--rm" not in words:
            return True
        if words[:2] in (["volume", "create"], ["network", "create"]):
            return True
    return False
