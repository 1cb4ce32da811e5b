"""The expectation matcher: every line of an `.output` block must be printed."""

from __future__ import annotations

from snippet_runner.expect import check_expectations, normalize_line
from snippet_runner.models import Expectation


def expect(*lines: str) -> list[Expectation]:
    return [Expectation(line=12, lines=lines)]


def test_lines_match_with_table_spacing_collapsed() -> None:
    output = "DRIVER    VOLUME NAME\nlocal     feedback\n"

    assert check_expectations(expect("DRIVER  VOLUME NAME", "local feedback"), output) is None


def test_order_does_not_matter() -> None:
    output = "volume /app/temp\nbind /app\nvolume /app/node_modules\n"

    assert check_expectations(expect("bind /app", "volume /app/temp"), output) is None


def test_a_missing_line_is_named_with_the_block_line() -> None:
    mismatch = check_expectations(
        expect("goals: listening on port 8000"), "goals: listening on port 80\n"
    )

    assert mismatch is not None
    assert mismatch.missing == ("goals: listening on port 8000",)
    assert mismatch.describe() == (
        "output differs from the block at line 12: missing 'goals: listening on port 8000'"
    )


def test_a_line_must_be_whole_not_part_of_a_longer_one() -> None:
    assert check_expectations(expect("running"), "not running\n") is not None


def test_a_line_shown_twice_must_be_printed_twice() -> None:
    assert check_expectations(expect("hello", "hello"), "hello\n") is not None
    assert check_expectations(expect("hello", "hello"), "hello\nhello\n") is None


def test_terminal_output_is_cleaned_before_comparing() -> None:
    output = "\x1b[1mLowest number: \x1b[0m1\r\nYour random number: 4\r\n"

    assert check_expectations(expect("Your random number: 4"), output) is None
    assert normalize_line("\x1b[32mok\x1b[0m\r") == "ok"


def test_blank_lines_of_the_block_are_ignored_and_unicode_is_compared_in_nfc() -> None:
    decomposed_hangul = "\u1100\u1161\u11b7"  # 감 as jamo: what some editors write
    output = "감\n\u00e9\n"

    assert check_expectations(expect("", decomposed_hangul, "   ", "e\u0301"), output) is None


def test_every_block_is_checked() -> None:
    blocks = [Expectation(10, ("first",)), Expectation(20, ("second",))]

    mismatch = check_expectations(blocks, "first\n")

    assert mismatch is not None and mismatch.expectation.line == 20
