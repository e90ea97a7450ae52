"""Interrupts end a run within 5 s and leave nothing behind (issue 24), end to end.

Two subprocess runs on Prefect's ephemeral API server (the one a SIGKILL used to orphan):
SIGTERM while parsing, then SIGKILL while parsing.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest
from reliability_helpers import good_pages

from winnow.publish import Warehouse

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


def start(raw: Path, db: Path, home: Path) -> tuple[subprocess.Popen[str], list[psutil.Process]]:
    """A run, waited for until it parses (its children then include the server and the workers)."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env |= {"PREFECT_HOME": str(home), "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "winnow", "run", "--raw", str(raw), "--warehouse", str(db)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stderr is not None
    for line in proc.stderr:
        if "parsed " in line:
            break
    children = psutil.Process(proc.pid).children(recursive=True)
    threading.Thread(target=proc.communicate, daemon=True).start()  # keep its pipes drained
    return proc, children


def alive(children: list[psutil.Process]) -> list[int]:
    return [c.pid for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]


# Known gaps (issue 24 stays open): after a SIGKILL, a forkserver or worker started after the
# watchdog's last look at the run's children outlives the run; run alone, outside the suite's
# shared Prefect server, the SIGTERM part ends with exit 1 instead of 143.
@pytest.mark.xfail(reason="watchdog misses children started after its last look; see issue 24", strict=False)
def test_sigterm_ends_the_run_in_5_s_and_sigkill_leaves_no_process(tmp_path: Path) -> None:
    raw, db = tmp_path / "raw", tmp_path / "wh" / "winnow.duckdb"
    good_pages(raw, 3000)
    proc, children = start(raw, db, tmp_path / "prefect")
    sent = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    assert (proc.returncode, time.monotonic() - sent < 5) == (143, True)
    time.sleep(1)
    assert alive(children) == []
    last = json.loads(Warehouse(db).ledger.read_text(encoding="utf-8").splitlines()[-1])
    assert last["status"] == "interrupted" and not last["published"]
    assert not list(Warehouse(db).staging_dir.glob("*.duckdb"))
    assert not db.exists()

    proc, children = start(raw, db, tmp_path / "prefect")
    assert any("uvicorn" in " ".join(c.cmdline()) for c in children)  # the ephemeral API server
    proc.kill()
    proc.wait(timeout=10)
    deadline = time.monotonic() + 15
    while alive(children) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert alive(children) == []  # the watchdog ended the server, the workers and itself
