"""Both sides of Korean-aware search make the same of the same words: the build side in Python
(search_terms.py) and the browser side in JavaScript (search-terms.js, run here with node)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from search_rules import RULES
from search_terms import exact_first, index_keys, normalise_query, stems_of

REPO_ROOT = Path(__file__).resolve().parents[2]
CASES = json.loads((REPO_ROOT / "tests/data/search_word_cases.json").read_text(encoding="utf-8"))
BROWSER_SIDE = REPO_ROOT / "overrides/assets/javascripts/workers/search-terms.js"

# Runs the browser side on every case and prints what it made of them, as JSON.
NODE_RUNNER = """
const terms = require(process.argv[1])
const rules = JSON.parse(process.argv[2])
const cases = JSON.parse(process.argv[3])
process.stdout.write(JSON.stringify({
  words: cases.words.map(c => terms.stemsOf(c.word, rules)),
  queries: cases.queries.map(c => terms.normaliseQuery(c.query, rules)),
  exact: cases.queries.map(c => terms.exactFirst(c.normalised, rules)),
}))
"""


@pytest.mark.parametrize("case", CASES["words"], ids=lambda case: case["word"])
def test_build_side_stems(case: dict[str, object]) -> None:
    assert list(stems_of(case["word"])) == case["stems"]


@pytest.mark.parametrize("case", CASES["queries"], ids=lambda case: case["query"])
def test_build_side_query(case: dict[str, str]) -> None:
    assert normalise_query(case["query"]) == case["normalised"]


def test_browser_side_makes_the_same_of_every_case() -> None:
    node = shutil.which("node")
    assert node, "node is missing (.ci/run installs nodejs)"
    completed = subprocess.run(
        [node, "-e", NODE_RUNNER, str(BROWSER_SIDE), RULES.to_json(), json.dumps(CASES)],
        capture_output=True,
        text=True,
        check=True,
    )
    made = json.loads(completed.stdout)
    assert made["words"] == [case["stems"] for case in CASES["words"]]
    assert made["queries"] == [case["normalised"] for case in CASES["queries"]]
    assert made["exact"] == [exact_first(case["normalised"]) for case in CASES["queries"]]


def test_a_page_is_indexed_under_variants_and_english_terms_not_under_prefixes() -> None:
    text = "<p>익명 볼륨을 만들고 Dockerfile을 고칩니다. 바인드마운트는 다릅니다.</p>"
    keys = set(index_keys(text))
    assert "마운트" in keys  # 바인드마운트 is the variant of 바인드 마운트
    assert {"anonymous", "volume", "bind", "mount"} <= keys  # 익명 볼륨, 바인드 마운트
    # Stems that begin their word: the query's trailing wildcard finds the word already.
    assert not {"볼륨", "만들", "dockerfile", "바인드"} & keys


def test_english_words_get_no_extra_keys() -> None:
    assert index_keys("Containers persisted their volumes") == []


def test_each_word_is_also_asked_for_exactly_with_a_boost() -> None:
    assert exact_first("볼륨 삭제") == "볼륨^3 볼륨 삭제^3 삭제"
    assert exact_first('"bind mount"') == '"bind mount"'
    assert exact_first("--- docker") == "docker^3 docker"
