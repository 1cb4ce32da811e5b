"""validator.toml: the project's file loads, and a wrong one is exit 2 naming file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docs_validator import cli
from docs_validator.config import GLOBAL_KEYS, HOST_KEYS, load_link_config

REPO_CONFIG = Path(__file__).resolve().parents[2] / "validator.toml"
PAGE = "# X { #x }\n\n[self](#x)\n"


def run_cli(tmp_path: Path, config_text: str, capsys) -> tuple[int, str]:
    page = tmp_path / "docs" / "x.ko.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(PAGE, encoding="utf-8")
    config = tmp_path / "validator.toml"
    config.write_text(config_text, encoding="utf-8")
    code = cli.main(["links", str(page), "--offline", "--config", str(config)])
    return code, capsys.readouterr().err


def test_the_project_config_loads_and_documents_every_setting() -> None:
    config = load_link_config(REPO_CONFIG, required=True)
    text = REPO_CONFIG.read_text(encoding="utf-8")

    assert config.rules_for("api.github.com").concurrency == 2
    assert config.host_map == {}
    for key in (GLOBAL_KEYS - {"hosts", "host_map"}) | HOST_KEYS:
        assert re.search(rf"\b{key}\b", text), f"validator.toml does not mention {key}"
    # Every group of settings (and table) comes after a comment that says why.
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if not re.match(r"^[a-z_]+ =", line):
            continue
        above = index - 1
        while above > 0 and re.match(r"^([a-z_]+ =|\[)", lines[above]):
            above -= 1
        assert lines[above].startswith("#"), line


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("[links]\nretries = 2\nhost_concurrency = \n", 3, "not valid TOML"),
        ("[links]\nretries = 2\ncache_max_age = 24\n", 3, "unknown setting"),
        ('[links]\n\nhost_concurrency = "ten"\n', 3, "must be a finite number"),
        ("[links]\nretry_wait = inf\n", 2, "must be a finite number between 0 and"),
        ("[links]\nmax_retry_after = nan\n", 2, "must be a finite number between 0 and"),
        ("[links]\nhost_request_interval = 1e308\n", 2, "must be a finite number"),
        ('[links]\nexclude = ["(unclosed"]\n', 2, "not a valid regular expression"),
        ('[links.hosts."a.test"]\naccept = ["403"]\n', 2, "HTTP status codes"),
        ('[links.hosts."a.test"]\n\nspeed = 1\n', 3, "unknown setting"),
        ('[links.host_map]\n"a.test" = "127.0.0.1"\n', 2, "address with a port"),
        ('[links.host_map]\n"a.test" = "127.0.0.1:0"\n', 2, "port from 1 to 65535"),
        ('[links.host_map]\n"a.test" = "127.0.0.1:70000"\n', 2, "port from 1 to 65535"),
        ('[links.host_map]\n"a.test" = "::1:8080"\n', 2, "'[::1]:8080'"),
        ('[links.host_map]\n"a.test" = "[1:2:3:4:5:6:7:8:9]:8080"\n', 2, "IPv6"),
        ('[links]\nuser_agent = "bot\\r\\nX-Evil: 1"\n', 2, "line break"),
        ('[links]\nheaders = { "X-A" = "a\\nb" }\n', 2, "line break"),
        ('[links]\nheaders = { "X A:" = "b" }\n', 2, "not a valid HTTP header name"),
        ("[links]\nretries = 1\n\n[lnks]\nretries = 2\n", 4, "[lnks]: unknown table"),
    ],
)
def test_a_bad_config_is_exit_2_with_file_and_line(
    tmp_path: Path, capsys, text: str, line: int, words: str
) -> None:
    code, err = run_cli(tmp_path, text, capsys)

    assert code == 2
    assert f"validator.toml:{line}" in err or f"(at line {line}" in err
    assert words in err
    assert str(tmp_path / "validator.toml") in err


def test_a_named_config_that_does_not_exist_is_exit_2(tmp_path: Path, capsys) -> None:
    page = tmp_path / "docs" / "x.ko.md"
    page.parent.mkdir(parents=True)
    page.write_text(PAGE, encoding="utf-8")

    code = cli.main(["links", str(page), "--offline", "--config", str(tmp_path / "nope.toml")])

    assert code == 2
    assert "nope.toml: configuration file not found" in capsys.readouterr().err


def test_a_good_config_runs(tmp_path: Path, capsys) -> None:
    code, err = run_cli(tmp_path, REPO_CONFIG.read_text(encoding="utf-8"), capsys)

    assert code == 0, err


def test_a_config_that_is_not_utf8_is_exit_2_naming_the_file(tmp_path: Path, capsys) -> None:
    page = tmp_path / "docs" / "x.ko.md"
    page.parent.mkdir(parents=True)
    page.write_text(PAGE, encoding="utf-8")
    config = tmp_path / "validator.toml"
    config.write_bytes(b'[links]\nuser_agent = "\xff\xfe"\n')

    code = cli.main(["links", str(page), "--offline", "--config", str(config)])

    assert code == 2
    assert f"{config}: not UTF-8" in capsys.readouterr().err


def test_a_bracketed_ipv6_host_map_address_is_accepted(tmp_path: Path) -> None:
    config = tmp_path / "validator.toml"
    config.write_text('[links.host_map]\n"a.test" = "[::1]:8080"\n', encoding="utf-8")

    assert load_link_config(config, required=True).host_map == {"a.test": ("::1", 8080)}
