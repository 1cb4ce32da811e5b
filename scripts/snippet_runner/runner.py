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
from .commands import stopped_containers
from .engine import Engine, Snapshot
from .execute import STEP_TIMEOUT_SECONDS, Execution, ShellRun, run_shell, wait_for
from .expect import check_expectations
from .models import PageNote, PagePlan, PageResult, Status, Step, StepResult
from .plan import RE_INTERACTIVE
from .skips import SkippedOutputs, api_older, dockerfile_skip_reason, engine_skip_reason

# An interactive command (`-it`) without `input=` waits for keys nobody types: give up soon.
KEYLESS_TERMINAL_SECONDS = 30.0
# A stopped `--rm` container is removed within a second; waiting longer means it is stuck.
REMOVAL_WAIT_SECONDS = 5.0
REMOVAL_POLL_SECONDS = 0.1
# The containers among the stopped ones that the engine is about to remove (`--rm`).
AUTO_REMOVE_FORMAT = "{{.Name}} {{.HostConfig.AutoRemove}}"
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
    notes: list[PageNote] = field(default_factory=list)


class Runner:
    """Runs page plans on an engine."""

    def __init__(
        self,
        engine: Engine,
        pages_dir: Path,
        examples: Path,
        progress: Callable[[str], None],
        before_page: Callable[[], None] = lambda: None,
    ) -> None:
        self.engine = engine
        self.pages_dir = pages_dir
        self.examples = examples
        self.progress = progress
        self.before_page = before_page  # puts back images an earlier page removed

    def run_page(self, plan: PagePlan) -> PageResult:
        start = time.monotonic()
        self.before_page()
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
        result.notes += page.notes + self._clean_up(page, before)
        result.seconds = time.monotonic() - start
        return result

    def run_step(self, step: Step, page: PageRun) -> StepResult:
        start = time.monotonic()
        cwd = page.workspace.app(step.app) if step.app else page.workspace.scratch
        not_run = self._not_run(step, page, cwd)
        if not_run is not None:
            return not_run

        execution = self._execute(step, page, cwd)
        status, reason = self._judge(step, execution)
        if status is Status.PASSED and step.wait:
            problem = wait_for(step.wait, page.env)
            if problem:
                status, reason = Status.FAILED, problem
        self._let_removals_finish(step)
        if status is Status.SKIPPED:
            page.skipped.note(step)
        output = execution.output[-REPORT_OUTPUT_CHARS:] if status is Status.FAILED else ""
        return StepResult(step, status, reason, time.monotonic() - start, output)

    def _not_run(self, step: Step, page: PageRun, cwd: Path) -> StepResult | None:
        """The result of a step that fails or is skipped before it runs, or None."""
        if step.problem:
            return StepResult(step, Status.FAILED, step.problem)
        info = self.engine.info
        reason = step.skip_reason or page.skipped.reason_for(step) or engine_skip_reason(step, info)
        if not reason and not cwd.is_dir():
            problem = f"app={step.app!r}: examples/{step.app} is missing"
            return StepResult(step, Status.FAILED, problem)
        reason = reason or dockerfile_skip_reason(step, cwd, info)
        if not reason:
            return None
        page.skipped.note(step)
        return StepResult(step, Status.SKIPPED, reason)

    def _execute(self, step: Step, page: PageRun, cwd: Path) -> Execution:
        execution = run_shell(
            ShellRun(
                script=step.script,
                cwd=cwd,
                env=page.env,
                state_dir=page.workspace.state,
                terminal=_needs_terminal(step),
                input=step.input,
                interrupt=step.interrupt,
                timeout=KEYLESS_TERMINAL_SECONDS if _waits_for_keys(step) else STEP_TIMEOUT_SECONDS,
            )
        )
        page.env.update(execution.env_changes)
        page.sessions[execution.session] = step
        if execution.presses > 1 and not execution.forced:
            message = (
                f"stopped only after Ctrl+C was pressed {execution.presses} times (check that "
                "the page says so)"
            )
            page.notes.append(PageNote(step.file, step.line, message))
        return execution

    def _let_removals_finish(self, step: Step) -> None:
        """The engine removes a `--rm` container just after `docker stop` returns. A reader's
        next command comes seconds later; the runner's would come at once and find the name
        still taken. So wait until such containers are gone."""
        names = stopped_containers(step.script)
        deadline = time.monotonic() + REMOVAL_WAIT_SECONDS
        while names and time.monotonic() < deadline:
            listed = self.engine.docker(
                "container", "inspect", "--format", AUTO_REMOVE_FORMAT, *names, check=False
            )
            lines = listed.stdout.splitlines()
            names = [line.split()[0].lstrip("/") for line in lines if line.endswith(" true")]
            if names:
                time.sleep(REMOVAL_POLL_SECONDS)

    def _judge(self, step: Step, execution: Execution) -> tuple[Status, str]:
        """Passed, failed or (an engine too old for a flag) skipped, and why."""
        exit_code, output = execution.exit_code, execution.output
        if execution.timed_out:
            reason = f"still running after {execution.seconds:.0f} s; stopped"
            if _waits_for_keys(step):
                reason += "; it waited for keys the page does not give (add input=)"
            return Status.FAILED, reason
        if execution.interrupted and execution.forced:
            return Status.FAILED, (
                f"did not stop after Ctrl+C, pressed {execution.presses} times; killed"
            )
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
            message = f"{where} leaves {', '.join(removed)} behind"
            if page.skipped.any:
                message += " (a skipped step may be the one meant to remove them)"
            notes.append(PageNote(page.plan.file, line, message))
        return notes


def _needs_terminal(step: Step) -> bool:
    return step.input is not None or bool(RE_INTERACTIVE.search(step.script))


def _waits_for_keys(step: Step) -> bool:
    """An interactive command whose page gives no keys: it would wait for a person."""
    return _needs_terminal(step) and step.input is None and step.interrupt is None


def _progress_line(result: StepResult) -> str:
    label = {Status.PASSED: "passed ", Status.FAILED: "FAILED ", Status.SKIPPED: "skipped"}
    text = f"  {label[result.status]} {result.step.where}"
    if result.seconds >= 0.05:
        text += f"  {result.seconds:.1f} s"
    if result.reason:
        text += f"  {result.reason}"
    return text
