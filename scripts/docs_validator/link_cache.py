"""Remembers external links that worked, so that a rerun within the cache lifetime sends no
request for them. Failures are never kept: they are checked again on every run."""

from __future__ import annotations

import json
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .atomic_files import write_atomically
from .link_types import LinkResult, LinkStatus

CACHE_FORMAT_VERSION = 1  # bump when the entry layout changes; older files are ignored
SECONDS_PER_HOUR = 3600
# Only outcomes that say "the link works" are worth trusting later.
CACHEABLE = {LinkStatus.OK, LinkStatus.REDIRECTED}
# A checked_at this far ahead of the clock is a skewed or forged entry, not a fresh one.
CLOCK_SKEW_SECONDS = 300


@dataclass
class CacheEntry:
    result: LinkResult
    checked_at: float


class LinkCache:
    """A JSON file: {"version": 1, "links": {url: {status, http_status, ..., checked_at}}}."""

    def __init__(self, path: Path | None, max_age_hours: float) -> None:
        self.path = path
        self.max_age = max_age_hours * SECONDS_PER_HOUR
        self.entries: dict[str, CacheEntry] = {}
        self.hits = 0

    @classmethod
    def load(cls, path: Path | None, max_age_hours: float) -> LinkCache:
        cache = cls(path, max_age_hours)
        if path is None or not path.is_file():
            return cache
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            if document.get("version") != CACHE_FORMAT_VERSION:
                return cache
            for url, record in document["links"].items():
                cache.entries[url] = _entry_from_json(record)
        except (
            OSError,
            ValueError,
            KeyError,
            TypeError,
            AttributeError,
            RecursionError,  # a file nested thousands of levels deep
        ) as error:
            print(
                f"links: ignoring the unreadable cache {path} ({error}); every link is checked",
                file=sys.stderr,
            )
            cache.entries.clear()
        return cache

    def fresh(
        self, url: str, now: float | None = None, redirects: bool = True
    ) -> LinkResult | None:
        """The cached result of `url` if it is younger than the cache lifetime. `redirects`
        False: a cached redirect counts as absent (--fix rewrites only what it just saw)."""
        entry = self.entries.get(url)
        now = time.time() if now is None else now
        if entry is None or now - entry.checked_at > self.max_age:
            return None
        if not redirects and entry.result.status is LinkStatus.REDIRECTED:
            return None
        self.hits += 1
        return entry.result

    def remember(self, url: str, result: LinkResult, now: float | None = None) -> None:
        if result.status in CACHEABLE:
            self.entries[url] = CacheEntry(result, time.time() if now is None else now)
        else:
            self.entries.pop(url, None)

    def save(self) -> None:
        """Write the unexpired entries, atomically."""
        if self.path is None:
            return
        now = time.time()
        links = {
            url: _entry_to_json(entry)
            for url, entry in sorted(self.entries.items())
            if now - entry.checked_at <= self.max_age
        }
        document = {"version": CACHE_FORMAT_VERSION, "links": links}
        text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
        try:
            write_atomically(self.path, text.encode("utf-8"))
        except OSError as error:
            print(
                f"links: could not write the cache {self.path} ({error.strerror or error}); "
                "the next run checks every link again",
                file=sys.stderr,
            )


def _entry_to_json(entry: CacheEntry) -> dict[str, object]:
    result = entry.result
    return {
        "status": result.status.value,
        "http_status": result.http_status,
        "final_url": result.final_url,
        "fix_url": result.fix_url,
        "message": result.message,
        "rule": result.rule,
        "checked_at": entry.checked_at,
    }


def _entry_from_json(record: dict) -> CacheEntry:
    status = LinkStatus(record["status"])
    if status not in CACHEABLE:
        raise ValueError(f"status {status.value} is never cached")
    checked_at = record["checked_at"]
    if isinstance(checked_at, bool) or not isinstance(checked_at, int | float):
        raise TypeError("checked_at is not a number")
    if not math.isfinite(checked_at) or checked_at > time.time() + CLOCK_SKEW_SECONDS:
        raise ValueError(f"checked_at {checked_at} is not a past time")
    result = LinkResult(
        status=status,
        message=_text(record, "message"),
        rule=_text(record, "rule", ""),
        http_status=_optional(record, "http_status", int),
        final_url=_optional(record, "final_url", str),
        # Limitation: fix_url is kept for the report only; --fix asks the server again.
        fix_url=_optional(record, "fix_url", str),
    )
    return CacheEntry(result, float(checked_at))


def _text(record: dict, key: str, default: str | None = None) -> str:
    value = record.get(key, default)
    if not isinstance(value, str):
        raise TypeError(f"{key} is not a string")
    return value


def _optional(record: dict, key: str, kind: type) -> object:
    value = record.get(key)
    if value is not None and (isinstance(value, bool) or not isinstance(value, kind)):
        raise TypeError(f"{key} is not a {kind.__name__}")
    return value
