"""Cases C10 and C19–C24 of cases.md, with their exact inputs (tests/fixtures/code/cases/)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from code_support import case_text, check_files, check_page, of_severity, rules, write_tree
from docs_validator.find_blocks import find_code_blocks
from docs_validator.models import Severity

MKDOCS_SNIPPETS = "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: [docs]\n"


def test_c19_valid_bash_that_limited_parsers_reject_has_no_errors(tmp_path: Path) -> None:
    text = case_text("C19")
    block = find_code_blocks(text)[0]
    assert subprocess.run(["bash", "-n"], input=block.content, text=True).returncode == 0

    result = check_page(tmp_path, text)

    assert of_severity(result, Severity.ERROR) == []
    assert result.summary["code_blocks"] == 1


def test_c20_windows_tabs_are_not_bash_checked_and_cmd_in_bash_is_a_mismatch(
    tmp_path: Path,
) -> None:
    result = check_page(tmp_path, case_text("C20"))

    assert of_severity(result, Severity.ERROR) == []
    warnings = of_severity(result, Severity.WARNING)
    assert [(w.line, w.rule) for w in warnings] == [(23, "shell-dialect")]
    assert "dialect mismatch: Windows cmd syntax in a bash block" in warnings[0].message
    assert "C:\\" in warnings[0].message and "^" in warnings[0].message


def test_c20_the_mismatched_block_passes_bash_n_which_is_why_heuristics_are_needed() -> None:
    last = find_code_blocks(case_text("C20"))[-1]
    assert subprocess.run(["bash", "-n"], input=last.content, text=True).returncode == 0


def test_c21_heredocs_mount_and_korean_pass_fragment_is_info_typo_is_error(
    tmp_path: Path,
) -> None:
    result = check_page(tmp_path, case_text("C21"))

    errors = of_severity(result, Severity.ERROR)
    assert [(e.line, e.rule) for e in errors] == [(27, "dockerfile-unknown-instruction")]
    assert "RUNN" in errors[0].message and "did you mean RUN" in errors[0].message
    fragment = [f for f in result.findings if f.rule == "dockerfile-fragment"]
    assert [(f.line, f.severity) for f in fragment] == [(20, Severity.INFO)]
    assert "partial Dockerfile (no FROM)" in fragment[0].message
    # Block 1 (lines 1-17) has no finding above info: hadolint's parse failure is not authoritative.
    assert all(f.severity is Severity.INFO for f in result.findings if f.line < 18)


def test_c22_second_document_error_template_and_placeholders(tmp_path: Path) -> None:
    result = check_page(tmp_path, case_text("C22"))

    errors = of_severity(result, Severity.ERROR)
    assert [(e.line, e.rule) for e in errors] == [(25, "yaml-syntax")]
    assert "document 2 of 2" in errors[0].message
    assert "multiple documents" not in errors[0].message
    template = [f for f in result.findings if f.rule == "yaml-template"]
    assert [(f.line, f.severity) for f in template] == [(43, Severity.INFO)]
    placeholder = [f for f in result.findings if f.rule == "placeholder"]
    assert [(f.line, f.severity) for f in placeholder] == [(49, Severity.INFO)]
    assert "<your-image>" in placeholder[0].message
    bracket = [f for f in result.findings if f.rule == "yaml-bracket-placeholder"]
    assert [(f.line, f.severity) for f in bracket] == [(50, Severity.WARNING)]
    assert "[컨테이너명]" in bracket[0].message and "list" in bracket[0].message


def test_c22_compose_interpolation_and_merge_keys_are_valid(tmp_path: Path) -> None:
    result = check_page(tmp_path, case_text("C22"))

    compose_block_lines = range(29, 40)
    assert [f for f in result.findings if f.line in compose_block_lines] == []


def test_c23_json_comments_trailing_commas_elisions_jsonc_and_js(tmp_path: Path) -> None:
    result = check_page(tmp_path, case_text("C23"))

    errors = of_severity(result, Severity.ERROR)
    assert [(e.line, e.rule) for e in errors] == [(4, "json-comment"), (5, "json-trailing-comma")]
    assert "jsonc" in errors[0].message and "daemon.json" in errors[0].message
    warnings = of_severity(result, Severity.WARNING)
    assert [(w.line, w.rule) for w in warnings] == [
        (12, "json-elision"),
        (24, "javascript-elision"),
    ]
    assert all("elided example" in w.message for w in warnings)
    jsonc_block = range(16, 21)
    assert [f for f in result.findings if f.line in jsonc_block] == []


def test_c24_block_count_and_three_space_warning(tmp_path: Path) -> None:
    text = case_text("C24")
    blocks = find_code_blocks(text)
    assert [b.lines[0] for b in blocks] == [
        "curl -fsSL http://get.test/docker.sh -o get-docker.sh",
        "docker version",
        "docker info",
    ]

    result = check_page(tmp_path, text)

    warnings = of_severity(result, Severity.WARNING)
    assert [(w.line, w.rule) for w in warnings] == [(3, "fence-indent")]
    assert warnings[0].message.startswith(
        "fenced block in list indented 3 spaces; Python-Markdown needs 4"
    )
    assert of_severity(result, Severity.ERROR) == []


def _c10_tree(tmp_path: Path, script: str) -> Path:
    korean = case_text("C10")
    english = korean.replace("ko/_includes/주의사항.md", "en/_includes/notice.md")
    return write_tree(
        tmp_path,
        {
            "mkdocs.yml": MKDOCS_SNIPPETS,
            "docs/ko/install.md": korean,
            "docs/en/install.md": english,
            "docs/ko/_includes/주의사항.md": "!!! warning\n    먼저 백업하세요.\n",
            "docs/en/_includes/notice.md": "!!! warning\n    Back up first.\n",
            "docs/snippets/install.sh": script,
        },
    )


def test_c10_included_script_is_checked_not_the_include_line(tmp_path: Path) -> None:
    root = _c10_tree(tmp_path, "apt-get update\napt-get install -y curl\n")

    result = check_files(root, ["docs/ko/install.md", "docs/en/install.md"])

    assert result.findings == []
    assert result.summary["code_blocks"] == 2


def test_c10_syntax_error_in_the_snippet_is_reported_once_per_including_page(
    tmp_path: Path,
) -> None:
    root = _c10_tree(tmp_path, "apt-get update\nif true; then\n  echo broken\n")

    result = check_files(root, ["docs/ko/install.md", "docs/en/install.md"])

    errors = of_severity(result, Severity.ERROR)
    assert sorted((e.file, e.line, e.rule) for e in errors) == [
        ("docs/en/install.md", 4, "shell-syntax"),
        ("docs/ko/install.md", 4, "shell-syntax"),
    ]
    assert all("(in docs/snippets/install.sh:" in e.message for e in errors)
    assert all("--8<--" not in e.message for e in result.findings)


def test_c10_missing_include_of_one_language_is_an_error(tmp_path: Path) -> None:
    root = _c10_tree(tmp_path, "echo ok\n")
    (root / "docs/en/_includes/notice.md").unlink()

    result = check_files(root, ["docs/ko/install.md", "docs/en/install.md"])

    errors = of_severity(result, Severity.ERROR)
    assert [(e.file, e.line, e.rule) for e in errors] == [
        ("docs/en/install.md", 1, "snippet-missing")
    ]
    assert "en/_includes/notice.md" in errors[0].message
    assert "snippet-missing" not in rules(result, Severity.WARNING)
