"""External links over HTTP: redirects, retries, network failures, politeness, bodies."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from docs_validator.models import Severity
from linkserver import LinkServer, Reply, html_page, run_links, statuses, write_config

HUGE_BYTES = 200 * 1024 * 1024  # the "200 MB answer" of the requirement
MOST_BYTES_READ = (
    20 * 1024 * 1024
)  # what reading "only as far as needed" may cost, buffers included


def page(links: list[str]) -> dict[str, str]:
    body = "\n\n".join(f"[link {index}]({url})" for index, url in enumerate(links))
    return {"docs/x.ko.md": f"# X {{ #x }}\n\n{body}\n"}


def record(result, url: str) -> dict:
    return next(r for r in result.extra["links"] if r["url"] == url)


def test_permanent_redirects_are_reported_and_temporary_ones_followed_quietly(
    link_server: LinkServer, write_pages, tmp_path: Path
) -> None:
    link_server.route("r.test", "/old", Reply(301, {"Location": "/older"}))
    link_server.route("r.test", "/older", Reply(308, {"Location": "http://r.test/new"}))
    link_server.route("r.test", "/new", Reply(200))
    link_server.route("r.test", "/temp", Reply(302, {"Location": "/new"}))
    link_server.route("r.test", "/temp-then-moved", Reply(307, {"Location": "/old"}))
    root = write_pages(
        page(["http://r.test/old", "http://r.test/temp", "http://r.test/temp-then-moved"])
    )

    result = run_links(root, write_config(tmp_path, link_server, ["r.test"]))

    assert statuses(result) == {
        "http://r.test/old": "redirected",
        "http://r.test/temp": "ok",
        "http://r.test/temp-then-moved": "ok",
    }
    moved = record(result, "http://r.test/old")
    assert moved["final_url"] == "http://r.test/new" and moved["http_status"] == 200
    assert "update the link" in moved["message"]
    assert [f.severity for f in result.findings] == [Severity.INFO]
    assert not result.failed


def test_more_than_ten_redirects_is_an_error(
    link_server: LinkServer, write_pages, tmp_path: Path
) -> None:
    for hop in range(12):
        link_server.route("hops.test", f"/{hop}", Reply(302, {"Location": f"/{hop + 1}"}))
    link_server.route("hops.test", "/12", Reply(200))
    root = write_pages(page(["http://hops.test/0"]))

    result = run_links(root, write_config(tmp_path, link_server, ["hops.test"]))

    assert statuses(result) == {"http://hops.test/0": "error"}
    assert "more than 10 redirects" in record(result, "http://hops.test/0")["message"]
    assert result.failed


def test_server_errors_are_retried_then_broken_and_a_passing_error_recovers(
    link_server: LinkServer, write_pages, tmp_path: Path
) -> None:
    answers = iter([Reply(502), Reply(200)])
    link_server.route("err.test", "/always", Reply(500))
    link_server.route("err.test", "/flaky", lambda request: next(answers))
    root = write_pages(page(["http://err.test/always", "http://err.test/flaky"]))

    result = run_links(root, write_config(tmp_path, link_server, ["err.test"]))

    assert statuses(result) == {"http://err.test/always": "broken", "http://err.test/flaky": "ok"}
    # HEAD is refused with 500, then GET is tried 1 + 2 retries times.
    assert [r.method for r in link_server.requests("err.test", "/always")] == [
        "HEAD",
        "GET",
        "GET",
        "GET",
    ]


def test_503_with_retry_after_is_waited_for(
    link_server: LinkServer, write_pages, tmp_path: Path
) -> None:
    answers = iter([Reply(503, {"Retry-After": "1"}), Reply(200)])
    link_server.route("busy.test", "/", lambda request: next(answers))
    root = write_pages(page(["http://busy.test/"]))

    result = run_links(root, write_config(tmp_path, link_server, ["busy.test"]))

    assert statuses(result) == {"http://busy.test/": "ok"}
    first, second = link_server.requests("busy.test")
    assert second.started - first.finished >= 0.95


def test_refused_connection_tls_failure_and_unknown_host_are_errors(
    link_server: LinkServer, write_pages, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    real_getaddrinfo = socket.getaddrinfo

    def no_such_host(host, *args, **kwargs):
        if host == "no-such-host.docs-test.org":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    link_server.route("tls.test", "/", Reply(200))
    root = write_pages(
        page(
            [
                "http://refused.test/",
                "https://tls.test/",
                "http://no-such-host.docs-test.org/",
            ]
        )
    )
    routes = {"refused.test": f"127.0.0.1:{closed_port}"}
    config = write_config(tmp_path, link_server, ["tls.test"], routes=routes)

    result = run_links(root, config)

    found = {r["url"]: (r["status"], r["message"].split(":")[0]) for r in result.extra["links"]}
    assert found == {
        "http://refused.test/": ("error", "connection refused"),
        "https://tls.test/": ("error", found["https://tls.test/"][1]),
        "http://no-such-host.docs-test.org/": ("error", "host name not found (DNS)"),
    }
    assert found["https://tls.test/"][1].startswith("TLS failure")


def test_a_200_mb_answer_is_not_downloaded(
    link_server: LinkServer, write_pages, tmp_path: Path
) -> None:
    download = Reply(200, {"Content-Type": "application/octet-stream"}, stream_bytes=HUGE_BYTES)
    html = Reply(200, {"Content-Type": "text/html"}, b"<html><body>", stream_bytes=HUGE_BYTES)
    link_server.route("big.test", "/file", lambda r: Reply(405) if r.method == "HEAD" else download)
    link_server.route("big.test", "/page", html)
    root = write_pages(page(["http://big.test/file", "http://big.test/page#somewhere"]))

    result = run_links(root, write_config(tmp_path, link_server, ["big.test"]), timeout=5)

    assert statuses(result) == {
        "http://big.test/file": "ok",
        "http://big.test/page#somewhere": "unverifiable",
    }
    assert (
        "not found in the first 5 MiB"
        in record(result, "http://big.test/page#somewhere")["message"]
    )
    assert link_server.bytes_sent["/file"] < MOST_BYTES_READ
    assert link_server.bytes_sent["/page"] < MOST_BYTES_READ


def test_politeness_at_most_ten_at_once_and_fifty_ms_apart_per_host(
    link_server: LinkServer, write_pages, tmp_path: Path
) -> None:
    slow = Reply(200, delay=0.6)
    urls = []
    for number in range(25):
        link_server.route("one.test", f"/{number}", slow)
        urls.append(f"http://one.test/{number}")
    link_server.route("two.test", "/", Reply(200))
    root = write_pages(page([*urls, "http://two.test/"]))
    config = tmp_path / "validator.toml"
    config.write_text(
        f'[links.host_map]\n"one.test" = "127.0.0.1:{link_server.port}"\n'
        f'"two.test" = "127.0.0.1:{link_server.port}"\n',
        encoding="utf-8",
    )

    result = run_links(root, config, timeout=5)

    assert set(statuses(result).values()) == {"ok"}
    assert link_server.peak["one.test"] == 10
    starts = sorted(r.started for r in link_server.requests("one.test"))
    assert min(later - earlier for earlier, later in zip(starts, starts[1:], strict=False)) >= 0.045
    # The other host does not wait for the busy one.
    assert link_server.requests("two.test")[0].started < starts[5]


def test_one_request_per_distinct_url_and_every_location_reported(
    link_server: LinkServer, write_pages, tmp_path: Path
) -> None:
    link_server.route("same.test", "/", Reply(200))
    root = write_pages(
        {
            "docs/a.ko.md": "# A { #a }\n\n[x](http://same.test/)\n\n<http://same.test/>\n",
            "docs/a.en.md": "# A { #a }\n\n[x](http://same.test/)\n",
        }
    )

    result = run_links(root, write_config(tmp_path, link_server, ["same.test"]))

    assert len(link_server.requests("same.test")) == 1
    assert record(result, "http://same.test/")["locations"] == [
        {"file": "docs/a.en.md", "line": 3},
        {"file": "docs/a.ko.md", "line": 3},
        {"file": "docs/a.ko.md", "line": 5},
    ]


def test_malformed_urls_are_findings_never_crashes(write_pages, tmp_path: Path) -> None:
    root = write_pages(
        {
            "docs/x.ko.md": (
                "# X { #x }\n\n"
                '<a href="http://exa mple.test/">space</a>\n\n'
                "[bracket](http://[::1/)\n\n"
                "[no host](https://)\n\n"
                "[port](http://host.docs-test.org:99999/)\n\n"
                "[mail](mailto:not-an-address)\n"
            )
        }
    )
    (tmp_path / "validator.toml").write_text("", encoding="utf-8")

    result = run_links(root, offline=True)

    assert sorted((f.line, f.rule) for f in result.findings) == [
        (3, "malformed-url"),
        (5, "malformed-url"),
        (7, "malformed-url"),
        (9, "malformed-url"),
        (11, "malformed-url"),
    ]
    assert all(f.severity is Severity.ERROR for f in result.findings)


def test_local_hosts_are_skipped_while_routed_test_hosts_are_checked(
    link_server: LinkServer, write_pages, tmp_path: Path
) -> None:
    link_server.route("routed.test", "/", Reply(200))
    local = [
        f"http://127.0.0.1:{link_server.port}/",
        "http://api:3000/",
        "http://host.docker.internal:8000/",
        "http://192.168.0.10/",
        "https://example.com/",
    ]
    root = write_pages(page([*local, "http://routed.test/"]))

    result = run_links(root, write_config(tmp_path, link_server, ["routed.test"]))

    found = statuses(result)
    assert {found[url] for url in local} == {"excluded"}
    assert found["http://routed.test/"] == "ok"
    assert [r.host for r in link_server.requests()] == ["routed.test"]


def test_include_local_checks_loopback_links(
    link_server: LinkServer, write_pages, tmp_path: Path
) -> None:
    link_server.route("127.0.0.1", "/", Reply(200))
    url = f"http://127.0.0.1:{link_server.port}/"
    root = write_pages(page([url]))
    (tmp_path / "validator.toml").write_text("[links]\ninclude_local = true\n", encoding="utf-8")

    result = run_links(root)

    assert statuses(result) == {url: "ok"}
    assert len(link_server.requests("127.0.0.1")) == 1


def test_offline_sends_nothing_and_checks_syntax_only(
    link_server: LinkServer, write_pages, tmp_path: Path
) -> None:
    root = write_pages(page(["http://routed.test/", "mailto:a@b.docs-test.org"]))
    cache = tmp_path / "cache.json"

    result = run_links(
        root, write_config(tmp_path, link_server, ["routed.test"]), offline=True, cache=cache
    )

    assert statuses(result) == {"http://routed.test/": "excluded", "mailto:a@b.docs-test.org": "ok"}
    assert "--offline" in record(result, "http://routed.test/")["message"]
    assert link_server.requests() == [] and not cache.exists()


def test_per_host_exclusions_accepted_statuses_and_headers(
    link_server: LinkServer, write_pages, tmp_path: Path
) -> None:
    link_server.route("skip.test", "/", Reply(200))
    link_server.route("members.test", "/", Reply(403))
    link_server.route("api.docs-test.org", "/", Reply(200))
    hosts = ["skip.test", "members.test", "api.docs-test.org", "pattern.test"]
    root = write_pages(
        page(
            [
                "http://skip.test/",
                "http://members.test/",
                "http://api.docs-test.org/",
                "http://pattern.test/private/x",
            ]
        )
    )
    extra = (
        'exclude = ["^http://pattern\\\\.test/private/"]\n\n'
        '[links.hosts."skip.test"]\nexclude = true\n\n'
        '[links.hosts."members.test"]\naccept = [403]\n\n'
        '[links.hosts."docs-test.org"]\nheaders = { X-Token = "demo" }\n'
    )

    result = run_links(root, write_config(tmp_path, link_server, hosts, extra=extra))

    assert statuses(result) == {
        "http://skip.test/": "excluded",
        "http://members.test/": "ok",
        "http://api.docs-test.org/": "ok",
        "http://pattern.test/private/x": "excluded",
    }
    assert link_server.requests("skip.test") == []
    assert len(link_server.requests("members.test")) == 2  # HEAD, then GET; no browser retry
    assert link_server.requests("api.docs-test.org")[0].headers["x-token"] == "demo"


def test_fragment_pages_are_read_with_get_and_html_fragments_checked(
    link_server: LinkServer, write_pages, tmp_path: Path
) -> None:
    link_server.route("docs.test", "/guide", html_page("install", "user-content-usage"))
    link_server.route("docs.test", "/file.pdf", Reply(200, {"Content-Type": "application/pdf"}))
    urls = [
        "http://docs.test/guide#install",
        "http://docs.test/guide#usage",  # GitHub prefixes README ids with user-content-
        "http://docs.test/guide#L10-L20",  # line anchors are made by scripts, not ids
        "http://docs.test/file.pdf#page=2",
    ]
    root = write_pages(page(urls))

    result = run_links(root, write_config(tmp_path, link_server, ["docs.test"]))

    assert set(statuses(result).values()) == {"ok"}
    assert {r.method for r in link_server.requests("docs.test")} == {"GET"}


def test_host_headers_are_not_sent_to_the_host_a_redirect_leads_to(
    link_server: LinkServer, write_pages, tmp_path: Path
) -> None:
    link_server.route("api.docs-test.org", "/hop", Reply(302, {"Location": "http://else.test/"}))
    link_server.route("else.test", "/", Reply(200))
    root = write_pages(page(["http://api.docs-test.org/hop"]))
    extra = '[links.hosts."docs-test.org"]\nheaders = { X-Token = "demo" }\n'

    result = run_links(
        root, write_config(tmp_path, link_server, ["api.docs-test.org", "else.test"], extra=extra)
    )

    assert statuses(result) == {"http://api.docs-test.org/hop": "ok"}
    assert link_server.requests("api.docs-test.org")[0].headers["x-token"] == "demo"
    assert "x-token" not in link_server.requests("else.test")[0].headers
