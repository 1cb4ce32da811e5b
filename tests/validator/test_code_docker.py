"""`docker` commands against the table made from the Docker CLI's own help."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from code_support import REPO_ROOT
from docs_validator.docker_cli import DockerCli
from docs_validator.models import Severity
from docs_validator.shell_words import find_commands, program_words
from generate_docker_cli_table import parse_help, stops_at_first_argument

CLI = DockerCli.load()


def problems(command: str) -> list[tuple[str, Severity, str]]:
    [words] = [program_words(c, "docker") for c in find_commands([command])]
    assert words is not None
    return [(p.rule, p.severity, p.message) for p in CLI.check(words)]


@pytest.mark.parametrize(
    "command",
    [
        "docker run -it --rm --name rng-app rng:1",
        "docker run -d -p 127.0.0.1:3000:80 --name goals-app goals:1",
        "docker run -dp 127.0.0.1:3000:80 goals:1",
        "docker run -p8080:80 alpine",
        "docker run --rm=false alpine",
        'docker run --rm alpine sh -c "ls --weird-option-of-ls"',
        "docker exec -it feedback-app sh",
        "docker ps -a --format '{{.Names}}'",
        "docker container ls --all",
        "docker image ls",
        "docker images -q",
        "docker volume ls -f dangling=true",
        "docker network create net-demo",
        "docker system prune -af --volumes",
        "docker logs -f --tail 20 feedback-app",
        "docker cp local-redis:/data ./data",
        "docker --context default ps",
        "docker build -t goals:1 .",
        "docker compose up -d --build",
        "docker buildx build --load -t x .",
        "docker login --username me --password-stdin",
        "docker help",
        "docker --version",
    ],
)
def test_valid_commands_pass(command: str) -> None:
    assert problems(command) == []


@pytest.mark.parametrize(
    ("command", "rule", "hint"),
    [
        ("docker contaner ls", "docker-unknown-command", "'container'"),
        ("docker container lss", "docker-unknown-command", "'ls'"),
        ("docker run --nmae x alpine", "docker-unknown-option", "'--name'"),
        ("docker ps -z", "docker-unknown-option", ""),
        ("docker run --name", "docker-option-value", "needs a value"),
        ("docker --contxt x ps", "docker-unknown-option", "'--context'"),
        ("docker run --rm=yes alpine", "docker-option-value", "switch"),
    ],
)
def test_mistakes_are_errors_with_a_hint(command: str, rule: str, hint: str) -> None:
    [(found_rule, severity, message)] = problems(command)
    assert (found_rule, severity) == (rule, Severity.ERROR)
    assert hint in message


def test_value_option_followed_by_an_option_is_a_warning() -> None:
    [(rule, severity, message)] = problems("docker run --name --rm alpine")
    assert (rule, severity) == ("docker-option-value", Severity.WARNING)
    assert "--rm" in message


def test_management_command_alone_is_a_warning() -> None:
    [(rule, severity, _message)] = problems("docker volume")
    assert (rule, severity) == ("docker-missing-subcommand", Severity.WARNING)


def test_aliases_resolve_to_the_same_command() -> None:
    assert CLI.resolve("ps") is CLI.resolve("container ls") is CLI.resolve("container ps")
    assert CLI.resolve("rmi") is CLI.resolve("image rm")
    assert CLI.resolve("build") is CLI.resolve("image build")


def test_every_alias_names_a_command_of_the_table() -> None:
    assert CLI.aliases and all(target in CLI.commands for target in CLI.aliases.values())
    assert all(CLI.resolve(name) is not None for name in CLI.top_level)


def test_table_records_plugins_and_the_legacy_builder() -> None:
    build = CLI.resolve("build")
    assert build is not None
    assert set(CLI.plugins) == {"buildx", "compose"}
    if build.legacy_builder and not CLI.plugins["buildx"]:
        [(rule, severity, message)] = problems("docker build --load -t x .")
        assert (rule, severity) == ("docker-unknown-option", Severity.WARNING)
        assert "legacy builder" in message


def test_help_parser_reads_usage_aliases_commands_and_options() -> None:
    page = parse_help(
        "\nUsage:  docker container ls [OPTIONS]\n\nList containers\n\nAliases:\n"
        "  docker container ls, docker ps\n\nOptions:\n"
        "  -a, --all             Show all containers (default shows just running)\n"
        "      --format string   Format output using a custom template:\n"
        "                        'table':  Print output\n"
        "  -n, --last int        Show n last created containers (includes all\n"
        "                        states) (default -1)\n"
    )
    assert page.usage == "docker container ls [OPTIONS]"
    assert page.aliases == ["docker container ls", "docker ps"]
    assert page.options == {
        "all": {"short": "a", "value": ""},
        "format": {"short": "", "value": "string"},
        "last": {"short": "n", "value": "int"},
    }
    assert stops_at_first_argument("docker run [OPTIONS] IMAGE [COMMAND] [ARG...]")
    assert not stops_at_first_argument("docker rm [OPTIONS] CONTAINER [CONTAINER...]")


@pytest.mark.skipif(shutil.which("docker") is None, reason="no docker client to compare with")
def test_committed_table_matches_the_installed_docker_client() -> None:
    script = REPO_ROOT / "scripts" / "generate_docker_cli_table.py"
    done = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
