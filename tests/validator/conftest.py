"""Fixtures of the validator tests: a loopback HTTP server, and pages written on the fly."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from linkserver import LinkServer


@pytest.fixture
def link_server() -> Iterator[LinkServer]:
    with LinkServer() as server:
        yield server


@pytest.fixture
def write_pages(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """Write {"docs/x.ko.md": text, ...} under a temporary repository; returns its root."""

    def write(files: dict[str, str]) -> Path:
        for name, text in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return tmp_path

    return write
