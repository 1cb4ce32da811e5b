"""Finds the Docker engine the snippets run against, or starts a private one, and stops that
one again by its PID, leaving no process, mount, container, volume or network behind.

The private engine is Debian's dockerd with its own data root and socket, without iptables
rules or masquerading, and with published ports bound to 127.0.0.1 only. Its containers send
DNS queries to the bridge's own address, where nothing answers: names of containers resolve,
and names on the internet fail at once instead of being looked up outside this machine.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import system
from .models import EngineInfo

# How long a `docker` call to ask the engine something may take.
DOCKER_QUERY_SECONDS = 20.0
# A probe for an engine that may not be there: a missing socket answers at once.
PROBE_SECONDS = 10.0
# dockerd starts in 2-5 s here; a first start on a new data root takes longer.
ENGINE_START_SECONDS = 60.0
# dockerd stops its containers (we removed them already) and its containerd on SIGTERM.
ENGINE_STOP_SECONDS = 30.0
# Unix socket paths are limited to 108 bytes (sun_path); keep room for the file name.
SOCKET_PATH_LIMIT = 100
# The private engine's default bridge. Its address is named explicitly so that its gateway,
# which the containers get as their DNS server, is an address of this machine.
BRIDGE_CIDR = "172.17.0.1/16"
BRIDGE_INTERFACE = "docker0"
# Linux limits interface names to 15 characters (IFNAMSIZ).
INTERFACE_NAME_LIMIT = 15
# Where the private engine's exec-root goes: containerd keeps sockets there, whose paths
# must stay short, so not under a deep checkout.
SHORT_STATE_ROOT = Path("/tmp")

DOCKERD_PACKAGES = [
    system.PackageNeed("docker.io", system.command_present("dockerd")),
    system.PackageNeed("docker.io", system.command_present("docker")),
]


class EngineError(Exception):
    """No engine answers and none can be started: the run cannot go on."""


@dataclass(frozen=True)
class PrivateEngineConfig:
    """Where a private engine keeps its state."""

    data_root: Path  # images, containers, volumes: under build/
    socket: Path  # the API socket: under build/ when the path is short enough
    state_dir: Path  # exec-root and pidfile: a short path under /tmp
    log_file: Path
    docker_config: Path  # the CLI's config folder for the snippets (no logins, no contexts)
    # The default bridge. Another name than docker0 gives a second engine a bridge of its own,
    # made (and removed) by the runner: `--bridge none` would make dockerd delete docker0 from
    # under the first engine.
    bridge: str = BRIDGE_INTERFACE
    bridge_cidr: str = BRIDGE_CIDR

    @classmethod
    def under(
        cls, build_dir: Path, bridge: str = BRIDGE_INTERFACE, bridge_cidr: str = BRIDGE_CIDR
    ) -> PrivateEngineConfig:
        base = build_dir.resolve()
        tag = hashlib.sha256(str(base).encode()).hexdigest()[:10]
        state_dir = SHORT_STATE_ROOT / f"snippets-engine-{tag}"
        socket = base / "docker.sock"
        if len(str(socket)) > SOCKET_PATH_LIMIT:
            socket = state_dir / "docker.sock"
        return cls(
            data_root=base / "data",
            socket=socket,
            state_dir=state_dir,
            log_file=base / "dockerd.log",
            docker_config=base / "docker-config",
            bridge=bridge[:INTERFACE_NAME_LIMIT],
            bridge_cidr=bridge_cidr,
        )

    @property
    def exec_root(self) -> Path:
        return self.state_dir / "exec"

    @property
    def pidfile(self) -> Path:
        return self.state_dir / "dockerd.pid"

    @property
    def gateway(self) -> str:
        return self.bridge_cidr.split("/", 1)[0]

    @property
    def own_bridge(self) -> bool:
        """Whether the runner makes the bridge itself (dockerd makes docker0)."""
        return self.bridge != BRIDGE_INTERFACE


@dataclass
class Snapshot:
    """What an engine holds at one moment, by ID."""

    containers: dict[str, str] = field(default_factory=dict)  # id → name
    volumes: set[str] = field(default_factory=set)
    networks: dict[str, str] = field(default_factory=dict)  # id → name
    images: set[str] = field(default_factory=set)


class Engine:
    """A Docker engine the runner talks to, and the environment its snippets get."""

    def __init__(self, info: EngineInfo, env: dict[str, str]) -> None:
        self.info = info
        self.env = env

    def docker(
        self, *args: str, timeout: float = DOCKER_QUERY_SECONDS, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        try:
            done = subprocess.run(
                ["docker", *args],
                env=self.env,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise EngineError(
                f"`docker {' '.join(args)}` got no answer within {timeout:.0f} s; is the engine "
                "still running?"
            ) from error
        if check and done.returncode != 0:
            raise EngineError(f"`docker {' '.join(args)}` failed: {done.stderr.strip()}")
        return done

    def snapshot(self) -> Snapshot:
        snapshot = Snapshot()
        for line in self._lines("ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.Names}}"):
            identifier, _, name = line.partition(" ")
            snapshot.containers[identifier] = name
        snapshot.volumes = set(self._lines("volume", "ls", "-q"))
        for line in self._lines("network", "ls", "--no-trunc", "--format", "{{.ID}} {{.Name}}"):
            identifier, _, name = line.partition(" ")
            snapshot.networks[identifier] = name
        snapshot.images = set(self._lines("image", "ls", "-a", "-q", "--no-trunc"))
        return snapshot

    def _lines(self, *args: str) -> list[str]:
        return [line for line in self.docker(*args).stdout.splitlines() if line.strip()]

    def remove_since(self, before: Snapshot, images: bool = False) -> list[str]:
        """Remove what appeared since `before`; return what was removed, described."""
        now = self.snapshot()
        removed: list[str] = []
        new_containers = [cid for cid in now.containers if cid not in before.containers]
        if new_containers:
            self.docker("rm", "-f", "-v", *new_containers, check=False)
            removed += [f"container {now.containers[cid]}" for cid in new_containers]
        new_networks = [nid for nid in now.networks if nid not in before.networks]
        if new_networks:
            self.docker("network", "rm", *new_networks, check=False)
            removed += [f"network {now.networks[nid]}" for nid in new_networks]
        new_volumes = sorted(now.volumes - before.volumes)
        if new_volumes:
            self.docker("volume", "rm", "-f", *new_volumes, check=False)
            removed += [f"volume {_short(name)}" for name in new_volumes]
        if images:
            new_images = sorted(now.images - before.images)
            if new_images:
                self.docker("image", "rm", "-f", *new_images, check=False, timeout=120)
        return removed

    def close(self) -> None:
        """Nothing to stop for an engine the runner did not start."""

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _short(name: str) -> str:
    return f"{name[:12]}… (anonymous)" if len(name) == 64 and name.isalnum() else name


class PrivateEngine(Engine):
    """A dockerd the runner started, and stops by its PID."""

    def __init__(
        self,
        info: EngineInfo,
        env: dict[str, str],
        process: subprocess.Popen[bytes],
        config: PrivateEngineConfig,
        created_bridge: bool,
        log: Callable[[str], None],
    ) -> None:
        super().__init__(info, env)
        self.process = process
        self.config = config
        self.created_bridge = created_bridge
        self.log = log
        self.closed = False

    def clear(self) -> None:
        """Remove every container, volume and user-defined network (all are the runner's)."""
        self.remove_since(Snapshot(networks=self._default_networks()))

    def _default_networks(self) -> dict[str, str]:
        return {
            nid: name
            for nid, name in self.snapshot().networks.items()
            if name in ("bridge", "host", "none")
        }

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            self.clear()
        except (EngineError, subprocess.SubprocessError, OSError) as error:
            self.log(f"could not empty the private engine before stopping it: {error}")
        stop_private_engine(self.process.pid, self.config, self.log)
        try:
            self.process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            pass
        if self.created_bridge:
            delete_interface(self.config.bridge)


def base_environment() -> dict[str, str]:
    """The environment of the snippets: the caller's, with colours and the client's "What's
    next" hints turned off, and a UTF-8 locale (the pages show Hangul)."""
    env = dict(os.environ)
    env.update(
        {"NO_COLOR": "1", "DOCKER_CLI_HINTS": "false", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    )
    env.pop("DOCKER_BUILDKIT", None)  # let the client choose, as a reader's would
    return env


def probe_engine(env: dict[str, str]) -> dict[str, object] | None:
    """`docker version` as JSON when an engine answers, else None."""
    try:
        done = subprocess.run(
            ["docker", "version", "--format", "{{json .}}"],
            env=env,
            capture_output=True,
            text=True,
            timeout=PROBE_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    try:
        data = json.loads(done.stdout)
    except json.JSONDecodeError:
        return None
    return data if isinstance(data, dict) and data.get("Server") else None


def describe(version: dict[str, object], env: dict[str, str], private: bool) -> EngineInfo:
    """What the engine is and what the client can do with it."""
    client = version.get("Client")
    server = version.get("Server")
    client = client if isinstance(client, dict) else {}
    server = server if isinstance(server, dict) else {}
    api = str(client.get("ApiVersion") or server.get("ApiVersion") or "")

    def plugin_works(*args: str) -> bool:
        done = subprocess.run(
            ["docker", *args], env=env, capture_output=True, timeout=PROBE_SECONDS, check=False
        )
        return done.returncode == 0

    return EngineInfo(
        server_version=str(server.get("Version", "")),
        client_version=str(client.get("Version", "")),
        api_version=api,
        private=private,
        buildkit=plugin_works("buildx", "version"),
        compose=plugin_works("compose", "version"),
        registry=not private,
        host=env.get("DOCKER_HOST", ""),
    )


def open_engine(mode: str, config: PrivateEngineConfig, log: Callable[[str], None]) -> Engine:
    """The engine to use. `auto`: the one that answers, else a private one; `existing`: only
    one that answers; `private`: always a private one."""
    env = base_environment()
    if mode in ("auto", "existing"):
        version = probe_engine(env)
        if version is not None:
            info = describe(version, env, private=False)
            where = env.get("DOCKER_HOST") or "the client's default context"
            log(f"using the running Docker engine {info.server_version} at {where}")
            return Engine(info, env)
        if mode == "existing":
            raise EngineError("no Docker engine answers; start Docker, or use --engine auto")
    return start_private_engine(config, env, log)


def start_private_engine(
    config: PrivateEngineConfig, env: dict[str, str], log: Callable[[str], None]
) -> PrivateEngine:
    """Start dockerd with its own data root and socket, and wait until it answers."""
    if os.geteuid() != 0:
        raise EngineError(
            "no Docker engine answers, and starting a private one needs root (dockerd runs "
            "as root): start Docker and run again, or run this as root"
        )
    try:
        system.ensure_packages(DOCKERD_PACKAGES, log)
    except system.SetupError as error:
        raise EngineError(str(error)) from error

    _stop_stale_engine(config, log)
    for folder in (config.data_root, config.state_dir, config.socket.parent, config.docker_config):
        folder.mkdir(parents=True, exist_ok=True)
    config.log_file.parent.mkdir(parents=True, exist_ok=True)
    created_bridge = not interface_exists(config.bridge)
    if config.own_bridge:
        make_bridge(config.bridge, config.bridge_cidr)

    log(f"no Docker engine answers: starting a private dockerd (data root {config.data_root})")
    with config.log_file.open("ab") as log_handle:
        process = subprocess.Popen(
            dockerd_command(config),
            stdin=subprocess.DEVNULL,
            stdout=log_handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl+C in the terminal must not kill it before clean-up
        )
    private_env = {
        **env,
        "DOCKER_HOST": f"unix://{config.socket}",
        "DOCKER_CONFIG": str(config.docker_config),
    }
    private_env.pop("DOCKER_CONTEXT", None)
    try:
        version = _wait_until_ready(process, private_env, config)
    except EngineError:
        if created_bridge:
            delete_interface(config.bridge)
        raise
    info = describe(version, private_env, private=True)
    log(
        f"private engine {info.server_version} (API {info.api_version}) is up, PID "
        f"{process.pid}, socket {config.socket}; published ports bind to 127.0.0.1"
    )
    return PrivateEngine(info, private_env, process, config, created_bridge, log)


def dockerd_command(config: PrivateEngineConfig) -> list[str]:
    command = [
        "dockerd",
        "--data-root",
        str(config.data_root),
        "--exec-root",
        str(config.exec_root),
        "--pidfile",
        str(config.pidfile),
        "--host",
        f"unix://{config.socket}",
        "--iptables=false",  # no firewall rules to leave behind
        "--ip-masq=false",  # containers never reach out through this machine's address
        # Limitation: the host's forwarding setting is left as it is. Where it is on, a
        # container that dials an internet address by number sends unmasqueraded packets out;
        # the pages that need the internet are skipped, so none of them does.
        "--ip-forward=false",
        "--ip",
        "127.0.0.1",  # `-p 3000:80` binds to loopback only
        "--shutdown-timeout",
        "5",
    ]
    if config.own_bridge:
        command += ["--bridge", config.bridge]
    else:
        command += ["--bip", config.bridge_cidr]
    return [*command, "--dns", config.gateway]


def interface_exists(name: str) -> bool:
    return Path(f"/sys/class/net/{name}").exists()


def make_bridge(name: str, cidr: str) -> None:
    """A bridge for a second private engine (dockerd takes the address it finds on it)."""
    delete_interface(name)  # a leftover of a run that was killed
    for command in (
        ["ip", "link", "add", name, "type", "bridge"],
        ["ip", "addr", "add", cidr, "dev", name],
        ["ip", "link", "set", name, "up"],
    ):
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise EngineError(f"`{' '.join(command)}` failed: {done.stderr.strip()}")


def delete_interface(name: str) -> None:
    if interface_exists(name):
        subprocess.run(["ip", "link", "delete", name], capture_output=True, check=False)


def _wait_until_ready(
    process: subprocess.Popen[bytes], env: dict[str, str], config: PrivateEngineConfig
) -> dict[str, object]:
    deadline = time.monotonic() + ENGINE_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            _cleanup_after_failed_start(config)
            raise EngineError(
                f"dockerd exited with code {process.returncode} while starting; its log "
                f"({config.log_file}) ends with:\n{_log_tail(config.log_file)}"
            )
        version = probe_engine(env)
        if version is not None:
            return version
        time.sleep(0.2)
    stop_private_engine(process.pid, config, lambda _message: None)
    raise EngineError(
        f"dockerd did not answer within {ENGINE_START_SECONDS:.0f} s; its log "
        f"({config.log_file}) ends with:\n{_log_tail(config.log_file)}"
    )


def _log_tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _stop_stale_engine(config: PrivateEngineConfig, log: Callable[[str], None]) -> None:
    """A private engine of an earlier run that was killed before it could stop its daemon."""
    try:
        pid = int(config.pidfile.read_text().strip())
    except (OSError, ValueError):
        pid = 0
    stale = [p for p in system.processes_mentioning([config.data_root]) if p.pid == pid]
    if stale:
        log(f"a private dockerd of an earlier run is still running (PID {pid}); stopping it")
        stop_private_engine(pid, config, log)
    else:
        _cleanup_after_failed_start(config)


def stop_private_engine(pid: int, config: PrivateEngineConfig, log: Callable[[str], None]) -> None:
    """Stop dockerd by its PID, then anything of its own that outlived it (containerd, shims,
    proxies, mounts)."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + ENGINE_STOP_SECONDS
    while time.monotonic() < deadline and _running(pid):
        time.sleep(0.2)
    if _running(pid):
        log(f"dockerd (PID {pid}) did not stop within {ENGINE_STOP_SECONDS:.0f} s; killing it")
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    _cleanup_after_failed_start(config, log)
    log(f"private engine stopped (PID {pid})")


def _running(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass  # not our child (a stale daemon of an earlier run)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _cleanup_after_failed_start(
    config: PrivateEngineConfig, log: Callable[[str], None] | None = None
) -> None:
    roots = [config.data_root, config.exec_root]
    leftovers = system.processes_mentioning(roots)
    if leftovers and log is not None:
        names = ", ".join(f"{p.command.split()[0]} (PID {p.pid})" for p in leftovers)
        log(f"stopping processes the private engine left: {names}")
    system.stop_processes(leftovers)
    failed = system.unmount(system.mounts_under(roots))
    if failed and log is not None:
        log(f"could not unmount {', '.join(failed)}; unmount them by hand (umount -l)")
    for path in (config.socket, config.pidfile):
        path.unlink(missing_ok=True)
    if config.exec_root.exists() and not failed:
        subprocess.run(["rm", "-rf", str(config.exec_root)], check=False)
    if config.state_dir.is_dir() and not any(config.state_dir.iterdir()):
        config.state_dir.rmdir()
