"""Crash safety: `winnow run` killed with SIGKILL at many points, each followed by checks and a
recovery run.

Each kill point starts from the same published warehouse (input A: 8 pages) and runs over
input A+B (4 new pages, one page of A changed, one empty file). Two kinds of kill point:
- named points (``winnow.faults.POINTS``, set through WINNOW_FAULT): the process kills
  itself exactly there (a point the code does not pass yet lets the run finish: it is
  counted as "not reached" and still checked);
- timed points: SIGKILL after a spread of delays across the length of an unkilled run
  (WINNOW_KILL_TIMED of them, default 3).
Only the run's own process is killed, as the OOM killer does: its children (dbt, parse
workers) are left to die on their own while the recovery run starts.
After each kill: the published file opens read-only and its marts are the old load or the
new one (fingerprints of every marts table), the ledger reads, the run lock is free; then
a recovery run exits 0 and leaves the same marts as an unkilled run, no duplicate keys, and
Parquet copies that match the database.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reliability_helpers import (
    ROOT,
    db_counts,
    duplicates,
    good_pages,
    marts_fingerprint,
    parquet_counts,
    run_measured,
    session_pids,
)

from winnow import faults, runlog
from winnow.publish import Warehouse, run_lock

pytestmark = pytest.mark.slow
TIMED = int(os.environ.get("WINNOW_KILL_TIMED", "3"))
TABLES = ["articles", "abstracts", "metrics", "quarantine", "load_runs"]
KILLS: list[dict] = []  # what each kill point saw, printed at the end of the module


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory, prefect_api: str) -> dict:
    base = tmp_path_factory.mktemp("crash")
    env = {**os.environ, "PREFECT_API_URL": str(prefect_api)}
    env.pop(faults.ENV, None)
    raw = base / "raw"
    good_pages(raw, 8)
    wh = base / "base-wh"
    first = run_measured(env, "run", "--raw", str(raw), "--warehouse", str(wh / "winnow.duckdb"))
    assert first.returncode == 0, first.stderr[-3000:]
    good_pages(raw, 4, start=8, folder="more")
    changed = raw / "good" / "page-000.txt"
    changed.write_bytes(changed.read_bytes().replace("新建".encode(), "新建成".encode(), 1))
    (raw / "more" / "empty.txt").write_bytes(b"")
    ref = base / "ref-wh"
    shutil.copytree(wh, ref, symlinks=True)
    full = run_measured(env, "run", "--raw", str(raw), "--warehouse", str(ref / "winnow.duckdb"))
    assert full.returncode == 0, full.stderr[-3000:]
    old, new = marts_fingerprint(wh / "winnow.duckdb"), marts_fingerprint(ref / "winnow.duckdb")
    assert old != new
    yield {"base": base, "raw": raw, "wh": wh, "env": env, "old": old, "new": new, "seconds": full.seconds}
    print(f"\ncrash safety: {len(KILLS)} kill points tried (unkilled run over A+B: {full.seconds:.1f} s)")
    for k in KILLS:
        print("  ", k)


def _kill_points() -> list[str]:
    return [f"fault:{p}" for p in faults.POINTS] + [f"timed:{i}" for i in range(TIMED)]


@pytest.mark.parametrize("point", _kill_points())
def test_sigkill_leaves_old_or_new_state_and_the_next_run_completes(
    setup: dict, point: str, tmp_path: Path
) -> None:
    wh_home = tmp_path / "wh"
    shutil.copytree(setup["wh"], wh_home, symlinks=True)
    db = wh_home / "winnow.duckdb"
    env = dict(setup["env"])
    kind, _, spec = point.partition(":")
    if kind == "fault":
        env[faults.ENV] = spec
    cmd = [sys.executable, "-m", "winnow", "run", "--raw", str(setup["raw"]), "--warehouse", str(db)]
    # stderr to a file, not a pipe: a child the kill orphaned (a forkserver still starting) may
    # keep the descriptor open, and reading a pipe to its end would wait for that child.
    err_path = tmp_path / "killed-run.stderr"
    with err_path.open("wb") as err_file:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err_file,
                                start_new_session=True)  # fmt: skip
    delay = None
    if kind == "timed":
        delay = setup["seconds"] * (int(spec) + 0.5) / TIMED
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)  # the run's own process only
    proc.wait(timeout=900)
    err = err_path.read_text(encoding="utf-8", errors="replace")
    killed = proc.returncode == -signal.SIGKILL
    hint = [ln[-160:] for ln in err.splitlines() if "Finished in state" in ln or "winnow:" in ln][-1:]
    orphans = session_pids(proc.pid)

    # The published warehouse: readable, old or new, never in between.
    state = marts_fingerprint(db)
    assert state in (setup["old"], setup["new"]), (
        f"{point}: published marts are neither the old nor the new load"
    )
    runlog.read(Warehouse(db).ledger)  # the ledger still reads
    with run_lock(Warehouse(db)):  # no stale lock (orphaned children do not hold it)
        pass

    # The next run completes the work, exactly once.
    t0 = time.monotonic()
    recovery = run_measured(setup["env"], "run", "--raw", str(setup["raw"]), "--warehouse", str(db))
    for pid in session_pids(proc.pid):  # clean up what the killed run left (its own session)
        os.kill(pid, signal.SIGKILL)
    KILLS.append({
        "point": point, "delay_s": round(delay, 1) if delay else None, "killed": killed,
        "state_after_kill": "new" if state == setup["new"] else "old", "orphans_left": len(orphans),
        "recovery_exit": recovery.returncode, "recovery_s": round(time.monotonic() - t0, 1),
        "killed_run_said": hint,
    })  # fmt: skip
    assert recovery.returncode == 0, (
        f"{point}: recovery run failed\n{recovery.stderr[-3000:]}\n(killed run: {err[-1500:]!r})"
    )
    assert marts_fingerprint(db) == setup["new"], f"{point}: recovery did not reach the new load"
    assert not any(duplicates(db).values()), duplicates(db)
    assert parquet_counts(wh_home) == db_counts(db, sorted(parquet_counts(wh_home))), (
        f"{point}: Parquet is stale"
    )
    assert set(parquet_counts(wh_home)) >= set(TABLES)
