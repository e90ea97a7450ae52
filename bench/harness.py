"""Run a command in a subprocess and measure it: wall time and peak memory of its process tree.

Memory is sampled from /proc every ``INTERVAL`` seconds (no psutil): the sum over the
process and all its descendants of the resident set (RSS, counts pages shared between a
parent and its forked workers once per process: an upper bound) and of the proportional
set (PSS, shared pages split between their users: what the tree really costs).
The sampler shares the machine with what it measures, so it does the least it can: the
process tree is found again (a scan of every process in /proc) every ``RESCAN`` samples,
each sample reads two small files per process of the tree (CPU ticks, RSS), and the PSS,
which makes the kernel walk every mapping of a process, is read only when the RSS reaches
a peak 2% above the one it was last read at (so the peak PSS may be up to 2% low, and the
processes listed at the peak are those at that reading). Reading all of that every 50 ms
took 20-21% of a core during a cold 2,000-page run, 10% of this 2-core machine, slowing
what it measured; the sampler's CPU is reported with each row.
Also a local Prefect server for the benchmark's runs, started and stopped by id.
"""

from __future__ import annotations

import os
import resource
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

INTERVAL = 0.05
RESCAN = 5  # samples between two scans of /proc for the process tree
PSS_STEP = 1.02  # the PSS is read again once the RSS has grown by 2% since it last was
PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(slots=True)
class Measured:
    seconds: float
    cpu_seconds: float  # user + system of the whole process tree (workers, dbt, …)
    peak_rss_mb: float
    peak_pss_mb: float
    returncode: int
    stdout: str
    stderr: str
    at_peak: list[tuple[str, float]] = field(default_factory=list)  # biggest processes at the peak (MB)
    sampler_cpu_seconds: float = 0.0  # what sampling the tree cost this process


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):  # noqa: PTH208 - sampled every 50 ms: plain calls
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:  # noqa: PTH123
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        kids.setdefault(ppid, []).append(int(name))
    return kids


def tree(root: int) -> list[int]:
    kids, out, todo = _children(), [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += kids.get(pid, [])
    return out


TICK = os.sysconf("SC_CLK_TCK")


def cpu_ticks(pids: Sequence[int], seen: dict[int, int]) -> None:
    """Record the user + system clock ticks of each pid (the highest value seen)."""
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:  # noqa: PTH123
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(b")") + 2 :].split()
        seen[pid] = max(seen.get(pid, 0), int(fields[11]) + int(fields[12]))


def resident(pids: Sequence[int], each: dict[int, int]) -> int:
    """RSS in bytes summed over ``pids`` (``/proc/PID/statm``, which the kernel reads off
    counters); ``each`` receives every process's. A process gone meanwhile counts 0."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:  # noqa: PTH123
                one = int(f.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
        each[pid] = one
        total += one
    return total


def proportional(pids: Sequence[int]) -> int:
    """PSS in bytes summed over ``pids`` (``/proc/PID/smaps_rollup``: a walk of every mapping)."""
    pss = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:  # noqa: PTH123
                for line in f:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
                        break
        except OSError:
            continue
    return pss


def describe(pid: int) -> str:
    """A short name for a process: its command line without the interpreter and paths."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:  # noqa: PTH123
            args = [a.decode(errors="replace") for a in f.read().split(b"\0") if a]
    except OSError:
        return "?"
    args = [a.rsplit("/", 1)[-1] if a.startswith("/") else a for a in args]
    return " ".join(a for a in args if not a.startswith("python"))[:60]


def run(cmd: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path | None = None) -> Measured:
    """Run ``cmd`` to the end; its wall time and the peak memory of its process tree."""
    peak = [0, 0]
    at_peak: list[tuple[str, float]] = []
    ticks: dict[int, int] = {}
    done = threading.Event()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    sampler_cpu = [0.0]
    pss_read_at = [0]  # the RSS when the PSS was last read

    def sample() -> None:
        pids: list[int] = []
        n = 0
        while not done.is_set():
            if n % RESCAN == 0:
                pids = tree(proc.pid)
            n += 1
            cpu_ticks(pids, ticks)
            each: dict[int, int] = {}
            rss = resident(pids, each)
            if rss > peak[0]:
                peak[0] = rss
                if rss > PSS_STEP * pss_read_at[0]:
                    pss_read_at[0] = rss
                    top = sorted(each.items(), key=lambda kv: -kv[1])[:4]
                    at_peak[:] = [(describe(pid), round(b / 2**20, 1)) for pid, b in top]
                    peak[1] = max(peak[1], proportional(pids))
            sampler_cpu[0] = time.thread_time()
            done.wait(INTERVAL)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    waited = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    done.set()
    sampler.join()
    # Workers forked by a forkserver are not our children's children for getrusage: sample them too.
    cpu = max(waited, sum(ticks.values()) / TICK)
    mb = 1024 * 1024
    return Measured(
        seconds, cpu, peak[0] / mb, peak[1] / mb, proc.returncode, out, err, at_peak, sampler_cpu[0]
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PrefectServer:
    """A local Prefect server for the benchmark (its own PREFECT_HOME), stopped by its process id."""

    def __init__(self, prefect: Path, home: Path, env: dict[str, str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/api"
        home.mkdir(parents=True, exist_ok=True)
        self.env = {**env, "PREFECT_HOME": str(home), "PREFECT_UI_ENABLED": "false"}
        self.env.pop("PREFECT_API_URL", None)
        self.log = (home / "server.log").open("w")
        self.proc = subprocess.Popen(
            [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def wait(self, timeout: float = 180) -> float:
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the Prefect server exited ({self.proc.returncode}); see {self.log.name}")
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=2) as r:
                    if r.status == 200:
                        return time.perf_counter() - t0
            except OSError:
                pass
            time.sleep(0.5)
        raise TimeoutError(f"the Prefect server did not answer within {timeout} s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # its own session: the server and its workers
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()
