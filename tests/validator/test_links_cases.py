"""Cases C04, C14, C15, C16 and C17 of cases.md, with their hosts routed to a loopback server."""

from __future__ import annotations

import threading
import time
from collections import deque
from pathlib import Path

from docs_validator.models import Severity
from linkserver import (
    FIXTURES,
    LinkServer,
    Reply,
    Request,
    html_page,
    run_links,
    statuses,
    write_config,
)

# C17's rate limit, scaled down so the test takes seconds: 5 answers per window, then 429.
RATE_WINDOW_SECONDS = 1.0
RATE_LIMIT = 5
RATE_RETRY_AFTER = 1
SLOW_ROUTE_SECONDS = 3.0  # cases.md says 30 s; with a 1 s timeout 3 s shows the same thing
IN_FLIGHT_SECONDS = 0.04  # under the 50 ms interval: only a request already sent fits in it
CLOCK_SLACK = 0.01  # server and client read the same clock a moment apart
BOT_WORDS = ("link", "check", "bot", "python-requests", "curl")


def test_c04_external_fragment_raw_and_encoded_ids(link_server: LinkServer, tmp_path) -> None:
    link_server.route("wiki.test", "/page.html", html_page("설치"))
    config = write_config(tmp_path, link_server, ["wiki.test"])

    result = run_links(FIXTURES / "c04", config)

    assert statuses(result)["http://wiki.test/page.html#%EC%84%A4%EC%B9%98"] == "ok"
    assert [f.rule for f in result.findings] == ["missing-anchor"]
    assert "네트워크-설정하기" in result.findings[0].message


def test_external_fragment_matches_percent_encoded_ids_and_reports_missing_ones(
    link_server: LinkServer, write_pages, tmp_path
) -> None:
    link_server.route("wiki.test", "/encoded.html", html_page("%EC%84%A4%EC%B9%98", "plain"))
    root = write_pages(
        {
            "docs/x.ko.md": (
                "# X { #x }\n\n"
                "[a](http://wiki.test/encoded.html#설치)\n\n"
                "[b](http://wiki.test/encoded.html#plain)\n\n"
                "[c](http://wiki.test/encoded.html#없는-절)\n"
            )
        }
    )
    config = write_config(tmp_path, link_server, ["wiki.test"])

    result = run_links(root, config)

    assert statuses(result) == {
        "http://wiki.test/encoded.html#설치": "ok",
        "http://wiki.test/encoded.html#plain": "ok",
        "http://wiki.test/encoded.html#없는-절": "broken",
    }
    # One request for the three links: they name the same page.
    assert [(r.method, r.path) for r in link_server.requests("wiki.test")] == [
        ("GET", "/encoded.html")
    ]


def test_c14_parentheses_hangul_and_percent_escapes_reach_the_server_as_written(
    link_server: LinkServer, tmp_path
) -> None:
    hangul = "/wiki/%EB%8F%84%EC%BB%A4_"
    tail = "%EC%86%8C%ED%94%84%ED%8A%B8%EC%9B%A8%EC%96%B4"
    ok_paths = {
        f"{hangul}({tail})",
        f"{hangul}%28{tail}%29",
        "/awesome/c%23-tools.md",
        "/pkgs/container/kuksa%2Fclient",
    }
    for path in ok_paths:
        link_server.route("wiki.test", path, Reply(200))
    config = write_config(tmp_path, link_server, ["wiki.test"])

    result = run_links(FIXTURES / "c14", config)

    assert result.findings == []
    assert set(statuses(result).values()) == {"ok"}
    assert {r.path for r in link_server.requests("wiki.test")} == ok_paths
    assert all(r.method == "HEAD" for r in link_server.requests())


def test_c15_code_localhost_mail_and_links_after_an_empty_pre(
    link_server: LinkServer, tmp_path
) -> None:
    # Route every host of the page, so that a request for a URL in code would show in the log.
    hosts = ["broken.test", "api.test", "releases.test", "example.test", "github.com"]
    config = write_config(tmp_path, link_server, hosts)

    result = run_links(FIXTURES / "c15", config)

    assert [(r.host, r.path) for r in link_server.requests()] == [
        ("broken.test", "/nope"),
        ("broken.test", "/nope"),
        ("broken.test", "/nope"),
    ]
    assert statuses(result) == {
        "http://localhost:8080/health": "excluded",
        "mailto:someone@example.test": "ok",
        "http://broken.test/nope": "broken",
    }
    assert statuses_message(result, "http://localhost:8080/health") == "skipped (local)"
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    assert [(f.line, f.rule) for f in errors] == [(19, "broken-link")]
    assert result.failed


def bot_wall(request: Request) -> Reply:
    browser = "Mozilla/" in request.user_agent
    path = request.path
    if path == "/head-405":
        return Reply(405 if request.method == "HEAD" else 200)
    if path == "/head-500":
        return Reply(500 if request.method == "HEAD" else 200)
    if path == "/ua-block":
        blocked = any(word in request.user_agent.lower() for word in BOT_WORDS)
        return Reply(403 if blocked else 200)
    if path == "/challenge":
        page = b"<html><body>Just a moment...</body></html>"
        return Reply(403, {"cf-mitigated": "challenge", "Content-Type": "text/html"}, page)
    if path == "/bot-404":
        return Reply(200 if browser else 404)
    return Reply(404)


def test_c16_bot_walls_head_refusal_and_404_to_bots(link_server: LinkServer, tmp_path) -> None:
    for path in ("/head-405", "/head-500", "/ua-block", "/challenge", "/bot-404", "/gone"):
        link_server.route("bot-wall.test", path, bot_wall)
    config = write_config(tmp_path, link_server, ["bot-wall.test"])

    result = run_links(FIXTURES / "c16", config)

    assert statuses(result) == {
        "http://bot-wall.test/head-405": "ok",
        "http://bot-wall.test/head-500": "ok",
        "http://bot-wall.test/ua-block": "ok",
        "http://bot-wall.test/challenge": "unverifiable",
        "http://bot-wall.test/bot-404": "ok",
        "http://bot-wall.test/gone": "broken",
    }
    errors = [f.message for f in result.findings if f.severity is Severity.ERROR]
    assert len(errors) == 1 and errors[0].startswith("http://bot-wall.test/gone")
    challenge = next(f for f in result.findings if "challenge" in f.message)
    assert challenge.severity is Severity.WARNING

    def methods(path: str) -> list[str]:
        return [r.method for r in link_server.requests("bot-wall.test", path)]

    assert methods("/head-405") == ["HEAD", "GET"]
    assert methods("/head-500") == ["HEAD", "GET"]
    bot_404 = link_server.requests("bot-wall.test", "/bot-404")
    assert sum("Mozilla/" in r.user_agent for r in bot_404) == 1
    assert "browser-like" in statuses_message(result, "http://bot-wall.test/bot-404")


def statuses_message(result, url: str) -> str:
    return next(r["message"] for r in result.extra["links"] if r["url"] == url)


class RateLimiter:
    """5 answers per second window, then 429 with Retry-After; log of answered times."""

    def __init__(self) -> None:
        self.answered: deque[float] = deque()
        self.lock = threading.Lock()

    def __call__(self, request: Request) -> Reply:
        with self.lock:
            now = time.monotonic()
            while self.answered and now - self.answered[0] > RATE_WINDOW_SECONDS:
                self.answered.popleft()
            if len(self.answered) >= RATE_LIMIT:
                return Reply(429, {"Retry-After": str(RATE_RETRY_AFTER)})
            self.answered.append(now)
            return Reply(200)


def c17_server(server: LinkServer) -> None:
    limiter = RateLimiter()
    for number in range(1, 21):
        server.route("rate.test", f"/r/{number}", limiter)
    server.route("rate.test", "/r-long", Reply(429, {"Retry-After": "3600"}))
    server.route("rate.test", "/slow", Reply(200, delay=SLOW_ROUTE_SECONDS))
    server.route("rate.test", "/moved", Reply(301, {"Location": "/new"}))
    server.route("rate.test", "/new", Reply(200))
    server.route("rate.test", "/login-wall", Reply(302, {"Location": "/login?next=/login-wall"}))
    server.route("rate.test", "/login?next=/login-wall", Reply(200))
    server.route("rate.test", "/loop", Reply(302, {"Location": "/loop"}))


def test_c17_rate_limits_timeouts_login_walls_and_loops(link_server: LinkServer, tmp_path) -> None:
    c17_server(link_server)
    config = write_config(
        tmp_path,
        link_server,
        ["rate.test"],
        extra='[links.hosts."rate.test"]\nhost_concurrency = 2',
    )

    started = time.monotonic()
    result = run_links(FIXTURES / "c17", config)
    elapsed = time.monotonic() - started

    found = statuses(result)
    assert {found[f"http://rate.test/r/{n}"] for n in range(1, 21)} == {"ok"}
    assert found["http://rate.test/r-long"] == "rate_limited"
    assert found["http://rate.test/slow"] == "timeout"
    assert found["http://rate.test/moved"] == "redirected"
    assert found["http://rate.test/login-wall"] == "unverifiable"
    assert found["http://rate.test/loop"] == "error"

    by_url = {r["url"]: r for r in result.extra["links"]}
    assert by_url["http://rate.test/moved"]["final_url"] == "http://rate.test/new"
    assert "redirected to login" in by_url["http://rate.test/login-wall"]["message"]
    assert "redirect loop" in by_url["http://rate.test/loop"]["message"]

    severities = {f.message.split(":", 2)[1].lstrip("/"): f.severity for f in result.findings}
    assert severities["rate.test/slow"] is Severity.WARNING
    assert severities["rate.test/r-long"] is Severity.WARNING
    assert severities["rate.test/moved"] is Severity.INFO
    assert severities["rate.test/loop"] is Severity.ERROR

    assert_retry_after_was_honoured(link_server.requests("rate.test"))
    assert link_server.peak["rate.test"] <= 2
    assert len(link_server.requests("rate.test", "/slow")) == 2  # retried once
    assert len(link_server.requests("rate.test", "/r-long")) == 1  # never waited an hour
    assert elapsed < 30


def assert_retry_after_was_honoured(requests: list[Request]) -> None:
    """After a 429, no request starts before Retry-After has passed, except one already on
    its way when the 429 arrived (within IN_FLIGHT_SECONDS)."""
    limited = [r for r in requests if r.status == 429 and r.path.startswith("/r/")]
    assert limited, "the scenario should hit the rate limit at least once"
    for answer in limited:
        resumed = [r.started for r in requests if r.started > answer.finished + IN_FLIGHT_SECONDS]
        assert all(start >= answer.finished + RATE_RETRY_AFTER - CLOCK_SLACK for start in resumed)


def test_c17_timeout_is_a_warning_distinct_from_broken(
    link_server: LinkServer, write_pages, tmp_path: Path
) -> None:
    link_server.route("slow.test", "/slow", Reply(200, delay=SLOW_ROUTE_SECONDS))
    link_server.route("slow.test", "/gone", Reply(404))
    root = write_pages(
        {"docs/x.ko.md": "# X { #x }\n\n[s](http://slow.test/slow) [g](http://slow.test/gone)\n"}
    )
    config = write_config(tmp_path, link_server, ["slow.test"])

    result = run_links(root, config)

    rules = {f.rule: f.severity for f in result.findings}
    assert rules == {"timeout": Severity.WARNING, "broken-link": Severity.ERROR}
