"""Runs deploy/nginx.conf for tests: the same file, with its paths pointed at a temporary
folder and its port at a free one on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sitebuild import REPO_ROOT

DEPLOY = REPO_ROOT / "deploy"
# nginx starts in well under a second; past this something is wrong and the test says so.
START_TIMEOUT_SECONDS = 10.0
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes


@dataclass(frozen=True)
class NginxSite:
    base_url: str
    config: Path

    def get(self, path: str) -> Response:
        headers = {"Accept-Encoding": "identity"}
        request = urllib.request.Request(self.base_url + path, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310 - loopback
                return Response(answer.status, _headers(answer.headers), answer.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, _headers(error.headers), error.read())


def _headers(message) -> dict[str, str]:
    return {name.lower(): value for name, value in message.items()}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_config(site: Path, folder: Path, csp_line: str, port: int) -> Path:
    """deploy/nginx.conf and its includes, pointed at `site`, `folder` and `port`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "csp.conf").write_text(csp_line + "\n", encoding="utf-8")
    headers = (DEPLOY / "security-headers.conf").read_text(encoding="utf-8")
    (folder / "security-headers.conf").write_text(
        _replace(headers, {"/etc/nginx/csp.conf": str(folder / "csp.conf")}), encoding="utf-8"
    )
    config = _replace(
        (DEPLOY / "nginx.conf").read_text(encoding="utf-8"),
        {
            "listen 8080;": f"listen 127.0.0.1:{port};",
            "root /usr/share/nginx/html;": f"root {site};",
            "pid /tmp/nginx.pid;": f"pid {folder}/nginx.pid;",
            "/etc/nginx/security-headers.conf": str(folder / "security-headers.conf"),
            "/tmp/nginx-": f"{folder}/nginx-",
            "error_log /dev/stderr warn;": f"error_log {folder}/error.log warn;",
            "access_log /dev/stdout;": f"access_log {folder}/access.log;",
        },
    )
    path = folder / "nginx.conf"
    path.write_text(config, encoding="utf-8")
    return path


def _replace(text: str, replacements: dict[str, str]) -> str:
    for old, new in replacements.items():
        assert old in text, f"deploy config lost {old!r}: update tests/site/nginx_server.py"
        text = text.replace(old, new)
    return text


def global_directives() -> str:
    # As root (CI), workers would run as `nobody` and could not read pytest's private
    # folders; the image itself runs nginx as its unprivileged user.
    return "daemon off; user root;" if os.geteuid() == 0 else "daemon off;"


def check_config(config: Path) -> subprocess.CompletedProcess[str]:
    """`nginx -t` on the config."""
    assert NGINX is not None
    return subprocess.run(
        [NGINX, "-t", "-c", str(config), "-p", str(config.parent), "-g", global_directives()],
        capture_output=True,
        text=True,
        check=False,
    )


@contextmanager
def serve(site: Path, folder: Path, csp_line: str, port: int) -> Iterator[NginxSite]:
    """nginx serving `site` on 127.0.0.1:port until the block ends; stopped by its PID."""
    assert NGINX is not None
    config = write_config(site, folder, csp_line, port)
    process = subprocess.Popen(
        [NGINX, "-c", str(config), "-p", str(folder), "-g", global_directives()],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(port, process)
        yield NginxSite(f"http://127.0.0.1:{port}", config)
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited: {process.stderr.read().decode()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen on 127.0.0.1:{port} within {START_TIMEOUT_SECONDS}s")
