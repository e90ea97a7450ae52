"""A batch's landing rows as a folder of Parquet files: how parse results travel between machines.

When parsing runs as Prefect tasks on other machines (a Dask cluster: ``winnow run --dask``,
bench/SCALING.md), each task parses one batch of files and saves its landing rows
(``landing.rows``) under a folder that the flow's machine can read too, one Parquet file per
landing table; then one task, the warehouse's only writer, loads every folder back and lands
it as a batch parsed at home would be (``landing.write``). ``batch.json``, written last and
renamed into place, says the folder is whole: a folder without it is from a task that died.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict
from pathlib import Path

import pyarrow.parquet as pq

from winnow.landing import Landed, Rows

MARKER = "batch.json"


def save(rows: Rows, folder: Path) -> Path:
    """Write ``rows`` under ``folder`` (replacing what a failed attempt left there); return it."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for table, data in rows.tables.items():
        pq.write_table(data, folder / f"{table}.parquet")
    about = {"paths": rows.paths, "tables": list(rows.tables), "landed": asdict(rows.landed)}
    tmp = folder / f".{MARKER}"
    tmp.write_text(json.dumps(about, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, folder / MARKER)
    return folder


def load(folder: Path) -> Rows:
    """The rows ``save`` wrote under ``folder``; FileNotFoundError if it never finished."""
    about = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    tables = {table: pq.read_table(folder / f"{table}.parquet") for table in about["tables"]}
    return Rows(about["paths"], tables, Landed(**about["landed"]))
