#!/usr/bin/env python3
"""Writes the Docker CLI table the code check uses, from the installed `docker` client's help.

Run it after a Docker CLI upgrade and commit the result:

    python scripts/generate_docker_cli_table.py            # writes the table
    python scripts/generate_docker_cli_table.py --check    # exit 1 when the table is outdated

`docker <command> --help` needs no daemon. Every command, management command, alias and
option comes from that help text; nothing is typed by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

TABLE_FILE = Path(__file__).resolve().parent / "docs_validator" / "data" / "docker_cli.json"
DOCKER = os.environ.get("DOCKER", "docker")

# One `docker ... --help` answers in a few milliseconds; a hang means something else is wrong.
HELP_TIMEOUT_SECONDS = 20

# A `docker --help` line "  name*   description" marks a CLI plugin with the star.
COMMAND_SECTION = re.compile(r"^(?:[A-Z][a-z]+ )?Commands:$")
COMMAND_LINE = re.compile(r"^  (?P<name>[a-z][a-z0-9-]*)(?P<plugin>\*?)\s{2,}\S")
OPTION_LINE = re.compile(
    r"^  (?:-(?P<short>[A-Za-z0-9]), |    )--(?P<long>[A-Za-z0-9][\w-]*)"
    r"(?: (?P<type>[A-Za-z][\w.]*))?(?:\s{2,}|$)"
)
USAGE_LINE = re.compile(r"^Usage:\s+(?P<usage>docker\b.*)$")

# Plugins that Docker Desktop and the Docker Engine packages install next to the CLI. When the
# generating machine lacks one, the table records that, and the check treats its commands as
# known but unchecked instead of unknown.
BUNDLED_PLUGINS = ("buildx", "compose")

# The message the CLI prints when `docker build` is the legacy builder, not buildx.
LEGACY_BUILDER_NOTICE = "legacy builder is deprecated"


@dataclass
class Help:
    """One parsed `docker ... --help` page."""

    usage: str = ""
    aliases: list[str] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)
    plugins: list[str] = field(default_factory=list)
    options: dict[str, dict[str, object]] = field(default_factory=dict)
    stderr: str = ""


def run_help(path: list[str], config_dir: str) -> Help:
    environment = {**os.environ, "DOCKER_CONFIG": config_dir, "DOCKER_CLI_HINTS": "false"}
    environment.pop("DOCKER_HOST", None)
    done = subprocess.run(
        [DOCKER, *path, "--help"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=HELP_TIMEOUT_SECONDS,
        env=environment,
        check=False,
    )
    help_page = parse_help(done.stdout)
    help_page.stderr = done.stderr
    return help_page


def parse_help(text: str) -> Help:
    """The usage, aliases, subcommands and options of one help page."""
    page = Help()
    section = ""
    for line in text.splitlines():
        if not line.strip():
            continue
        usage = USAGE_LINE.match(line)
        if usage:
            page.usage = " ".join(usage.group("usage").split())
            continue
        if not line.startswith(" "):
            section = line.strip()
            continue
        if section == "Aliases:":
            page.aliases.extend(alias.strip() for alias in line.split(","))
        elif COMMAND_SECTION.match(section):
            command = COMMAND_LINE.match(line)
            if command:
                target = page.plugins if command.group("plugin") else page.commands
                target.append(command.group("name"))
        elif section.endswith("Options:"):
            option = OPTION_LINE.match(line)
            if option:
                page.options[option.group("long")] = {
                    "short": option.group("short") or "",
                    "value": option.group("type") or "",
                }
    return page


def stops_at_first_argument(usage: str) -> bool:
    """Commands that run another command (`run IMAGE COMMAND [ARG...]`) stop reading options
    at their first argument: what follows belongs to the command inside the container."""
    return "COMMAND [ARG...]" in usage or "[COMMAND] [ARG...]" in usage


def docker_version() -> str:
    done = subprocess.run(
        [DOCKER, "--version"],
        capture_output=True,
        text=True,
        timeout=HELP_TIMEOUT_SECONDS,
        check=False,
    )
    return done.stdout.strip()


def build_table() -> dict[str, object]:
    """Walk every command from `docker --help` down and collect the table."""
    commands: dict[str, dict[str, object]] = {}
    aliases: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as config_dir:
        root = run_help([], config_dir)
        queue = [[name] for name in root.commands]
        while queue:
            path = queue.pop(0)
            page = run_help(path, config_dir)
            spelled = " ".join(path)
            canonical = _canonical(page, spelled)
            if canonical != spelled:
                aliases[spelled] = canonical
            for alias in page.aliases:
                name = alias.removeprefix("docker ").strip()
                if name and name != canonical:
                    aliases[name] = canonical
            if canonical in commands:
                continue
            commands[canonical] = {
                "usage": page.usage,
                "subcommands": page.commands,
                "options": page.options,
                "stops_at_first_argument": stops_at_first_argument(page.usage),
            }
            if page.commands:
                queue.extend([*path, name] for name in page.commands)
            if path == ["build"] and LEGACY_BUILDER_NOTICE in page.stderr:
                commands[canonical]["builder"] = "legacy"

        installed = set(root.plugins)
    plugins = {name: {"installed": name in installed} for name in BUNDLED_PLUGINS}
    return {
        "generated_by": "scripts/generate_docker_cli_table.py",
        "docker_version": docker_version(),
        "global_options": root.options,
        "top_level": root.commands,
        "plugins": plugins,
        "commands": dict(sorted(commands.items())),
        "aliases": dict(sorted(aliases.items())),
    }


def _canonical(page: Help, spelled: str) -> str:
    """The name a command is filed under: the first alias its help lists, else its path."""
    if page.aliases:
        return page.aliases[0].removeprefix("docker ").strip()
    return spelled


def render(table: dict[str, object]) -> str:
    return json.dumps(table, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the table is outdated")
    parser.add_argument("--output", type=Path, default=TABLE_FILE, help="where to write")
    args = parser.parse_args(argv)

    try:
        table = render(build_table())
    except (OSError, subprocess.SubprocessError) as error:
        print(f"generate_docker_cli_table: cannot run '{DOCKER}': {error}", file=sys.stderr)
        return 2

    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != table:
            print(f"{args.output} is outdated: run scripts/generate_docker_cli_table.py")
            return 1
        print(f"{args.output} is up to date")
        return 0

    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(table, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
