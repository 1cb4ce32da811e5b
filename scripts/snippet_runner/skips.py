"""Skip rules that depend on the engine: BuildKit-only build flags and Dockerfile syntax on
the legacy builder, a missing CLI plugin, an option or a behaviour of a newer API, a registry the
engine cannot reach; and the steps that use what a skipped step would have made."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .commands import (
    build_dockerfile,
    docker_commands,
    is_build,
    is_local_reference,
    mentions,
    produced_names,
)
from .models import EngineInfo, Step

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
    """A command that needs a newer engine API than some engines speak, or that behaves
    differently on older engines than the page shows."""

    subcommand: tuple[str, ...]
    options: tuple[str, ...]  # the rule applies when one of these is given ...
    minimum: str  # API version, "major.minor"
    label: str
    without: bool = False  # ... or, when True, when none of them is given
    behaviour: str = ""  # what an older engine does instead (a behaviour rule)


# Options of CLI 28 that older engines (Debian's 20.10 speaks API 1.41) refuse, and commands
# whose result changed. The client's own "requires API version" message is recognised at run
# time too (runner.py), so a missing entry here shows as skipped, not as failed.
API_RULES = (
    ApiRule(("volume", "prune"), ("-a", "--all"), "1.42", "docker volume prune --all"),
    ApiRule(
        ("volume", "prune"),
        ("-a", "--all"),
        "1.42",
        "docker volume prune",
        without=True,
        behaviour="removes unused named volumes too, not only anonymous ones as the page shows",
    ),
    ApiRule(("run",), ("--annotation",), "1.43", "docker run --annotation"),
    ApiRule(("create",), ("--annotation",), "1.43", "docker create --annotation"),
    ApiRule(("image", "ls"), ("--tree",), "1.47", "docker image ls --tree"),
    ApiRule(("images",), ("--tree",), "1.47", "docker images --tree"),
)

# Subcommands that talk to an image registry (a local one on 127.0.0.1/localhost is fine).
REGISTRY_SUBCOMMANDS = (("pull",), ("push",), ("image", "pull"), ("image", "push"), ("search",))


def engine_skip_reason(step: Step, engine: EngineInfo) -> str | None:
    """Why this engine cannot run the step, or None."""
    for words in docker_commands(step.script):
        reason = (
            _plugin_reason(words, engine)
            or _buildkit_flag_reason(words, engine)
            or _api_reason(words, engine)
            or _registry_reason(words, engine)
            or _history_reason(words, step, engine)
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


def _history_reason(words: list[str], step: Step, engine: EngineInfo) -> str | None:
    """`docker history` prints what the builder recorded for each layer, and builders differ."""
    is_history = words[:1] == ["history"] or words[:2] == ["image", "history"]
    if engine.buildkit or not is_history or not step.expectations:
        return None
    return (
        "the page shows the history BuildKit records (`ENV PORT=8000`); this client has no "
        "buildx plugin, and the legacy builder records `/bin/sh -c #(nop) …` lines instead"
    )


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
        applies = not (used & set(rule.options)) if rule.without else bool(used & set(rule.options))
        if not applies or not api_older(engine.api_version, rule.minimum):
            continue
        engine_name = f"this engine ({engine.server_version}, API {engine.api_version})"
        if rule.behaviour:
            return f"`{rule.label}` on {engine_name} {rule.behaviour} (API {rule.minimum}+)"
        return f"`{rule.label}` needs API {rule.minimum}; {engine_name} is older"
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


class SkippedOutputs:
    """Names that skipped steps would have made, so that the steps using them skip too."""

    def __init__(self) -> None:
        self._made: dict[str, Step] = {}
        self._any = False

    @property
    def any(self) -> bool:
        """Whether a step of the page was skipped for a reason of this engine."""
        return self._any

    def note(self, step: Step) -> None:
        if not step.skip_reason:
            self._any = True  # skipped here, not because the page says so
        for name in produced_names(step.script):
            self._made.setdefault(name, step)

    def reason_for(self, step: Step) -> str | None:
        if step.cleanup:
            return None  # clean-up blocks always run; they remove with -f
        for name, maker in self._made.items():
            if maker is not step and mentions(step.script, name):
                return f"uses {name}, which the skipped step at {maker.where} makes"
        return None
