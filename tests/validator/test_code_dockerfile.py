"""Dockerfile blocks: instructions, exec form, EXPOSE, ENV, fragments, hadolint as advice."""

from __future__ import annotations

from pathlib import Path

import pytest
from code_support import check_page, of_severity, rules
from docs_validator.check_dockerfile import parse_dockerfile
from docs_validator.models import Severity


def dockerfile(body: str, attributes: str = "") -> str:
    return f"```dockerfile{attributes}\n{body}\n```\n"


def test_parser_follows_directives_continuations_comments_and_heredocs() -> None:
    lines = [
        "# syntax=docker/dockerfile:1",
        "# escape=`",
        "FROM node:24-slim",
        "RUN apt-get update && `",
        "# a comment inside the continuation",
        "    apt-get install -y curl",
        "COPY <<EOF <<CONF /app/",
        "FROM not-an-instruction",
        "EOF",
        "x=1",
        "CONF",
        'CMD ["node", "server.js"]',
    ]
    parsed = parse_dockerfile(lines)

    assert [(i.keyword, i.line) for i in parsed.instructions] == [
        ("FROM", 2),
        ("RUN", 3),
        ("COPY", 6),
        ("CMD", 11),
    ]
    assert parsed.instructions[1].arguments == "apt-get update && apt-get install -y curl"
    assert parsed.instructions[2].heredocs == ["EOF", "CONF"]


@pytest.mark.parametrize(
    "body",
    [
        'CMD ["python", "app.py"]\nENTRYPOINT ["node"]',
        'SHELL ["/bin/bash", "-c"]',
        "EXPOSE 80 8000-8010 53/udp $PORT ${PORT:-80}/tcp",
        "ENV PORT=80 NODE_ENV=production",
        "COPY --from=build --chown=node:node /app /app\n"
        "RUN --mount=type=cache,target=/root/.npm \\\n    npm ci",
        'HEALTHCHECK --interval=30s CMD ["curl", "-f", "http://localhost/"]',
        "ONBUILD COPY . /app",
        "ARG BASE=node:24-slim",
    ],
)
def test_valid_instructions_pass(tmp_path: Path, body: str) -> None:
    result = check_page(tmp_path, dockerfile(f"FROM alpine\n{body}"))
    assert rules(result, Severity.ERROR) == [] and rules(result, Severity.WARNING) == []


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        ("CMD ['python', 'app.py']", "dockerfile-exec-form"),
        ('ENTRYPOINT ["node" "server.js"]', "dockerfile-exec-form"),
        ("SHELL /bin/bash -c", "dockerfile-exec-form"),
        ("EXPOSE 3000:80", "dockerfile-expose"),
        ("EXPOSE 70000", "dockerfile-expose"),
        ("EXPOSE http", "dockerfile-expose"),
        ("COPY --chwon=node . /app", "dockerfile-flag"),
        ("COPY server.js", "dockerfile-syntax"),
        ("WORKDIR", "dockerfile-syntax"),
        ("CPY . /app", "dockerfile-unknown-instruction"),
    ],
)
def test_mistakes_are_errors_on_their_line(tmp_path: Path, body: str, rule: str) -> None:
    result = check_page(tmp_path, "Intro.\n\n" + dockerfile(f"FROM alpine\n{body}"))

    errors = of_severity(result, Severity.ERROR)
    assert [(e.line, e.rule) for e in errors] == [(5, rule)]


def test_broken_exec_form_explains_the_silent_shell_form(tmp_path: Path) -> None:
    result = check_page(tmp_path, dockerfile("FROM alpine\nCMD ['npm', 'start']"))

    [error] = of_severity(result, Severity.ERROR)
    assert "double quotes" in error.message and "shell command" in error.message


def test_legacy_env_and_maintainer_are_warnings(tmp_path: Path) -> None:
    result = check_page(tmp_path, dockerfile("FROM alpine\nENV PORT 80\nMAINTAINER me"))

    assert [(w.line, w.rule) for w in of_severity(result, Severity.WARNING)] == [
        (3, "dockerfile-env-legacy"),
        (4, "dockerfile-deprecated"),
    ]


def test_instruction_before_from_is_an_error_but_arg_is_fine(tmp_path: Path) -> None:
    result = check_page(tmp_path, dockerfile("ARG TAG=24\nRUN echo\nFROM node:${TAG}-slim"))

    assert [(e.line, e.rule) for e in of_severity(result, Severity.ERROR)] == [
        (3, "dockerfile-before-from")
    ]


def test_marked_fragment_gets_no_note_unmarked_one_gets_info(tmp_path: Path) -> None:
    marked = check_page(tmp_path, dockerfile("RUN npm ci", " { .fragment }"), "docs/a.md")
    unmarked = check_page(tmp_path, dockerfile("RUN npm ci"), "docs/b.md")

    assert "dockerfile-fragment" not in rules(marked)
    assert [(f.rule, f.severity) for f in unmarked.findings if f.rule.startswith("docker")] == [
        ("dockerfile-fragment", Severity.INFO)
    ]


def test_hadolint_is_advice_only(tmp_path: Path) -> None:
    # hadolint (DL3007) advises against `latest`; it must never fail the run.
    result = check_page(tmp_path, dockerfile("FROM alpine:latest\nRUN apk add curl"))

    hadolint = [f for f in result.findings if f.rule.startswith("hadolint")]
    assert hadolint and all(f.severity is Severity.INFO for f in hadolint)
    assert of_severity(result, Severity.ERROR) == []
