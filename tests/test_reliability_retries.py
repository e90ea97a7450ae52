"""Retries: a stage that touches the database retries a transient error (a locked file) with
backoff, and gives up with a clear message.

The transient error is real: another process holds DuckDB's write lock on the staging file.
The stage is the pipeline's own Prefect task (`flows.pipeline.find`, configured with
IO_RETRIES), run by Prefect against the session's test server.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from reliability_helpers import good_pages

from winnow import landing

pytestmark = pytest.mark.slow

HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("held", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def _hold(db: Path, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


@pytest.fixture
def staging(tmp_path: Path) -> Path:
    db = tmp_path / "staging.duckdb"
    with duckdb.connect(str(db)) as con:
        landing.ensure_schema(con)
    return db


@pytest.fixture
def attempts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """The times at which the pipeline opened a DuckDB file (one per attempt of `find`)."""
    import flows.pipeline

    seen: list[float] = []
    real = duckdb.connect

    def counting(*args: object, **kwargs: object) -> duckdb.DuckDBPyConnection:
        seen.append(time.monotonic())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(flows.pipeline.duckdb, "connect", counting)
    yield seen


def test_a_locked_database_is_retried_with_backoff(
    tmp_path: Path, staging: Path, attempts: list[float], prefect_api: str
) -> None:
    from flows.pipeline import IO_RETRIES, find

    raw = tmp_path / "raw"
    good = good_pages(raw, 2)
    holder = _hold(staging, 2.5)  # released while `find` waits between attempts
    try:
        found = find(raw, staging, False, None)
    finally:
        holder.wait(timeout=60)
    assert sorted(f.path for f in found.new) == sorted(good)
    assert 2 <= len(attempts) <= 1 + IO_RETRIES["retries"]
    gaps = [b - a for a, b in itertools.pairwise(attempts)]
    assert all(g >= 0.9 for g in gaps), gaps  # backoff, not a busy loop (1 s, then 2 s, …)
    print(f"\nlocked staging file: {len(attempts)} attempts, gaps {[round(g, 1) for g in gaps]} s")


def test_a_lock_that_is_never_released_gives_up_with_a_clear_message(
    tmp_path: Path, staging: Path, attempts: list[float], prefect_api: str
) -> None:
    from flows.pipeline import IO_RETRIES, find

    raw = tmp_path / "raw"
    good_pages(raw, 1)
    holder = _hold(staging, 120)
    try:
        with pytest.raises(duckdb.IOException, match=r"(?i)lock") as err:
            find(raw, staging, False, None)
    finally:
        holder.kill()
        holder.wait()
    assert len(attempts) == 1 + IO_RETRIES["retries"]
    assert str(staging) in str(err.value)
    print(f"\ngave up after {len(attempts)} attempts: {str(err.value).splitlines()[0][:200]}")
