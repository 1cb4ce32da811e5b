"""Checks one `docker …` command against the table made from the Docker CLI's own help.

The table (data/docker_cli.json) comes from scripts/generate_docker_cli_table.py: commands,
management commands, aliases and options with whether they take a value.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .models import Severity
from .shell_words import Word

TABLE_FILE = Path(__file__).resolve().parent / "data" / "docker_cli.json"

# difflib's ratio above which a known name counts as what the author probably meant;
# 0.6 is difflib's own default and catches one or two wrong letters in short flags.
SUGGESTION_CUTOFF = 0.6

HELP_FLAGS = ("--help", "-h")
# Cobra's built-in `docker help [COMMAND]`, which no help page lists.
HELP_COMMANDS = ("help",)
# What pflag accepts after `=` for a switch (`--rm=false`).
SWITCH_VALUES = ("true", "false", "1", "0", "t", "f")


@dataclass(frozen=True)
class CliProblem:
    """Something wrong with one word of a docker command."""

    word: Word
    severity: Severity
    rule: str
    message: str


@dataclass(frozen=True)
class Option:
    name: str
    takes_value: bool


@dataclass
class Command:
    """A leaf or management command of the table."""

    path: str
    subcommands: list[str]
    long_options: dict[str, Option]
    short_options: dict[str, Option]
    stops_at_first_argument: bool
    legacy_builder: bool = False


class DockerCli:
    """The Docker CLI as the table describes it.

    Limitation: options that the CLI hides from its help (deprecated ones such as
    `docker volume create --name`) are reported as unknown."""

    def __init__(self, table: dict[str, object]) -> None:
        self.version = str(table.get("docker_version", ""))
        self.global_long, self.global_short = _options(table.get("global_options", {}))
        self.top_level: list[str] = list(table.get("top_level", []))  # type: ignore[arg-type]
        self.aliases: dict[str, str] = dict(table.get("aliases", {}))  # type: ignore[arg-type]
        plugins = table.get("plugins", {})
        assert isinstance(plugins, dict)
        self.plugins = {name: bool(entry.get("installed")) for name, entry in plugins.items()}
        self.commands: dict[str, Command] = {}
        commands = table.get("commands", {})
        assert isinstance(commands, dict)
        for path, entry in commands.items():
            long_options, short_options = _options(entry.get("options", {}))
            self.commands[path] = Command(
                path=path,
                subcommands=list(entry.get("subcommands", [])),
                long_options=long_options,
                short_options=short_options,
                stops_at_first_argument=bool(entry.get("stops_at_first_argument")),
                legacy_builder=entry.get("builder") == "legacy",
            )

    @classmethod
    def load(cls, path: Path = TABLE_FILE) -> DockerCli:
        return _load(path)

    def resolve(self, spelled: str) -> Command | None:
        path = self.aliases.get(spelled, spelled)
        return self.commands.get(path)

    def check(self, words: list[Word]) -> list[CliProblem]:
        """Problems in one command whose first word is `docker`."""
        return _CommandCheck(self, words).run()


@lru_cache(maxsize=4)
def _load(path: Path) -> DockerCli:
    return DockerCli(json.loads(path.read_text(encoding="utf-8")))


def _options(entries: object) -> tuple[dict[str, Option], dict[str, Option]]:
    long_options: dict[str, Option] = {}
    short_options: dict[str, Option] = {}
    assert isinstance(entries, dict)
    for name, entry in entries.items():
        option = Option(name, bool(entry.get("value")))
        long_options[name] = option
        if entry.get("short"):
            short_options[entry["short"]] = option
    return long_options, short_options


def suggestion(name: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=SUGGESTION_CUTOFF)
    return f"; did you mean '{close[0]}'?" if close else ""


class _CommandCheck:
    def __init__(self, cli: DockerCli, words: list[Word]) -> None:
        self.cli = cli
        self.words = words
        self.index = 1
        self.spelled = ""  # the command as the author wrote it (`run`, not `container run`)
        self.problems: list[CliProblem] = []

    def problem(self, word: Word, rule: str, message: str, severity=Severity.ERROR) -> None:
        self.problems.append(CliProblem(word, severity, rule, message))

    def run(self) -> list[CliProblem]:
        if not self.read_global_options():
            return self.problems
        command = self.read_command()
        if command is not None:
            self.read_options(command, self.spelled)
        return self.problems

    def read_global_options(self) -> bool:
        """Options before the command; False when nothing is left to check."""
        while self.index < len(self.words):
            word = self.words[self.index]
            if word.opaque or not word.text.startswith("-") or word.text == "-":
                return True
            if word.text in HELP_FLAGS or word.text in ("-v", "--version"):
                return False
            self.index += 1
            option, attached = self.lookup(
                word, self.cli.global_long, self.cli.global_short, "docker"
            )
            if option is None:
                return False  # unknown: whether it takes a value, and so the rest, is unclear
            if option.takes_value and not attached:
                self.take_value(word, option, "docker")
        return False

    def read_command(self) -> Command | None:
        word = self.words[self.index]
        if word.opaque:
            return None
        name = word.text
        self.index += 1
        self.spelled = name
        if name in HELP_COMMANDS:
            return None
        if name in self.cli.plugins:
            if self.cli.plugins[name]:
                return self.cli.resolve(name)
            # Limitation: a plugin the table's machine lacked (compose here): known, not checked.
            return None
        command = self.cli.resolve(name)
        if command is None:
            known = [*self.cli.top_level, *self.cli.plugins, *self.cli.aliases]
            self.problem(
                word,
                "docker-unknown-command",
                f"'docker {name}' is not a Docker command{suggestion(name, known)}",
            )
            return None

        spelled = name
        while command.subcommands:
            if self.index >= len(self.words):
                self.problem(
                    word,
                    "docker-missing-subcommand",
                    f"'docker {spelled}' needs a command: {', '.join(command.subcommands)}",
                    Severity.WARNING,
                )
                return None
            word = self.words[self.index]
            if word.opaque or word.text in HELP_FLAGS:
                return None
            self.index += 1
            sub = self.cli.resolve(f"{command.path} {word.text}")
            if sub is None:
                sub = self.cli.resolve(f"{spelled} {word.text}")
            if sub is None:
                aliases = [
                    alias.split(" ", 1)[1]
                    for alias in self.cli.aliases
                    if alias.startswith(f"{command.path} ")
                ]
                hint = suggestion(word.text, [*command.subcommands, *aliases])
                self.problem(
                    word,
                    "docker-unknown-command",
                    f"'docker {spelled} {word.text}' is not a Docker command{hint}",
                )
                return None
            spelled = f"{spelled} {word.text}"
            command = sub
        self.spelled = spelled
        return command

    def read_options(self, command: Command, spelled: str) -> None:
        label = f"docker {spelled}"
        while self.index < len(self.words):
            word = self.words[self.index]
            self.index += 1
            text = word.text
            if text == "--" or text in HELP_FLAGS:
                return
            if word.opaque or not text.startswith("-") or text == "-":
                if command.stops_at_first_argument:
                    return  # the rest belongs to the command run in the container
                continue
            option, attached = self.lookup(
                word, command.long_options, command.short_options, label, command
            )
            if option is not None and option.takes_value and not attached:
                self.take_value(word, option, label)

    def lookup(
        self,
        word: Word,
        long_options: dict[str, Option],
        short_options: dict[str, Option],
        label: str,
        command: Command | None = None,
    ) -> tuple[Option | None, bool]:
        """The option a word names, and whether its value is in the same word."""
        text = word.text
        if text.startswith("--"):
            name, has_value, value = text[2:].partition("=")
            option = long_options.get(name)
            if option is None:
                self.unknown(word, f"--{name}", [f"--{n}" for n in long_options], label, command)
            elif has_value and not option.takes_value and value.lower() not in SWITCH_VALUES:
                self.problem(
                    word,
                    "docker-option-value",
                    f"{label}: --{name} is a switch; it takes no value ('{value}')",
                )
            return option, bool(has_value)

        last: Option | None = None
        for position, letter in enumerate(text[1:], start=1):
            option = short_options.get(letter)
            if option is None:
                candidates = [f"-{s}" for s in short_options] + [f"--{n}" for n in long_options]
                self.unknown(word, f"-{letter}", candidates, label, command)
                return None, False
            last = option
            if option.takes_value:
                return option, position < len(text) - 1  # -p8080:80 carries its value
        return last, False

    def unknown(
        self, word: Word, name: str, candidates: list[str], label: str, command: Command | None
    ) -> None:
        hint = suggestion(name, candidates)
        if command is not None and command.legacy_builder and not self.cli.plugins.get("buildx"):
            # Limitation: buildx was not installed where the table was generated, so its own
            # options of `docker build` (--load, --push, --secret …) cannot be told from typos.
            self.problem(
                word,
                "docker-unknown-option",
                f"{label}: {name} is not in the help of the legacy builder the CLI table was "
                f"made from (buildx was not installed there), so it cannot be checked{hint}",
                Severity.WARNING,
            )
            return
        self.problem(
            word, "docker-unknown-option", f"{label}: unknown option {name}{hint}", Severity.ERROR
        )

    def take_value(self, word: Word, option: Option, label: str) -> None:
        if self.index >= len(self.words):
            self.problem(
                word,
                "docker-option-value",
                f"{label}: option --{option.name} needs a value, and none follows",
            )
            return
        value = self.words[self.index]
        self.index += 1
        if value.text.startswith("--") and not value.opaque:
            self.problem(
                value,
                "docker-option-value",
                f"{label}: option --{option.name} takes '{value.text}' as its value; "
                "did you forget the value?",
                Severity.WARNING,
            )
