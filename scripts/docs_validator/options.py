"""The settings one run of the validator works with, shared by every check."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Defaults, named once. Why these values: see the comments.
DEFAULT_TIMEOUT_SECONDS = 10.0  # a page slower than this is "timeout", not "broken"
MAX_TIMEOUT_SECONDS = 3600.0  # an hour per answer is already absurd; inf or 1e308 overflow sleeps
DEFAULT_CACHE_FILE = Path(".cache/links.json")
DEFAULT_CONFIG_FILE = Path("validator.toml")


@dataclass
class Options:
    """What the command line asked for."""

    files: list[Path]
    repo_root: Path
    docs_dir: Path
    output_format: str = "text"
    timeout: float = DEFAULT_TIMEOUT_SECONDS
    cache_file: Path | None = DEFAULT_CACHE_FILE
    offline: bool = False
    fix: bool = False
    strict: bool = False
    config_file: Path = DEFAULT_CONFIG_FILE
    extra: dict[str, object] = field(default_factory=dict)

    def display_path(self, path: Path) -> str:
        """A path as findings show it: relative to the repository when possible."""
        try:
            return path.resolve().relative_to(self.repo_root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()
