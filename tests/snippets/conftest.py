"""Fixtures of the snippet runner's tests: an engine stand-in for runs that need no Docker,
and a real engine (the running one, or a private dockerd) for runs that do."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from runner_fixtures import NoDockerEngine
from snippet_runner.engine import Engine, EngineError, PrivateEngineConfig, open_engine
from snippet_runner.system import SetupError

# The test engine's own bridge, so that it can run beside the private engine of
# `make snippets` (which uses docker0). Outside Docker's default address pools (172.17-31.x,
# 192.168.x), so that neither engine hands out a subnet the other uses.
TEST_BRIDGE = "snippets-test0"
TEST_BRIDGE_CIDR = "10.213.47.1/24"


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
    config = PrivateEngineConfig.under(root, bridge=TEST_BRIDGE, bridge_cidr=TEST_BRIDGE_CIDR)
    messages: list[str] = []
    try:
        engine = open_engine("auto", config, messages.append)
    except (EngineError, SetupError) as error:
        pytest.skip(f"no Docker engine could be found or started: {error}")
    with engine:
        yield engine
