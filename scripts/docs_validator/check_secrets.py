"""Secrets in code blocks: a password or token on a command line, a private key anywhere."""

from __future__ import annotations

import re

from .models import Finding, Severity
from .page_blocks import PageBlock
from .shell_words import POWERSHELL_LANGUAGES, Dialect, Word, find_commands, program_words

RE_PRIVATE_KEY = re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----")
# Token formats with a fixed prefix: Docker Hub PATs, GitHub, GitLab, AWS access keys, Slack.
RE_TOKEN = re.compile(
    r"\b(?:dckr_pat_[A-Za-z0-9_-]{8,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}"
    r"|glpat-[A-Za-z0-9_-]{16,}|AKIA[0-9A-Z]{16}|xox[abprs]-[A-Za-z0-9-]{10,})"
)
# Options that put a secret into the command line (and so into shell history and `ps`).
SECRET_OPTIONS = ("--password", "--pass", "--token", "--secret-key", "--api-key")
SECRET_OPTION_SUFFIX_OK = ("-stdin", "-file", "-env")
# `docker login -p` is the short form of --password.
SHORT_PASSWORD_COMMANDS = {("docker", "login"), ("podman", "login"), ("helm", "registry")}


def check_secrets(item: PageBlock, dialect: Dialect | None) -> list[Finding]:
    """Private keys and token-shaped strings in any block; secret options in command blocks."""
    findings: list[Finding] = []
    for index, line in enumerate(item.block.lines):
        if RE_PRIVATE_KEY.search(line):
            findings.append(
                item.finding(
                    index,
                    Severity.ERROR,
                    "secret-private-key",
                    "a private key in a code block: never publish one; show how to create or "
                    "mount it instead",
                )
            )
        token = RE_TOKEN.search(line)
        if token:
            findings.append(
                item.finding(
                    index,
                    Severity.ERROR,
                    "secret-token",
                    f"a token ({token.group(0)[:8]}…) in a code block: use an environment "
                    "variable such as DOCKERHUB_TOKEN",
                )
            )
    if dialect is not None:
        findings.extend(_secret_options(item, dialect))
    return findings


RE_HERE_STRING_START = re.compile(r"@['\"]\s*$")
RE_HERE_STRING_END = re.compile(r"^\s*['\"]@")


def command_lines(item: PageBlock) -> list[str]:
    """The lines a command block runs; in `console` blocks only the `$ ` lines, in
    PowerShell blocks without the bodies of here-strings (`@' … '@`)."""
    if item.language == "console":
        return console_commands(item.block.lines)
    if item.language in POWERSHELL_LANGUAGES:
        return powershell_code(item.block.lines)
    return item.block.lines


def powershell_code(lines: list[str]) -> list[str]:
    """Here-string bodies become blank lines: they are data (often a Dockerfile or a bash
    script), not PowerShell."""
    out: list[str] = []
    inside = False
    for line in lines:
        if inside:
            if RE_HERE_STRING_END.match(line):
                inside = False
                out.append(line.split("@", 1)[1])  # keep what follows the closing '@
            else:
                out.append("")
            continue
        if RE_HERE_STRING_START.search(line):
            inside = True
            out.append(RE_HERE_STRING_START.sub("''", line))
            continue
        out.append(line)
    return out


def console_commands(lines: list[str]) -> list[str]:
    """`$ ` lines without the prompt (and their continuations); other lines become blank, so
    line numbers stay."""
    out: list[str] = []
    continued = False
    for line in lines:
        if line.startswith("$ ") or line == "$":
            out.append(line[2:])
            continued = line.rstrip().endswith("\\")
        elif continued:
            out.append(line)
            continued = line.rstrip().endswith("\\")
        else:
            out.append("")
    return out


def _secret_options(item: PageBlock, dialect: Dialect) -> list[Finding]:
    findings: list[Finding] = []
    for command in find_commands(command_lines(item), dialect):
        for position, word in enumerate(command):
            if _is_secret_option(command, position, word):
                findings.append(
                    item.finding(
                        word.line,
                        Severity.ERROR,
                        "secret-on-command-line",
                        f"'{word.text.split('=', 1)[0]}' puts a password or token on the "
                        "command line (shell history, process list); pipe it to "
                        "--password-stdin instead",
                    )
                )
    return findings


def _is_secret_option(command: list[Word], position: int, word: Word) -> bool:
    name, has_value, _value = word.text.partition("=")
    has_next = position + 1 < len(command)
    if name in SECRET_OPTIONS and not name.endswith(SECRET_OPTION_SUFFIX_OK):
        return bool(has_value) or has_next
    if name == "-p" or (name.startswith("-p") and not name.startswith("--") and len(name) > 2):
        for program, sub in SHORT_PASSWORD_COMMANDS:
            words = program_words(command, program)
            if words and len(words) > 1 and words[1].text == sub and word in words[2:]:
                return True
    return False
