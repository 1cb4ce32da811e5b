"""When each file of the repository last changed, read from git in one walk, with what a
shallow clone, uncommitted work or a machine without git can and cannot tell.

Used by the translations check and by the site's hooks (last-updated date, outdated notice),
so both read history the same way. Needs only the standard library.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

# One `git log` over a documentation repository takes well under a second; a minute means
# something is wrong (a network file system, a lock) and the build should go on without dates.
GIT_TIMEOUT_SECONDS = 60
# A commit may say that a translation is current without changing it (the original got a typo
# fix, or a reviewer compared the two): `Translation-checked: docs/x.en.md` in its message.
# The file then counts as updated at that commit for the translation status, while its
# last-updated date on the site stays the date of its last real change.
CHECKED_TRAILER = "Translation-checked"
# Separators git prints between and inside log records (ASCII record/unit separators).
RECORD_SEPARATOR = "\x1e"
UNIT_SEPARATOR = "\x1f"
LOG_FORMAT = (
    f"--format={RECORD_SEPARATOR}%H{UNIT_SEPARATOR}%ct{UNIT_SEPARATOR}"
    f"%(trailers:key={CHECKED_TRAILER},valueonly,separator=%x1f)"
)


class DatePrecision(str, Enum):
    """How much a change date can be trusted."""

    EXACT = "exact"  # the date of the last commit that touched the file
    AT_MOST = "at-most"  # shallow clone: last touched in or before the oldest commit present
    PENDING = "pending"  # uncommitted changes in the working tree; the date is the file's mtime
    UNKNOWN = "unknown"  # no history: no git, not a repository, or git refused to answer


@dataclass(frozen=True)
class ChangeDate:
    """When a file last changed, and how sure that is."""

    timestamp: int | None
    precision: DatePrecision
    commit: str = ""

    @property
    def known(self) -> bool:
        return self.precision is not DatePrecision.UNKNOWN and self.timestamp is not None

    def iso(self) -> str | None:
        """ISO 8601 in UTC (`2026-12-04T15:41:00+00:00`), or None when unknown."""
        if self.timestamp is None:
            return None
        return dt.datetime.fromtimestamp(self.timestamp, tz=dt.timezone.utc).isoformat()

    def day(self) -> str | None:
        """The calendar day in UTC (`2026-12-04`), or None when unknown."""
        iso = self.iso()
        return iso[:10] if iso else None


UNKNOWN_DATE = ChangeDate(None, DatePrecision.UNKNOWN)


@dataclass(frozen=True)
class FileChange:
    """The last commit that changed a file, and the last one that changed or checked it."""

    timestamp: int | None  # None: only ever named in a Translation-checked trailer
    commit: str
    checked_timestamp: int
    checked_commit: str


@dataclass
class GitHistory:
    """The last change of every file git knows, plus the files with uncommitted changes."""

    top_level: Path | None
    problem: str = ""  # why history is missing or partial; "" when complete
    shallow: bool = False
    boundary: frozenset[str] = frozenset()  # commits whose parents a shallow clone lacks
    changes: dict[str, FileChange] = field(default_factory=dict)
    pending: frozenset[str] = frozenset()

    @property
    def available(self) -> bool:
        return self.top_level is not None

    def describe(self) -> str:
        """One line for reports: where dates come from."""
        if not self.available:
            return f"no git history ({self.problem})"
        if self.shallow:
            return "shallow git clone: dates older than its oldest commit are upper bounds"
        return "git history"

    def last_change(self, path: Path, *, with_checks: bool = False) -> ChangeDate:
        """The file's last change; with_checks also counts Translation-checked trailers."""
        key = self._key(path)
        if key is None:
            return UNKNOWN_DATE
        if key in self.pending:
            return ChangeDate(_mtime(path), DatePrecision.PENDING)
        change = self.changes.get(key)
        if change is None:
            return UNKNOWN_DATE
        timestamp, commit = change.timestamp, change.commit
        if with_checks:
            timestamp, commit = change.checked_timestamp, change.checked_commit
        if timestamp is None:
            return UNKNOWN_DATE
        precision = DatePrecision.AT_MOST if commit in self.boundary else DatePrecision.EXACT
        return ChangeDate(timestamp, precision, commit)

    def _key(self, path: Path) -> str | None:
        if self.top_level is None:
            return None
        try:
            relative = path.resolve().relative_to(self.top_level)
        except ValueError:
            return None
        return unicodedata.normalize("NFC", relative.as_posix())


def latest(dates: list[ChangeDate]) -> ChangeDate:
    """The newest of several change dates (a page and the files it includes).

    Uncommitted work is newer than any commit; an exact date is newer than any upper bound
    (exact commits come after a shallow clone's boundary); unknown wins only when all are."""
    for precision in (DatePrecision.PENDING, DatePrecision.EXACT, DatePrecision.AT_MOST):
        candidates = [d for d in dates if d.precision is precision and d.timestamp is not None]
        if candidates:
            return max(candidates, key=lambda d: d.timestamp or 0)
    return UNKNOWN_DATE


def load_history(repo_root: Path) -> GitHistory:
    """Everything git can tell about the files under repo_root, in a few git calls."""
    try:
        top = _git(repo_root, "rev-parse", "--show-toplevel").strip()
    except GitUnavailable as error:
        return GitHistory(None, problem=str(error))

    top_level = Path(top).resolve()
    try:
        return _read_history(top_level)
    except GitUnavailable as error:
        return GitHistory(None, problem=str(error))


def _read_history(top_level: Path) -> GitHistory:
    history = GitHistory(top_level)
    history.shallow = _git(top_level, "rev-parse", "--is-shallow-repository").strip() == "true"
    if history.shallow:
        history.boundary = _shallow_boundary(top_level)
        history.problem = "shallow clone"
    history.pending = parse_status(
        _git(top_level, "status", "--porcelain=v1", "-z", "--untracked-files=all")
    )
    try:
        log = _git(top_level, "log", "-z", "--no-renames", "--name-only", LOG_FORMAT, "HEAD")
    except GitUnavailable:
        log = ""  # a repository without commits yet: every file is uncommitted work
    history.changes = parse_log(log)
    return history


class GitUnavailable(Exception):
    """git is missing, the folder is no repository, or git refused (e.g. dubious ownership)."""


def _git(cwd: Path, *args: str) -> str:
    # GIT_OPTIONAL_LOCKS=0: `git status` must not take the index lock while a contributor's own
    # git command (or an editor) is working in the same repository during `mkdocs serve`.
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        completed = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            env=env,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError as error:
        raise GitUnavailable("git is not installed") from error
    except subprocess.TimeoutExpired as error:
        raise GitUnavailable(f"git {args[0]} took over {GIT_TIMEOUT_SECONDS} s") from error
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitUnavailable(message[0] if message else f"git {args[0]} failed")
    return completed.stdout.decode("utf-8", "replace")


def parse_log(log: str) -> dict[str, FileChange]:
    """Newest-first `git log -z --name-only` records → each path's last change and check."""
    # Limitation: dates are committer dates, so a commit made on a machine with a wrong clock
    # can put a page before or after its twin wrongly; merge commits add no dates of their own.
    changes: dict[str, FileChange] = {}
    for record in log.split(RECORD_SEPARATOR):
        if not record.strip("\0\n"):
            continue
        header, _, names = record.partition("\0")
        commit, timestamp_text, *checked = header.split(UNIT_SEPARATOR)
        timestamp = int(timestamp_text.strip())
        for name in names.split("\0"):
            name = unicodedata.normalize("NFC", name.strip("\n"))
            if name:
                changes[name] = _merge(changes.get(name), commit, timestamp, changed=True)
        for value in checked:
            name = unicodedata.normalize("NFC", value.strip())
            if name:
                changes[name] = _merge(changes.get(name), commit, timestamp, changed=False)
    return changes


def _merge(known: FileChange | None, commit: str, timestamp: int, *, changed: bool) -> FileChange:
    """Records come newest first: the first record naming a file sets its last check; the
    first that changed it sets its last change."""
    if known is None:
        if changed:
            return FileChange(timestamp, commit, timestamp, commit)
        return FileChange(None, "", timestamp, commit)
    if changed and known.timestamp is None:
        return FileChange(timestamp, commit, known.checked_timestamp, known.checked_commit)
    return known


def parse_status(status: str) -> frozenset[str]:
    """Paths with staged, unstaged or untracked changes, from `git status --porcelain -z`."""
    pending: set[str] = set()
    entries = status.split("\0")
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if len(entry) < 4:
            continue
        code, path = entry[:2], entry[3:]
        pending.add(unicodedata.normalize("NFC", path))
        if "R" in code or "C" in code:
            index += 1  # a rename or copy is followed by its origin path
    return frozenset(pending)


def _shallow_boundary(top_level: Path) -> frozenset[str]:
    shallow_file = Path(_git(top_level, "rev-parse", "--git-path", "shallow").strip())
    if not shallow_file.is_absolute():
        shallow_file = top_level / shallow_file
    try:
        return frozenset(shallow_file.read_text(encoding="ascii").split())
    except OSError:
        return frozenset()


def _mtime(path: Path) -> int | None:
    try:
        return int(path.stat().st_mtime)
    except OSError:
        return None
