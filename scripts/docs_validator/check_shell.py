"""Shell blocks: bash decides syntax (`bash -n`), shellcheck adds its errors, every `docker`
command is checked against the CLI table, and Windows syntax in the wrong block is caught.

PowerShell and cmd blocks are not bash-checked; only their docker commands are (after
joining their backtick and `^` continuations).
"""

from __future__ import annotations

import json
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .check_secrets import command_lines
from .docker_cli import DockerCli
from .external_tools import (
    LINTER_MEMORY_BYTES,
    MAX_LINTED_BLOCK_CHARS,
    ToolRun,
    bash_syntax,
    find_tool,
    run_tool,
    tool_failure,
)
from .linter_findings import linter_failed, too_long_to_lint
from .models import Finding, Severity
from .page_blocks import PageBlock
from .placeholders import mask_placeholders
from .shell_words import (
    MAX_SUBSTITUTION_DEPTH,
    Dialect,
    dialect_of,
    find_commands,
    nesting_too_deep,
    program_words,
)

# shellcheck codes 1000-1999 are its own parser's; when bash accepts the block they are the
# parser's limits, not mistakes in the block.
SHELLCHECK_PARSER_CODES = range(1000, 2000)
RE_BASH_LINE = re.compile(r"line (\d+):")
# shellcheck's exit statuses when it read every file: 0 (clean) and 1 (comments printed).
SHELLCHECK_OK_CODES = (0, 1)

# Windows syntax that bash accepts silently (so `bash -n` cannot catch it).
# Limitation: textual evidence; Windows syntax inside a quoted string or a here-document of a
# bash block (for example a script written to a file for Windows) is reported too.
WINDOWS_EVIDENCE = (
    (re.compile(r"(?<![\w/])[A-Za-z]:\\"), "a drive-letter path with backslashes (C:\\…)"),
    (re.compile(r"%[A-Za-z_][A-Za-z0-9_]+%"), "a %VARIABLE%"),
    (re.compile(r"\s\^\s*$"), "a trailing ^ (cmd line continuation)"),
    (re.compile(r"\s`\s*$"), "a trailing backtick (PowerShell line continuation)"),
    (re.compile(r"\$env:[A-Za-z_]"), "$env:… (a PowerShell variable)"),
)
# Bash syntax in Windows blocks, which cmd or PowerShell would not understand.
BASH_CONTINUATION = re.compile(r"\s\\\s*$")
BASH_SUBSTITUTION = re.compile(r"\$\(\s*pwd\s*\)|\$PWD\b|`pwd`")


@dataclass
class _Script:
    item: PageBlock
    text: str  # what bash and shellcheck read: placeholders masked, console output removed


def syntax_text(item: PageBlock) -> str:
    """The block as bash should read it. Comment-only lines become blank lines (line numbers
    stay): then a Korean page and its English twin share one check."""
    lines = []
    for line in command_lines(item):
        stripped = line.lstrip()
        is_comment = stripped.startswith("#") and not stripped.startswith(("#!", "# shellcheck"))
        lines.append("" if is_comment else line)
    return mask_placeholders("\n".join(lines))


def check_shell_blocks(items: list[PageBlock], cli: DockerCli) -> list[Finding]:
    """All bash-family blocks of the run: `bash -n` per distinct script (in parallel) while
    one shellcheck process reads them all."""
    scripts = [_Script(item, syntax_text(item)) for item in items]
    distinct = sorted({(script.item.language == "sh", script.text) for script in scripts})
    linted = [key for key in distinct if len(key[1]) <= MAX_LINTED_BLOCK_CHARS]
    with ThreadPoolExecutor(max_workers=1) as background:
        shellcheck = background.submit(run_shellcheck, linted)
        bash_runs = dict(
            zip(distinct, bash_syntax([text + "\n" for _sh, text in distinct]), strict=True)
        )
        shellcheck_comments, shellcheck_failures = shellcheck.result()

    findings: list[Finding] = []
    for script in scripts:
        key = (script.item.language == "sh", script.text)
        result = bash_runs[key]
        findings.extend(_bash_findings(script.item, result.returncode, result.stderr))
        if len(script.text) > MAX_LINTED_BLOCK_CHARS:
            findings.append(
                too_long_to_lint(
                    script.item, "shellcheck", "only the syntax check and our own rules ran"
                )
            )
        elif key[0] in shellcheck_failures:
            findings.append(
                linter_failed(
                    script.item,
                    "shellcheck",
                    shellcheck_failures[key[0]],
                    "an unusually large or deeply nested block in this batch",
                )
            )
        for comment in shellcheck_comments.get(key, []):
            code = int(str(comment.get("code", 0)))
            if code in SHELLCHECK_PARSER_CODES and result.returncode != 0:
                continue  # bash already reported the syntax error: one finding is enough
            findings.append(shellcheck_finding(script.item, comment, result.returncode == 0))

    for item in items:
        findings.extend(_nesting_findings(item))
        findings.extend(_prompt_findings(item))
        findings.extend(_windows_in_bash(item))
        findings.extend(check_docker_commands(item, Dialect.BASH, cli))
    return findings


def check_windows_block(item: PageBlock, cli: DockerCli) -> list[Finding]:
    """A PowerShell or cmd block: its docker commands, and bash syntax that would fail there."""
    dialect = dialect_of(item.language) or Dialect.CMD
    findings = check_docker_commands(item, dialect, cli)
    shell = "PowerShell" if dialect is Dialect.POWERSHELL else "cmd"
    for index, line in enumerate(command_lines(item)):
        if BASH_CONTINUATION.search(line):
            findings.append(
                item.finding(
                    index,
                    Severity.WARNING,
                    "shell-dialect",
                    f"dialect mismatch: a trailing \\ continues lines in bash, not in {shell}; "
                    + ("use a backtick (`)" if dialect is Dialect.POWERSHELL else "use ^"),
                )
            )
        if dialect is Dialect.CMD and BASH_SUBSTITUTION.search(line):
            findings.append(
                item.finding(
                    index,
                    Severity.WARNING,
                    "shell-dialect",
                    "dialect mismatch: $(pwd) is bash; cmd writes the current folder as %cd%",
                )
            )
    return findings


def check_docker_commands(item: PageBlock, dialect: Dialect, cli: DockerCli) -> list[Finding]:
    findings: list[Finding] = []
    for command in find_commands(command_lines(item), dialect):
        words = program_words(command, "docker")
        if not words:
            continue
        for problem in cli.check(words):
            findings.append(
                item.finding(problem.word.line, problem.severity, problem.rule, problem.message)
            )
    return findings


def _bash_findings(item: PageBlock, returncode: int, stderr: str) -> list[Finding]:
    if returncode == 0:
        messages = [line for line in stderr.splitlines() if "warning" in line]
        return [
            item.finding(
                _bash_line(message), Severity.WARNING, "shell-syntax", _bash_message(message)
            )
            for message in messages
        ]
    if returncode < 0 and find_tool("bash") is None:
        return [item.finding(None, Severity.INFO, "tool-missing", stderr.strip())]
    if returncode < 0:
        reason = tool_failure("bash", ToolRun(returncode, "", stderr), (0,))
        return [
            item.finding(
                None,
                Severity.WARNING,
                "tool-failed",
                f"bash -n did not check this block: {reason}; simplify or split the block",
            )
        ]
    errors = [line for line in stderr.splitlines() if line.strip()]
    first = next((line for line in errors if "syntax error" in line), errors[0] if errors else "")
    return [
        item.finding(
            _bash_line(first),
            Severity.ERROR,
            "shell-syntax",
            f"bash -n: {_bash_message(first) or 'syntax error'}",
        )
    ]


def _bash_line(message: str) -> int | None:
    match = RE_BASH_LINE.search(message)
    return int(match.group(1)) - 1 if match else None


def _bash_message(message: str) -> str:
    return RE_BASH_LINE.split(message, maxsplit=1)[-1].strip() if message else ""


def run_shellcheck(
    scripts: list[tuple[bool, str]],
) -> tuple[dict[tuple[bool, str], list[dict]], dict[bool, str]]:
    """shellcheck's errors for each (is_sh, text), from one run per shell dialect, and why a
    run failed (timeout, crash), for each dialect (is_sh) whose run failed."""
    shellcheck = find_tool("shellcheck")
    comments: dict[tuple[bool, str], list[dict]] = {key: [] for key in scripts}
    failures: dict[bool, str] = {}
    if shellcheck is None or not scripts:
        return comments, failures
    with tempfile.TemporaryDirectory(prefix="docs-shellcheck-") as folder:
        for is_sh in (False, True):
            names: dict[str, tuple[bool, str]] = {}
            for number, key in enumerate(scripts):
                if key[0] is is_sh:
                    path = Path(folder) / f"block{number:05d}.sh"
                    path.write_text(key[1] + "\n", encoding="utf-8")
                    names[str(path)] = key
            if not names:
                continue
            shell = "sh" if is_sh else "bash"
            result = run_tool(
                [shellcheck, "--norc", "-f", "json1", "-S", "error", "-s", shell, *names],
                memory_limit=LINTER_MEMORY_BYTES,
            )
            failure = tool_failure("shellcheck", result, SHELLCHECK_OK_CODES)
            try:
                found = json.loads(result.stdout or "{}").get("comments", [])
            except (json.JSONDecodeError, AttributeError):
                failure = failure or "shellcheck printed something that is not its JSON report"
                found = []
            if failure is not None:
                failures[is_sh] = failure
            for comment in found:
                key = names.get(str(comment.get("file", "")))
                if key is not None:
                    comments[key].append(comment)
    return comments, failures


def shellcheck_finding(item: PageBlock, comment: dict[str, object], bash_ok: bool) -> Finding:
    code = int(str(comment.get("code", 0)))
    line = int(str(comment.get("line", 1))) - 1
    message = f"shellcheck SC{code}: {comment.get('message', '')}"
    if code in SHELLCHECK_PARSER_CODES and bash_ok:
        return item.finding(
            line,
            Severity.INFO,
            "shellcheck-parser-limit",
            f"{message} (bash accepts this line: a limit of shellcheck's parser)",
        )
    return item.finding(line, Severity.ERROR, f"shellcheck-SC{code}", message)


def _nesting_findings(item: PageBlock) -> list[Finding]:
    if not nesting_too_deep(command_lines(item)):
        return []
    return [
        item.finding(
            None,
            Severity.WARNING,
            "shell-nesting-too-deep",
            f"command substitutions $( … ) nest deeper than {MAX_SUBSTITUTION_DEPTH} levels: "
            "docker commands and secrets inside them were not checked; flatten the command "
            "with variables",
        )
    ]


def _prompt_findings(item: PageBlock) -> list[Finding]:
    if item.language == "console":
        return []
    return [
        item.finding(
            index,
            Severity.WARNING,
            "shell-prompt",
            "a '$ ' prompt in a copyable block: remove it, or use a `console` block for a "
            "transcript with output",
        )
        for index, line in enumerate(item.block.lines)
        if line.startswith("$ ")
    ]


def _windows_in_bash(item: PageBlock) -> list[Finding]:
    """cmd or PowerShell syntax in a bash block: bash -n accepts it, readers' shells do not."""
    evidence: list[str] = []
    first_line: int | None = None
    for index, line in enumerate(command_lines(item)):
        code = line.split(" #", 1)[0] if not line.lstrip().startswith("#") else ""
        for pattern, description in WINDOWS_EVIDENCE:
            if pattern.search(code) and description not in evidence:
                evidence.append(description)
                first_line = index if first_line is None else first_line
    if not evidence:
        return []
    kind = "PowerShell" if any("PowerShell" in text for text in evidence) else "Windows cmd"
    return [
        item.finding(
            first_line,
            Severity.WARNING,
            "shell-dialect",
            f"dialect mismatch: {kind} syntax in a {item.language} block ({'; '.join(evidence)})"
            f"; put it in a {'powershell' if kind == 'PowerShell' else 'bat'} block",
        )
    ]
