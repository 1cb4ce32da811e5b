"""Reads the `[links]` part of validator.toml: politeness, cache lifetime, exclusions, accepted
statuses, headers, per-host rules and the host map that routes test hosts to loopback."""

from __future__ import annotations

import ipaddress
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .sources import UsageError

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10, which CONTRIBUTING.md still supports: the same parser from PyPI
    import tomli as tomllib

# lychee's defaults, so that we are never a ruder neighbour than the tool people already trust.
DEFAULT_HOST_CONCURRENCY = 10  # requests at once to one host (lychee --host-concurrency)
DEFAULT_HOST_REQUEST_INTERVAL = 0.05  # seconds between two requests to a host (lychee: 50ms)
DEFAULT_MAX_CONCURRENCY = 128  # requests at once overall (lychee --max-concurrency)
DEFAULT_RETRIES = 2  # a 5xx answer is tried this many more times before it counts as broken
DEFAULT_RETRY_WAIT = 1.0  # seconds before the first retry; doubles each time (lychee: 1 s)
DEFAULT_MAX_RETRY_AFTER = 10.0  # longest Retry-After honoured; longer is "rate_limited"
DEFAULT_CACHE_MAX_AGE_HOURS = 24.0  # an ok answer is trusted this long (lychee: 1d)
# Largest number any setting takes: more than a day of seconds is a typo, and inf, nan or 1e308
# would make a sleep or a deadline overflow.
MAX_SETTING = 100_000
DEFAULT_USER_AGENT = (
    "docs-validator/1.0 (link check of docker-study-notes; "
    "+https://github.com/docker-study-notes/docker-study-notes)"
)

GLOBAL_KEYS = {
    "cache_max_age_hours",
    "max_retry_after",
    "retries",
    "retry_wait",
    "host_concurrency",
    "host_request_interval",
    "max_concurrency",
    "accept",
    "exclude",
    "headers",
    "include_local",
    "check_fragments",
    "user_agent",
    "hosts",
    "host_map",
}
TOP_LEVEL_TABLES = {"links"}
# RFC 9110 token characters: what a header name may be made of.
HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
# A header value with CR or LF would start a new header (request splitting); other controls
# are refused by servers.
HEADER_VALUE_FORBIDDEN = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
# host:port, or [IPv6]:port; the port checked for its range afterwards.
MAPPED_ADDRESS = re.compile(
    r"(?:\[(?P<ipv6>[0-9A-Fa-f:.]+)\]|(?P<name>[^:\[\]\s]+)):(?P<port>[0-9]{1,5})"
)
HOST_KEYS = {"exclude", "accept", "headers", "host_concurrency", "host_request_interval"}


@dataclass(frozen=True)
class HostRules:
    """What applies to one host after merging the global and the per-host settings."""

    exclude: bool
    accept: frozenset[int]
    headers: dict[str, str]
    concurrency: int
    request_interval: float


@dataclass
class HostOverrides:
    """The settings of one `[links.hosts."<host>"]` table; None means "as for every host"."""

    exclude: bool = False
    accept: frozenset[int] = frozenset()
    headers: dict[str, str] = field(default_factory=dict)
    concurrency: int | None = None
    request_interval: float | None = None


@dataclass
class LinkConfig:
    """Settings of the link check; every field has the default a missing file gives."""

    cache_max_age_hours: float = DEFAULT_CACHE_MAX_AGE_HOURS
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER
    retries: int = DEFAULT_RETRIES
    retry_wait: float = DEFAULT_RETRY_WAIT
    host_concurrency: int = DEFAULT_HOST_CONCURRENCY
    host_request_interval: float = DEFAULT_HOST_REQUEST_INTERVAL
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY
    accept: frozenset[int] = frozenset()
    exclude: list[re.Pattern[str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    include_local: bool = False
    check_fragments: bool = True
    user_agent: str = DEFAULT_USER_AGENT
    hosts: dict[str, HostOverrides] = field(default_factory=dict)
    host_map: dict[str, tuple[str, int]] = field(default_factory=dict)

    def _overrides(self, host: str) -> HostOverrides:
        """The most specific per-host entry: `github.com` also covers `gist.github.com`, and
        an entry for the subdomain wins over it."""
        matches = [name for name in self.hosts if host == name or host.endswith("." + name)]
        return self.hosts[max(matches, key=len)] if matches else HostOverrides()

    def rules_for(self, host: str) -> HostRules:
        own = self._overrides(host)
        concurrency = own.concurrency if own.concurrency is not None else self.host_concurrency
        interval = own.request_interval
        return HostRules(
            exclude=own.exclude,
            accept=self.accept | own.accept,
            headers={**self.headers, **own.headers},
            concurrency=concurrency,
            request_interval=self.host_request_interval if interval is None else interval,
        )

    def is_excluded(self, url: str, host: str) -> bool:
        return self.rules_for(host).exclude or any(p.search(url) for p in self.exclude)

    def route(self, host: str, port: int) -> tuple[str, int] | None:
        """Where to connect instead of `host:port`, from the host map (`host:port` or `host`)."""
        return self.host_map.get(f"{host}:{port}") or self.host_map.get(host)


class ConfigError(UsageError):
    """A wrong validator.toml: exit 2, naming the file and the line."""


def _line_of(text: str, key: str, table: str = "") -> int:
    """The line of `key = …` (after the header of `table` when given); 1 when not found."""
    lines = text.split("\n")
    start = 0
    if table:
        for index, line in enumerate(lines):
            if line.strip().replace(" ", "").startswith(f"[{table}]"):
                start = index + 1
                break
    pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
    for index in range(start, len(lines)):
        if pattern.match(lines[index]):
            return index + 1
    return start or 1


def _table_line(text: str, name: str) -> int:
    """The line where top-level `name` starts: `[name…`, `[[name…` or `name… =`."""
    pattern = re.compile(rf"^\s*(?:\[\[?\s*)?\"?{re.escape(name)}\"?\s*[\].=]")
    lines = text.split("\n")
    return next((index + 1 for index, line in enumerate(lines) if pattern.match(line)), 1)


class _Reader:
    """Checks types of the `[links]` table, raising ConfigError with file and line."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text

    def fail(self, key: str, problem: str, table: str = "links") -> ConfigError:
        line = _line_of(self.text, key, table)
        where = f"[{table}] " if table else ""
        return ConfigError(f"{self.path}:{line}: {where}{key}: {problem}")

    def number(self, values: dict, key: str, table: str = "links", minimum: float = 0) -> float:
        value = values[key]
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not minimum <= value <= MAX_SETTING
        ):
            raise self.fail(
                key, f"must be a finite number between {minimum:g} and {MAX_SETTING:g}", table
            )
        return float(value)

    def statuses(self, values: dict, key: str, table: str = "links") -> frozenset[int]:
        value = values[key]
        if not isinstance(value, list) or not all(
            isinstance(code, int) and 100 <= code <= 599 for code in value
        ):
            raise self.fail(key, "must be a list of HTTP status codes, like [403, 429]", table)
        return frozenset(value)

    def headers(self, values: dict, key: str, table: str = "links") -> dict[str, str]:
        value = values[key]
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise self.fail(key, 'must be a table of strings, like { Accept = "text/html" }', table)
        for name, text in value.items():
            if not HEADER_NAME.fullmatch(name):
                raise self.fail(key, f"{name!r} is not a valid HTTP header name", table)
            if HEADER_VALUE_FORBIDDEN.search(text):
                raise self.fail(key, f"{name}: the value holds a line break or control", table)
        return dict(value)

    def unknown(self, values: dict, allowed: set[str], table: str) -> None:
        for key in values:
            if key not in allowed:
                choices = ", ".join(sorted(allowed))
                raise self.fail(key, f"unknown setting (known: {choices})", table)


def _read_globals(reader: _Reader, links: dict, config: LinkConfig) -> None:
    for key in ("cache_max_age_hours", "max_retry_after", "retry_wait", "host_request_interval"):
        if key in links:
            setattr(config, key, reader.number(links, key))
    for key in ("retries", "host_concurrency", "max_concurrency"):
        if key in links:
            minimum = 0 if key == "retries" else 1
            setattr(config, key, int(reader.number(links, key, minimum=minimum)))
    for key in ("include_local", "check_fragments"):
        if key in links:
            if not isinstance(links[key], bool):
                raise reader.fail(key, "must be true or false")
            setattr(config, key, links[key])
    if "user_agent" in links:
        if not isinstance(links["user_agent"], str) or not links["user_agent"].strip():
            raise reader.fail("user_agent", "must be a non-empty string")
        if HEADER_VALUE_FORBIDDEN.search(links["user_agent"]):
            raise reader.fail("user_agent", "must not hold a line break or control character")
        config.user_agent = links["user_agent"]
    if "accept" in links:
        config.accept = reader.statuses(links, "accept")
    if "headers" in links:
        config.headers = reader.headers(links, "headers")
    if "exclude" in links:
        config.exclude = _read_patterns(reader, links["exclude"])


def _read_patterns(reader: _Reader, value: object) -> list[re.Pattern[str]]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise reader.fail("exclude", "must be a list of regular expressions (strings)")
    patterns = []
    for item in value:
        try:
            patterns.append(re.compile(item))
        except re.error as error:
            problem = f"'{item}' is not a valid regular expression: {error}"
            raise reader.fail("exclude", problem) from error
    return patterns


def _read_hosts(reader: _Reader, hosts: object, config: LinkConfig) -> None:
    if not isinstance(hosts, dict):
        raise reader.fail("hosts", 'must be tables, like [links.hosts."github.com"]')
    for host, values in hosts.items():
        table = f'links.hosts."{host}"'
        if not isinstance(values, dict):
            raise reader.fail(host, "must be a table", "links.hosts")
        reader.unknown(values, HOST_KEYS, table)
        own = HostOverrides()
        if "exclude" in values:
            if not isinstance(values["exclude"], bool):
                raise reader.fail("exclude", "must be true or false", table)
            own.exclude = values["exclude"]
        if "accept" in values:
            own.accept = reader.statuses(values, "accept", table)
        if "headers" in values:
            own.headers = reader.headers(values, "headers", table)
        if "host_concurrency" in values:
            own.concurrency = int(reader.number(values, "host_concurrency", table, 1))
        if "host_request_interval" in values:
            own.request_interval = reader.number(values, "host_request_interval", table)
        config.hosts[host.lower()] = own


def _read_host_map(reader: _Reader, host_map: object, config: LinkConfig) -> None:
    if not isinstance(host_map, dict):
        raise reader.fail("host_map", 'must be a table, like { "wiki.test" = "127.0.0.1:8080" }')
    for host, address in host_map.items():
        match = MAPPED_ADDRESS.fullmatch(address) if isinstance(address, str) else None
        ip = match and (match["ipv6"] or match["name"])
        if not match or not ip or not 1 <= int(match["port"]) <= 65535:
            problem = (
                "must be an address with a port from 1 to 65535, like '127.0.0.1:8080' "
                "or '[::1]:8080'"
            )
            raise reader.fail(host, problem, "links.host_map")
        if match["ipv6"]:
            try:
                ipaddress.IPv6Address(ip)
            except ValueError as error:
                raise reader.fail(
                    host, f"not an IPv6 address ({error})", "links.host_map"
                ) from error
        config.host_map[host.lower()] = (ip, int(match["port"]))


def load_link_config(path: Path, required: bool) -> LinkConfig:
    """The link settings of `path`. A missing file gives the defaults unless the user named it."""
    if not path.is_file():
        if required:
            raise ConfigError(f"{path}: configuration file not found")
        return LinkConfig()

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(
            f"{path}: not UTF-8 text ({error.reason} at byte {error.start})"
        ) from error
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read ({error.strerror or error})") from error
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from error

    links = document.get("links", {})
    reader = _Reader(path, text)
    for table in document:
        if table not in TOP_LEVEL_TABLES:
            choices = ", ".join(sorted(TOP_LEVEL_TABLES))
            line = _table_line(text, table)
            raise ConfigError(f"{path}:{line}: [{table}]: unknown table (known: {choices})")
    if not isinstance(links, dict):
        raise reader.fail("links", "must be a table: [links]", "")
    reader.unknown(links, GLOBAL_KEYS, "links")

    config = LinkConfig()
    _read_globals(reader, links, config)
    if "hosts" in links:
        _read_hosts(reader, links["hosts"], config)
    if "host_map" in links:
        _read_host_map(reader, links["host_map"], config)
    return config
