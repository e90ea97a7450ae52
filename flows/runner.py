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
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import FrameType
from typing import Any

from prefect import Flow

from flows.runs import SIGNALS, Interrupted

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
def stops_on_signals(grace: float, on_timeout: Callable[[int], None]) -> Iterator[list[int]]:
    """Ctrl-C (SIGINT) and SIGTERM stop the run: the first raises KeyboardInterrupt (SIGTERM:
    ``Interrupted``) where the run is, so it unwinds, discards its staging copy and records
    itself; if it has not ended ``grace`` seconds later (a library deaf to the exception, a
    C call that does not return), ``on_timeout(exit code)`` ends the process. A second signal
    ends it at once the same way.

    Yields the signals it received, in order; each is noted in ``flows.runs.SIGNALS`` too, as
    are those that reach the handlers Prefect puts in place while a flow runs."""
    fired: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield fired
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        code = EXIT_TERMINATED if signum == signal.SIGTERM else EXIT_INTERRUPTED
        if fired:
            on_timeout(code)
        fired.append(signum)
        SIGNALS.append(signum)
        timer = threading.Timer(max(grace - 1.0, 0.5), on_timeout, args=(code,))  # 1 s to end children
        timer.daemon = True
        timer.start()
        raise Interrupted() if signum == signal.SIGTERM else KeyboardInterrupt()

    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield fired
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


TOKEN_VARIABLE = "WINNOW_RUN_TOKEN"  # inherited by every process a run starts: what its watchdog looks for
WATCHDOG = r"""
import os, sys, time
import psutil
pid, interval, token, name = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4]
me = os.getpid()
parent = psutil.Process(pid)
known = {}


def look():
    try:
        for p in parent.children(recursive=True):
            if p.pid != me:
                known.setdefault(p.pid, p)
    except psutil.Error:
        pass


def live(p):
    # is_running compares the start time too (a pid reused since is not ours); a zombie is over
    try:
        return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def carriers():
    found = []
    for p in psutil.process_iter():
        if p.pid == me:
            continue
        try:
            if p.environ().get(name) == token:
                found.append(p)
        except (psutil.Error, OSError):
            pass
    return found


last = 0.0
while live(parent):
    if time.monotonic() - last >= interval:
        look()
        last = time.monotonic()
    time.sleep(0.2)  # how soon the run's death is noticed
for _ in range(3):  # a child may start one more (a pool replacing a worker) while we end them
    targets = {p.pid: p for p in [*known.values(), *carriers()] if live(p)}
    if not targets:
        break
    for p in targets.values():
        try:
            p.terminate()
        except psutil.Error:
            pass
    deadline = time.monotonic() + 3
    while any(live(p) for p in targets.values()) and time.monotonic() < deadline:
        time.sleep(0.1)
    for p in filter(live, targets.values()):
        try:
            p.kill()
        except psutil.Error:
            pass
    known = {}
"""


class Watchdog:
    """A small process that outlives this one if it is killed (SIGKILL, the OOM killer) and then
    ends what this one started: the ephemeral Prefect API server, the parse workers and their
    forkserver, a local Dask cluster.

    It finds them two ways: this process's children, looked at every ``interval`` seconds
    (a process forked without a new program), and, once this process is gone, every process
    whose environment holds this run's token (``TOKEN_VARIABLE``, set here, inherited by each
    program a run starts, however late: after the last look, or by a child of a child). The
    token scan reads other processes' environments: where that is not allowed (another
    user's, or a system without /proc), those are simply not matched.
    """

    def __init__(self, interval: float = 1.0) -> None:
        self.token = uuid.uuid4().hex
        self.previous = os.environ.get(TOKEN_VARIABLE)
        env = {k: v for k, v in os.environ.items() if k != TOKEN_VARIABLE}
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WATCHDOG, str(os.getpid()), str(interval), self.token, TOKEN_VARIABLE],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,  # not in the run's process group: a Ctrl-C there does not reach it
            cwd=Path(__file__).resolve().parent,
        )
        os.environ[TOKEN_VARIABLE] = self.token

    def stop(self) -> None:
        """The run ended in this process: the watchdog is not needed, and later children are
        not the run's."""
        self.proc.terminate()
        if os.environ.get(TOKEN_VARIABLE) == self.token:
            if self.previous is None:
                os.environ.pop(TOKEN_VARIABLE, None)
            else:
                os.environ[TOKEN_VARIABLE] = self.previous
