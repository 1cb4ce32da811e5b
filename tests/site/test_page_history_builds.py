"""The page-history hooks in real builds of a tiny site: notices, fallback, edit links and
last-updated dates, with full history, a shallow clone, no repository and no git at all."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from history_site import HOOKS, REPO_URL, build, git_fixtures, site_files

KO = "# 볼륨 { #volumes }\n\n## 만들기 { #create }\n\n본문\n"
EN = "# Volumes { #volumes }\n\n## Create { #create }\n\nText\n"
HOME_KO, HOME_EN = "# 홈 { #home }\n\n안녕하세요\n", "# Home { #home }\n\nHello\n"


def notice(html: str):
    return BeautifulSoup(html, "html.parser").select_one(".translation-notice")


def revision(html: str) -> str:
    aside = BeautifulSoup(html, "html.parser").select_one("aside.md-source-file")
    return " ".join(aside.get_text(" ").split()) if aside else ""


def edit_link(html: str) -> str:
    link = BeautifulSoup(html, "html.parser").select_one('a[rel="edit"]')
    return link["href"] if link else ""


@pytest.fixture(scope="module")
def history_repo(tmp_path_factory: pytest.TempPathFactory):
    """index: both on day 1; page: English day 1, Korean changed day 3; only: Korean only."""
    repo = git_fixtures.new_repo(tmp_path_factory.mktemp("history") / "repo")
    repo.commit(
        {
            **site_files(),
            "docs/index.ko.md": HOME_KO,
            "docs/index.en.md": HOME_EN,
            "docs/page.ko.md": KO,
            "docs/page.en.md": EN,
            "docs/only.ko.md": "# 한국어만 { #only }\n\n아직 번역 전\n",
        },
        day=1,
    )
    repo.commit({"docs/page.ko.md": KO + "\n새 문단\n"}, day=3)
    return repo


@pytest.fixture(scope="module")
def full(history_repo):
    built = build(history_repo.root)
    assert built.returncode == 0, built.log
    return built


def test_outdated_translation_shows_a_notice_linking_the_original(full) -> None:
    box = notice(full.page("en/page"))

    assert box is not None and box["data-translation"] == "outdated"
    text = " ".join(box.get_text(" ").split())
    assert "The Korean original of this page changed on 2026-01-04" in text
    assert "after this translation was last updated (2026-01-02)" in text
    link = box.select_one("a[hreflang=ko]")
    assert urljoin("http://x/en/page/", link["href"]) == "http://x/page/"
    assert link.get_text() == "Read the Korean page"


def test_the_original_and_pages_in_step_show_no_notice(full) -> None:
    assert notice(full.page("page")) is None
    assert notice(full.page("")) is None
    assert notice(full.page("en")) is None


def test_a_missing_translation_shows_the_original_marked_and_linked(full) -> None:
    html = full.page("en/only")
    box = notice(html)

    assert box is not None and box["data-translation"] == "missing"
    assert box.select_one(".admonition-title").get_text() == "Not translated yet"
    assert urljoin("http://x/en/only/", box.select_one("a")["href"]) == "http://x/only/"
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == "en"
    assert soup.select_one('article div[lang="ko"]') is not None, "Korean text not marked"


def test_edit_links_open_the_file_of_the_language_being_read(full) -> None:
    assert edit_link(full.page("page")) == f"{REPO_URL}/edit/main/docs/page.ko.md"
    assert edit_link(full.page("en/page")) == f"{REPO_URL}/edit/main/docs/page.en.md"
    assert edit_link(full.page("en")) == f"{REPO_URL}/edit/main/docs/index.en.md"
    # No English file yet: the button creates it.
    assert edit_link(full.page("en/only")) == f"{REPO_URL}/new/main/docs?filename=only.en.md"


def test_last_updated_dates_come_from_git(full) -> None:
    soup = BeautifulSoup(full.page("page"), "html.parser")
    time = soup.select_one("aside.md-source-file time")
    assert time["datetime"] == "2026-01-04T00:00:00+00:00" and time.get_text() == "2026-01-04"
    english = BeautifulSoup(full.page("en/page"), "html.parser")
    assert english.select_one("aside.md-source-file time")["datetime"].startswith("2026-01-02")


def test_a_shallow_clone_builds_and_says_its_dates_are_upper_bounds(
    history_repo, tmp_path: Path
) -> None:
    clone = history_repo.shallow_clone(tmp_path / "clone", depth=1)

    built = build(clone.root)

    assert built.returncode == 0, built.log
    english, korean = revision(built.page("en/page")), revision(built.page("page"))
    assert "on or before 2026-01-04 (shallow clone: exact date unknown)" in english
    assert "2026-01-04 이전 (얕은 클론이라 정확한 날짜를 알 수 없음)" in korean
    # Both files sit on the clone's boundary: dates cannot tell, and the structure agrees.
    assert notice(built.page("en/page")) is None
    assert notice(built.page("en/only"))["data-translation"] == "missing"


def test_without_a_repository_the_build_says_it_has_no_history(
    history_repo, tmp_path: Path
) -> None:
    plain = history_repo.copy_without_git(tmp_path / "plain")

    built = build(plain)

    assert built.returncode == 0, built.log
    assert "(no git history: last change unknown)" in revision(built.page("en/page"))
    assert "(git 기록이 없어 마지막 수정일을 알 수 없음)" in revision(built.page("page"))


def test_without_git_installed_the_build_still_succeeds(history_repo, tmp_path: Path) -> None:
    no_tools = tmp_path / "no-tools"
    no_tools.mkdir()

    built = build(history_repo.root, path_env=str(no_tools))

    assert built.returncode == 0, built.log
    assert "(no git history: last change unknown)" in revision(built.page("en"))


def test_site_url_comes_from_the_environment_when_a_deploy_sets_it(monkeypatch) -> None:
    spec = importlib.util.spec_from_file_location("site_address", HOOKS / "site_address.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    on_config = hook.on_config

    class Config:
        site_url = "http://127.0.0.1:8000/"

    monkeypatch.setenv("SITE_URL", "https://example.github.io/notes")
    assert on_config(Config()).site_url == "https://example.github.io/notes/"
    monkeypatch.delenv("SITE_URL")
    assert on_config(Config()).site_url == "http://127.0.0.1:8000/"
