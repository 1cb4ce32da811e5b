"""Reads the docker commands out of a snippet: their words, what they build, which
Dockerfile a build reads, and which names (images, containers, volumes, networks) they make."""

from __future__ import annotations

import re
from pathlib import Path

from docs_validator.shell_words import find_commands, program_words

# `docker` options in front of the subcommand that take a value.
DOCKER_GLOBAL_VALUE_OPTIONS = ("-H", "--host", "-c", "--context", "--config", "-l", "--log-level")

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


# Options of `docker stop` and `docker kill` that take a value.
STOP_VALUE_OPTIONS = ("-t", "--time", "-s", "--signal")


def stopped_containers(script: str) -> list[str]:
    """The containers a script stops or kills, by the names it gives."""
    names: list[str] = []
    for words in docker_commands(script):
        start = 2 if words[:1] == ["container"] else 1
        if words[start - 1 : start] not in (["stop"], ["kill"]):
            continue
        index = start
        while index < len(words):
            word = words[index]
            if word.startswith("-"):
                takes_value = word in STOP_VALUE_OPTIONS and "=" not in word
                index += 2 if takes_value else 1
                continue
            if "$" not in word:
                names.append(word)
            index += 1
    return names


def is_build(words: list[str]) -> bool:
    return words[:1] == ["build"] or words[:2] in (["image", "build"], ["builder", "build"])


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


def is_local_reference(reference: str) -> bool:
    """Whether an image reference names a registry on this machine (127.0.0.1:5000/…)."""
    head = reference.split("/", 1)[0] if "/" in reference else ""
    host = head.rsplit(":", 1)[0].strip("[]").lower()
    return bool(host) and (host == "localhost" or host.startswith("127.") or host == "::1")


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


def mentions(script: str, name: str) -> bool:
    """Whether the script names this image, container, volume or network."""
    # Limitation: a match by name, not by meaning: an image tagged without `:tag` (`-t demo`)
    # is also "mentioned" by a folder called demo, so such a step may be skipped with it.
    return re.search(rf"(?<![\w.:/-]){re.escape(name)}(?![\w.-]|:[\w])", script) is not None
