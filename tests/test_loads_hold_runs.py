"""Interrupts end a run within 5 s and leave nothing behind (issue 24), end to end.

Two subprocess runs on Prefect's ephemeral API server (the one a SIGKILL used to orphan):
SIGTERM while parsing, then SIGKILL while parsing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
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


def test_a_full_disk_during_a_run_is_named_and_the_published_warehouse_stays_as_it_was(
    tmp_path: Path,
) -> None:
    """The warehouse on a tmpfs just big enough for the staging copy: the run fails inside
    DuckDB or dbt, says "no space left", records that cause, and leaves no staging copy."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", "size=300m", "tmpfs", str(disk)]
    if subprocess.run(mount, capture_output=True, check=False).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        raw, db = tmp_path / "raw", disk / "wh" / "winnow.duckdb"
        good_pages(raw, 20)
        first = run(raw, db, tmp_path / "prefect")
        assert first.returncode == 0, first.stderr[-2000:]
        published = hashlib.sha256(db.read_bytes()).hexdigest()
        room = shutil.disk_usage(disk).used + db.stat().st_size + 256 * 1024  # the copy, and little more
        remount = ["mount", "-o", f"remount,size={room // 1024}k", str(disk)]
        subprocess.run(remount, check=True)
        good_pages(raw, 400, start=20)
        second = run(raw, db, tmp_path / "prefect")
        assert second.returncode == 1, second.stderr[-2000:]
        assert "no space left on the device of" in second.stderr, second.stderr[-2000:]
        last = json.loads(Warehouse(db).ledger.read_text(encoding="utf-8").splitlines()[-1])
        assert last["status"] == "failed" and last["message"].startswith("no space left on the device of")
        assert hashlib.sha256(db.read_bytes()).hexdigest() == published
        assert list(Warehouse(db).staging_dir.iterdir()) == []
        assert [p.name for p in Warehouse(db).state.glob("parquet-*") if p.is_dir()] == [
            Warehouse(db).parquet.readlink().name
        ]
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def run(raw: Path, db: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env |= {"PREFECT_HOME": str(home), "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"}
    cmd = [sys.executable, "-m", "winnow", "run", "--raw", str(raw), "--warehouse", str(db)]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
