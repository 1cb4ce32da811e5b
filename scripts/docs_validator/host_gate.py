"""Politeness per host: at most N requests at once, a minimum interval between the starts of
two requests, and a pause for the whole host when it answers with Retry-After."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

from .config import LinkConfig

Job = TypeVar("Job")
Outcome = TypeVar("Outcome")


class HostGate:
    """Start times are handed out on a fixed grid (`interval` apart), so that waiting threads
    neither drift nor bunch up; a pause moves the grid for everyone."""

    def __init__(self, concurrency: int, interval: float) -> None:
        self._slots = threading.BoundedSemaphore(concurrency)
        self._lock = threading.Lock()
        self._interval = interval
        self._next_start = 0.0
        self._paused_until = 0.0

    def pause(self, seconds: float) -> None:
        with self._lock:
            self._paused_until = max(self._paused_until, time.monotonic() + seconds)

    def _wait_for_start(self) -> None:
        while True:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start, self._paused_until)
                self._next_start = start + self._interval
            if start > now:
                time.sleep(start - now)
            with self._lock:
                # A pause that began while we slept counts too.
                if self._paused_until <= start:
                    return

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Hold one of the host's slots for the length of one request."""
        with self._slots:
            self._wait_for_start()
            yield


class HostGates:
    """One gate per host name, made on first use with that host's rules."""

    def __init__(self, config: LinkConfig) -> None:
        self._config = config
        self._gates: dict[str, HostGate] = {}
        self._lock = threading.Lock()

    def gate(self, host: str) -> HostGate:
        with self._lock:
            if host not in self._gates:
                rules = self._config.rules_for(host)
                self._gates[host] = HostGate(rules.concurrency, rules.request_interval)
            return self._gates[host]


def run_per_host(
    jobs: dict[str, list[Job]],
    work: Callable[[Job], Outcome],
    config: LinkConfig,
) -> list[tuple[Job, Outcome]]:
    """Run `work` on every job, jobs grouped by host. Each host gets as many lanes as it may
    have requests at once; lanes of all hosts are interleaved, so one host with many links
    never holds up the others."""
    queues = {host: deque(host_jobs) for host, host_jobs in jobs.items() if host_jobs}
    lanes_per_host = {
        host: min(config.rules_for(host).concurrency, len(queue)) for host, queue in queues.items()
    }
    lanes: list[str] = []
    for round_index in range(max(lanes_per_host.values(), default=0)):
        lanes.extend(host for host, count in lanes_per_host.items() if round_index < count)

    results: list[tuple[Job, Outcome]] = []
    lock = threading.Lock()

    def drain(host: str) -> None:
        while True:
            with lock:
                if not queues[host]:
                    return
                job = queues[host].popleft()
            outcome = work(job)
            with lock:
                results.append((job, outcome))

    if not lanes:
        return results
    with ThreadPoolExecutor(max_workers=min(config.max_concurrency, len(lanes))) as pool:
        for future in [pool.submit(drain, host) for host in lanes]:
            future.result()
    return results
