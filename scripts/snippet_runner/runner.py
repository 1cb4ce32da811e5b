"""Runs the pages one after another on one engine: each page in a fresh copy of the example
apps, its steps in order, its clean-up blocks last; then it removes what the page left."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import system
from .engine import Engine, Snapshot
from .execute import Execution, ShellRun, run_shell, wait_for
from .expect import check_expectations
from .models import PageNote, PagePlan, PageResult, Status, Step, StepResult
from .plan import (
    RE_INTERACTIVE,
    SkippedOutputs,
    api_older,
    dockerfile_skip_reason,
    engine_skip_reason,
)

# The output kept in the report for a failed step: the end, where the error is.
REPORT_OUTPUT_CHARS = 4000
# The client's words when a flag needs a newer engine than this one.
RE_API_REFUSAL = re.compile(r"requires API version (\d+\.\d+)")


@dataclass
class Workspace:
    """Where one page's snippets run: a copy of examples/ and an empty scratch folder."""

    root: Path

    @classmethod
    def fresh(cls, pages_dir: Path, page_file: str, examples: Path) -> Workspace:
        slug = re.sub(r"[^\w.-]", "_", page_file.removesuffix(".md"))
        root = pages_dir / slug
        if root.exists():
            shutil.rmtree(root)
        (root / "scratch").mkdir(parents=True)
        if examples.is_dir():
            shutil.copytree(examples, root / "examples", symlinks=True)
        return cls(root)

    @property
    def scratch(self) -> Path:
        return self.root / "scratch"

    def app(self, name: str) -> Path:
        return self.root / "examples" / name

    @property
    def state(self) -> Path:
        return self.root / "state"


@dataclass
class PageRun:
    """The state one page builds up as it runs, like a reader's terminal session."""

    plan: PagePlan
    workspace: Workspace
    env: dict[str, str]
    skipped: SkippedOutputs = field(default_factory=SkippedOutputs)
    sessions: dict[int, Step] = field(default_factory=dict)


class Runner:
    """Runs page plans on an engine."""

    def __init__(
        self,
        engine: Engine,
        pages_dir: Path,
        examples: Path,
        progress: Callable[[str], None],
    ) -> None:
        self.engine = engine
        self.pages_dir = pages_dir
        self.examples = examples
        self.progress = progress

    def run_page(self, plan: PagePlan) -> PageResult:
        start = time.monotonic()
        result = PageResult(plan.file, notes=list(plan.notes))
        before = self.engine.snapshot()
        page = PageRun(
            plan,
            Workspace.fresh(self.pages_dir, plan.file, self.examples),
            dict(self.engine.env),
        )
        self.progress(f"{plan.file} ({len(plan.steps)} snippets)")
        for step in plan.steps:
            step_result = self.run_step(step, page)
            result.results.append(step_result)
            self.progress(_progress_line(step_result))
        result.notes += self._clean_up(page, before)
        result.seconds = time.monotonic() - start
        return result

    def run_step(self, step: Step, page: PageRun) -> StepResult:
        start = time.monotonic()
        if step.problem:
            return StepResult(step, Status.FAILED, step.problem)
        info = self.engine.info
        reason = step.skip_reason or page.skipped.reason_for(step) or engine_skip_reason(step, info)
        cwd = page.workspace.app(step.app) if step.app else page.workspace.scratch
        if not reason and not cwd.is_dir():
            return StepResult(
                step, Status.FAILED, f"app={step.app!r}: examples/{step.app} is missing"
            )
        reason = reason or dockerfile_skip_reason(step, cwd, info)
        if reason:
            page.skipped.note(step, reason)
            return StepResult(step, Status.SKIPPED, reason)

        execution = run_shell(
            ShellRun(
                script=step.script,
                cwd=cwd,
                env=page.env,
                state_dir=page.workspace.state,
                terminal=step.input is not None or bool(RE_INTERACTIVE.search(step.script)),
                input=step.input,
                interrupt=step.interrupt,
            )
        )
        page.env.update(execution.env_changes)
        page.sessions[execution.session] = step
        status, reason = self._judge(step, execution)
        if status is Status.PASSED and step.wait:
            problem = wait_for(step.wait, page.env)
            if problem:
                status, reason = Status.FAILED, problem
        seconds = time.monotonic() - start
        output = execution.output[-REPORT_OUTPUT_CHARS:] if status is Status.FAILED else ""
        if status is Status.SKIPPED:
            page.skipped.note(step, reason)
        return StepResult(step, status, reason, seconds, output)

    def _judge(self, step: Step, execution: Execution) -> tuple[Status, str]:
        """Passed, failed or (an engine too old for a flag) skipped, and why."""
        exit_code, output = execution.exit_code, execution.output
        if execution.timed_out:
            return Status.FAILED, f"still running after {execution.seconds:.0f} s; stopped"
        if execution.interrupted and execution.forced:
            return Status.FAILED, "did not stop after Ctrl+C; stopped"
        if not execution.interrupted:
            refusal = RE_API_REFUSAL.search(output)
            if exit_code != 0 and refusal and api_older(self.engine.info.api_version, refusal[1]):
                return Status.SKIPPED, (
                    f"needs API {refusal[1]}; this engine ({self.engine.info.server_version}) "
                    f"speaks API {self.engine.info.api_version}"
                )
            if step.expect_fail and exit_code == 0:
                return Status.FAILED, "expected to fail (expect_fail), but it succeeded"
            if not step.expect_fail and exit_code != 0:
                return Status.FAILED, f"exit code {exit_code}"
        mismatch = check_expectations(step.expectations, output)
        if mismatch:
            return Status.FAILED, mismatch.describe()
        return Status.PASSED, ""

    def _clean_up(self, page: PageRun, before: Snapshot) -> list[PageNote]:
        """Stop what the page's snippets left running, remove what they left in the engine."""
        notes: list[PageNote] = []
        for process in system.processes_in_sessions(set(page.sessions)):
            step = page.sessions[process.session]
            notes.append(PageNote(step.file, step.line, f"left running: {process.command}"))
        system.stop_processes(system.processes_in_sessions(set(page.sessions)))

        removed = self.engine.remove_since(before)
        if removed:
            cleanup = [step for step in page.plan.steps if step.cleanup]
            line = (
                cleanup[-1].line
                if cleanup
                else (page.plan.steps[-1].line if page.plan.steps else 1)
            )
            where = "its clean-up block" if cleanup else "the page (it has no clean-up block)"
            notes.append(
                PageNote(page.plan.file, line, f"{where} leaves {', '.join(removed)} behind")
            )
        return notes


def _progress_line(result: StepResult) -> str:
    label = {Status.PASSED: "passed ", Status.FAILED: "FAILED ", Status.SKIPPED: "skipped"}
    text = f"  {label[result.status]} {result.step.where}"
    if result.seconds >= 0.05:
        text += f"  {result.seconds:.1f} s"
    if result.reason:
        text += f"  {result.reason}"
    return text
