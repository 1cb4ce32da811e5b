"""Splits shell text (bash, PowerShell, cmd) into simple commands and words, with line numbers.

This is no shell parser: bash itself judges syntax (`bash -n`). It only finds the commands a
block runs, so that `docker …` invocations and secrets on command lines can be checked. It
follows quoting, continuations, comments, `$( … )`, backticks and here-documents.

Limitation: constructs it does not model (`case` patterns, `$(( … ))` arithmetic, PowerShell
script blocks and splatting) can yield odd words; they only matter when a `docker` command
sits inside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from .placeholders import PLACEHOLDER, is_placeholder_word

# Words in front of the command that do not change which program runs.
COMMAND_PREFIXES = frozenset(
    {"sudo", "time", "command", "exec", "nohup", "env", "xargs", "winpty", "watch", "builtin"}
)
# Shell keywords that can stand where a command name stands.
SHELL_KEYWORDS = frozenset(
    {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "case"}
)
RE_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
RE_HEREDOC = re.compile(r"<<(-?)[ \t]*(['\"]?)([A-Za-z_][\w.-]*)\2")


class Dialect(str, Enum):
    """The shell a block is written for; it decides escapes, continuations and comments."""

    BASH = "bash"
    POWERSHELL = "powershell"
    CMD = "cmd"


# Fence languages of each dialect (CONTRIBUTING.md names bash, console, powershell and bat).
BASH_LANGUAGES = frozenset({"bash", "sh", "shell", "console", "zsh"})
POWERSHELL_LANGUAGES = frozenset({"powershell", "ps1", "pwsh", "ps"})
CMD_LANGUAGES = frozenset({"bat", "cmd", "batch", "bat-cmd"})


def dialect_of(language: str) -> Dialect | None:
    """The shell a fence language is written for; None for languages that are no shell."""
    if language in BASH_LANGUAGES:
        return Dialect.BASH
    if language in POWERSHELL_LANGUAGES:
        return Dialect.POWERSHELL
    if language in CMD_LANGUAGES:
        return Dialect.CMD
    return None


@dataclass(frozen=True)
class Word:
    """One shell word, quotes removed, with the content line it starts on (from 0)."""

    text: str
    line: int
    opaque: bool = False  # its value comes from an expansion or a placeholder


@dataclass(frozen=True)
class _Spec:
    escape: str  # the escape and line-continuation character
    single_quotes_literal: bool
    operators: tuple[str, ...]


# `$( … )` inside `$( … )` deeper than this is not read for commands: real blocks nest two or
# three levels, and each level re-reads its text (deep nesting once exhausted the stack).
MAX_SUBSTITUTION_DEPTH = 16

SPECS = {
    Dialect.BASH: _Spec("\\", True, ("&&", "||", ";;", "|&", "|", ";", "&", "(", ")")),
    Dialect.POWERSHELL: _Spec("`", True, ("&&", "||", "|", ";")),
    Dialect.CMD: _Spec("^", False, ("&&", "||", "|", "&")),
}


def find_commands(lines: list[str], dialect: Dialect = Dialect.BASH) -> list[list[Word]]:
    """Every simple command in the text (also inside `$( … )`), as lists of words."""
    tokenizer = _Tokenizer(lines, SPECS[dialect], dialect)
    return tokenizer.commands()


def nesting_too_deep(lines: list[str]) -> bool:
    """Whether bash command substitutions nest deeper than `find_commands` reads them."""
    tokenizer = _Tokenizer(lines, SPECS[Dialect.BASH], Dialect.BASH)
    tokenizer.commands()
    return tokenizer.too_deep


def program_words(command: list[Word], program: str) -> list[Word] | None:
    """The words from `program` on, when this command runs it (after `sudo`, `VAR=x` …)."""
    index = 0
    while index < len(command):
        text = command[index].text
        if text == program and not command[index].opaque:
            return command[index:]
        if text in COMMAND_PREFIXES or text in SHELL_KEYWORDS or RE_ASSIGNMENT.match(text):
            index += 1
            continue
        if index > 0 and command[index - 1].text in COMMAND_PREFIXES and text.startswith("-"):
            index += 1  # an option of the prefix (`sudo -E`, `xargs -r`)
            continue
        if index > 0 and command[0].text in ("xargs", "watch", "sudo"):
            index += 1
            continue
        return None
    return None


class _Tokenizer:
    def __init__(self, lines: list[str], spec: _Spec, dialect: Dialect, depth: int = 0) -> None:
        self.spec = spec
        self.dialect = dialect
        self.depth = depth
        self.too_deep = False  # some substitution was nested too deep to be read
        self.lines = lines
        self.text, self.line_of = self._join(lines)
        self.position = 0
        self.found: list[list[Word]] = []

    def _join(self, lines: list[str]) -> tuple[str, list[int]]:
        """The text with comment-only lines blanked (cmd) and a line number for each char."""
        chars: list[str] = []
        line_of: list[int] = []
        for number, line in enumerate(lines):
            if self.dialect is Dialect.CMD and re.match(r"^\s*(?:@?rem\b|::)", line, re.I):
                line = ""
            for char in line + "\n":
                chars.append(char)
                line_of.append(number)
        return "".join(chars), line_of

    def commands(self) -> list[list[Word]]:
        current: list[Word] = []
        pending_heredocs: list[tuple[str, bool]] = []
        while self.position < len(self.text):
            char = self.text[self.position]
            if char == "\n":
                self.position += 1
                if pending_heredocs:
                    self._skip_heredocs(pending_heredocs)
                    pending_heredocs = []
                self._flush(current)
                current = []
                continue
            if char in " \t\r":
                self.position += 1
                continue
            if self.text.startswith(self.spec.escape + "\n", self.position):
                self.position += 2  # a line continuation between words
                continue
            if char == "#" and self.dialect is not Dialect.CMD:
                self._skip_to_line_end()
                continue
            operator = self._operator()
            if operator:
                self._flush(current)
                current = []
                continue
            heredoc = RE_HEREDOC.match(self.text, self.position)
            if heredoc and self.dialect is Dialect.BASH:
                pending_heredocs.append((heredoc.group(3), heredoc.group(1) == "-"))
                self.position = heredoc.end()
                continue
            word = self._word()
            if word is not None:
                current.append(word)
        self._flush(current)
        return self.found

    def _flush(self, words: list[Word]) -> None:
        if words:
            self.found.append(words)

    def _operator(self) -> str:
        for operator in self.spec.operators:
            if self.text.startswith(operator, self.position):
                self.position += len(operator)
                return operator
        return ""

    def _skip_to_line_end(self) -> None:
        end = self.text.find("\n", self.position)
        self.position = len(self.text) if end < 0 else end

    def _skip_heredocs(self, pending: list[tuple[str, bool]]) -> None:
        for delimiter, strip_tabs in pending:
            while self.position < len(self.text):
                end = self.text.find("\n", self.position)
                end = len(self.text) if end < 0 else end
                line = self.text[self.position : end]
                self.position = end + 1
                if (line.lstrip("\t") if strip_tabs else line) == delimiter:
                    break

    def _word(self) -> Word | None:
        start = self.position
        parts: list[str] = []
        opaque = False
        while self.position < len(self.text):
            char = self.text[self.position]
            if char in " \t\r\n" or self._at_operator():
                break
            if char == self.spec.escape:
                following = self.text[self.position + 1 : self.position + 2]
                self.position += 2
                if following != "\n":
                    parts.append(following)
                continue
            if char == "'" and self.spec.single_quotes_literal:
                parts.append(self._quoted("'"))
                continue
            if char == '"':
                text, expanded = self._double_quoted()
                parts.append(text)
                opaque = opaque or (expanded and not parts[:-1])
                continue
            if char == "$" or char == "`" or (char == "%" and self.dialect is Dialect.CMD):
                text = self._expansion()
                opaque = opaque or not parts
                parts.append(text)
                continue
            if char == "<" or char == ">":
                if not parts:
                    placeholder = PLACEHOLDER.match(self.text, self.position)
                    if placeholder:
                        parts.append(placeholder.group(0))
                        self.position += len(placeholder.group(0))
                        continue
                    self._skip_redirection()
                    return None
            parts.append(char)
            self.position += 1

        if self.position == start:
            self.position += 1
            return None
        text = "".join(parts)
        return Word(text, self.line_of[start], opaque or is_placeholder_word(text))

    def _at_operator(self) -> bool:
        return any(self.text.startswith(op, self.position) for op in self.spec.operators)

    def _skip_redirection(self) -> None:
        while self.position < len(self.text) and self.text[self.position] in "<>&":
            self.position += 1
        while self.position < len(self.text) and self.text[self.position] in " \t":
            self.position += 1
        self._word()  # the target of the redirection is not an argument

    def _quoted(self, quote: str) -> str:
        end = self.text.find(quote, self.position + 1)
        end = len(self.text) if end < 0 else end
        text = self.text[self.position + 1 : end]
        self.position = end + 1
        return text

    def _double_quoted(self) -> tuple[str, bool]:
        self.position += 1
        parts: list[str] = []
        expanded = False
        while self.position < len(self.text):
            char = self.text[self.position]
            if char == '"':
                self.position += 1
                break
            if char == self.spec.escape and self.position + 1 < len(self.text):
                parts.append(self.text[self.position + 1])
                self.position += 2
                continue
            if char in "$`" and self.dialect is not Dialect.CMD:
                parts.append(self._expansion())
                expanded = True
                continue
            parts.append(char)
            self.position += 1
        return "".join(parts), expanded

    def _expansion(self) -> str:
        """`$VAR`, `${…}`, `$( … )` (its commands are checked too), backticks, `%VAR%`."""
        start = self.position
        char = self.text[start]
        if char == "%":
            end = self.text.find("%", start + 1)
            self.position = start + 1 if end < 0 else end + 1
            return self.text[start : self.position]
        if char == "`":
            end = self.text.find("`", start + 1)
            end = len(self.text) if end < 0 else end
            self._nested(start + 1, end)
            self.position = end + 1
            return self.text[start : self.position]
        following = self.text[start + 1 : start + 2]
        if following in "({":
            close = ")" if following == "(" else "}"
            end = self._matching(start + 1, following, close)
            if following == "(":
                self._nested(start + 2, end)
            self.position = end + 1
            return self.text[start : self.position]
        match = re.match(r"\$(?:[A-Za-z_][\w:]*|[0-9@*#?$!-])?", self.text[start:])
        self.position = start + max(len(match.group(0)) if match else 1, 1)
        return self.text[start : self.position]

    def _matching(self, open_at: int, opener: str, closer: str) -> int:
        depth = 0
        index = open_at
        while index < len(self.text):
            char = self.text[index]
            if char == opener:
                depth += 1
            elif char == closer:
                depth -= 1
                if depth == 0:
                    return index
            elif char == "'" and opener == "(":
                close = self.text.find("'", index + 1)
                index = len(self.text) if close < 0 else close
            index += 1
        return len(self.text)

    def _nested(self, start: int, end: int) -> None:
        """Tokenize the commands inside `$( … )` or backticks as commands of their own."""
        if self.dialect is not Dialect.BASH or end <= start:
            return
        if self.depth >= MAX_SUBSTITUTION_DEPTH:
            self.too_deep = True
            return
        inner_lines = self.text[start:end].split("\n")
        first_line = self.line_of[start] if start < len(self.line_of) else 0
        inner = _Tokenizer(inner_lines, self.spec, self.dialect, self.depth + 1)
        commands = inner.commands()
        self.too_deep = self.too_deep or inner.too_deep
        for command in commands:
            self.found.append(
                [Word(word.text, word.line + first_line, word.opaque) for word in command]
            )
