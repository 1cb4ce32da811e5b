"""A tiny bilingual site in its own git repository, built with the real page-history hooks and
the real notice partial, so tests choose the commit dates, the clone depth, or no git at all."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def _load_git_fixtures():
    """tests/validator/git_fixtures.py, loaded by path: the two test folders are not packages."""
    path = REPO_ROOT / "tests" / "validator" / "git_fixtures.py"
    spec = importlib.util.spec_from_file_location("git_fixtures", path)
    assert spec and spec.loader
    module = sys.modules.get("git_fixtures") or importlib.util.module_from_spec(spec)
    if "git_fixtures" not in sys.modules:
        sys.modules["git_fixtures"] = module
        spec.loader.exec_module(module)
    return module


git_fixtures = _load_git_fixtures()
HOOKS = REPO_ROOT / "scripts" / "site_hooks"
NOTICE_PARTIAL = REPO_ROOT / "overrides" / "partials" / "translation-notice.html"
REPO_URL = "https://github.com/example/notes"

CONFIG = f"""\
site_name: Test
site_url: http://127.0.0.1:8000/
repo_url: {REPO_URL}
edit_uri: edit/main/docs/
strict: true
theme:
  name: material
  language: ko
  custom_dir: overrides
  font: false
  features: [content.action.edit]
plugins:
  - i18n:
      docs_structure: suffix
      fallback_to_default: true
      reconfigure_material: true
      languages:
        - {{locale: ko, default: true, name: 한국어, build: true}}
        - {{locale: en, name: English, build: true}}
markdown_extensions:
  - attr_list
  - pymdownx.superfences
  - pymdownx.snippets: {{base_path: [docs, .], check_paths: true}}
hooks:
  - {HOOKS / "page_history.py"}
  - {HOOKS / "edit_links.py"}
  - {HOOKS / "site_address.py"}
"""
# The same block overrides/main.html has (a test checks the real file includes the partial).
MAIN_HTML = """{% extends "base.html" %}
{% block content %}
  {% include "partials/translation-notice.html" %}
  {{ super() }}
{% endblock %}
"""


@dataclass(frozen=True)
class Built:
    returncode: int
    log: str
    site: Path

    def page(self, url: str) -> str:
        """The HTML of a page by its URL path (`en/page/`)."""
        return (self.site / url / "index.html").read_text(encoding="utf-8")


def site_files() -> dict[str, str]:
    """mkdocs.yml and the theme override of the tiny site."""
    return {
        "mkdocs.yml": CONFIG,
        "overrides/main.html": MAIN_HTML,
        "overrides/partials/translation-notice.html": NOTICE_PARTIAL.read_text(encoding="utf-8"),
    }


def build(root: Path, *, path_env: str | None = None) -> Built:
    """`mkdocs build --strict` in root; path_env replaces PATH (a PATH without git)."""
    site = root.parent / f"{root.name}-site"
    shutil.rmtree(site, ignore_errors=True)
    path = path_env if path_env is not None else "/usr/bin:/bin"
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": path}
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return Built(completed.returncode, completed.stdout + completed.stderr, site)
