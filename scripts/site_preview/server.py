"""A loopback HTTP server for a built site, under the path of its `site_url`.

Like a static host: a folder answers with its index.html, a folder without its trailing slash
is redirected, anything else missing gets the site's 404.html with status 404. With
`compress=True` it gzips text the way hosts do (GitHub Pages, nginx with gzip on), which is
what Lighthouse should measure. It binds a free port first, so the site can be built for the
address before it is served.
"""

from __future__ import annotations

import gzip
import mimetypes
import threading
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

LOOPBACK = "127.0.0.1"
COMPRESSED_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
)
# Python's table misses or misnames some types our site serves.
EXTRA_TYPES = {
    ".js": "text/javascript",
    ".json": "application/json",
    ".xml": "application/xml",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
}


def content_type(path: Path) -> str:
    guessed = EXTRA_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0]
    guessed = guessed or "application/octet-stream"
    if guessed.startswith("text/") or guessed in ("application/json", "application/xml"):
        return f"{guessed}; charset=utf-8"
    return guessed


class SiteRequestHandler(BaseHTTPRequestHandler):
    def __init__(self, *args: object, site: SiteServer, **kwargs: object) -> None:
        self.site = site
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base's name)
        pass  # tests and Lighthouse print what matters; a line per request would drown it

    def do_HEAD(self) -> None:  # noqa: N802 (http.server's name)
        self.respond(with_body=False)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.respond(with_body=True)

    def respond(self, with_body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        target = self.site.file_for(path)
        if target is not None and target.is_dir():
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", f"{path}/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = HTTPStatus.OK
        if target is None:
            status, target = HTTPStatus.NOT_FOUND, self.site.root / "404.html"
        body = target.read_bytes() if target.is_file() else b"Not found"
        kind = content_type(target)
        encoding = None
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if self.site.compress and accepts_gzip and kind.startswith(COMPRESSED_TYPES):
            body, encoding = self.site.gzipped(target, body), "gzip"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if encoding:
            self.send_header("Content-Encoding", encoding)
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        if with_body:
            self.wfile.write(body)


class SiteServer:
    """Serves `root` at http://127.0.0.1:<free port><mount>."""

    def __init__(self, mount: str = "/", compress: bool = False) -> None:
        self.mount = mount if mount.endswith("/") else f"{mount}/"
        self.compress = compress
        self.root = Path()
        self._gzip_cache: dict[Path, bytes] = {}
        handler = partial(SiteRequestHandler, site=self)
        self._httpd = ThreadingHTTPServer((LOOPBACK, 0), handler)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self._httpd.server_address[1]}{self.mount}"

    def file_for(self, path: str) -> Path | None:
        """The file or folder a URL path names, or None when it is outside the site or absent."""
        if not (path + "/").startswith(self.mount):
            return None
        target = (self.root / path[len(self.mount) :]).resolve()
        if not target.is_relative_to(self.root):
            return None
        if target.is_dir() and path.endswith("/"):
            target = target / "index.html"
        return target if target.exists() else None

    def gzipped(self, path: Path, body: bytes) -> bytes:
        if path not in self._gzip_cache:
            self._gzip_cache[path] = gzip.compress(body, mtime=0)
        return self._gzip_cache[path]

    def serve(self, root: Path) -> None:
        self.root = root.resolve()
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
        self._httpd.server_close()

    def __enter__(self) -> SiteServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
