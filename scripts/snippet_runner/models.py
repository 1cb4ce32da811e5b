"""Records shared by the runner's stages: steps planned from a page, and what running them gave."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Status(str, Enum):
    """The outcome of one snippet, as the report names it."""

    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Expectation:
    """An `.output` block the page shows after a command: each of its lines must be printed."""

    line: int  # fence line of the output block
    lines: tuple[str, ...]


@dataclass
class Step:
    """One runnable block of a page, with what the runner needs to run and judge it."""

    file: str  # repository-relative path of the page
    line: int  # fence line of the block
    language: str
    script: str
    app: str | None = None
    wait: str | None = None
    interrupt: float | None = None
    input: str | None = None
    expect_fail: bool = False
    cleanup: bool = False
    expectations: list[Expectation] = field(default_factory=list)
    skip_reason: str | None = None  # decided from the page alone (attribute or static rule)
    problem: str | None = None  # a mistake in the block's attributes: the step fails with it

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class PageNote:
    """Something about a page the lead should fix: a missing attribute, a leftover, …"""

    file: str
    line: int
    message: str

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class PagePlan:
    """The steps of one page in the order they run (clean-up blocks last)."""

    file: str
    steps: list[Step] = field(default_factory=list)
    notes: list[PageNote] = field(default_factory=list)


@dataclass
class StepResult:
    """What happened to one step."""

    step: Step
    status: Status
    reason: str = ""
    seconds: float = 0.0
    output: str = ""


@dataclass
class PageResult:
    """Every step result of one page, its time, and notes found while running it."""

    file: str
    results: list[StepResult] = field(default_factory=list)
    notes: list[PageNote] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: Status) -> int:
        return sum(1 for result in self.results if result.status is status)


@dataclass(frozen=True)
class EngineInfo:
    """The Docker engine the snippets run against, and what it can do."""

    server_version: str
    client_version: str
    api_version: str  # the API version the client and this server agreed on
    private: bool  # started by the runner (no registry, stand-in images)
    buildkit: bool  # `docker build` uses BuildKit (buildx plugin present)
    compose: bool  # `docker compose` plugin present
    registry: bool  # images can be pulled from a registry on the internet
    host: str = ""  # DOCKER_HOST for the snippets ("" = the client's default)


@dataclass(frozen=True)
class StandInRecord:
    """An image the snippets use, and where it came from in this run."""

    image: str
    source: str  # "pulled", "present", "engine", "cache" or "built"
    stand_in: bool
    description: str = ""
