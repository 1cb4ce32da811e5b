"""Hostile answers, pages and caches: each bad link becomes one finding, the run goes on."""

from __future__ import annotations

import gzip
import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from docs_validator import http_client, report
from docs_validator.checks import links
from docs_validator.models import CheckResult, Finding, Severity
from linkserver import LinkServer, Reply, by_url, run_links, statuses, write_config

ANCHORED_PAGE = b'<html><body><h2 id="here">x</h2></body></html>'


def test_a_charset_that_is_no_text_encoding_is_read_as_utf8(
    link_server: LinkServer, write_pages, tmp_path: Path
) -> None:
    for name in ("base64", "rot13", "zlib", "nonsense"):
        headers = {"Content-Type": f"text/html; charset={name}"}
        link_server.route("h.test", f"/{name}", Reply(200, headers, ANCHORED_PAGE))
    urls = [f"http://h.test/{name}#here" for name in ("base64", "rot13", "zlib", "nonsense")]
    root = write_pages({"docs/x.ko.md": "# X\n\n" + "\n\n".join(f"<{u}>" for u in urls) + "\n"})

    result = run_links(root, write_config(tmp_path, link_server, ["h.test"]))

    assert statuses(result) == dict.fromkeys(urls, "ok")


def test_an_unknown_marked_section_in_html_is_skipped(
    link_server: LinkServer, write_pages, tmp_path: Path
) -> None:
    body = b'<html><body><![foo[ x ]]><h2 id="here">x</h2></body></html>'
    link_server.route("h.test", "/p", Reply(200, {"Content-Type": "text/html"}, body))
    root = write_pages(
        {"docs/x.ko.md": '# X\n\n<p><![foo[ x ]]><a href="http://h.test/p#here">p</a></p>\n'}
    )

    result = run_links(root, write_config(tmp_path, link_server, ["h.test"]))

    assert statuses(result) == {"http://h.test/p#here": "ok"}


def test_a_redirect_to_an_unparsable_address_is_an_error(
    link_server: LinkServer, write_pages, tmp_path: Path
) -> None:
    link_server.route("h.test", "/r", Reply(301, {"Location": "http://[::1"}))
    root = write_pages({"docs/x.ko.md": "# X\n\n<http://h.test/r>\n"})

    result = run_links(root, write_config(tmp_path, link_server, ["h.test"]))

    record = by_url(result)["http://h.test/r"]
    assert record["status"] == "error" and "invalid address" in record["message"]


def test_an_unexpected_exception_is_one_error_finding(
    link_server: LinkServer, write_pages, tmp_path: Path, monkeypatch
) -> None:
    link_server.route("h.test", "/ok", Reply(200))

    def explode(*args: object) -> None:
        raise KeyError("surprise")

    monkeypatch.setattr(links.PageChecker, "check", explode)
    root = write_pages({"docs/x.ko.md": "# X\n\n<http://h.test/ok>\n"})

    result = run_links(root, write_config(tmp_path, link_server, ["h.test"]))

    [finding] = result.findings
    assert finding.rule == "internal-error" and "KeyError" in finding.message


def test_an_unreadable_page_is_a_finding_and_the_others_are_checked(write_pages) -> None:
    root = write_pages({"docs/a.ko.md": "# A\n\n[b](b.ko.md)\n", "docs/b.ko.md": "# B\n"})
    (root / "docs" / "c.ko.md").mkdir()  # unreadable as a file, even for root
    (root / "validator.toml").write_text("", encoding="utf-8")

    result = run_links(root, offline=True)

    assert [(f.file.endswith("c.ko.md"), f.rule) for f in result.findings] == [
        (True, "unreadable-file")
    ]


@pytest.mark.parametrize(
    "checked_at",
    ["1e999", "NaN", '"soon"', "true", str(time.time() + 10 * 365 * 86400)],
)
def test_a_cache_entry_with_an_impossible_time_is_not_trusted(
    link_server: LinkServer, write_pages, tmp_path: Path, checked_at: str
) -> None:
    link_server.route("h.test", "/gone", Reply(404))
    root = write_pages({"docs/x.ko.md": "# X\n\n<http://h.test/gone>\n"})
    cache = tmp_path / "links.json"
    entry = '{"status": "ok", "message": "ok", "checked_at": ' + checked_at + "}"
    cache.write_text('{"version": 1, "links": {"http://h.test/gone": ' + entry + "}}")

    result = run_links(root, write_config(tmp_path, link_server, ["h.test"]), cache=cache)

    assert statuses(result) == {"http://h.test/gone": "broken"}


def test_a_deeply_nested_cache_is_ignored_with_a_message(
    link_server: LinkServer, write_pages, tmp_path: Path, capsys
) -> None:
    link_server.route("h.test", "/ok", Reply(200))
    root = write_pages({"docs/x.ko.md": "# X\n\n<http://h.test/ok>\n"})
    cache = tmp_path / "links.json"
    cache.write_text('{"version": 1, "links": ' + "[" * 100_000 + "]" * 100_000 + "}")

    result = run_links(root, write_config(tmp_path, link_server, ["h.test"]), cache=cache)

    assert statuses(result) == {"http://h.test/ok": "ok"}
    assert "ignoring the unreadable cache" in capsys.readouterr().err


def test_fix_never_takes_a_redirect_target_from_the_cache(
    link_server: LinkServer, write_pages, tmp_path: Path
) -> None:
    link_server.route("h.test", "/ok", Reply(200))
    root = write_pages({"docs/x.ko.md": "# X\n\n[a](http://h.test/ok)\n"})
    cache = tmp_path / "links.json"
    entry = {
        "status": "redirected",
        "message": "moved",
        "fix_url": "http://evil.test/",
        "checked_at": time.time(),
    }
    cache.write_text(json.dumps({"version": 1, "links": {"http://h.test/ok": entry}}))

    result = run_links(root, write_config(tmp_path, link_server, ["h.test"]), cache=cache, fix=True)

    assert statuses(result) == {"http://h.test/ok": "ok"}
    assert "evil.test" not in (root / "docs" / "x.ko.md").read_text(encoding="utf-8")


class RawServer:
    """A loopback server that answers every connection with `script`: a list of byte strings
    sent `pause` seconds apart, the last one repeated until the client leaves when `endless`."""

    def __init__(self, script: list[bytes], pause: float = 0.0, endless: bool = False) -> None:
        self.script, self.pause, self.endless = script, pause, endless
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        with client:
            try:
                client.recv(65536)
                for piece in self.script:
                    client.sendall(piece)
                    time.sleep(self.pause)
                while self.endless:
                    client.sendall(self.script[-1])
                    time.sleep(self.pause)
            except OSError:
                return

    def config(self, folder: Path) -> Path:
        path = folder / "validator.toml"
        path.write_text(
            f'[links.host_map]\n"raw.test" = "127.0.0.1:{self.port}"\n', encoding="utf-8"
        )
        return path


def run_raw(server: RawServer, write_pages, tmp_path: Path, timeout: float = 0.3) -> dict:
    root = write_pages({"docs/x.ko.md": "# X\n\n<http://raw.test/p>\n"})
    started = time.monotonic()
    result = run_links(root, server.config(tmp_path), timeout=timeout)
    elapsed = time.monotonic() - started
    server.listener.close()
    return {"elapsed": elapsed, **by_url(result)["http://raw.test/p"]}


@pytest.mark.parametrize(
    "script",
    [
        [b"HTTP/1.1 200 OK\r\n", b"X-Slow: 1\r\n"],  # headers trickle in forever
        [b"HTTP/1.1 100 Continue\r\n\r\n"],  # interim answers forever
    ],
)
def test_a_server_that_never_finishes_answering_is_a_timeout(
    write_pages, tmp_path: Path, script: list[bytes]
) -> None:
    record = run_raw(RawServer(script, pause=0.05, endless=True), write_pages, tmp_path)

    assert record["status"] == "timeout"
    assert record["elapsed"] < 10  # two tries of three timeouts, with room for a slow machine


def test_interim_1xx_answers_are_skipped_for_the_final_one(write_pages, tmp_path: Path) -> None:
    final = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    early_hints = b"HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n"
    record = run_raw(
        RawServer([early_hints + b"HTTP/1.1 102 Processing\r\n\r\n" + final]), write_pages, tmp_path
    )

    assert record["status"] == "ok" and record["http_status"] == 200


class GzipBody:
    """Stands for an HTTP response whose gzip body inflates to `size` bytes of HTML."""

    def __init__(self, size: int) -> None:
        self.body = io.BytesIO(gzip.compress(b"<p>" + b" " * size))

    def read(self, amount: int) -> bytes:
        return self.body.read(amount)

    def getheader(self, name: str, default: str = "") -> str:
        return {"content-type": "text/html", "content-encoding": "gzip"}.get(name, default)


def test_a_gzip_bomb_is_inflated_only_up_to_the_scan_cap(monkeypatch) -> None:
    fed: list[int] = []
    original = http_client._IdCollector.feed

    def counting_feed(self: http_client._IdCollector, data: str) -> None:
        fed.append(len(data))
        original(self, data)

    monkeypatch.setattr(http_client._IdCollector, "feed", counting_feed)

    ids, whole = http_client._scan_ids(GzipBody(50 * http_client.MAX_SCAN_BYTES), {"here"})

    assert not whole and "here" not in ids
    assert sum(fed) <= http_client.MAX_SCAN_BYTES


def hostile_result() -> CheckResult:
    name = os.fsdecode(b"docs/caf\xe9,x:y\n.md")  # not UTF-8: a lone surrogate after fsdecode
    finding = Finding(name, 3, "links", Severity.ERROR, "broken-link", "404 \x1b[2J\x07gone")
    return CheckResult(findings=[finding], extra={"links": [{"file": name}]})


def test_json_output_is_valid_utf8_even_for_undecodable_file_names() -> None:
    out = io.BytesIO()
    stream = io.TextIOWrapper(out, encoding="utf-8")

    report.write_json(hostile_result(), stream)
    stream.flush()

    document = json.loads(out.getvalue().decode("utf-8"))
    assert document["findings"][0]["file"] == "docs/caf\ufffd,x:y\n.md"


def test_github_properties_are_escaped_and_control_characters_dropped() -> None:
    out = io.StringIO()

    report.write_github(hostile_result(), out)

    first = out.getvalue().splitlines()[0]
    assert first.startswith("::error file=docs/caf\ufffd%2Cx%3Ay%0A.md,line=3,")
    assert "\x1b" not in out.getvalue() and "\x07" not in out.getvalue()
    assert first.endswith("::404 [2Jgone")


def test_every_form_of_a_loopback_address_is_local(write_pages, tmp_path: Path) -> None:
    urls = ["http://127.1/", "http://0x7f.0.0.1/", "http://0177.0.0.1/", "http://2130706433/"]
    root = write_pages({"docs/x.ko.md": "# X\n\n" + "\n\n".join(f"<{u}>" for u in urls) + "\n"})
    (tmp_path / "validator.toml").write_text("", encoding="utf-8")

    result = run_links(root)

    assert statuses(result) == dict.fromkeys(urls, "excluded")


def test_a_redirect_into_loopback_is_not_followed(
    link_server: LinkServer, write_pages, tmp_path: Path
) -> None:
    inside = f"http://127.0.0.1:{link_server.port}/secret"
    link_server.route("h.test", "/r", Reply(302, {"Location": inside}))
    link_server.route(f"127.0.0.1:{link_server.port}", "/secret", Reply(200))
    root = write_pages({"docs/x.ko.md": "# X\n\n<http://h.test/r>\n"})

    result = run_links(root, write_config(tmp_path, link_server, ["h.test"]))

    assert statuses(result) == {"http://h.test/r": "excluded"}
    assert link_server.requests(path="/secret") == []


@pytest.mark.parametrize("field", ['"fix_url": 123', '"http_status": "200"', '"message": []'])
def test_a_cache_entry_with_a_field_of_the_wrong_type_is_not_trusted(
    link_server: LinkServer, write_pages, tmp_path: Path, field: str
) -> None:
    link_server.route("h.test", "/gone", Reply(404))
    root = write_pages({"docs/x.ko.md": "# X\n\n<http://h.test/gone>\n"})
    cache = tmp_path / "links.json"
    fresh = str(time.time())
    entry = '{"status": "ok", "message": "ok", "checked_at": ' + fresh + ", " + field + "}"
    cache.write_text('{"version": 1, "links": {"http://h.test/gone": ' + entry + "}}")

    result = run_links(root, write_config(tmp_path, link_server, ["h.test"]), cache=cache)

    assert statuses(result) == {"http://h.test/gone": "broken"}


VALIDATE = Path(__file__).resolve().parents[2] / "scripts" / "validate.py"


def test_a_page_that_is_not_utf8_is_an_error_of_the_link_check_too(tmp_path: Path) -> None:
    page = tmp_path / "docs" / "page.ko.md"
    page.parent.mkdir()
    page.write_bytes("# 제목\n\n[링크](other.md)\n".encode("utf-16"))
    done = subprocess.run(
        [
            sys.executable,
            str(VALIDATE),
            "links",
            "--offline",
            "--no-cache",
            "--format",
            "json",
            str(page),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    rules = {finding["rule"] for finding in json.loads(done.stdout)["findings"]}
    assert "page-encoding" in rules
