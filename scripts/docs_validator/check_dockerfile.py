"""Dockerfile blocks: instructions, exec form, EXPOSE, ENV, fragments; hadolint as advice.

Our own reader follows the Dockerfile reference (parser directives, line continuations,
comments, heredocs, `RUN --mount`), so modern Dockerfiles pass. hadolint runs once over all
blocks; its findings are advice, and its parse failures are never taken as errors.
"""

from __future__ import annotations

import difflib
import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .external_tools import (
    LINTER_MEMORY_BYTES,
    MAX_LINTED_BLOCK_CHARS,
    find_tool,
    run_tool,
    tool_failure,
)
from .linter_findings import linter_failed, too_long_to_lint
from .models import Finding, Severity
from .page_blocks import PageBlock
from .placeholders import is_placeholder_word

DOCKERFILE_LANGUAGES = frozenset({"dockerfile", "docker", "containerfile"})

INSTRUCTIONS = (
    "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT",
    "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
)  # fmt: skip
# The flags each instruction accepts (Dockerfile reference, BuildKit frontend 1.x).
INSTRUCTION_FLAGS: dict[str, tuple[str, ...]] = {
    "FROM": ("platform",),
    "RUN": ("mount", "network", "security", "device"),
    "COPY": ("from", "chown", "chmod", "link", "parents", "exclude"),
    "ADD": ("chown", "chmod", "link", "checksum", "keep-git-dir", "exclude", "unpack"),
    "HEALTHCHECK": ("interval", "timeout", "start-period", "start-interval", "retries"),
}
EXEC_FORM_INSTRUCTIONS = frozenset({"RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME"})
HEREDOC_INSTRUCTIONS = frozenset({"RUN", "COPY", "ADD"})
NEEDS_ARGUMENTS = frozenset(set(INSTRUCTIONS) - {"HEALTHCHECK"})
PARSER_DIRECTIVES = ("syntax", "escape", "check")

RE_DIRECTIVE = re.compile(r"^#\s*([A-Za-z]+)\s*=\s*(\S.*?)\s*$")
RE_INSTRUCTION = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_-]*)(?:\s+(.*))?$")
RE_HEREDOC = re.compile(r"<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\2")
RE_PORT = re.compile(
    r"^(?:\d{1,5}(?:-\d{1,5})?|\$\{?[A-Za-z_][A-Za-z0-9_]*(?::?[-+][^}]*)?\}?)(?:/(?:tcp|udp|sctp))?$",
    re.I,
)
RE_FLAG = re.compile(r"^--([a-z][a-z-]*)(?:=.*)?$")
MAX_PORT = 65535  # ports are 16-bit numbers

# hadolint rules that judge a whole Dockerfile and say nothing about an excerpt.
HADOLINT_WHOLE_FILE_RULES = frozenset({"DL3061", "DL3057"})
# hadolint's code for "could not parse"; its parser lags behind BuildKit (heredocs, comments
# after heredocs), so this only says that hadolint could not read the block.
HADOLINT_PARSE_FAILURE = "DL1000"


@dataclass
class Instruction:
    keyword: str  # as written
    arguments: str  # continuation lines joined, heredoc bodies not included
    line: int  # content line (from 0) where it starts
    heredocs: list[str] = field(default_factory=list)


@dataclass
class ParsedDockerfile:
    instructions: list[Instruction] = field(default_factory=list)
    problems: list[tuple[int, Severity, str, str]] = field(default_factory=list)


def parse_dockerfile(lines: list[str]) -> ParsedDockerfile:
    """Instructions with their lines, following directives, continuations and heredocs."""
    parsed = ParsedDockerfile()
    escape = "\\"
    index = 0
    in_directives = True
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if in_directives:
            directive = RE_DIRECTIVE.match(stripped)
            if directive and directive.group(1).lower() in PARSER_DIRECTIVES:
                if directive.group(1).lower() == "escape":
                    escape = directive.group(2)[:1] or "\\"
                index += 1
                continue
            in_directives = False
        if not stripped or stripped.startswith("#"):
            index += 1
            continue
        index = _read_instruction(lines, index, escape, parsed)
    return parsed


def _read_instruction(lines: list[str], start: int, escape: str, parsed: ParsedDockerfile) -> int:
    parts: list[str] = []
    index = start
    while index < len(lines):
        line = lines[index]
        index += 1
        if index - 1 > start and line.strip().startswith("#"):
            continue  # comments inside a continued instruction are dropped
        body = line.rstrip()
        if body.endswith(escape) and index < len(lines):
            parts.append(body[:-1])
            continue
        parts.append(body)
        break
    text = " ".join(part.strip() for part in parts)
    match = RE_INSTRUCTION.match(text)
    if match is None:
        parsed.problems.append(
            (start, Severity.ERROR, "dockerfile-syntax", f"not an instruction: '{text[:40]}'")
        )
        return index
    instruction = Instruction(match.group(1), match.group(2) or "", start)
    if instruction.keyword.upper() in HEREDOC_INSTRUCTIONS:
        for heredoc in RE_HEREDOC.finditer(instruction.arguments):
            index = _skip_heredoc(lines, index, heredoc.group(3), heredoc.group(1) == "-")
            instruction.heredocs.append(heredoc.group(3))
    parsed.instructions.append(instruction)
    return index


def _skip_heredoc(lines: list[str], index: int, delimiter: str, strip_tabs: bool) -> int:
    while index < len(lines):
        line = lines[index]
        index += 1
        if (line.lstrip("\t") if strip_tabs else line) == delimiter:
            break
    return index


def check_dockerfile(item: PageBlock) -> list[Finding]:
    """Our own rules for one block (hadolint runs separately, over all blocks at once)."""
    parsed = parse_dockerfile(item.block.lines)
    findings = [item.finding(line, sev, rule, msg) for line, sev, rule, msg in parsed.problems]
    seen_from = False
    has_from = any(i.keyword.upper() == "FROM" for i in parsed.instructions)
    for instruction in parsed.instructions:
        keyword = instruction.keyword.upper()
        if keyword == "FROM":
            seen_from = True
        elif has_from and not seen_from and keyword != "ARG":
            findings.append(
                item.finding(
                    instruction.line,
                    Severity.ERROR,
                    "dockerfile-before-from",
                    f"{keyword} before the first FROM: only ARG may come before FROM",
                )
            )
        for severity, rule, message in check_instruction(instruction):
            findings.append(item.finding(instruction.line, severity, rule, message))

    if parsed.instructions and not has_from and not item.block.has_class("fragment"):
        findings.append(
            item.finding(
                None,
                Severity.INFO,
                "dockerfile-fragment",
                "partial Dockerfile (no FROM); mark it as an excerpt: ```dockerfile { .fragment }",
            )
        )
    return findings


def check_instruction(instruction: Instruction) -> list[tuple[Severity, str, str]]:
    keyword = instruction.keyword.upper()
    if keyword not in INSTRUCTIONS:
        close = difflib.get_close_matches(keyword, INSTRUCTIONS, n=1)
        hint = f"; did you mean {close[0]}?" if close else ""
        return [
            (
                Severity.ERROR,
                "dockerfile-unknown-instruction",
                f"unknown instruction {keyword}{hint}",
            )
        ]
    arguments = instruction.arguments.strip()
    if not arguments and keyword in NEEDS_ARGUMENTS:
        return [(Severity.ERROR, "dockerfile-syntax", f"{keyword} needs arguments")]

    problems: list[tuple[Severity, str, str]] = []
    arguments = _check_flags(keyword, arguments, problems)
    if keyword in EXEC_FORM_INSTRUCTIONS:
        problems.extend(_check_exec_form(keyword, arguments))
    if keyword == "HEALTHCHECK":
        command = re.split(r"\bCMD\b", arguments, maxsplit=1, flags=re.I)
        if len(command) == 2:
            problems.extend(_check_exec_form("HEALTHCHECK CMD", command[1].strip()))
    checker = _SPECIFIC_CHECKS.get(keyword)
    if checker is not None:
        problems.extend(checker(arguments, instruction))
    return problems


def _check_flags(keyword: str, arguments: str, problems: list[tuple[Severity, str, str]]) -> str:
    """Check `--flag` words in front of the arguments; return the arguments after them."""
    allowed = INSTRUCTION_FLAGS.get(keyword)
    words = arguments.split(" ")
    while words and words[0].startswith("--"):
        flag = RE_FLAG.match(words[0])
        name = flag.group(1) if flag else words[0]
        if allowed is None or name not in allowed:
            close = difflib.get_close_matches(name, allowed or (), n=1)
            hint = f"; did you mean --{close[0]}?" if close else ""
            problems.append(
                (Severity.ERROR, "dockerfile-flag", f"{keyword} has no flag --{name}{hint}")
            )
        words.pop(0)
    return " ".join(words).strip()


def _check_exec_form(keyword: str, arguments: str) -> list[tuple[Severity, str, str]]:
    if not arguments.startswith("["):
        if keyword == "SHELL":
            return [(Severity.ERROR, "dockerfile-exec-form", "SHELL needs a JSON array")]
        return []
    try:
        value = json.loads(arguments)
    except json.JSONDecodeError as error:
        hint = " (JSON needs double quotes)" if "'" in arguments else ""
        if keyword in ("VOLUME",):
            return []
        return [
            (
                Severity.ERROR,
                "dockerfile-exec-form",
                f"{keyword} looks like exec form but is not a valid JSON array{hint}: "
                f"{error.msg}; Docker would silently run it as a shell command",
            )
        ]
    if not isinstance(value, list) or not all(isinstance(part, str) for part in value):
        return [(Severity.ERROR, "dockerfile-exec-form", f"{keyword} exec form must list strings")]
    return []


def _check_expose(arguments: str, _instruction: Instruction) -> list[tuple[Severity, str, str]]:
    problems: list[tuple[Severity, str, str]] = []
    for port in arguments.split():
        if is_placeholder_word(port):
            continue
        numbers = [int(n) for n in re.findall(r"^\d+|(?<=-)\d+", port)]
        if not RE_PORT.match(port) or any(n < 1 or n > MAX_PORT for n in numbers):
            hint = " (publishing host:container ports is `docker run -p`)" if ":" in port else ""
            problems.append(
                (
                    Severity.ERROR,
                    "dockerfile-expose",
                    f"EXPOSE takes ports, ranges or variables (80, 8000-8010, 53/udp, $PORT); "
                    f"not '{port}'{hint}",
                )
            )
    return problems


def _check_env(arguments: str, _instruction: Instruction) -> list[tuple[Severity, str, str]]:
    first = arguments.split(None, 1)[0] if arguments else ""
    if "=" not in first:
        return [
            (
                Severity.WARNING,
                "dockerfile-env-legacy",
                "ENV key value is the legacy form; write ENV key=value",
            )
        ]
    return []


def _check_maintainer(
    _arguments: str, _instruction: Instruction
) -> list[tuple[Severity, str, str]]:
    return [
        (
            Severity.WARNING,
            "dockerfile-deprecated",
            'MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors="…"',
        )
    ]


def _check_copy(arguments: str, instruction: Instruction) -> list[tuple[Severity, str, str]]:
    if arguments.startswith("[") or instruction.heredocs:
        return []
    if len(arguments.split()) < 2:
        return [
            (
                Severity.ERROR,
                "dockerfile-syntax",
                f"{instruction.keyword.upper()} needs a source and a destination",
            )
        ]
    return []


def _check_onbuild(arguments: str, instruction: Instruction) -> list[tuple[Severity, str, str]]:
    match = RE_INSTRUCTION.match(arguments)
    if match is None:
        return [(Severity.ERROR, "dockerfile-syntax", "ONBUILD needs an instruction")]
    if match.group(1).upper() in ("ONBUILD", "FROM", "MAINTAINER"):
        return [(Severity.ERROR, "dockerfile-syntax", f"ONBUILD cannot run {match.group(1)}")]
    inner = Instruction(match.group(1), match.group(2) or "", instruction.line)
    return check_instruction(inner)


_SPECIFIC_CHECKS = {
    "EXPOSE": _check_expose,
    "ENV": _check_env,
    "MAINTAINER": _check_maintainer,
    "COPY": _check_copy,
    "ADD": _check_copy,
    "ONBUILD": _check_onbuild,
}


def hadolint_advice(items: list[PageBlock]) -> list[Finding]:
    """hadolint over every Dockerfile block at once; its findings are advice (info), and
    its parse failures only say that hadolint could not read the block."""
    hadolint = find_tool("hadolint")
    if hadolint is None or not items:
        return []
    findings = [_too_long_note(item) for item in items if _too_long(item)]
    items = [item for item in items if not _too_long(item)]
    if not items:
        return findings
    with tempfile.TemporaryDirectory(prefix="docs-hadolint-") as folder:
        names: dict[str, PageBlock] = {}
        for number, item in enumerate(items):
            path = Path(folder) / f"block{number:05d}.Dockerfile"
            path.write_text(item.block.content + "\n", encoding="utf-8")
            names[str(path)] = item
        result = run_tool(
            [hadolint, "--no-fail", "--no-color", "-f", "json", *names],
            memory_limit=LINTER_MEMORY_BYTES,
        )
        failure = tool_failure("hadolint", result, (0,))
        try:
            reports = json.loads(result.stdout or "[]")
            if not isinstance(reports, list):
                raise ValueError("not a list")
        except ValueError:  # json.JSONDecodeError is a ValueError
            failure = failure or "hadolint printed something that is not its JSON report"
            reports = []
        if failure is not None:
            return findings + [_hadolint_failed(item, failure) for item in items]
        for report in reports:
            item = names.get(str(report.get("file", "")))
            if item is None:
                continue
            finding = _hadolint_finding(item, report)
            if finding is not None:
                findings.append(finding)
    return findings


def _too_long(item: PageBlock) -> bool:
    return len(item.block.content) > MAX_LINTED_BLOCK_CHARS


def _too_long_note(item: PageBlock) -> Finding:
    return too_long_to_lint(item, "hadolint", "our own Dockerfile checks still ran")


def _hadolint_failed(item: PageBlock, reason: str) -> Finding:
    return linter_failed(
        item, "hadolint", reason, "an unusually large block among the Dockerfile blocks"
    )


def _hadolint_finding(item: PageBlock, report: dict[str, object]) -> Finding | None:
    code = str(report.get("code", ""))
    line = max(int(str(report.get("line", 1))) - 1, 0)
    if code in HADOLINT_WHOLE_FILE_RULES and not any(
        i.keyword.upper() == "FROM" for i in parse_dockerfile(item.block.lines).instructions
    ):
        return None
    if code == HADOLINT_PARSE_FAILURE:
        return item.finding(
            line,
            Severity.INFO,
            "hadolint-parser-limit",
            "hadolint could not parse this block (its parser lags behind BuildKit); "
            "our own Dockerfile checks still ran",
        )
    return item.finding(
        line, Severity.INFO, f"hadolint-{code}", f"hadolint: {report.get('message')}"
    )
