"""Running one snippet: bash's options, a terminal for typed keys, Ctrl+C, time limits, the
environment a page's next block sees, and `wait=`."""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from snippet_runner.execute import (
    Execution,
    ShellRun,
    decode_input,
    run_shell,
    wait_for,
)
from snippet_runner.system import processes_in_sessions, stop_processes


def run(tmp_path: Path, script: str, **options: object) -> Execution:
    shell = ShellRun(
        script=script,
        cwd=tmp_path,
        env=dict(os.environ),
        state_dir=tmp_path / "state",
        **options,  # type: ignore[arg-type]
    )
    return run_shell(shell)


def test_the_first_failing_command_ends_the_block(tmp_path: Path) -> None:
    done = run(tmp_path, "echo one\nfalse\necho two")

    assert done.exit_code == 1
    assert done.output == "one\n"


def test_a_failure_inside_a_pipe_counts(tmp_path: Path) -> None:
    assert run(tmp_path, "false | cat").exit_code == 1


def test_stdout_and_stderr_come_in_the_order_printed(tmp_path: Path) -> None:
    done = run(tmp_path, "echo out; echo err >&2; echo out again")

    assert done.output == "out\nerr\nout again\n"


def test_exported_variables_are_handed_to_the_next_block(tmp_path: Path) -> None:
    done = run(tmp_path, "export GREETING=hello\ncd /\nunexported=1")

    assert done.env_changes == {"GREETING": "hello"}


def test_keys_are_typed_into_a_terminal(tmp_path: Path) -> None:
    script = 'test -t 0 && echo "a terminal"\nread -r a\nread -r b\necho "sum $((a + b))"'
    done = run(tmp_path, script, input="3\\n4\\n")

    assert done.exit_code == 0
    assert "a terminal" in done.output
    assert "sum 7" in done.output.replace("\r", "")


def test_without_input_a_block_gets_no_terminal(tmp_path: Path) -> None:
    done = run(tmp_path, "test -t 0 || echo 'no terminal'")

    assert done.output == "no terminal\n"


def test_ctrl_c_stops_a_command_that_runs_until_stopped(tmp_path: Path) -> None:
    done = run(tmp_path, "echo started\nsleep 30", interrupt=0.5)

    assert done.interrupted and not done.forced
    assert done.presses == 1
    assert done.seconds < 5
    assert done.output == "started\n"


def test_ctrl_c_is_pressed_again_while_the_command_goes_on(tmp_path: Path) -> None:
    script = (
        "presses=0\n"
        "trap 'presses=$((presses + 1)); [ $presses -ge 3 ] && exit 130' INT\n"
        "while :; do sleep 0.1 || true; done"
    )
    done = run(tmp_path, script, interrupt=0.2)

    assert done.interrupted and not done.forced
    assert done.presses == 3
    assert done.exit_code == 130


def test_a_command_that_ignores_ctrl_c_is_killed_within_its_time(tmp_path: Path) -> None:
    done = run(tmp_path, "trap '' INT\nsleep 60", interrupt=0.2, timeout=3)

    assert done.forced
    assert done.seconds < 10


def test_a_command_past_its_time_limit_is_stopped(tmp_path: Path) -> None:
    done = run(tmp_path, "sleep 60", timeout=1)

    assert done.timed_out and done.forced
    assert done.seconds < 10


def test_a_background_job_does_not_hold_the_block(tmp_path: Path) -> None:
    done = run(tmp_path, "sleep 60 &\necho started")

    try:
        assert done.exit_code == 0
        assert done.seconds < 5
        left = processes_in_sessions({done.session})
        assert any("sleep 60" in process.command for process in left)
    finally:
        stop_processes(processes_in_sessions({done.session}))
    assert processes_in_sessions({done.session}) == []


def test_input_attributes_are_written_with_escapes() -> None:
    assert decode_input("pwd\\nexit\\n") == "pwd\nexit\n"
    assert decode_input("안녕\\n") == "안녕\n"


@pytest.fixture
def loopback_server() -> Iterator[str]:
    server = http.server.HTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/no-such-page"
    finally:
        server.shutdown()
        server.server_close()


def test_wait_for_a_url_that_answers(loopback_server: str) -> None:
    assert wait_for(loopback_server, dict(os.environ), timeout=5) is None  # a 404 is an answer


def test_wait_for_a_url_that_never_answers() -> None:
    problem = wait_for("http://127.0.0.1:9/", dict(os.environ), timeout=0.5)

    assert problem == "waited 0 s for http://127.0.0.1:9/ to answer; it never did"


def test_wait_needs_a_url_or_a_log_line() -> None:
    problem = wait_for("soon", dict(os.environ))

    assert problem == 'wait="soon" is neither a URL nor log:<container>:<text>'
