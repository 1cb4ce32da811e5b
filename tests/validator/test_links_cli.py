"""`validate.py links`: exit codes, and the text, JSON and GitHub outputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from docs_validator import cli
from docs_validator.link_types import LinkStatus
from linkserver import LinkServer, Reply, write_config

REPO_ROOT = Path(__file__).resolve().parents[2]
PAGE = (
    "# 링크 { #links }\n\n"
    "[되는 링크](http://cli.test/ok)\n\n"
    "[깨진 링크](http://cli.test/gone)\n\n"
    "[같은 쪽](#links) [없는 절](#없음)\n"
)


def write_site(tmp_path: Path, link_server: LinkServer, text: str = PAGE) -> tuple[Path, Path]:
    link_server.route("cli.test", "/ok", Reply(200))
    link_server.route("cli.test", "/gone", Reply(404))
    page = tmp_path / "docs" / "안내.ko.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(text, encoding="utf-8")
    return page, write_config(tmp_path, link_server, ["cli.test"])


def main(page: Path, config: Path, tmp_path: Path, *extra: str) -> int:
    cache = tmp_path / "cache.json"
    return cli.main(["links", str(page), "--config", str(config), "--cache", str(cache), *extra])


def test_json_lists_every_link_with_readable_hangul(
    link_server: LinkServer, tmp_path: Path, capsys
) -> None:
    page, config = write_site(tmp_path, link_server)

    code = main(page, config, tmp_path, "--format", "json")
    out = capsys.readouterr().out

    assert code == 1
    assert "깨진 링크" not in out and "없음" in out and "\\u" not in out
    document = json.loads(out)
    assert set(document) == {"links", "findings", "summary"}
    records = {r["url"]: r for r in document["links"]}
    assert set(records) == {"http://cli.test/ok", "http://cli.test/gone", "#links", "#없음"}
    for record in document["links"]:
        assert set(record) == {"url", "status", "http_status", "final_url", "locations", "message"}
        assert record["status"] in {status.value for status in LinkStatus}
        assert set(record["locations"][0]) == {"file", "line"}
    assert records["http://cli.test/ok"]["http_status"] == 200
    assert records["http://cli.test/gone"]["status"] == "broken"
    for finding in document["findings"]:
        assert {"file", "line", "check", "severity", "rule", "message"} <= set(finding)
    assert document["summary"]["links"] == 4 and document["summary"]["links_broken"] == 2


def test_text_groups_by_file_with_path_line_and_ends_with_a_summary(
    link_server: LinkServer, tmp_path: Path, capsys
) -> None:
    page, config = write_site(tmp_path, link_server)

    code = main(page, config, tmp_path)
    lines = capsys.readouterr().out.strip().split("\n")

    assert code == 1
    assert lines[0].endswith("docs/안내.ko.md")
    assert ":5: error [ko] broken-link: http://cli.test/gone: broken (HTTP 404" in lines[1]
    assert "fix the address or remove the link" in lines[1]
    assert ":7: error [ko] missing-anchor: #없음:" in lines[2]
    assert lines[-1].startswith("FAILED: 2 errors, 0 warnings, 0 notes (links 4, ")


def test_github_format_writes_workflow_annotations(
    link_server: LinkServer, tmp_path: Path, capsys
) -> None:
    page, config = write_site(tmp_path, link_server)

    main(page, config, tmp_path, "--format", "github")
    out = capsys.readouterr().out

    assert f"::error file={page.as_posix()},line=5,title=links/broken-link::" in out


def test_exit_0_when_nothing_is_broken(link_server: LinkServer, tmp_path: Path, capsys) -> None:
    page, config = write_site(
        tmp_path, link_server, "# 링크 { #links }\n\n[ok](http://cli.test/ok)\n"
    )

    assert main(page, config, tmp_path) == 0
    assert capsys.readouterr().out.strip().endswith("(links 1, links_ok 1)")


def test_usage_errors_are_exit_2(tmp_path: Path, capsys) -> None:
    assert cli.main(["links", str(tmp_path / "missing.md")]) == 2
    assert cli.main(["links", "--timeout", "0", "--offline", str(tmp_path)]) == 2
    for value in ("inf", "nan", "1e308", "-1"):
        assert cli.main(["links", "--timeout", value, "--offline", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no such file or folder" in err
    assert err.count("--timeout must be a finite number between 0 and") == 5


def test_the_script_runs_as_contributors_call_it(tmp_path: Path) -> None:
    page = tmp_path / "docs" / "x.ko.md"
    page.parent.mkdir(parents=True)
    page.write_text("# X { #x }\n\n[자기](#x)\n", encoding="utf-8")

    completed = subprocess.run(
        [
            sys.executable,
            "scripts/validate.py",
            "links",
            "--offline",
            "--format",
            "json",
            str(page),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["links"][0]["url"] == "#x"
