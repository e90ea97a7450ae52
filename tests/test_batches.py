"""winnow.batches: a batch's landing rows survive the trip through Parquet unchanged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from winnow import batches, discover, landing, parallel

ROOT = Path(__file__).resolve().parent.parent


def _rows(raw: Path) -> landing.Rows:
    found = discover.discover(raw, {})
    results = parallel.parse_batch(raw, found.todo)
    files = {f.path: f for f in found.todo}
    return landing.rows(results, files, run_id="r1", now=dt.datetime(2026, 11, 30, 12), max_year=2027)


def test_saved_rows_load_back_equal_and_land_the_same(tmp_path: Path) -> None:
    rows = _rows(ROOT / "raw")
    assert rows.landed.pages > 0 and rows.tables["metrics"].num_rows > 0
    back = batches.load(batches.save(rows, tmp_path / "b0"))
    assert back.paths == rows.paths and back.landed == rows.landed
    assert list(back.tables) == list(rows.tables)
    for table, data in rows.tables.items():
        assert back.tables[table].equals(data), table
    landed = {}
    for name, batch in (("direct", rows), ("parquet", back)):
        with duckdb.connect(str(tmp_path / f"{name}.duckdb")) as con:
            landing.ensure_schema(con)
            landing.write(con, batch)
            landed[name] = {
                t: con.execute(f"select * from landing.{t} order by all").fetchall() for t in batch.tables
            }
    assert landed["parquet"] == landed["direct"]


def test_a_folder_left_by_a_dead_task_is_refused_then_replaced(tmp_path: Path) -> None:
    rows = _rows(ROOT / "raw")
    folder = tmp_path / "b1"
    folder.mkdir()
    (folder / "pages.parquet").write_bytes(b"half a file")
    with pytest.raises(FileNotFoundError):
        batches.load(folder)
    batches.save(rows, folder)
    assert batches.load(folder).tables["pages"].equals(rows.tables["pages"])
