"""Hostile Markdown (unclosed fences, huge lines, odd encodings, NUL bytes) never crashes the
code check: the command always ends with exit status 0, 1 or 2 and valid JSON."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

from docs_validator.cli import main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Each example runs bash, shellcheck, hadolint and node once: keep the count moderate.
HOSTILE_EXAMPLES = 60
# A line far longer than any real one (and than most tools' buffers).
HUGE_LINE = 200_000

LANGUAGES = [
    "bash", "console", "sh", "powershell", "bat", "dockerfile", "yaml", "json", "jsonc",
    "javascript", "text", "", "{ .bash .runnable }", 'yaml title="x"', "bash foo",
]  # fmt: skip
SNIPPETS = [
    "docker run -it --rm -p 127.0.0.1:3000:80 <image>",
    "docker login -p hunter2",
    "if [[ x ]]; then",
    "FROM alpine\nRUNN x\nCMD ['a']",
    'RUN <<EOF\necho "$(',
    "---\na: [b\n---\n- {{ x }}",
    '{"a": 1, // c\n ...',
    "const x = { ... };",
    '--8<-- "missing.md"',
    "!!! note\n   ```bash\n   echo",
    '=== "Tab"\n\n    ```',
    "1. item\n\n   ```bash\n   ls\n   ```",
    "\t```\tbash\n\t\x00echo\n",
]

line_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), max_codepoint=0x10FFFF), max_size=80
)
pieces = st.one_of(
    st.sampled_from(SNIPPETS),
    st.sampled_from(LANGUAGES).map(lambda lang: f"```{lang}"),
    st.just("```"),
    line_text,
    st.just("x" * HUGE_LINE),
    st.just("\x00\x00 NUL \x00"),
)
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp949"])


def run_code_check(path: Path) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = main(["code", str(path), "--format", "json"])
    return status, out.getvalue()


@settings(
    max_examples=HOSTILE_EXAMPLES,
    deadline=None,
    database=None,  # no .hypothesis folder in the work tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    lines=st.lists(pieces, max_size=25),
    encoding=encodings,
    tail=st.binary(max_size=16),
)
def test_hostile_markdown_never_crashes(
    tmp_path: Path, lines: list[str], encoding: str, tail: bytes
) -> None:
    page = tmp_path / "hostile.ko.md"
    data = "\n".join(lines).encode(encoding, errors="replace") + tail
    page.write_bytes(data)

    status, output = run_code_check(page)

    assert status in (0, 1, 2)
    report = json.loads(output)
    assert {"findings", "summary"} <= set(report)
    rules = {finding["rule"] for finding in report["findings"]}
    assert "validator-internal-error" not in rules


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    status, _output = run_code_check(tmp_path / "nope.md")
    assert status == 2
