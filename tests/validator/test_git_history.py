"""Last-change dates from git: exact, shallow, uncommitted, with trailers, and without git."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docs_validator.git_history import (
    ChangeDate,
    DatePrecision,
    latest,
    load_history,
    parse_log,
    parse_status,
)
from git_fixtures import day, new_repo


def test_each_file_gets_the_date_of_the_last_commit_touching_it(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    first = repo.commit({"docs/a.ko.md": "1", "docs/a.en.md": "1"}, day=1)
    second = repo.commit({"docs/a.ko.md": "2"}, day=5)

    history = load_history(repo.root)

    assert history.available and not history.shallow
    korean = history.last_change(repo.root / "docs/a.ko.md")
    english = history.last_change(repo.root / "docs/a.en.md")
    assert (korean.timestamp, korean.commit, korean.precision) == (
        day(5),
        second,
        DatePrecision.EXACT,
    )
    assert (english.timestamp, english.commit) == (day(1), first)
    assert english.day() == "2026-01-02"


def test_hangul_file_names_are_found_whatever_their_normalization(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    repo.commit({"docs/볼륨.ko.md": "1"}, day=2)

    history = load_history(repo.root)

    assert history.last_change(repo.root / "docs/볼륨.ko.md").timestamp == day(2)
    decomposed = "docs/" + "\u1107\u1169\u11af\u1105\u1172\u11b7" + ".ko.md"  # NFD of 볼륨
    assert history._key(repo.root / decomposed) == "docs/볼륨.ko.md"


def test_uncommitted_and_untracked_files_are_pending(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    repo.commit({"docs/a.ko.md": "1", "docs/b.ko.md": "1"}, day=1)
    repo.write({"docs/a.ko.md": "edited", "docs/new.en.md": "new"})

    history = load_history(repo.root)

    assert history.last_change(repo.root / "docs/a.ko.md").precision is DatePrecision.PENDING
    assert history.last_change(repo.root / "docs/new.en.md").precision is DatePrecision.PENDING
    assert history.last_change(repo.root / "docs/b.ko.md").precision is DatePrecision.EXACT


def test_a_shallow_clone_gives_upper_bounds_for_what_it_cannot_see(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    repo.commit({"docs/old.ko.md": "1", "docs/new.ko.md": "1"}, day=1)
    repo.commit({"docs/other.ko.md": "1"}, day=3)
    repo.commit({"docs/new.ko.md": "2"}, day=9)
    clone = repo.shallow_clone(tmp_path / "clone", depth=2)

    history = load_history(clone.root)

    assert history.shallow and history.problem == "shallow clone"
    assert "upper bounds" in history.describe()
    new = history.last_change(clone.root / "docs/new.ko.md")
    old = history.last_change(clone.root / "docs/old.ko.md")
    assert (new.timestamp, new.precision) == (day(9), DatePrecision.EXACT)
    # old.ko.md last changed on day 1, before the clone's oldest commit (day 3): all the
    # clone knows is "on or before day 3".
    assert (old.timestamp, old.precision) == (day(3), DatePrecision.AT_MOST)


def test_a_folder_outside_any_repository_has_no_history(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    repo.commit({"docs/a.ko.md": "1"}, day=1)
    plain = repo.copy_without_git(tmp_path / "plain")

    history = load_history(plain)

    assert not history.available
    assert "not a git repository" in history.problem
    assert history.last_change(plain / "docs/a.ko.md") == ChangeDate(None, DatePrecision.UNKNOWN)


def test_without_git_installed_the_history_says_so(tmp_path: Path, monkeypatch) -> None:
    repo = new_repo(tmp_path / "repo")
    repo.commit({"docs/a.ko.md": "1"}, day=1)
    empty = tmp_path / "no-tools"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))

    history = load_history(repo.root)

    assert not history.available
    assert history.problem == "git is not installed"
    assert history.describe() == "no git history (git is not installed)"


def test_a_repository_without_commits_has_only_pending_files(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    repo.write({"docs/a.ko.md": "draft"})

    history = load_history(repo.root)

    assert history.available
    assert history.last_change(repo.root / "docs/a.ko.md").precision is DatePrecision.PENDING


def test_a_translation_checked_trailer_counts_as_a_check_not_a_change(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "repo")
    repo.commit({"docs/a.ko.md": "1", "docs/a.en.md": "1"}, day=1)
    checked = repo.commit(
        {"docs/a.ko.md": "typo fixed"},
        day=4,
        trailers=("Translation-checked: docs/a.en.md",),
    )

    history = load_history(repo.root)
    english = repo.root / "docs/a.en.md"

    assert history.last_change(english).timestamp == day(1)
    with_checks = history.last_change(english, with_checks=True)
    assert (with_checks.timestamp, with_checks.commit) == (day(4), checked)


def test_parse_log_reads_records_newest_first() -> None:
    log = (
        "\x1ebbb\x1f200\x1fdocs/x.en.md\x00\ndocs/y.ko.md\x00"
        "\x1eaaa\x1f100\x1f\x00\ndocs/x.en.md\x00docs/y.ko.md\x00"
    )
    changes = parse_log(log)

    assert changes["docs/y.ko.md"].timestamp == 200
    # x.en.md was only checked by bbb; its last real change is aaa.
    assert (changes["docs/x.en.md"].timestamp, changes["docs/x.en.md"].commit) == (100, "aaa")
    assert changes["docs/x.en.md"].checked_commit == "bbb"


def test_parse_status_skips_the_origin_of_a_rename() -> None:
    status = " M docs/a.ko.md\x00R  docs/new.md\x00docs/old.md\x00?? docs/b.en.md\x00"

    assert parse_status(status) == {"docs/a.ko.md", "docs/new.md", "docs/b.en.md"}


def test_latest_prefers_pending_then_exact_then_upper_bounds() -> None:
    exact = ChangeDate(100, DatePrecision.EXACT, "a")
    bound = ChangeDate(500, DatePrecision.AT_MOST, "b")
    pending = ChangeDate(50, DatePrecision.PENDING)
    unknown = ChangeDate(None, DatePrecision.UNKNOWN)

    assert latest([exact, bound]) == exact
    assert latest([bound, pending, exact]) == pending
    assert latest([unknown, bound]) == bound
    assert latest([unknown]) == unknown


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_project_repository_has_history() -> None:
    root = Path(__file__).resolve().parents[2]
    history = load_history(root)
    if not history.available:
        pytest.skip(f"this checkout has no readable history: {history.problem}")
    assert history.last_change(root / "mkdocs.yml").known
