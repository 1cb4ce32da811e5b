"""A loopback HTTP server for the link tests: answers per host name and path, and logs every
request (method, path, User-Agent, time) and the peak number of requests at once per host."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from docs_validator.checks import links
from docs_validator.models import CheckResult
from docs_validator.options import Options

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "links"
TEST_TIMEOUT_SECONDS = 1.0  # the slow routes take 3 s, so a timeout shows in 1 s, not 30
POLL_SECONDS = 0.02  # how soon stop() is noticed; the default 0.5 s slows every test
STREAM_CHUNK_BYTES = 64 * 1024  # how a huge answer is written, piece by piece


@dataclass
class Request:
    """One request as the server saw it; `path` is the request target exactly as sent."""

    host: str
    method: str
    path: str
    user_agent: str
    started: float
    finished: float = 0.0
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Reply:
    """What a route answers. `stream_bytes` sends that many filler bytes after `body` (with a
    matching Content-Length) to stand for a huge download."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0
    stream_bytes: int = 0


Route = Callable[[Request], Reply]


def html_page(*ids: str) -> Reply:
    body = "".join(f'<h2 id="{value}">{value}</h2>\n' for value in ids)
    page = f"<!doctype html><html><body>\n{body}</body></html>\n".encode()
    return Reply(200, {"Content-Type": "text/html; charset=utf-8"}, page)


def always(reply: Reply) -> Route:
    return lambda request: reply


class LinkServer:
    """Routes are keyed by (host, path); the host comes from the Host header, so many test
    hosts (`wiki.test`, `rate.test`, …) share one server through the validator's host map."""

    def __init__(self, address: str = "127.0.0.1") -> None:
        self.address = address
        self.routes: dict[tuple[str, str], Route] = {}
        self.log: list[Request] = []
        self.peak: dict[str, int] = defaultdict(int)
        self.bytes_sent: dict[str, int] = defaultdict(int)
        self._active: dict[str, int] = defaultdict(int)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((address, 0), self._handler_class())
        self._server.daemon_threads = True
        self._server.block_on_close = False  # a route still sleeping must not hold up stop()
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": POLL_SECONDS}, daemon=True
        )

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def route(self, host: str, path: str, answer: Route | Reply) -> None:
        self.routes[(host, path)] = answer if callable(answer) else always(answer)

    def requests(self, host: str | None = None, path: str | None = None) -> list[Request]:
        with self._lock:
            return [
                r
                for r in self.log
                if (host is None or r.host == host) and (path is None or r.path == path)
            ]

    def __enter__(self) -> LinkServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _begin(self, request: Request) -> None:
        with self._lock:
            self.log.append(request)
            self._active[request.host] += 1
            self.peak[request.host] = max(self.peak[request.host], self._active[request.host])

    def _end(self, request: Request) -> None:
        with self._lock:
            self._active[request.host] -= 1
            request.finished = time.monotonic()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                return

            def _serve(self) -> None:
                host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
                request = Request(
                    host=host,
                    method=self.command,
                    path=self.path,
                    user_agent=self.headers.get("User-Agent", ""),
                    started=time.monotonic(),
                    headers={name.lower(): value for name, value in self.headers.items()},
                )
                server._begin(request)
                try:
                    self._answer(request)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client gave up (a timeout test)
                finally:
                    server._end(request)

            def _answer(self, request: Request) -> None:
                # Raw UTF-8 on the request line (unencoded Hangul) is a 400, as on strict hosts.
                if any(ord(char) > 127 for char in self.path):
                    reply = Reply(400, body=b"bad request line")
                else:
                    route = server.routes.get((request.host, request.path))
                    reply = route(request) if route else Reply(404, body=b"no such route")
                request.status = reply.status
                if reply.delay:
                    time.sleep(reply.delay)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body) + reply.stream_bytes))
                self.end_headers()
                if self.command == "HEAD":
                    return
                self._write(request, reply)

            def _write(self, request: Request, reply: Reply) -> None:
                sent = 0
                try:
                    self.wfile.write(reply.body)
                    sent = len(reply.body)
                    filler = b"<p>" + b"x" * (STREAM_CHUNK_BYTES - 3)
                    remaining = reply.stream_bytes
                    while remaining > 0:
                        piece = filler[: min(remaining, len(filler))]
                        self.wfile.write(piece)
                        sent += len(piece)
                        remaining -= len(piece)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True
                finally:
                    with server._lock:
                        server.bytes_sent[request.path] += sent

            do_GET = do_HEAD = do_POST = _serve

        return Handler


def write_config(
    folder: Path,
    server: LinkServer,
    hosts: list[str],
    extra: str = "",
    routes: dict[str, str] | None = None,
) -> Path:
    """A validator.toml routing `hosts` to the server (and `routes` where they say), with short
    waits so tests stay fast. `extra` goes into the [links] table."""
    mapped = dict.fromkeys(hosts, f"{server.address}:{server.port}") | (routes or {})
    lines = "\n".join(f'"{host}" = "{address}"' for host, address in mapped.items())
    text = f"""[links.host_map]
{lines}

[links]
retry_wait = 0.05
max_retry_after = 2
{extra}
"""
    path = folder / "validator.toml"
    path.write_text(text, encoding="utf-8")
    return path


def run_links(
    root: Path,
    config: Path | None = None,
    *,
    files: list[Path] | None = None,
    offline: bool = False,
    cache: Path | None = None,
    fix: bool = False,
    timeout: float = TEST_TIMEOUT_SECONDS,
) -> CheckResult:
    """Run the link check on every page under `root/docs` (or on `files`)."""
    docs = root / "docs"
    pages = files if files is not None else sorted(docs.rglob("*.md"))
    options = Options(
        files=pages,
        repo_root=root,
        docs_dir=docs,
        timeout=timeout,
        cache_file=cache,
        offline=offline,
        fix=fix,
        config_file=config if config is not None else root / "validator.toml",
    )
    return links.run(options)


def by_url(result: CheckResult) -> dict[str, dict]:
    """The JSON link records of a result, by URL (the first record when a URL repeats)."""
    records: dict[str, dict] = {}
    for record in result.extra["links"]:  # type: ignore[union-attr]
        records.setdefault(record["url"], record)
    return records


def statuses(result: CheckResult) -> dict[str, str]:
    return {url: record["status"] for url, record in by_url(result).items()}
