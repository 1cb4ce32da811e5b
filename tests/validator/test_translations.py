"""`validate.py translations`: ok, outdated and missing pairs, from git history and from
structure, with --strict, and the JSON report's shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docs_validator import cli
from docs_validator.checks import translations
from docs_validator.options import Options
from docs_validator.sources import collect_markdown
from docs_validator.translation_status import Status, page_structure
from git_fixtures import GitRepo, new_repo

KO = "# 볼륨 { #volumes }\n\n## 만들기 { #create }\n\n```bash\ndocker volume create data\n```\n"
EN = "# Volumes { #volumes }\n\n## Create { #create }\n\n```bash\ndocker volume create data\n```\n"
KO_MORE = KO + "\n## 지우기 { #remove }\n\n```bash\ndocker volume rm data\n```\n"
MKDOCS = (
    "site_name: test\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: [docs, .]\n"
)


def run_check(root: Path, *, strict: bool = False, files: list[Path] | None = None):
    docs = root / "docs"
    options = Options(
        files=files or collect_markdown([docs]),
        repo_root=root,
        docs_dir=docs,
        output_format="json",
        strict=strict,
    )
    return translations.run(options)


def statuses(result) -> dict[str, str]:
    return {Path(page["ko"]).name.split(".")[0]: page["status"] for page in result.extra["pages"]}


def repo_with_pair(tmp_path: Path) -> GitRepo:
    repo = new_repo(tmp_path / "repo")
    repo.commit({"mkdocs.yml": MKDOCS, "docs/v.ko.md": KO, "docs/v.en.md": EN}, day=1)
    return repo


def test_a_pair_committed_together_is_ok(tmp_path: Path) -> None:
    repo = repo_with_pair(tmp_path)

    result = run_check(repo.root)

    assert statuses(result) == {"v": "ok"}
    assert result.findings == []
    page = result.extra["pages"][0]
    assert page["ko_changed"] == page["en_changed"] == "2026-01-02T00:00:00+00:00"
    assert page["basis"] == "git"


def test_korean_changed_after_english_makes_english_outdated(tmp_path: Path) -> None:
    repo = repo_with_pair(tmp_path)
    repo.commit({"docs/v.ko.md": KO.replace("만들기", "볼륨 만들기")}, day=3)

    result = run_check(repo.root)

    assert statuses(result) == {"v": "outdated"}
    [finding] = result.findings
    assert (finding.file, finding.rule, finding.lang) == (
        "docs/v.en.md",
        "translation-outdated",
        "en",
    )
    assert "git log -p" in finding.message
    assert "Translation-checked: docs/v.en.md" in finding.message
    assert finding.severity.value == "warning"


def test_english_changed_after_korean_is_still_ok(tmp_path: Path) -> None:
    repo = repo_with_pair(tmp_path)
    repo.commit({"docs/v.en.md": EN.replace("Create", "Create a volume")}, day=3)

    assert statuses(run_check(repo.root)) == {"v": "ok"}


def test_a_translation_checked_trailer_brings_the_twin_up_to_date(tmp_path: Path) -> None:
    repo = repo_with_pair(tmp_path)
    repo.commit({"docs/v.ko.md": KO + "\n오타 수정\n"}, day=3)
    assert statuses(run_check(repo.root)) == {"v": "outdated"}

    repo.commit({}, day=4, trailers=("Translation-checked: docs/v.en.md",))

    assert statuses(run_check(repo.root)) == {"v": "ok"}


def test_a_missing_twin_is_reported_on_the_page_that_exists(tmp_path: Path) -> None:
    repo = repo_with_pair(tmp_path)
    repo.commit({"docs/only.ko.md": KO}, day=2)

    result = run_check(repo.root)

    assert statuses(result) == {"only": "missing", "v": "ok"}
    [finding] = result.findings
    assert (finding.file, finding.rule) == ("docs/only.ko.md", "translation-missing")
    assert "docs/only.en.md" in finding.message
    only = next(p for p in result.extra["pages"] if p["ko"] == "docs/only.ko.md")
    assert only["en_changed"] is None


def test_strict_turns_findings_into_errors(tmp_path: Path) -> None:
    repo = repo_with_pair(tmp_path)
    repo.commit({"docs/only.ko.md": KO}, day=2)

    result = run_check(repo.root, strict=True)

    assert result.failed
    assert {finding.severity.value for finding in result.findings} == {"error"}


def test_uncommitted_korean_edits_make_the_committed_english_outdated(tmp_path: Path) -> None:
    repo = repo_with_pair(tmp_path)
    repo.write({"docs/v.ko.md": KO + "\n고친 문장\n"})

    result = run_check(repo.root)

    assert statuses(result) == {"v": "outdated"}
    assert result.extra["pages"][0]["ko_precision"] == "pending"


def test_both_edited_and_uncommitted_count_as_changed_together(tmp_path: Path) -> None:
    repo = repo_with_pair(tmp_path)
    repo.write({"docs/v.ko.md": KO + "\n고친 문장\n", "docs/v.en.md": EN + "\nA fixed line\n"})

    assert statuses(run_check(repo.root)) == {"v": "ok"}


def test_without_history_the_structure_decides(tmp_path: Path) -> None:
    repo = repo_with_pair(tmp_path)
    repo.commit({"docs/w.ko.md": KO_MORE, "docs/w.en.md": EN}, day=2)
    plain = repo.copy_without_git(tmp_path / "plain")

    result = run_check(plain)

    assert statuses(result) == {"v": "ok", "w": "outdated"}
    pages = {page["ko"]: page for page in result.extra["pages"]}
    assert pages["docs/v.ko.md"]["basis"] == "structure"
    reasons = " ".join(pages["docs/w.ko.md"]["reasons"])
    assert "missing here: remove" in reasons and "1 code blocks here, 2 in the original" in reasons
    assert any(f.rule == "translation-history" for f in result.findings)


def test_a_structure_difference_is_outdated_even_when_dates_agree(tmp_path: Path) -> None:
    repo = repo_with_pair(tmp_path)
    repo.commit({"docs/w.ko.md": KO_MORE, "docs/w.en.md": EN}, day=2)

    assert statuses(run_check(repo.root))["w"] == "outdated"


def test_a_shallow_clone_still_knows_a_change_after_its_boundary(tmp_path: Path) -> None:
    repo = repo_with_pair(tmp_path)
    repo.commit({"docs/other.ko.md": KO, "docs/other.en.md": EN}, day=2)
    repo.commit({"docs/v.ko.md": KO + "\n새 문장\n"}, day=3)
    clone = repo.shallow_clone(tmp_path / "clone", depth=2)

    result = run_check(clone.root)

    pages = {page["ko"]: page for page in result.extra["pages"]}
    # v.ko.md changed in a commit the clone has; v.en.md only "on or before" its boundary.
    assert pages["docs/v.ko.md"]["status"] == "outdated"
    assert pages["docs/v.ko.md"]["en_precision"] == "at-most"
    # other.* both sit on the boundary: dates cannot tell, the (equal) structure says ok.
    assert (pages["docs/other.ko.md"]["status"], pages["docs/other.ko.md"]["basis"]) == (
        "ok",
        "structure",
    )


def test_an_included_file_counts_as_part_of_the_page(tmp_path: Path) -> None:
    repo = repo_with_pair(tmp_path)
    include = '```bash\n--8<-- "snippet.sh"\n```\n'
    repo.commit(
        {
            "snippet.sh": "echo 1\n",
            "docs/s.ko.md": "# 제목 { #t }\n\n" + include,
            "docs/s.en.md": "# Title { #t }\n\n" + include,
        },
        day=2,
    )
    repo.commit({"snippet.sh": "echo 2\n"}, day=4)

    result = run_check(repo.root)

    page = next(p for p in result.extra["pages"] if p["ko"] == "docs/s.ko.md")
    assert page["ko_changed"] == page["en_changed"] == "2026-01-05T00:00:00+00:00"
    assert page["status"] == "ok"


def test_a_page_written_in_english_first_makes_korean_the_translation(tmp_path: Path) -> None:
    repo = repo_with_pair(tmp_path)
    front = "---\ntranslation_source: en\n---\n\n"
    repo.commit({"docs/g.ko.md": front + KO, "docs/g.en.md": front + EN}, day=2)
    repo.commit({"docs/g.en.md": front + EN + "\nNew sentence.\n"}, day=3)

    result = run_check(repo.root)

    page = next(p for p in result.extra["pages"] if p["ko"] == "docs/g.ko.md")
    assert (page["status"], page["source"]) == ("outdated", "en")
    [finding] = result.findings
    assert (finding.file, finding.lang) == ("docs/g.ko.md", "ko")


def test_only_the_pairs_of_the_files_asked_for_are_checked(tmp_path: Path) -> None:
    repo = repo_with_pair(tmp_path)
    repo.commit({"docs/only.ko.md": KO}, day=2)

    result = run_check(repo.root, files=[repo.root / "docs/v.en.md"])

    assert statuses(result) == {"v": "ok"}
    assert result.summary["pages"] == 1


def test_structure_reads_ids_and_counts_blocks_but_not_code_or_front_matter() -> None:
    text = (
        "---\ntitle: x\n---\n# Title {#title}\n\n```bash\n# not a heading\n```\n\n"
        "## Plain Heading\n\n    indented code\n## After { .x #after }\n"
    )

    structure = page_structure(text)

    assert structure.heading_ids == ("title", "plain-heading", "after")
    assert structure.code_blocks == 2


@pytest.fixture
def cli_repo(tmp_path: Path, monkeypatch) -> GitRepo:
    repo = repo_with_pair(tmp_path)
    monkeypatch.setattr(cli, "REPO_ROOT", repo.root)
    return repo


def test_cli_json_lists_every_pair_with_the_issue_fields(cli_repo: GitRepo, capsys) -> None:
    cli_repo.commit({"docs/v.ko.md": KO_MORE}, day=3)

    exit_code = cli.main(["translations", "--format", "json"])

    document = json.loads(capsys.readouterr().out)
    assert exit_code == 0
    [page] = document["pages"]
    assert {"ko", "en", "status", "ko_changed", "en_changed"} <= set(page)
    assert page["status"] == Status.OUTDATED.value
    assert document["summary"]["pages_outdated"] == 1
    assert document["findings"][0]["rule"] == "translation-outdated"


def test_cli_strict_exits_1_on_outdated_and_0_when_all_is_ok(cli_repo: GitRepo, capsys) -> None:
    assert cli.main(["translations", "--strict"]) == 0
    assert "pages_ok 1" in capsys.readouterr().out

    cli_repo.commit({"docs/v.ko.md": KO_MORE}, day=3)

    assert cli.main(["translations", "--strict"]) == 1
    assert "docs/v.en.md:1: error [en] translation-outdated" in capsys.readouterr().out
