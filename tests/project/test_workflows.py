"""The GitHub workflows: valid against GitHub's workflow schema (SchemaStore's, vendored by
check-jsonschema, so no network), every action pinned to a full commit SHA with its version,
least permissions, and each workflow doing the job CONTRIBUTING.md promises."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((REPO_ROOT / ".github" / "workflows").glob("*.yml"))
USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<action>[^@\s]+)@(?P<ref>\S+)(?P<rest>.*)$", re.M)
FULL_SHA = re.compile(r"^[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"^\s+#\s+v\d+\.\d+\.\d+\s*$")
# The only permissions a job of ours may ask for, and the most it may ask.
ALLOWED_PERMISSIONS = {"contents": "read", "pages": "write", "id-token": "write"}


def load(path: Path) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); put it back under its name.
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in document:
        document["on"] = document.pop(True)
    return document


def by_name(name: str) -> dict:
    return load(REPO_ROOT / ".github" / "workflows" / name)


def all_steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_there_are_the_three_workflows() -> None:
    assert [path.name for path in WORKFLOWS] == ["deploy.yml", "links.yml", "pull-request.yml"]


def test_every_workflow_validates_against_the_github_workflow_schema() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows"]
        + [str(path) for path in WORKFLOWS],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_the_schema_check_rejects_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    stepz: []\n")

    completed = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows"]
        + [str(broken)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 1


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_action_is_pinned_to_a_full_sha_with_its_version(path: Path) -> None:
    uses = list(USES.finditer(path.read_text(encoding="utf-8")))
    assert uses, f"{path.name} uses no action"
    for match in uses:
        assert FULL_SHA.match(match["ref"]), f"{match['action']}@{match['ref']} is not a SHA"
        assert VERSION_COMMENT.match(match["rest"]), f"{match['action']}: no `# vX.Y.Z` comment"


def test_one_action_has_one_pin_everywhere() -> None:
    pins: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        for match in USES.finditer(path.read_text(encoding="utf-8")):
            repository = "/".join(match["action"].split("/")[:2])
            pins.setdefault(repository, set()).add(match["ref"] + match["rest"].strip())
    assert {name: len(refs) for name, refs in pins.items() if len(refs) > 1} == {}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_permissions_are_the_least_each_job_needs(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] == {"contents": "read"}, "the default must be read-only"
    for name, job in workflow["jobs"].items():
        for scope, level in job.get("permissions", {}).items():
            assert scope in ALLOWED_PERMISSIONS, f"{name} asks for {scope}"
            if level == "write":
                assert ALLOWED_PERMISSIONS[scope] == "write", f"{name} writes {scope}"
    assert "pull_request_target" not in workflow["on"], "runs untrusted code with secrets"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_checkouts_keep_no_credentials_and_jobs_have_timeouts(path: Path) -> None:
    workflow = load(path)
    for name, job in workflow["jobs"].items():
        assert "timeout-minutes" in job, f"{name} could hang for six hours"
    for step in all_steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_pull_requests_build_strictly_test_validate_and_run_the_snippets() -> None:
    workflow = by_name("pull-request.yml")
    assert "pull_request" in workflow["on"]
    runs = "\n".join(step.get("run", "") for step in all_steps(workflow))
    assert "bash .ci/run" in runs
    ci_run = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    assert "make test" in ci_run and "make snippets" in ci_run
    assert "mkdocs build --strict" in makefile and "pytest" in makefile
    for check in ("code", "links --offline", "translations"):
        assert f"validate.py {check} --format github" in runs
    assert "docker build" in runs and "docker run" in runs


def test_the_link_check_runs_on_a_schedule_with_its_cache() -> None:
    workflow = by_name("links.yml")
    assert workflow["on"]["schedule"][0]["cron"]
    steps = all_steps(workflow)
    assert any(step.get("run") == "make links-online" for step in steps)
    cached = [step for step in steps if step.get("uses", "").startswith("actions/cache/")]
    assert {step["uses"].split("@")[0] for step in cached} == {
        "actions/cache/restore",
        "actions/cache/save",
    }
    assert {step["with"]["path"] for step in cached} == {".cache/links.json"}
    save = next(step for step in cached if "save" in step["uses"])
    assert save["if"] == "${{ always() }}", "the cache must survive a run that found broken links"
    options = (REPO_ROOT / "scripts" / "docs_validator" / "options.py").read_text()
    assert 'DEFAULT_CACHE_FILE = Path(".cache/links.json")' in options


def test_main_deploys_to_github_pages_built_for_its_address() -> None:
    workflow = by_name("deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    build_step = next(step for step in build["steps"] if step.get("run") == "mkdocs build --strict")
    assert build_step["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    checkout = build["steps"][0]
    assert checkout["with"]["fetch-depth"] == 0, "page dates need the whole history"
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
