"""Small git repositories for tests, with commit dates the test chooses."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# A fixed start for commit dates (2026-01-01 00:00 UTC); tests add days to it.
BASE_TIMESTAMP = 1_767_225_600
DAY = 86_400


@dataclass
class GitRepo:
    """A repository under a temporary folder; `commit` writes files and commits them."""

    root: Path

    def git(self, *args: str, when: int | None = None) -> str:
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "Test",
            "GIT_AUTHOR_EMAIL": "test@example.invalid",
            "GIT_COMMITTER_NAME": "Test",
            "GIT_COMMITTER_EMAIL": "test@example.invalid",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        if when is not None:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"@{when} +0000"
        completed = subprocess.run(
            ["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=True
        )
        return completed.stdout

    def write(self, files: dict[str, str]) -> None:
        for name, text in files.items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")

    def commit(
        self, files: dict[str, str], *, day: int, message: str = "change", trailers: tuple = ()
    ) -> str:
        """Write files and commit them on BASE + day days; returns the commit id."""
        self.write(files)
        self.git("add", "--all")
        arguments = ["commit", "--allow-empty", "-q", "-m", message]
        for trailer in trailers:
            arguments += ["--trailer", trailer]
        self.git(*arguments, when=BASE_TIMESTAMP + day * DAY)
        return self.git("rev-parse", "HEAD").strip()

    def shallow_clone(self, target: Path, depth: int) -> GitRepo:
        """A clone with only the newest `depth` commits (file:// makes --depth apply)."""
        subprocess.run(
            ["git", "clone", "-q", f"--depth={depth}", self.root.as_uri(), str(target)],
            capture_output=True,
            check=True,
            env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"},
        )
        return GitRepo(target)

    def copy_without_git(self, target: Path) -> Path:
        """The working tree alone, as an archive or a Docker build context without .git."""
        shutil.copytree(self.root, target, ignore=shutil.ignore_patterns(".git"))
        return target


def new_repo(root: Path) -> GitRepo:
    root.mkdir(parents=True, exist_ok=True)
    repo = GitRepo(root)
    repo.git("init", "-q", "-b", "main")
    return repo


def day(number: int) -> int:
    """The timestamp of BASE + number days, as git records it."""
    return BASE_TIMESTAMP + number * DAY
