"""Staging, atomic publishing, Parquet links and the run lock, on real DuckDB files and processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from winnow.publish import RunInProgress, Warehouse, export_parquet, prepare_staging, publish, run_lock


def _build(db: Path, n: int) -> None:
    with duckdb.connect(str(db)) as con:
        con.execute("create schema if not exists marts")
        con.execute(f"create or replace table marts.articles as select range as id from range({n})")


def _count(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select count(*) from marts.articles").fetchone()[0]  # type: ignore[index]


def test_publish_replaces_the_file_and_readers_keep_their_snapshot(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    staging = prepare_staging(wh)
    _build(staging, 3)
    publish(staging, wh, export_parquet(staging, wh, "r1", ["articles"]))
    reader = duckdb.connect(str(wh.db), read_only=True)  # a BI tool holding the file open
    staging = prepare_staging(wh)
    assert _count(staging) == 3  # the staging copy starts from the published load
    _build(staging, 5)
    publish(staging, wh, export_parquet(staging, wh, "r2", ["articles"]))
    assert reader.execute("select count(*) from marts.articles").fetchone() == (3,)
    reader.close()
    assert _count(wh.db) == 5
    assert duckdb.sql(f"select count(*) from '{wh.parquet / 'articles.parquet'}'").fetchone() == (5,)
    assert wh.parquet.is_symlink() and not list(wh.staging_dir.glob("*.duckdb"))


def test_unchanged_parquet_tables_are_hard_links(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    staging = prepare_staging(wh)
    _build(staging, 2)
    with duckdb.connect(str(staging)) as con:
        con.execute("create table marts.load_runs as select 1 as run")
    publish(staging, wh, export_parquet(staging, wh, "r1", ["articles", "load_runs"]))
    first = (wh.parquet / "articles.parquet").resolve()
    staging = prepare_staging(wh)
    publish(staging, wh, export_parquet(staging, wh, "r2", ["articles", "load_runs"], changed=["load_runs"]))
    second = (wh.parquet / "articles.parquet").resolve()
    assert first != second and first.stat().st_ino == second.stat().st_ino


def test_second_lock_holder_is_refused_and_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys,time; from pathlib import Path; from winnow.publish import Warehouse, run_lock\n"
         f"with run_lock(Warehouse(Path({str(wh.db)!r}))):\n print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    with pytest.raises(RunInProgress, match="another run is in progress"), run_lock(wh):
        pass
    holder.kill()
    holder.wait()
    with run_lock(wh):  # SIGKILL released it
        pass


def test_the_run_lock_is_not_re_entrant_a_second_take_in_the_same_process_is_another_run(
    tmp_path: Path,
) -> None:
    """The flow's Run takes the lock, once; nothing else may take it again and go on."""
    wh = Warehouse(tmp_path / "w.duckdb")
    with run_lock(wh), pytest.raises(RunInProgress, match=f"pid {os.getpid()}"), run_lock(wh):
        pass
    with run_lock(wh):  # released by the first holder
        pass
