"""The files a contributor meets besides the guide: the pull request template, the issue forms,
the pre-commit hooks and their spelling check, and one place for the repository's address."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
GITHUB = REPO_ROOT / ".github"
FORMS = sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml"))
PRE_COMMIT = REPO_ROOT / ".pre-commit-config.yaml"


def schema_check(schema: str, paths: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema]
        + [str(path) for path in paths],
        capture_output=True,
        text=True,
        check=False,
    )


def test_issue_forms_validate_and_cover_the_three_kinds_of_report() -> None:
    forms = [path for path in FORMS if path.name != "config.yml"]
    assert [path.stem for path in forms] == ["broken-link", "content-error", "translation"]
    result = schema_check("vendor.github-issue-forms", forms)
    assert result.returncode == 0, result.stdout + result.stderr
    config = schema_check("vendor.github-issue-config", [GITHUB / "ISSUE_TEMPLATE/config.yml"])
    assert config.returncode == 0, config.stdout + config.stderr
    for form in forms:
        body = yaml.safe_load(form.read_text(encoding="utf-8"))["body"]
        required = [item for item in body if item.get("validations", {}).get("required")]
        assert any(item["id"] == "page" for item in required), f"{form.name} asks for no page"


def test_the_pull_request_template_asks_for_both_languages_and_the_checks() -> None:
    template = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    for expected in ("`make test`", "Translation-checked:", "`make snippets`", "glossary"):
        assert expected in template
    assert len(re.findall(r"^\s*- \[ \]", template, re.M)) >= 6


def hooks() -> dict[str, dict]:
    config = yaml.safe_load(PRE_COMMIT.read_text(encoding="utf-8"))
    return {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}


def test_pre_commit_runs_the_validator_ruff_and_a_spelling_check() -> None:
    found = hooks()
    assert set(found) == {
        "ruff",
        "ruff-format",
        "codespell",
        "validate-code",
        "validate-links",
        "translations",
    }
    assert found["validate-links"]["entry"].endswith("validate.py links --offline")
    assert found["translations"]["entry"].endswith("validate.py translations --strict")
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(PRE_COMMIT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_tools_are_pinned_to_the_projects_versions() -> None:
    requirements = (REPO_ROOT / "requirements-dev.txt").read_text(encoding="utf-8")
    pinned = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)$", requirements, re.M))
    for hook in hooks().values():
        for dependency in hook.get("additional_dependencies", []):
            name, version = dependency.split("==")
            assert pinned.get(name) == version, f"{dependency} differs from requirements-dev.txt"


def test_the_english_text_passes_the_spelling_check() -> None:
    hook = hooks()["codespell"]
    pattern, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    tracked = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    files = [name for name in tracked if pattern.match(name) and not exclude.match(name)]
    files = [name for name in files if (REPO_ROOT / name).is_file()]
    assert "CONTRIBUTING.md" in files and "docs/contributing.en.md" in files
    assert not any(name.endswith(".ko.md") for name in files)

    result = subprocess.run(
        [sys.executable, "-m", "codespell_lib", "--ignore-words=.codespell-ignore", *files],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_spelling_check_catches_a_typo(tmp_path: Path) -> None:
    page = tmp_path / "page.en.md"
    page.write_text("Create a contaner from the image.\n", encoding="utf-8")

    result = subprocess.run(
        [sys.executable, "-m", "codespell_lib", str(page)], capture_output=True, text=True
    )

    assert result.returncode != 0 and "contaner ==> container" in result.stdout


def test_the_repository_address_is_decided_in_mkdocs_yml_alone() -> None:
    """Other files may repeat it (a `git clone` command), but must agree with repo_url."""
    config = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    repo_url = re.search(r"^repo_url:\s*(\S+)", config, re.M).group(1).rstrip("/")
    owner_repo = "/".join(repo_url.split("/")[-2:])
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    stale = []
    for name in listed:
        path = REPO_ROOT / name
        if not name or not path.is_file() or path.suffix not in (".md", ".yml", ".toml", ".py"):
            continue
        for url in re.findall(r"https://github\.com/[\w.-]+/[\w.-]+", path.read_text("utf-8")):
            if url.removesuffix(".git").endswith(owner_repo.split("/")[1]) and not url.startswith(
                repo_url
            ):
                stale.append((name, url))
    assert stale == []
    for workflow in (GITHUB / "workflows").glob("*.yml"):
        assert repo_url not in workflow.read_text(encoding="utf-8"), "workflows use github.*"
