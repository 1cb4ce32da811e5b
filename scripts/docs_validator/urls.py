"""URL syntax: what kind of link a URL is, the exact request it becomes, and which hosts are
local or example hosts that a reader's browser could never reach on our behalf."""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass
from enum import Enum
from urllib.parse import unquote, urlsplit

WEB_SCHEMES = {"http": 80, "https": 443}
# Characters sent as written in a path or query (RFC 3986 unreserved, sub-delims, ":@/?").
# Everything else, Hangul included, is percent-encoded as UTF-8; an existing %XX is kept as
# written, so `%23`, `%2F` and `%28` reach the server unchanged.
SAFE_IN_TARGET = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?"
)
SCHEME = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*):")
HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
HOST_LABEL = re.compile(r"^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$")
MAIL_LOCAL = re.compile(r"^[\w.!#$%&'*+/=?^`{|}~-]+$")
MAIL_DOMAIN = re.compile(r"^[\w-]+(\.[\w-]+)+$")

# Hosts that only exist on the reader's machine, a Docker network or a private network.
LOCAL_NAMES = {
    "localhost",
    "host.docker.internal",
    "gateway.docker.internal",
    "kubernetes.docker.internal",
}
# RFC 2606 and RFC 6761: names reserved for examples and tests, never real sites.
EXAMPLE_DOMAINS = {"example.com", "example.net", "example.org"}
EXAMPLE_SUFFIXES = (".example", ".test", ".invalid", ".localhost", ".local", ".internal")
# One to four numbers, decimal, octal (leading 0) or hex (0x): the IPv4 forms inet_aton reads.
LEGACY_IPV4 = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)(?:\.(?:0x[0-9a-f]*|[0-9]+)){0,3}")


class UrlKind(str, Enum):
    """What a link points at, which decides how it is checked."""

    WEB = "web"  # http or https: checked over the network
    MAIL = "mail"  # mailto: syntax only
    RELATIVE = "relative"  # a page or file of this site
    FILE = "file"  # file://: never works on a published site
    OTHER = "other"  # tel:, ftp:, data: and the like: not checked


class MalformedUrl(ValueError):
    """A URL that no browser could follow; the message says what is wrong."""


@dataclass(frozen=True)
class WebUrl:
    """An http(s) URL split into what a request needs."""

    scheme: str
    host: str  # lower case, IDNA (ASCII)
    port: int
    explicit_port: bool
    target: str  # path and query, percent-encoded, as sent on the request line
    fragment: str  # as written, not decoded

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}" if self.explicit_port else host

    @property
    def without_fragment(self) -> str:
        return f"{self.scheme}://{self.host_header}{self.target}"


def url_kind(url: str) -> UrlKind:
    """Decided on the scheme alone, so that even a malformed URL gets a kind."""
    if url.startswith("//"):
        return UrlKind.WEB
    found = SCHEME.match(url)
    scheme = found.group("scheme").lower() if found else ""
    # A Windows drive letter (`C:\…`) is not a scheme.
    if len(scheme) < 2:
        return UrlKind.RELATIVE
    if scheme in WEB_SCHEMES:
        return UrlKind.WEB
    if scheme == "mailto":
        return UrlKind.MAIL
    if scheme == "file":
        return UrlKind.FILE
    return UrlKind.OTHER


def encode_target(text: str, safe: frozenset[str] = SAFE_IN_TARGET) -> str:
    """Percent-encode what must be encoded, leave valid %XX escapes as they are."""
    out: list[str] = []
    for index, char in enumerate(text):
        if char == "%":
            escape = text[index + 1 : index + 3]
            out.append("%" if len(escape) == 2 and set(escape) <= HEX_DIGITS else "%25")
        elif char in safe:
            out.append(char)
        else:
            out.append("".join(f"%{byte:02X}" for byte in char.encode("utf-8")))
    return "".join(out)


def _ascii_host(host: str) -> str:
    if host.startswith("[") and host.endswith("]"):
        try:
            return str(ipaddress.IPv6Address(host[1:-1]))
        except ValueError as error:
            raise MalformedUrl(f"'{host}' is not a valid IPv6 address") from error
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError as error:
        raise MalformedUrl(f"host '{host}' is not a valid domain name") from error
    labels = ascii_host.rstrip(".").split(".")
    if not all(HOST_LABEL.match(label) for label in labels):
        raise MalformedUrl(f"host '{host}' has characters a domain name cannot have")
    return ascii_host.rstrip(".")


def parse_web_url(url: str) -> WebUrl:
    """Split and encode an http(s) URL; raises MalformedUrl when it cannot be requested."""
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise MalformedUrl(f"cannot be parsed ({error})") from error

    if parts.username or parts.password:
        raise MalformedUrl("has a user name or password in it; never publish credentials")
    raw_host = parts.netloc.rsplit("@", 1)[-1]
    raw_host = raw_host.rsplit(":", 1)[0] if not raw_host.endswith("]") else raw_host
    if not raw_host:
        raise MalformedUrl("has no host name")
    host = _ascii_host(raw_host)

    scheme = parts.scheme.lower()
    target = encode_target(parts.path or "/")
    if parts.query or url.split("#", 1)[0].endswith("?"):
        target += "?" + encode_target(parts.query)
    return WebUrl(
        scheme=scheme,
        host=host,
        port=port or WEB_SCHEMES[scheme],
        explicit_port=port is not None,
        target=target,
        fragment=parts.fragment,
    )


def _canonical_ipv4(name: str) -> str | None:
    """`127.1`, `0x7f.0.0.1`, `0177.0.0.1` and `2130706433` as dotted quads: browsers and the
    C resolver read these legacy IPv4 forms, so they must not slip past the local check."""
    if not LEGACY_IPV4.fullmatch(name):
        return None
    try:
        return socket.inet_ntoa(socket.inet_aton(name))
    except OSError:
        return None


def is_local_host(host: str) -> bool:
    """Loopback, private or link-local addresses, Docker's helper names, names without a dot
    (a container or service name such as `api`) and reserved example domains."""
    name = host.strip("[]").lower().rstrip(".")
    if name in LOCAL_NAMES or name in EXAMPLE_DOMAINS:
        return True
    if name.endswith(EXAMPLE_SUFFIXES) or any(name.endswith("." + d) for d in EXAMPLE_DOMAINS):
        return True
    try:
        address = ipaddress.ip_address(_canonical_ipv4(name) or name)
    except ValueError:
        return "." not in name
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or (address.is_unspecified)
    )


def mail_problem(url: str) -> str | None:
    """What is wrong with a mailto: URL, or None. Only the syntax is checked: no mail is sent."""
    addresses = unquote(url.split(":", 1)[1].split("?", 1)[0])
    if not addresses.strip():
        return "has no address"
    for address in addresses.split(","):
        local, at, domain = address.strip().rpartition("@")
        if not at or not MAIL_LOCAL.match(local) or not MAIL_DOMAIN.match(domain):
            return f"'{address.strip()}' is not a valid mail address"
    return None
