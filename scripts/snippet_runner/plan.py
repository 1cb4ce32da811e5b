"""Turns a page's runnable blocks into steps, and decides which steps are skipped and why.

Page rules (the page alone decides): a `skip=` attribute, a block in a language other than
bash, a URL on the internet. Engine rules (decided once the engine is known): BuildKit-only
build flags or Dockerfile syntax on the legacy builder, a missing CLI plugin, an API version the
engine does not speak, a registry the engine cannot reach. A step that needs what a skipped
step would have made (an image, a container, a volume, a network) is skipped after it.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from pathlib import Path

from docs_validator.find_blocks import CodeBlock, find_code_blocks
from docs_validator.shell_words import find_commands, program_words

from .models import EngineInfo, Expectation, PageNote, PagePlan, Step

# Languages the runner executes. Everything else marked `.runnable` needs `skip=`.
SHELL_LANGUAGES = ("bash", "sh", "shell")
# Blocks that may stand between a command and its output: the other tabs of a shell choice.
TAB_TWIN_LANGUAGES = ("powershell", "pwsh", "ps1", "bat", "cmd", "batch", "console", "zsh")

# Host names a snippet may reach without the internet: this machine and its containers.
LOCAL_HOSTS = ("localhost", "host.docker.internal", "gateway.docker.internal")
RE_URL = re.compile(r"\bhttps?://(\[[^\]]+\]|[^/\s:'\"`)]+)")

# `docker` options in front of the subcommand that take a value.
DOCKER_GLOBAL_VALUE_OPTIONS = ("-H", "--host", "-c", "--context", "--config", "-l", "--log-level")

# `docker build` flags that only BuildKit understands (the legacy builder rejects them).
BUILDKIT_BUILD_FLAGS = (
    "--secret",
    "--ssh",
    "--output",
    "-o",
    "--cache-to",
    "--attest",
    "--sbom",
    "--provenance",
    "--builder",
    "--load",
    "--push",
    "--call",
    "--check",
)
# `docker build` options that take a value: needed to find the build context among the words.
BUILD_VALUE_OPTIONS = (
    "-t",
    "--tag",
    "-f",
    "--file",
    "--build-arg",
    "--target",
    "--network",
    "--label",
    "--platform",
    "--secret",
    "--ssh",
    "-o",
    "--output",
    "--cache-from",
    "--cache-to",
    "--iidfile",
    "--add-host",
    "--shm-size",
    "-m",
    "--memory",
    "--cpu-shares",
    "--ulimit",
    "--progress",
    "--builder",
    "--metadata-file",
    "--build-context",
)
# Dockerfile syntax the legacy builder cannot build, each with the words a reader knows it by.
BUILDKIT_DOCKERFILE_SYNTAX = (
    (re.compile(r"^\s*RUN\s+(?:--\S+\s+)*--mount=", re.I | re.M), "RUN --mount"),
    (re.compile(r"^\s*RUN\s+(?:--\S+\s+)*--network=", re.I | re.M), "RUN --network"),
    (re.compile(r"^\s*RUN\s+(?:--\S+\s+)*--security=", re.I | re.M), "RUN --security"),
    (re.compile(r"^\s*(?:RUN|COPY|ADD)\b[^\n]*<<-?\s*['\"]?[A-Za-z_]", re.I | re.M), "heredocs"),
    (re.compile(r"^\s*(?:COPY|ADD)\s+(?:--\S+\s+)*--link\b", re.I | re.M), "COPY --link"),
    (re.compile(r"^\s*(?:COPY|ADD)\s+(?:--\S+\s+)*--chmod=", re.I | re.M), "COPY --chmod"),
    (re.compile(r"^\s*(?:COPY|ADD)\s+(?:--\S+\s+)*--parents\b", re.I | re.M), "COPY --parents"),
    (re.compile(r"^\s*(?:COPY|ADD)\s+(?:--\S+\s+)*--exclude=", re.I | re.M), "COPY --exclude"),
    (re.compile(r"^\s*ADD\s+(?:--\S+\s+)*--checksum=", re.I | re.M), "ADD --checksum"),
)


@dataclass(frozen=True)
class ApiRule:
    """A command option that needs a newer engine API than some engines speak."""

    subcommand: tuple[str, ...]
    options: tuple[str, ...]
    minimum: str  # API version, "major.minor"
    label: str


# Options of CLI 28 that older engines (Debian's 20.10 speaks API 1.41) refuse. The runner
# also recognises the client's own "requires API version" message at run time (execute.py).
API_RULES = (
    ApiRule(("volume", "prune"), ("-a", "--all"), "1.42", "docker volume prune --all"),
    ApiRule(("run",), ("--annotation",), "1.43", "docker run --annotation"),
    ApiRule(("create",), ("--annotation",), "1.43", "docker create --annotation"),
    ApiRule(("image", "ls"), ("--tree",), "1.47", "docker image ls --tree"),
    ApiRule(("images",), ("--tree",), "1.47", "docker images --tree"),
)

# Subcommands that talk to an image registry (a local one on 127.0.0.1/localhost is fine).
REGISTRY_SUBCOMMANDS = (("pull",), ("push",), ("image", "pull"), ("image", "push"), ("search",))

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
        if step.skip_reason:
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


def docker_commands(script: str) -> list[list[str]]:
    """The words after `docker` (global options left out) of every docker command."""
    found: list[list[str]] = []
    for command in find_commands(script.split("\n")):
        words = program_words(command, "docker")
        if words is None:
            continue
        texts = [word.text for word in words[1:]]
        index = 0
        while index < len(texts) and texts[index].startswith("-"):
            has_value = texts[index] in DOCKER_GLOBAL_VALUE_OPTIONS and "=" not in texts[index]
            index += 2 if has_value else 1
        found.append(texts[index:])
    return found


def engine_skip_reason(step: Step, engine: EngineInfo) -> str | None:
    """Why this engine cannot run the step, or None."""
    for words in docker_commands(step.script):
        reason = (
            _plugin_reason(words, engine)
            or _buildkit_flag_reason(words, engine)
            or _api_reason(words, engine)
            or _registry_reason(words, engine)
        )
        if reason:
            return reason
    if re.search(r"(?:^|[\s;&|(])docker-compose\b", step.script) and not engine.compose:
        return "needs docker-compose, which is not installed here"
    return None


def _plugin_reason(words: list[str], engine: EngineInfo) -> str | None:
    if words[:1] == ["compose"] and not engine.compose:
        return "needs the Docker Compose plugin, which this client does not have"
    if words[:1] == ["buildx"] and not engine.buildkit:
        return "needs the buildx plugin (BuildKit), which this client does not have"
    return None


def is_build(words: list[str]) -> bool:
    return words[:1] == ["build"] or words[:2] in (["image", "build"], ["builder", "build"])


def _buildkit_flag_reason(words: list[str], engine: EngineInfo) -> str | None:
    if engine.buildkit or not is_build(words):
        return None
    for word in words:
        flag = word.split("=", 1)[0]
        if flag in BUILDKIT_BUILD_FLAGS:
            return (
                f"needs BuildKit (`docker build {flag}`); this client has no buildx plugin, "
                "so `docker build` uses the legacy builder"
            )
    return None


def _api_reason(words: list[str], engine: EngineInfo) -> str | None:
    for rule in API_RULES:
        if words[: len(rule.subcommand)] != list(rule.subcommand):
            continue
        used = {word.split("=", 1)[0] for word in words[len(rule.subcommand) :]}
        if used & set(rule.options) and api_older(engine.api_version, rule.minimum):
            return (
                f"`{rule.label}` needs API {rule.minimum}; this engine "
                f"({engine.server_version}) speaks API {engine.api_version}"
            )
    return None


def api_older(version: str, minimum: str) -> bool:
    """Whether API `version` is older than `minimum` ("1.41" < "1.42")."""
    try:
        have = tuple(int(part) for part in version.split("."))
        need = tuple(int(part) for part in minimum.split("."))
    except ValueError:
        return False
    return have < need


def _registry_reason(words: list[str], engine: EngineInfo) -> str | None:
    if engine.registry:
        return None
    for subcommand in REGISTRY_SUBCOMMANDS:
        if words[: len(subcommand)] != list(subcommand):
            continue
        arguments = [word for word in words[len(subcommand) :] if not word.startswith("-")]
        if arguments and is_local_reference(arguments[0]):
            return None
        return "needs an image registry on the internet; this engine reaches none"
    if words[:1] == ["login"]:
        arguments = [word for word in words[1:] if not word.startswith("-")]
        server = arguments[-1] if arguments and "/" not in arguments[-1] else ""
        if not (server and is_local_reference(server + "/x")):
            return "needs a Docker Hub account and the internet"
    return None


def is_local_reference(reference: str) -> bool:
    """Whether an image reference names a registry on this machine (127.0.0.1:5000/…)."""
    head = reference.split("/", 1)[0] if "/" in reference else ""
    host = head.rsplit(":", 1)[0].strip("[]").lower()
    return bool(host) and (host == "localhost" or host.startswith("127.") or host == "::1")


def dockerfile_skip_reason(step: Step, workdir: Path, engine: EngineInfo) -> str | None:
    """Why the legacy builder cannot build a Dockerfile this step builds, or None. Decided
    just before the step runs, because earlier steps may write the Dockerfile."""
    if engine.buildkit:
        return None
    for words in docker_commands(step.script):
        if not is_build(words):
            continue
        dockerfile = build_dockerfile(words, workdir)
        if dockerfile is None or not dockerfile.is_file():
            continue
        text = dockerfile.read_text(encoding="utf-8", errors="replace")
        for pattern, feature in BUILDKIT_DOCKERFILE_SYNTAX:
            if pattern.search(text):
                shown = (
                    dockerfile.relative_to(workdir)
                    if dockerfile.is_relative_to(workdir)
                    else dockerfile
                )
                return (
                    f"{shown} uses {feature}, which only BuildKit builds; this client has no "
                    "buildx plugin, so `docker build` uses the legacy builder"
                )
    return None


def build_dockerfile(words: list[str], workdir: Path) -> Path | None:
    """The Dockerfile a `docker build` command reads (its -f, or Dockerfile in the context)."""
    start = 2 if words[:1] in (["image"], ["builder"]) else 1
    dockerfile: str | None = None
    context: str | None = None
    index = start
    while index < len(words):
        word = words[index]
        name, has_inline = word.split("=", 1)[0], "=" in word
        if name in ("-f", "--file"):
            dockerfile = word.split("=", 1)[1] if has_inline else _at(words, index + 1)
        if word.startswith("-"):
            index += 2 if name in BUILD_VALUE_OPTIONS and not has_inline else 1
            continue
        context = context or word
        index += 1
    if context is None or context == "-" or "://" in context:
        return None
    base = workdir / context
    if dockerfile is None:
        return base / "Dockerfile"
    return workdir / dockerfile if dockerfile != "-" else None


def _at(words: list[str], index: int) -> str | None:
    return words[index] if index < len(words) else None


class SkippedOutputs:
    """Names that skipped steps would have made, so that the steps using them skip too."""

    def __init__(self) -> None:
        self._made: dict[str, Step] = {}
        self._reasons: dict[str, str] = {}

    def note(self, step: Step, reason: str) -> None:
        for name in produced_names(step.script):
            self._made.setdefault(name, step)
            self._reasons.setdefault(name, reason)

    def reason_for(self, step: Step) -> str | None:
        if step.cleanup:
            return None  # clean-up blocks always run; they remove with -f
        for name, maker in self._made.items():
            if maker is not step and _mentions(step.script, name):
                return f"uses {name}, which the skipped step at {maker.where} makes"
        return None


def produced_names(script: str) -> list[str]:
    """Images, containers, volumes and networks a script creates, by the names it gives."""
    names: list[str] = []
    for words in docker_commands(script):
        if is_build(words):
            names += _option_values(words, ("-t", "--tag"))
        elif words[:1] == ["tag"] or words[:2] == ["image", "tag"]:
            arguments = [w for w in words[1 if words[0] == "tag" else 2 :] if not w.startswith("-")]
            names += arguments[1:2]
        elif words[:1] in (["run"], ["create"]) or words[:2] in (
            ["container", "run"],
            ["container", "create"],
        ):
            names += _option_values(words, ("--name",))
        elif words[:2] in (["volume", "create"], ["network", "create"]):
            arguments = [w for w in words[2:] if not w.startswith("-")]
            names += arguments[-1:]
    return [name for name in names if name and "$" not in name]


def _option_values(words: list[str], options: tuple[str, ...]) -> list[str]:
    values: list[str] = []
    for index, word in enumerate(words):
        name = word.split("=", 1)[0]
        if name in options:
            value = word.split("=", 1)[1] if "=" in word else _at(words, index + 1)
            if value:
                values.append(value)
    return values


def _mentions(script: str, name: str) -> bool:
    return re.search(rf"(?<![\w.:/-]){re.escape(name)}(?![\w.-]|:[\w])", script) is not None
