"""Search in the reader's language, Korean-aware: the audit's 30 queries, ten of them with the
particles and endings readers type, and the spellings readers use for our terms."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browsing import Reader
from search_ui import TOP, SearchCase, result_pages, search_cases, target_path

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
