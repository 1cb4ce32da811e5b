"""How `make lighthouse` sums up several runs of a page: the run with the median performance
score, with the spread of all runs (site_preview/lighthouse.py)."""

from __future__ import annotations

from site_preview.lighthouse import Scores, median_run


def run(performance: int, loss: str) -> Scores:
    scores = {"performance": performance, "accessibility": 100, "best-practices": 100, "seo": 100}
    return Scores("http://127.0.0.1:1/", "mobile", scores, [loss])


def test_the_run_shown_is_the_median_one_with_every_score_beside_it() -> None:
    shown = median_run([run(91, "slow"), run(99, "fast"), run(96, "middle")])

    assert shown.scores["performance"] == 96
    assert shown.losses == ["middle"]
    assert shown.performance_runs == [91, 99, 96]


def test_an_even_count_shows_the_lower_middle_run() -> None:
    shown = median_run([run(97, "b"), run(94, "a"), run(100, "d"), run(98, "c")])

    assert shown.scores["performance"] == 97
    assert sorted(shown.performance_runs) == [94, 97, 98, 100]


def test_a_single_run_is_shown_as_it_is() -> None:
    shown = median_run([run(95, "only")])

    assert (shown.scores["performance"], shown.performance_runs) == (95, [95])
