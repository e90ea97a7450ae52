"""How a run is started: on which task runner (this machine's cores or Dask), with which
Prefect settings (heartbeats), how it stops on Ctrl-C or SIGTERM, and the watchdog that
leaves no process behind when the run itself is killed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import FrameType
from typing import Any

from prefect import Flow

from flows.runs import Interrupted

# Prefect's variables for flow-run heartbeats (the second is its older name).
HEARTBEAT_VARIABLES = ("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "PREFECT_RUNNER_HEARTBEAT_FREQUENCY")
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143


def run_settings(environ: Mapping[str, str] = os.environ) -> dict[Any, Any]:
    """Prefect settings for one ``winnow run``: no flow-run heartbeats, unless the environment
    sets their frequency.

    Prefect sends a run's heartbeats from a thread that sleeps a second at a time, and a
    finished flow run waits for that thread to wake up: 0 to 1 s added to the end of every run,
    at random. Heartbeats feed Prefect's detection of runs whose process died; an operator who
    sets that up sets PREFECT_FLOWS_HEARTBEAT_FREQUENCY, and the runs send them. Winnow's own
    ledger records a run that fails either way.
    """
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY

    if any(name in environ for name in HEARTBEAT_VARIABLES):
        return {}
    return {PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}


def configured_flow(flow: Flow[..., Any], dask: str = "") -> tuple[Flow[..., Any], str]:
    """The run flow and its ``parse_on``: as defined (this machine's cores) when ``dask`` is empty;
    else on Prefect's DaskTaskRunner, with the scheduler at ``dask`` (``tcp://host:8786``) or a
    cluster of this machine's cores started for the run (``local``), one task per batch."""
    if not dask:
        return flow, "pool"
    from prefect_dask import DaskTaskRunner

    runner: Any  # a TaskRunner of Dask's futures, which Prefect's typing does not take for its own
    if dask == "local":
        cluster = {"n_workers": os.cpu_count() or 1, "threads_per_worker": 1, "dashboard_address": None}
        runner = DaskTaskRunner(cluster_kwargs=cluster)
    else:
        runner = DaskTaskRunner(address=dask)
    return flow.with_options(task_runner=runner), "tasks"


@contextlib.contextmanager
def stops_on_signals(grace: float, on_timeout: Callable[[int], None]) -> Iterator[None]:
    """Ctrl-C (SIGINT) and SIGTERM stop the run: the first raises KeyboardInterrupt (SIGTERM:
    ``Interrupted``) where the run is, so it unwinds, discards its staging copy and records
    itself; if it has not ended ``grace`` seconds later (a library deaf to the exception, a
    C call that does not return), ``on_timeout(exit code)`` ends the process. A second signal
    ends it at once the same way."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    fired: list[int] = []

    def handler(signum: int, frame: FrameType | None) -> None:
        code = EXIT_TERMINATED if signum == signal.SIGTERM else EXIT_INTERRUPTED
        if fired:
            on_timeout(code)
        fired.append(signum)
        timer = threading.Timer(max(grace - 1.0, 0.5), on_timeout, args=(code,))  # 1 s to end children
        timer.daemon = True
        timer.start()
        raise Interrupted() if signum == signal.SIGTERM else KeyboardInterrupt()

    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def end_now(code: int, last_words: Callable[[], None]) -> None:
    """End this process with ``code`` after ``last_words`` (record the run) and ending its
    children (parse workers, a Prefect server it started)."""
    with contextlib.suppress(Exception):
        last_words()
    kill_children()
    what = {EXIT_TERMINATED: "SIGTERM", EXIT_INTERRUPTED: "Ctrl-C"}.get(code, "a signal")
    sys.stderr.write(f"winnow: the run was stopped ({what}); nothing was published (exit {code})\n")
    with contextlib.suppress(Exception):
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def kill_children(grace: float = 0.5) -> None:
    """Terminate every descendant of this process, then kill those still alive after ``grace``."""
    import psutil

    try:
        children = psutil.Process().children(recursive=True)
    except psutil.Error:
        return
    for child in children:
        with contextlib.suppress(psutil.Error):
            child.terminate()
    _, alive = psutil.wait_procs(children, timeout=grace)
    for child in alive:
        with contextlib.suppress(psutil.Error):
            child.kill()


WATCHDOG = r"""
import os, sys, time
import psutil
parent = psutil.Process(int(sys.argv[1]))
known = {}
while parent.is_running() and parent.status() != psutil.STATUS_ZOMBIE:
    try:
        known = {p.pid: p for p in parent.children(recursive=True) if p.pid != os.getpid()}
    except psutil.Error:
        pass
    time.sleep(float(sys.argv[2]))
for p in known.values():
    try:
        if p.is_running():  # psutil checks the start time too: a reused pid is not ours
            p.terminate()
    except psutil.Error:
        pass
gone, alive = psutil.wait_procs([p for p in known.values() if p.is_running()], timeout=3)
for p in alive:
    try:
        p.kill()
    except psutil.Error:
        pass
"""


def start_watchdog(interval: float = 1.0) -> subprocess.Popen[bytes]:
    """A small process that outlives this one if it is killed (SIGKILL, the OOM killer) and then
    ends what this one started: the ephemeral Prefect API server, parse workers, their
    forkserver. It looks at this process's children every ``interval`` seconds and exits with it."""
    return subprocess.Popen(
        [sys.executable, "-c", WATCHDOG, str(os.getpid()), str(interval)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # not in the run's process group: a Ctrl-C there does not reach it
        cwd=Path(__file__).resolve().parent,
    )


def wait_briefly(proc: subprocess.Popen[bytes], seconds: float = 0.0) -> None:
    deadline = time.monotonic() + seconds
    while proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
