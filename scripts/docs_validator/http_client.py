"""One HTTP request at a time per connection, exactly as we want it: the request target sent
byte for byte, a host map for test hosts, kept-alive connections, and a body read only as far
as needed (to find the ids a link's #fragment may name)."""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import zlib
from codecs import getincrementaldecoder
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .anchors import normalize_fragment
from .urls import WebUrl

READ_CHUNK_BYTES = 64 * 1024  # one read from the socket while scanning a page for ids
MAX_SCAN_BYTES = 5 * 1024 * 1024  # stop looking for a fragment after 5 MiB of HTML
MAX_DRAINED_BODY_BYTES = 64 * 1024  # a body this small is read so the connection is reused
HTML_TYPES = ("text/html", "application/xhtml+xml")

ConnectionKey = tuple[str, str, int, str]
# What a kept-alive connection that the server closed meanwhile looks like.
DROPPED_CONNECTION = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


class RequestTimeout(Exception):
    """The server did not answer within the timeout."""


class NetworkError(Exception):
    """No HTTP answer: refused connection, unknown host, TLS failure, garbage reply."""


@dataclass
class Answer:
    """One HTTP answer, with the ids found in its HTML when the caller asked for them."""

    status: int
    reason: str
    headers: dict[str, str]
    is_html: bool = False
    ids: set[str] = field(default_factory=set)
    scanned_whole_body: bool = False

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


class _IdCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(normalize_fragment(value))

    handle_startendtag = handle_starttag


def _charset(content_type: str) -> str:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"'")
    return "utf-8"


def _scan_ids(response: http.client.HTTPResponse, wanted: set[str]) -> tuple[set[str], bool]:
    """Read HTML until every wanted id was seen, the body ends or MAX_SCAN_BYTES were read.
    Returns the ids seen and whether the whole body was read."""
    collector = _IdCollector()
    try:
        decoder = getincrementaldecoder(_charset(response.getheader("content-type", "")))("replace")
    except LookupError:
        decoder = getincrementaldecoder("utf-8")("replace")
    encoding = (response.getheader("content-encoding") or "").lower()
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32) if encoding in ("gzip", "deflate") else None

    read = 0
    while read < MAX_SCAN_BYTES:
        chunk = response.read(READ_CHUNK_BYTES)
        if not chunk:
            collector.close()
            return collector.ids, True
        read += len(chunk)
        data = inflater.decompress(chunk) if inflater else chunk
        collector.feed(decoder.decode(data))
        if wanted <= collector.ids:
            break
    return collector.ids, False


class _RoutedHTTPSConnection(http.client.HTTPSConnection):
    """Connects to a mapped address but checks the certificate of the URL's own host."""

    def __init__(
        self, address: str, port: int, server_name: str, timeout: float, context: ssl.SSLContext
    ) -> None:
        super().__init__(address, port, timeout=timeout, context=context)
        self._server_name = server_name
        self._tls_context = context

    def connect(self) -> None:
        sock = socket.create_connection((self.host, self.port), self.timeout)
        self.sock = self._tls_context.wrap_socket(sock, server_hostname=self._server_name)


class HttpClient:
    """Sends requests; thread-safe, each connection used by one thread at a time."""

    # Limitation: the timeout applies to each socket operation (connect, each read), not to
    # the whole answer, and a DNS lookup waits as long as the system resolver does.

    def __init__(self, timeout: float, host_map: dict[str, tuple[str, int]]) -> None:
        self._timeout = timeout
        self._host_map = host_map
        self._idle: dict[ConnectionKey, list[http.client.HTTPConnection]] = defaultdict(list)
        self._lock = threading.Lock()
        self._tls = ssl.create_default_context()

    @property
    def timeout(self) -> float:
        return self._timeout

    def _key(self, url: WebUrl) -> ConnectionKey:
        address, port = (
            self._host_map.get(f"{url.host}:{url.port}")
            or self._host_map.get(url.host)
            or (url.host, url.port)
        )
        return (url.scheme, address, port, url.host)

    def _connection(
        self, key: ConnectionKey, fresh: bool = False
    ) -> tuple[http.client.HTTPConnection, bool]:
        with self._lock:
            if self._idle[key] and not fresh:
                return self._idle[key].pop(), True
        scheme, address, port, host = key
        if scheme == "https":
            connection: http.client.HTTPConnection = _RoutedHTTPSConnection(
                address, port, host, timeout=self._timeout, context=self._tls
            )
        else:
            connection = http.client.HTTPConnection(address, port, timeout=self._timeout)
        return connection, False

    def close(self) -> None:
        with self._lock:
            for connections in self._idle.values():
                for connection in connections:
                    connection.close()
            self._idle.clear()

    def send(self, url: WebUrl, method: str, headers: dict[str, str], wanted: set[str]) -> Answer:
        """One request. `wanted`: normalized ids to look for in an HTML body (GET only)."""
        key = self._key(url)
        connection, reused = self._connection(key)
        try:
            return self._exchange(connection, key, url, method, headers, wanted)
        except DROPPED_CONNECTION:
            connection.close()
            if not reused:
                raise NetworkError("the server closed the connection without answering") from None
        # A kept-alive connection that the server had closed meanwhile: one fresh try.
        connection, _ = self._connection(key, fresh=True)
        try:
            return self._exchange(connection, key, url, method, headers, wanted)
        except DROPPED_CONNECTION:
            connection.close()
            raise NetworkError("the server closed the connection without answering") from None

    def _exchange(
        self,
        connection: http.client.HTTPConnection,
        key: ConnectionKey,
        url: WebUrl,
        method: str,
        headers: dict[str, str],
        wanted: set[str],
    ) -> Answer:
        try:
            connection.putrequest(method, url.target, skip_host=True, skip_accept_encoding=True)
            connection.putheader("Host", url.host_header)
            for name, value in headers.items():
                connection.putheader(name, value)
            connection.endheaders()
            response = connection.getresponse()
            answer = self._read(response, method, wanted)
        except DROPPED_CONNECTION:
            raise
        except TimeoutError as error:
            connection.close()
            raise RequestTimeout() from error
        except (OSError, http.client.HTTPException, ValueError, zlib.error) as error:
            connection.close()
            raise NetworkError(_describe(error)) from error

        if response.isclosed() and not response.will_close:
            with self._lock:
                self._idle[key].append(connection)
        else:
            connection.close()
        return answer

    def _read(self, response: http.client.HTTPResponse, method: str, wanted: set[str]) -> Answer:
        content_type = response.getheader("content-type", "").lower()
        answer = Answer(
            status=response.status,
            reason=response.reason,
            headers={name.lower(): value for name, value in response.getheaders()},
            is_html=content_type.startswith(HTML_TYPES),
        )
        if method == "HEAD":
            response.read()  # empty; marks the answer complete so the connection is reused
            return answer
        if wanted and answer.is_html and 200 <= response.status < 300:
            answer.ids, answer.scanned_whole_body = _scan_ids(response, wanted)
            return answer
        length = response.getheader("content-length", "")
        if length.isdigit() and int(length) <= MAX_DRAINED_BODY_BYTES:
            response.read()
        return answer


def _describe(error: BaseException) -> str:
    """A sentence for the person reading the report."""
    if isinstance(error, ssl.SSLError):
        return f"TLS failure ({error.reason or error})"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, socket.gaierror):
        return "host name not found (DNS)"
    if isinstance(error, zlib.error):
        return "the compressed body cannot be read (bad gzip or deflate data)"
    if isinstance(error, http.client.HTTPException):
        return f"not a valid HTTP answer ({type(error).__name__})"
    if isinstance(error, OSError):
        return f"network error ({error.strerror or error})"
    return f"{type(error).__name__}: {error}"
