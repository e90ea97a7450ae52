"""Readers: BI tools reading the published warehouse during a run never see an error and never
make the run fail; a connection opened after the run sees the new load.

During one real `winnow run` subprocess:
- this process holds one read-only DuckDB connection open for the whole run and queries it
  from a thread every 0.2 s (it must keep seeing its snapshot: the old load);
- a second process opens, queries and closes a read-only connection every 0.1 s;
- a third does the same through SQLAlchemy + duckdb-engine with the URI Superset is given
  (``duckdb:///…?access_mode=read_only``), a new engine each time.
The reader processes stop when the run ends (or after 3000 iterations); they report their
iteration count and every error.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest
from reliability_helpers import ROOT, good_pages, run_measured

pytestmark = pytest.mark.slow

DUCKDB_LOOP = """
import json, sys, time, duckdb
from pathlib import Path
db, stop = sys.argv[1], Path(sys.argv[2])
n, errors, counts = 0, [], set()
while not stop.exists() and n < 3000:
    try:
        con = duckdb.connect(db, read_only=True)
        counts.add(con.execute("select count(*) from marts.articles").fetchone()[0])
        con.close()
    except Exception as e:
        errors.append(f"{type(e).__name__}: {e}")
    n += 1
    time.sleep(0.1)
print(json.dumps({"n": n, "errors": errors[:20], "n_errors": len(errors), "counts": sorted(counts)}))
"""

SQLALCHEMY_LOOP = """
import json, sys, time
from pathlib import Path
from sqlalchemy import create_engine, text
db, stop = sys.argv[1], Path(sys.argv[2])
n, errors, counts = 0, [], set()
while not stop.exists() and n < 3000:
    try:
        engine = create_engine(f"duckdb:///{db}?access_mode=read_only")
        with engine.connect() as con:
            counts.add(con.execute(text("select count(*) from marts.articles")).scalar())
        engine.dispose()
    except Exception as e:
        errors.append(f"{type(e).__name__}: {e}")
    n += 1
    time.sleep(0.1)
print(json.dumps({"n": n, "errors": errors[:20], "n_errors": len(errors), "counts": sorted(counts)}))
"""


def test_readers_during_a_run(tmp_path: Path, winnow_env: dict[str, str]) -> None:
    raw = tmp_path / "raw"
    good_pages(raw, 6)
    db = tmp_path / "wh" / "winnow.duckdb"
    assert run_measured(winnow_env, "run", "--raw", str(raw), "--warehouse", str(db)).returncode == 0
    with duckdb.connect(str(db), read_only=True) as con:
        before = con.execute("select count(*) from marts.articles").fetchone()[0]  # type: ignore[index]
    good_pages(raw, 5, start=6, folder="more")

    stop = tmp_path / "stop"
    loops = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(db), str(stop)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for code in (DUCKDB_LOOP, SQLALCHEMY_LOOP)
    ]
    held = duckdb.connect(str(db), read_only=True)  # a BI tool's connection, open for the whole run
    seen: list[int] = []
    held_errors: list[str] = []
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            try:
                seen.append(held.execute("select count(*) from marts.articles").fetchone()[0])  # type: ignore[index]
            except Exception as e:
                held_errors.append(f"{type(e).__name__}: {e}")
            done.wait(0.2)

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        run = run_measured(winnow_env, "run", "--raw", str(raw), "--warehouse", str(db))
    finally:
        done.set()
        poller.join()
        stop.touch()
        reports = [json.loads(p.communicate(timeout=120)[0]) for p in loops]
    assert run.returncode == 0, run.stderr[-3000:]
    assert json.loads(run.stdout.strip().splitlines()[-1])["files_new"] == 5
    assert not held_errors, held_errors[:5]
    assert seen and set(seen) == {before}  # the held connection keeps its snapshot
    assert held.execute("select count(*) from marts.articles").fetchone() == (before,)
    held.close()
    for name, report in zip(("duckdb loop", "sqlalchemy loop"), reports, strict=True):
        print(f"\n{name}: {report['n']} connections, {report['n_errors']} errors, saw {report['counts']}")
        assert report["n"] > 10 and report["n_errors"] == 0, report["errors"]
        assert set(report["counts"]) <= {before, before + 5}
    with duckdb.connect(str(db), read_only=True) as con:  # a new connection sees the new load
        assert con.execute("select count(*) from marts.articles").fetchone() == (before + 5,)
