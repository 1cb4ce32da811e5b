"""Engines and fixture pages shared by the snippet runner's tests."""

from __future__ import annotations

import os
from pathlib import Path

from snippet_runner.engine import Engine, Snapshot
from snippet_runner.models import EngineInfo

FIXTURES = Path(__file__).parent / "fixtures"
REPO_ROOT = Path(__file__).resolve().parents[2]

# What Debian's docker.io (20.10) without buildx looks like to the runner.
OLD_PRIVATE_ENGINE = EngineInfo(
    server_version="20.10.24+dfsg1",
    client_version="28.2.2",
    api_version="1.41",
    private=True,
    buildkit=False,
    compose=False,
    registry=False,
)
# A current Docker Desktop with its plugins.
CURRENT_ENGINE = EngineInfo(
    server_version="28.2.2",
    client_version="28.2.2",
    api_version="1.50",
    private=False,
    buildkit=True,
    compose=True,
    registry=True,
)


class NoDockerEngine(Engine):
    """An engine that holds nothing: for pages whose snippets do not call Docker."""

    def __init__(self, info: EngineInfo = OLD_PRIVATE_ENGINE) -> None:
        super().__init__(info, dict(os.environ))

    def snapshot(self) -> Snapshot:
        return Snapshot()

    def remove_since(self, before: Snapshot, images: bool = False) -> list[str]:
        return []
