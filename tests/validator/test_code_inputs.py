"""Odd inputs from the command line or the disk end as a finding or a usage error, never as a
traceback, a hang or a silent check of the wrong folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from code_support import check_files, check_page, write_tree
from docs_validator.cli import main
from docs_validator.models import Severity


def test_snippet_path_with_a_nul_byte_is_a_finding(tmp_path: Path) -> None:
    result = check_page(tmp_path, '# S\n\n```text\n--8<-- "a\x00b"\n```\n')

    snippet = [f for f in result.findings if f.rule.startswith("snippet-")]
    assert [(f.line, f.severity) for f in snippet] == [(4, Severity.ERROR)]
    assert "NUL" in snippet[0].message
    assert "page-encoding" in [f.rule for f in result.findings]  # the NUL byte of the page


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_fifo_named_like_a_page_is_skipped_with_a_finding(tmp_path: Path) -> None:
    write_tree(tmp_path, {"docs/ok.md": "# OK\n"})
    os.mkfifo(tmp_path / "docs" / "pipe.md")

    result = check_files(tmp_path, ["docs/pipe.md"])  # would block forever on a read

    assert [f.rule for f in result.findings] == ["page-unreadable"]
    assert "pipe.md" in result.findings[0].message


def test_an_unreadable_page_is_a_finding_with_its_path(tmp_path: Path) -> None:
    write_tree(tmp_path, {"docs/ok.md": "# OK\n"})
    (tmp_path / "docs" / "mem.md").symlink_to("/proc/self/mem")

    result = check_files(tmp_path, ["docs/mem.md"])

    assert [f.rule for f in result.findings] == ["page-unreadable"]
    assert result.findings[0].file.endswith("docs/mem.md")


@pytest.mark.parametrize("argv", [[""], ["code", ""], ["code", " "]])
def test_an_empty_path_is_a_usage_error(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        status = main(argv)
        raise SystemExit(status)

    assert exited.value.code == 2


PAGE = "# 제목\n\n본문\n\n```bash\necho 안녕\n```\n"


@pytest.mark.parametrize(
    ("raw", "line", "words"),
    [
        (PAGE.encode("utf-16"), 1, "UTF-16"),  # with a byte order mark
        (PAGE.encode("utf-16-le"), 1, "UTF-16 without a byte order mark"),
        ("# Café\n\nnaïve\n".encode("latin-1"), 1, "byte 0xe9"),
        (b"# T\n\nok\n\xff\xfe broken\n", 4, "byte 0xff"),
        (b"# T\n\ntext \x00 here\n", 3, "NUL byte on line 3"),
    ],
)
def test_a_page_that_is_not_utf8_is_an_error_on_the_first_bad_line(
    tmp_path: Path, raw: bytes, line: int, words: str
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_bytes(raw)

    result = check_files(tmp_path, ["docs/page.md"])

    found = [f for f in result.findings if f.rule == "page-encoding"]
    assert [(f.line, f.severity) for f in found] == [(line, Severity.ERROR)]
    assert words in found[0].message and "UTF-8" in found[0].message


def test_a_utf8_page_with_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_bytes(PAGE.encode("utf-8-sig"))

    result = check_files(tmp_path, ["docs/page.md"])

    assert "page-encoding" not in [f.rule for f in result.findings]
