"""Fixtures of the snippet runner's tests: an engine stand-in for runs that need no Docker,
and a real engine (the running one, or a private dockerd) for runs that do."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from runner_fixtures import NoDockerEngine
from snippet_runner.engine import Engine, EngineError, PrivateEngineConfig, open_engine
from snippet_runner.system import SetupError

# The test engine gets a bridge of its own, so that it can run beside the private engine of
# `make snippets` (docker0) and beside another test session's engine. Its subnet is outside
# Docker's default address pools (172.17-31.x, 192.168.x), so no engine hands it out again.
TEST_BRIDGE_PREFIX = "snipt-"
TEST_BRIDGE_NETWORK = "10.213.{}.1/24"


def own_bridge(root: Path) -> tuple[str, str]:
    """A bridge name and address of its own for the engine under `root`."""
    digest = hashlib.sha256(str(root).encode()).hexdigest()
    return TEST_BRIDGE_PREFIX + digest[:8], TEST_BRIDGE_NETWORK.format(
        int(digest[8:12], 16) % 250 + 1
    )


@pytest.fixture
def no_docker_engine() -> NoDockerEngine:
    return NoDockerEngine()


@pytest.fixture(scope="session")
def docker_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The running engine, or a private dockerd with a bridge of its own (so that it can run
    beside another private engine). Skips when neither can be had: starting dockerd needs
    root and Debian's docker.io, which CI installs (.ci/run)."""
    if shutil.which("docker") is None:
        pytest.skip("no docker client on this machine (CI installs docker.io)")
    root = tmp_path_factory.mktemp("engine")
    bridge, cidr = own_bridge(root)
    config = PrivateEngineConfig.under(root, bridge=bridge, bridge_cidr=cidr)
    messages: list[str] = []
    try:
        engine = open_engine("auto", config, messages.append)
    except (EngineError, SetupError) as error:
        pytest.skip(f"no Docker engine could be found or started: {error}")
    with engine:
        yield engine
