"""Builds the site strictly into a folder for the address it will be served at.

The language switcher, the sitemap and the canonical links are built from `site_url`, so a
test server on another port or path needs a build made for its address: the SITE_URL
environment variable gives it (scripts/site_hooks/site_address.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class BuildResult:
    returncode: int
    log: str


def build_site(site_url: str, site_dir: Path) -> BuildResult:
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=REPO_ROOT,
        env={**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    return BuildResult(completed.returncode, completed.stdout + completed.stderr)
