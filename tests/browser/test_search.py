"""Search in the reader's language, Korean-aware: the audit's 30 queries, ten of them with the
particles and endings readers type, and the spellings readers use for our terms."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest
from browsing import Reader
from playwright.sync_api import Route
from search_ui import (
    RESULT_LINKS,
    RESULT_META,
    TOP,
    SearchCase,
    result_pages,
    search_cases,
    target_path,
    type_query,
)

# The share of queries whose page must be among the first three results.
REQUIRED_SHARE = 0.90
LANGS = ("ko", "en")


def run_cases(reader: Reader, cases: list[SearchCase]) -> list[tuple[SearchCase, list[str]]]:
    """Each case searched from its language's home page; the result pages of each."""
    outcomes = []
    for lang in LANGS:
        of_lang = [case for case in cases if case.lang == lang]
        if not of_lang:
            continue
        reader.open("index", lang)
        for case in of_lang:
            outcomes.append((case, result_pages(reader.page, case.query, lang)))
    return outcomes


def in_reader_language(path: str, lang: str, mount_path: str) -> bool:
    is_english = path.startswith(f"{mount_path}en/")
    return is_english if lang == "en" else not is_english


def report(label: str, outcomes: list[tuple[SearchCase, list[str]]], mount_path: str) -> str:
    lines = []
    for lang in LANGS:
        of_lang = [(case, pages) for case, pages in outcomes if case.lang == lang]
        hits = sum(target_path(mount_path, case) in pages[:TOP] for case, pages in of_lang)
        lines.append(f"{label} {lang}: {hits}/{len(of_lang)} in the top {TOP}")
    for case, pages in outcomes:
        if target_path(mount_path, case) not in pages[:TOP]:
            shown = [page.removeprefix(mount_path) for page in pages[:TOP]]
            lines.append(f"  miss {case.id} {case.query!r} → want {case.target}, got {shown}")
    return "\n".join(lines)


def test_queries_find_their_page_in_the_reader_language(
    reader: Reader, capsys: pytest.CaptureFixture[str]
) -> None:
    mount_path = urlsplit(reader.site.url).path
    cases = search_cases("audit") + search_cases("particles")
    outcomes = run_cases(reader, cases)

    hits = sum(target_path(mount_path, case) in pages[:TOP] for case, pages in outcomes)
    with capsys.disabled():
        print(f"\n{report('search', outcomes, mount_path)}")
        print(f"search total: {hits}/{len(outcomes)} = {hits / len(outcomes):.0%}")

    foreign = [
        (case.id, path)
        for case, pages in outcomes
        for path in pages
        if not in_reader_language(path, case.lang, mount_path)
    ]
    assert foreign == [], "results in the other language"
    assert hits / len(outcomes) >= REQUIRED_SHARE


def test_spellings_readers_type_find_the_page(
    reader: Reader, capsys: pytest.CaptureFixture[str]
) -> None:
    mount_path = urlsplit(reader.site.url).path
    outcomes = run_cases(reader, search_cases("spellings"))
    with capsys.disabled():
        print(f"\n{report('spellings', outcomes, mount_path)}")
    missed = [
        case.id for case, pages in outcomes if target_path(mount_path, case) not in pages[:TOP]
    ]
    assert missed == []


def test_a_particle_finds_the_word_without_it_and_the_reverse(reader: Reader) -> None:
    """`볼륨을` finds pages that write `볼륨` and the other way round; so does a Latin word glued
    to Hangul (`Dockerfile을`) and the Latin word alone."""
    reader.open("index", "ko")
    for with_particle, bare in (
        ("볼륨을", "볼륨"),
        ("컨테이너에서", "컨테이너"),
        ("Dockerfile을", "Dockerfile"),
        ("image를", "image"),
    ):
        found_with = set(result_pages(reader.page, with_particle, "ko")[:10])
        found_bare = set(result_pages(reader.page, bare, "ko")[:10])
        assert found_with and found_with == found_bare, (with_particle, bare)


RESOURCES = "performance.getEntriesByType('resource').map(entry => entry.name)"


@pytest.mark.parametrize("lang", LANGS)
def test_the_entries_of_the_index_load_in_the_worker_when_the_reader_searches(
    reader: Reader, lang: str
) -> None:
    """Loading and copying the whole index on every page delayed the page; the page now loads
    the small settings file, and our worker fetches the entries once the reader searches
    (search_index.py, reader-search.js)."""
    with reader.page.expect_worker() as started:
        reader.open("index", lang)
    worker = started.value
    prefix = "" if lang == "ko" else f"{lang}/"
    settings_url = f"{reader.site.url}{prefix}search/search_index.json"
    full_url = f"{reader.site.url}{prefix}search/search_index.full.json"
    reader.page.wait_for_load_state("networkidle")

    assert settings_url in reader.page.evaluate(RESOURCES)
    assert worker.evaluate(RESOURCES) == []  # no script, no entries before a search
    settings = reader.page.evaluate(f"fetch('{settings_url}').then(answer => answer.json())")
    assert settings["docs"] == []

    # Searching works, so the worker has built the index from the entries it fetched.
    assert result_pages(reader.page, "volume", lang)
    assert full_url in worker.evaluate(RESOURCES)
    assert full_url not in reader.page.evaluate(RESOURCES)


def test_a_query_typed_before_the_entries_arrive_waits_for_them(reader: Reader) -> None:
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)  # answered below, once the query is in the box

    reader.page.route("**/search_index.full.json", hold)
    reader.open("index", "ko")
    type_query(reader.page, "볼륨")
    deadline = time.monotonic() + 10
    while not held and time.monotonic() < deadline:
        reader.page.wait_for_timeout(50)
    assert held, "the worker never asked for the entries"
    links = reader.page.locator(RESULT_LINKS)
    assert links.count() == 0

    held[0].continue_()
    links.first.wait_for()
    assert links.count() > 0


@pytest.mark.parametrize(
    ("missing", "named"),
    (
        ("**/search/search_index.full.json", "search_index.full.json"),
        ("**/workers/search.*.min.js", "could not load its scripts"),
    ),
)
def test_a_missing_search_file_is_reported_and_the_query_answered(
    reader: Reader, missing: str, named: str
) -> None:
    reader.page.route(missing, lambda route: route.fulfill(status=404))
    reader.open("index", "ko")
    with reader.page.expect_console_message(lambda message: message.type == "error") as logged:
        type_query(reader.page, "볼륨")
    assert "Search is unavailable" in logged.value.text
    assert named in logged.value.text
    # The query is answered (with nothing) rather than left waiting.
    reader.page.wait_for_function(
        "el => el.textContent.trim() === '검색어와 일치하는 문서가 없습니다'",
        arg=reader.page.locator(RESULT_META).element_handle(),
    )
    # The errors are the ones this test provoked; the reader's check would fail on them.
    reader.console_errors.clear()


def test_an_index_with_its_entries_still_searches(reader: Reader) -> None:
    """A browser may hold the index of an older build, entries included, beside today's
    worker; Material must index it as it is."""
    full = (reader.site.root / "search" / "search_index.full.json").read_text(encoding="utf-8")
    reader.page.route(
        "**/search/search_index.json",
        lambda route: route.fulfill(body=full, content_type="application/json"),
    )
    with reader.page.expect_worker() as started:
        reader.open("index", "ko")

    assert result_pages(reader.page, "볼륨", "ko")
    fetched = started.value.evaluate(RESOURCES)
    assert not [name for name in fetched if "search_index.full.json" in name]
