"""Builds the site once per test session, strictly, into a temporary folder, and finds pages.

A module of its own (not conftest.py): several test folders have a conftest, and importing
"conftest" by name would pick whichever was loaded first.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCS = REPO_ROOT / "docs"


@dataclass(frozen=True)
class BuiltSite:
    root: Path
    log: str


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    target = tmp_path_factory.mktemp("site")
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    log = completed.stdout + completed.stderr
    assert completed.returncode == 0, f"mkdocs build --strict failed:\n{log}"
    return BuiltSite(target, log)


def markdown_pages(lang: str) -> list[Path]:
    return sorted(DOCS.rglob(f"*.{lang}.md"))


def page_key(path: Path) -> str:
    """`docs/data/volumes.ko.md` -> `data/volumes`."""
    relative = path.relative_to(DOCS).as_posix()
    return relative.rsplit(".", 2)[0]


def html_path(site: Path, key: str, lang: str) -> Path:
    """Where MkDocs writes a page: use_directory_urls gives `data/volumes/index.html`."""
    base = site if lang == "ko" else site / "en"
    if key == "index":
        return base / "index.html"
    return base / key / "index.html"
