"""Scaling out (bench/SCALING.md), at small scale: ``winnow run --dask local`` maps a parse task
over the batches on Prefect's DaskTaskRunner (a cluster of worker processes started for the
run), the tasks save Parquet batches, one task lands them; the warehouse equals the one the
process pool builds, on a first run and on a run with a changed and a new file. A run with
nothing new starts no cluster."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from reliability_helpers import good_pages, marts_fingerprint, run_measured

from winnow.publish import Warehouse

pytestmark = pytest.mark.slow
PAGES = 420  # three batches of up to 200 files: the pieces are really mapped


def _run(env: dict[str, str], raw: Path, db: Path, *extra: str) -> dict:
    done = run_measured(env, "run", "--raw", str(raw), "--warehouse", str(db), *extra)
    assert done.returncode == 0, done.stderr[-3000:]
    record = json.loads(done.stdout.strip().splitlines()[-1])
    record["batch_tasks"] = len(set(re.findall(r"Task run '(parse_to_parquet-\w+)'", done.stderr)))
    record["started_cluster"] = "Creating a new Dask cluster" in done.stderr  # prefect-dask's log line
    return record


def test_parsing_on_dask_builds_the_warehouse_the_pool_builds(tmp_path: Path, prefect_api: str) -> None:
    env = {**os.environ, "PREFECT_API_URL": str(prefect_api), "WINNOW_SEARCH_INDEX": "off"}
    raw = tmp_path / "raw"
    good_pages(raw, PAGES)
    pool, dask = tmp_path / "pool" / "winnow.duckdb", tmp_path / "dask" / "winnow.duckdb"

    first = {"pool": _run(env, raw, pool), "dask": _run(env, raw, dask, "--dask", "local")}
    assert first["dask"]["articles_loaded"] == first["pool"]["articles_loaded"] == PAGES
    assert first["dask"]["metrics_loaded"] == first["pool"]["metrics_loaded"] > 0
    assert (first["dask"]["batch_tasks"], first["pool"]["batch_tasks"]) == (3, 0)
    assert first["dask"]["started_cluster"] and not first["pool"]["started_cluster"]
    assert marts_fingerprint(dask) == marts_fingerprint(pool)

    changed = raw / "good" / "page-005.txt"  # plain UTF-8 text (see reliability_helpers.STYLES)
    changed.write_text(changed.read_text(encoding="utf-8").replace("一、基本情况", "一、总体情况"), "utf-8")
    good_pages(raw, 1, start=PAGES)
    second = {"pool": _run(env, raw, pool), "dask": _run(env, raw, dask, "--dask", "local")}
    for record in second.values():
        assert (record["files_new"], record["files_changed"], record["articles_loaded"]) == (1, 1, 2)
    assert second["dask"]["batch_tasks"] == 1
    assert marts_fingerprint(dask) == marts_fingerprint(pool)
    assert not list(Warehouse(dask).batch_dir.glob("*")), "batches left behind"

    third = _run(env, raw, dask, "--dask", "local")  # nothing new: the cluster is never needed
    assert (third["status"], third["batch_tasks"], third["started_cluster"]) == ("nothing_new", 0, False)
