"""Runs one snippet in bash as a reader would type it: under a terminal when it is interactive,
with keys typed in (`input=`), Ctrl+C pressed after a while (`interrupt=`), and a wait for the
server it started (`wait=` a URL or a log line), all within time limits."""

from __future__ import annotations

import codecs
import errno
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import termios
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# A step runs at most this long. The slowest step here takes ~15 s (a push of the node image
# to a local registry); a build that downloads packages on a real engine can take minutes.
STEP_TIMEOUT_SECONDS = 300.0
# A command that goes on after Ctrl+C gets it again, as a reader would press it, up to three
# times: Docker's client gives up waiting on the third ("got 3 SIGTERM/SIGINTs").
CTRL_C_PRESSES = 3
CTRL_C_GAP_SECONDS = 3.0
# After the last Ctrl+C, a command gets this long to stop, as `docker run` stops its container.
INTERRUPT_GRACE_SECONDS = 10.0
# After SIGTERM to a command that outlived its time, this long before SIGKILL.
TERMINATE_GRACE_SECONDS = 5.0
# Keys are typed once the command printed something (its prompt), or after this long.
INPUT_FIRST_DELAY_SECONDS = 3.0
# A pause between typed lines, like a person reading the next prompt.
INPUT_LINE_GAP_SECONDS = 0.3
# After the shell exits, output still buffered is read for this long (a background job
# started by the snippet may hold the pipe open forever).
DRAIN_SECONDS = 0.5
# How often the loop looks at the clock while waiting for output.
POLL_SECONDS = 0.05
# `wait=`: a server started with -d answers within seconds; this is the most we wait.
WAIT_TIMEOUT_SECONDS = 30.0
WAIT_POLL_SECONDS = 0.25
# One HTTP attempt of `wait=`.
WAIT_REQUEST_SECONDS = 2.0
# A wide terminal, so that tables are not wrapped differently from the page.
TERMINAL_ROWS, TERMINAL_COLUMNS = 50, 200
# Variables that belong to one shell, not to the terminal session a page is read in.
SHELL_OWN_VARIABLES = frozenset({"PWD", "OLDPWD", "SHLVL", "_"})

CTRL_C = b"\x03"
ENTER = "\r"  # the Enter key sends a carriage return; the terminal turns it into a newline


@dataclass(frozen=True)
class ShellRun:
    """What to run and how."""

    script: str
    cwd: Path
    env: dict[str, str]
    state_dir: Path  # where the script file and the saved environment go
    terminal: bool = False
    input: str | None = None
    interrupt: float | None = None
    timeout: float = STEP_TIMEOUT_SECONDS


@dataclass
class Execution:
    """What a run gave: exit code, output (stdout and stderr as they came), time, events."""

    exit_code: int | None
    output: str
    seconds: float
    session: int  # session id of the shell: processes it left behind carry it
    timed_out: bool = False
    interrupted: bool = False  # Ctrl+C was pressed while the command still ran
    presses: int = 0  # how many times Ctrl+C was pressed before it stopped
    forced: bool = False  # it ignored Ctrl+C or its time limit and was killed
    env_changes: dict[str, str] = field(default_factory=dict)


def decode_input(text: str) -> str:
    r"""The keys an `input=` attribute stands for: `3\n7\n` written in the page."""
    return codecs.decode(text.encode("utf-8"), "unicode_escape").encode("latin-1").decode("utf-8")


def build_script(body: str, env_file: Path) -> str:
    """The script bash runs: the block as written, in `bash -e -o pipefail`, saving its
    environment at exit so that the page's next block sees exported variables."""
    return f"set -e -o pipefail\ntrap 'env -0 > {_quote(str(env_file))}' EXIT\n{body}\n"


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def run_shell(run: ShellRun) -> Execution:
    """Run the script; never raises for what the script does."""
    run.state_dir.mkdir(parents=True, exist_ok=True)
    env_file = run.state_dir / "env.out"
    env_file.unlink(missing_ok=True)
    script_file = run.state_dir / "step.sh"
    script_file.write_text(build_script(run.script, env_file), encoding="utf-8")
    command = ["bash", "--noprofile", "--norc", str(script_file)]
    if run.terminal or run.input is not None:
        execution = _run_in_terminal(run, command)
    else:
        execution = _run_with_pipe(run, command)
    execution.env_changes = _env_changes(env_file, run.env)
    return execution


def _run_with_pipe(run: ShellRun, command: list[str]) -> Execution:
    process = subprocess.Popen(
        command,
        cwd=run.cwd,
        env=run.env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    assert process.stdout is not None
    reader = _Reader(process.stdout.fileno())

    def press_ctrl_c() -> None:
        _signal_group(process.pid, signal.SIGINT)

    try:
        return _supervise(run, process, reader, press_ctrl_c, type_line=None)
    finally:
        process.stdout.close()


def _run_in_terminal(run: ShellRun, command: list[str]) -> Execution:
    master, slave = pty.openpty()
    size = struct.pack("HHHH", TERMINAL_ROWS, TERMINAL_COLUMNS, 0, 0)
    fcntl.ioctl(slave, termios.TIOCSWINSZ, size)

    def become_terminal_owner() -> None:  # in the child: a session whose terminal this is
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    try:
        process = subprocess.Popen(
            command,
            cwd=run.cwd,
            env={**run.env, "TERM": run.env.get("TERM", "xterm")},
            stdin=slave,
            stdout=slave,
            stderr=slave,
            preexec_fn=become_terminal_owner,  # noqa: PLW1509 - needed to own the terminal
        )
    finally:
        os.close(slave)
    reader = _Reader(master)

    def press_ctrl_c() -> None:
        _write(master, CTRL_C)

    def type_line(line: str) -> None:
        _write(master, line.encode("utf-8"))

    try:
        return _supervise(run, process, reader, press_ctrl_c, type_line)
    finally:
        os.close(master)


def _write(fd: int, data: bytes) -> None:
    try:
        os.write(fd, data)
    except OSError:
        pass  # the command has gone; nothing reads the keys any more


class _Reader:
    """Collects what a file descriptor delivers, without ever blocking."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.chunks: list[bytes] = []
        self.closed = False

    def read_for(self, seconds: float) -> bool:
        """Read what arrives within `seconds`; True when something came."""
        if self.closed:
            time.sleep(seconds)
            return False
        ready, _, _ = select.select([self.fd], [], [], seconds)
        if not ready:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError as error:
            if error.errno != errno.EIO:  # EIO: the terminal's last user has gone
                raise
            data = b""
        if not data:
            self.closed = True
            return False
        self.chunks.append(data)
        return True

    def text(self) -> str:
        return b"".join(self.chunks).decode("utf-8", errors="replace")


def _supervise(
    run: ShellRun,
    process: subprocess.Popen[bytes],
    reader: _Reader,
    press_ctrl_c: Callable[[], None],
    type_line: Callable[[str], None] | None,
) -> Execution:
    start = time.monotonic()
    result = Execution(exit_code=None, output="", seconds=0.0, session=process.pid)

    try:
        _follow(run, process, reader, press_ctrl_c, type_line, result, start)
    except BaseException:
        _stop_group(process, gently=False)  # the runner itself is stopping (Ctrl+C, SIGTERM)
        raise

    drain_until = time.monotonic() + DRAIN_SECONDS
    while time.monotonic() < drain_until and reader.read_for(POLL_SECONDS):
        pass
    result.exit_code = process.wait()
    result.seconds = time.monotonic() - start
    result.output = reader.text()
    return result


def _follow(
    run: ShellRun,
    process: subprocess.Popen[bytes],
    reader: _Reader,
    press_ctrl_c: Callable[[], None],
    type_line: Callable[[str], None] | None,
    result: Execution,
    start: float,
) -> None:
    """Read the output while the command runs; type keys, press Ctrl+C, enforce time."""
    deadline = start + run.timeout
    interrupt_at = start + run.interrupt if run.interrupt is not None else None
    keys = _lines_to_type(run.input) if type_line is not None else []
    next_key_at = start + INPUT_FIRST_DELAY_SECONDS
    prompt_seen = False
    while process.poll() is None:
        now = time.monotonic()
        if interrupt_at is not None and now >= interrupt_at:
            if result.presses < CTRL_C_PRESSES:
                press_ctrl_c()  # and again, as a reader would, while the command goes on
                result.presses += 1
                interrupt_at = now + CTRL_C_GAP_SECONDS
                deadline = min(start + run.timeout, now + INTERRUPT_GRACE_SECONDS)
            result.interrupted = True
        if keys and type_line is not None:
            if reader.chunks and not prompt_seen:
                prompt_seen = True  # the command printed its prompt: start typing soon
                next_key_at = min(next_key_at, now + INPUT_LINE_GAP_SECONDS)
            if now >= next_key_at:
                type_line(keys.pop(0))
                next_key_at = now + INPUT_LINE_GAP_SECONDS
        if now >= deadline:
            result.timed_out = not result.interrupted
            result.forced = True
            # After Ctrl+C, SIGKILL: a SIGTERM would reach the container through the client.
            _stop_group(process, gently=not result.interrupted)
            return
        reader.read_for(POLL_SECONDS)


def _lines_to_type(text: str | None) -> list[str]:
    if not text:
        return []
    keys = decode_input(text)
    lines = keys.split("\n")
    typed = [line + ENTER for line in lines[:-1]]
    if lines[-1]:
        typed.append(lines[-1])
    return typed


def _signal_group(pid: int, signum: int) -> None:
    try:
        os.killpg(pid, signum)
    except ProcessLookupError:
        pass


def _stop_group(process: subprocess.Popen[bytes], gently: bool = True) -> None:
    """SIGTERM (when `gently`), then SIGKILL, to the shell and everything it started."""
    if gently:
        _signal_group(process.pid, signal.SIGTERM)
        try:
            process.wait(TERMINATE_GRACE_SECONDS)
            return
        except subprocess.TimeoutExpired:
            pass
    _signal_group(process.pid, signal.SIGKILL)
    process.wait()


def _env_changes(env_file: Path, before: dict[str, str]) -> dict[str, str]:
    """Exported variables the snippet set or changed."""
    if not env_file.is_file():
        return {}
    changes: dict[str, str] = {}
    for entry in env_file.read_bytes().split(b"\0"):
        name, _, value = entry.decode("utf-8", errors="replace").partition("=")
        if not name or name in SHELL_OWN_VARIABLES:
            continue
        if before.get(name) != value:
            changes[name] = value
    return changes


def wait_for(spec: str, env: dict[str, str], timeout: float = WAIT_TIMEOUT_SECONDS) -> str | None:
    """Wait until a `wait=` condition holds; None when it did, else what went wrong."""
    if spec.startswith("log:"):
        container, _, text = spec[len("log:") :].partition(":")
        ready = _log_check(container, text, env)
        what = f"the log of {container} to contain {text!r}"
    elif spec.startswith(("http://", "https://")):
        ready = _url_check(spec)
        what = f"{spec} to answer"
    else:
        return f'wait="{spec}" is neither a URL nor log:<container>:<text>'

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return None
        time.sleep(WAIT_POLL_SECONDS)
    return f"waited {timeout:.0f} s for {what}; it never did"


def _url_check(url: str) -> Callable[[], bool]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxy

    def answers() -> bool:
        try:
            with opener.open(url, timeout=WAIT_REQUEST_SECONDS):
                return True
        except urllib.error.HTTPError:
            return True  # any HTTP answer means the server is up
        except (OSError, ValueError):
            return False

    return answers


def _log_check(container: str, text: str, env: dict[str, str]) -> Callable[[], bool]:
    def logged() -> bool:
        done = subprocess.run(
            ["docker", "logs", container],
            env=env,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=WAIT_TIMEOUT_SECONDS,
            check=False,
        )
        return text in done.stdout or text in done.stderr

    return logged
