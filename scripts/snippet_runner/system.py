"""The host machine: Debian packages the runner installs, and the processes and mounts it
must not leave behind (read from /proc, ended by their PID)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# apt can take a while on a cold mirror; more than this means something is wrong.
APT_TIMEOUT_SECONDS = 900
# A process sent SIGTERM gets this long before SIGKILL.
PROCESS_STOP_SECONDS = 5.0


class SetupError(Exception):
    """Something the run needs on this machine is missing and cannot be installed."""


@dataclass(frozen=True)
class PackageNeed:
    """A Debian package, and how to tell that what the runner needs from it is there."""

    package: str
    present: Callable[[], bool]


def command_present(name: str) -> Callable[[], bool]:
    return lambda: shutil.which(name) is not None


def package_installed(package: str) -> Callable[[], bool]:
    def installed() -> bool:
        done = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package],
            capture_output=True,
            text=True,
            check=False,
        )
        return done.returncode == 0 and "install ok installed" in done.stdout

    return installed


def ensure_packages(needs: list[PackageNeed], log: Callable[[str], None]) -> None:
    """Install the packages that are missing (apt-get, as root); do nothing when all are
    there, so that a second run neither needs root for this nor the network."""
    missing = [need.package for need in needs if not need.present()]
    if not missing:
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise SetupError(
            f"the Debian packages {', '.join(missing)} are needed; install them "
            f"(sudo apt-get install {' '.join(missing)}) or run as root on Debian"
        )
    log(f"installing Debian packages: {', '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
    ):
        done = subprocess.run(
            command,
            env=env,
            capture_output=True,
            text=True,
            timeout=APT_TIMEOUT_SECONDS,
            check=False,
        )
        if done.returncode != 0:
            raise SetupError(f"`{' '.join(command)}` failed:\n{done.stderr.strip()[-2000:]}")


@dataclass(frozen=True)
class ProcessInfo:
    pid: int
    session: int
    command: str


def list_processes() -> list[ProcessInfo]:
    """Every process of the machine, with its session and command line."""
    found: list[ProcessInfo] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # it ended while we looked
        fields = stat[stat.rfind(")") + 2 :].split()
        if fields[0] == "Z":
            continue  # a zombie: it has ended, only its parent has not collected it yet
        found.append(ProcessInfo(int(entry.name), int(fields[3]), command.strip()))
    return found


def processes_in_sessions(sessions: set[int]) -> list[ProcessInfo]:
    """Processes still running in these sessions (each step's shell leads its own)."""
    return [p for p in list_processes() if p.session in sessions and p.pid != os.getpid()]


def processes_mentioning(paths: list[Path]) -> list[ProcessInfo]:
    """Processes whose command line names one of these paths (a daemon's own folders)."""
    texts = [str(path) for path in paths]
    return [
        process
        for process in list_processes()
        if process.pid != os.getpid() and any(text in process.command for text in texts)
    ]


def stop_processes(processes: list[ProcessInfo]) -> None:
    """SIGTERM each by its PID, then SIGKILL those still there."""
    for process in processes:
        _send(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + PROCESS_STOP_SECONDS
    remaining = list(processes)
    while remaining and time.monotonic() < deadline:
        time.sleep(0.1)
        remaining = [p for p in remaining if _alive(p.pid)]
    for process in remaining:
        _send(process.pid, signal.SIGKILL)


def _send(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def mounts_under(paths: list[Path]) -> list[str]:
    """Mount points below these folders, deepest first (the order to unmount them)."""
    prefixes = [str(path.resolve()).rstrip("/") + "/" for path in paths]
    found: list[str] = []
    for line in Path("/proc/self/mounts").read_text().splitlines():
        point = line.split()[1].replace("\\040", " ")
        if any((point + "/").startswith(prefix) for prefix in prefixes):
            found.append(point)
    return sorted(found, key=len, reverse=True)


def unmount(points: list[str]) -> list[str]:
    """Lazily unmount each; returns those that could not be unmounted."""
    failed: list[str] = []
    for point in points:
        done = subprocess.run(["umount", "-l", point], capture_output=True, check=False)
        if done.returncode != 0:
            failed.append(point)
    return failed
