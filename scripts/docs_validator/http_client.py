"""One HTTP request at a time per connection, exactly as we want it: the request target sent
byte for byte, a host map for test hosts, kept-alive connections, and a body read only as far
as needed (to find the ids a link's #fragment may name)."""

from __future__ import annotations

import codecs
import heapq
import http.client
import itertools
import socket
import ssl
import threading
import time
import zlib
from collections import defaultdict
from dataclasses import dataclass, field

from .anchors import normalize_fragment
from .html_attributes import TolerantHTMLParser
from .urls import WebUrl

READ_CHUNK_BYTES = 64 * 1024  # one read from the socket while scanning a page for ids
MAX_SCAN_BYTES = 5 * 1024 * 1024  # stop looking for a fragment after 5 MiB of HTML
MAX_DRAINED_BODY_BYTES = 64 * 1024  # a body this small is read so the connection is reused
HTML_TYPES = ("text/html", "application/xhtml+xml")
# A whole exchange (connect, headers, body as far as read) may take this many times --timeout:
# each read is bounded by the timeout, but a server that trickles a byte at a time, or sends
# `100 Continue` forever, would otherwise hold the check without end.
REQUEST_DEADLINE_FACTOR = 3
DEADLINE_RECHECK_SECONDS = 0.1  # how soon to look again when the deadline falls mid-connect

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


class _IdCollector(TolerantHTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(normalize_fragment(value))

    handle_startendtag = handle_starttag


def _charset(content_type: str) -> str:
    """The declared charset if Python knows it as a text encoding, else UTF-8: a server may
    name base64, rot13 or a compression codec, which decode to bytes or not at all."""
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            try:
                codec = codecs.lookup(value.strip("\"'"))
            except LookupError:
                return "utf-8"
            return codec.name if codec._is_text_encoding else "utf-8"
    return "utf-8"


def _scan_ids(response: http.client.HTTPResponse, wanted: set[str]) -> tuple[set[str], bool]:
    """Read HTML until every wanted id was seen, the body ends or MAX_SCAN_BYTES were read.
    Returns the ids seen and whether the whole body was read."""
    collector = _IdCollector()
    decoder = codecs.getincrementaldecoder(_charset(response.getheader("content-type", "")))(
        "replace"
    )
    encoding = (response.getheader("content-encoding") or "").lower()
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32) if encoding in ("gzip", "deflate") else None

    # Both the bytes received and the bytes they inflate to count against the cap: a small
    # gzip body may inflate to gigabytes.
    received = inflated = 0
    while received < MAX_SCAN_BYTES and inflated < MAX_SCAN_BYTES:
        chunk = response.read(READ_CHUNK_BYTES)
        if not chunk:
            collector.close()
            return collector.ids, True
        received += len(chunk)
        data = inflater.decompress(chunk, MAX_SCAN_BYTES - inflated) if inflater else chunk
        inflated += len(data)
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


class _Deadline:
    """One exchange's deadline: when it passes, the watchdog cuts the connection's socket, so
    that the blocked read returns and the exchange ends as a timeout."""

    def __init__(self, connection: http.client.HTTPConnection, at: float) -> None:
        self.connection = connection
        self.at = at
        self.expired = threading.Event()
        self.done = False

    def cut(self) -> bool:
        """Cut the socket; False while still connecting (the socket timeout bounds that)."""
        self.expired.set()
        sock = self.connection.sock
        if sock is None:
            return False
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        return True


class _Watchdog:
    """One thread for all deadlines of a client: starting a timer thread per request would
    delay each request's start and blur the per-host request interval."""

    def __init__(self) -> None:
        self._waiting: list[tuple[float, int, _Deadline]] = []
        self._count = itertools.count()
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stopping = False

    def watch(self, connection: http.client.HTTPConnection, seconds: float) -> _Deadline:
        deadline = _Deadline(connection, time.monotonic() + seconds)
        with self._changed:
            heapq.heappush(self._waiting, (deadline.at, next(self._count), deadline))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, daemon=True)
                self._thread.start()
            self._changed.notify()
        return deadline

    def finish(self, deadline: _Deadline) -> None:
        with self._changed:
            deadline.done = True

    def stop(self) -> None:
        """End the thread; a later `watch` starts a new one."""
        with self._changed:
            self._stopping = True
            self._changed.notify()
            thread, self._thread = self._thread, None
        if thread is not None:
            thread.join()
        self._stopping = False

    def _run(self) -> None:
        while True:
            with self._changed:
                if self._stopping:
                    return
                while self._waiting and self._waiting[0][2].done:
                    heapq.heappop(self._waiting)
                if not self._waiting:
                    self._changed.wait()
                    continue
                at, _, deadline = self._waiting[0]
                now = time.monotonic()
                if at > now:
                    self._changed.wait(at - now)
                    continue
                heapq.heappop(self._waiting)
                if not deadline.cut():  # still connecting: look again soon
                    deadline.at = now + DEADLINE_RECHECK_SECONDS
                    heapq.heappush(self._waiting, (deadline.at, next(self._count), deadline))


def _final_response(
    connection: http.client.HTTPConnection, response: http.client.HTTPResponse, method: str
) -> http.client.HTTPResponse:
    """Skip interim 1xx answers (103 Early Hints and the like; http.client skips only 100):
    the final answer follows on the same connection, in the same buffered stream."""
    while 100 <= response.status < 200:
        following = connection.response_class(connection.sock, method=method)
        following.fp, response.fp = response.fp, None
        following.begin()
        response = following
    return response


class HttpClient:
    """Sends requests; thread-safe, each connection used by one thread at a time."""

    # Limitation: a DNS lookup waits as long as the system resolver does; the deadline of an
    # exchange is checked only once the connection stands.

    def __init__(self, timeout: float, host_map: dict[str, tuple[str, int]]) -> None:
        self._timeout = timeout
        self._host_map = host_map
        self._idle: dict[ConnectionKey, list[http.client.HTTPConnection]] = defaultdict(list)
        self._lock = threading.Lock()
        self._tls = ssl.create_default_context()
        self._watchdog = _Watchdog()

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
        self._watchdog.stop()
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
        deadline = self._watchdog.watch(connection, self._timeout * REQUEST_DEADLINE_FACTOR)
        try:
            connection.putrequest(method, url.target, skip_host=True, skip_accept_encoding=True)
            connection.putheader("Host", url.host_header)
            for name, value in headers.items():
                connection.putheader(name, value)
            connection.endheaders()
            response = _final_response(connection, connection.getresponse(), method)
            answer = self._read(response, method, wanted)
        except DROPPED_CONNECTION:
            if deadline.expired.is_set():
                connection.close()
                raise RequestTimeout() from None
            raise
        except TimeoutError as error:
            connection.close()
            raise RequestTimeout() from error
        except (OSError, http.client.HTTPException, ValueError, zlib.error) as error:
            connection.close()
            if deadline.expired.is_set():
                raise RequestTimeout() from error
            raise NetworkError(_describe(error)) from error
        finally:
            self._watchdog.finish(deadline)
        if deadline.expired.is_set():  # the body was cut short: what was read proves nothing
            connection.close()
            raise RequestTimeout()

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
