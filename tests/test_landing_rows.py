"""Landing rows built by the parse workers (``parallel.parse_to``) and written with ``landing.write``.

The run lands what the workers built: it must be what ``landing.rows`` makes of the parse
results in the parent, and skipping the deletes of files new to the manifest must still
replace the rows of changed files.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from pathlib import Path

import duckdb
import pyarrow as pa
from reliability_helpers import good_pages

from winnow import landing, parallel
from winnow.discover import discover

NOW = datetime(2026, 1, 1)


def test_rows_built_by_the_workers_equal_rows_built_from_the_parse_results(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    good_pages(raw, 60)  # enough for two workers
    found = discover(raw, {})
    (raw / found.new[7].path).unlink()  # quarantined by the worker that reads it
    files = {f.path: f for f in found.todo}
    to_rows = partial(landing.rows, run_id="r1", now=NOW, max_year=2027)
    built = list(parallel.parse_to(raw, found.todo, to_rows, workers=2, batch_size=20))
    results = parallel.parse_batch(raw, found.todo)
    want = to_rows(results, files)
    assert len(built) > 1
    assert [p for b in built for p in b.paths] == [f.path for f in found.todo]
    for table, rows in want.tables.items():
        got = pa.concat_tables([b.tables[table] for b in built])
        assert got.to_pylist() == rows.to_pylist(), table  # sentences: one dictionary a batch
    assert sum(b.landed.pages for b in built) == want.landed.pages == len(found.todo) - 1
    assert sum(b.landed.quarantined for b in built) == want.landed.quarantined == 1
    assert sum(b.landed.metrics for b in built) == want.landed.metrics > 0


def _write(con: duckdb.DuckDBPyConnection, rows: landing.Rows, fresh: frozenset[str]) -> None:
    con.execute("begin")
    landing.write(con, rows, fresh=fresh)
    con.execute("commit")


def _counts(con: duckdb.DuckDBPyConnection, path: str) -> list[int]:
    return [
        con.execute(f"select count(*) from landing.{t} where path = ?", [path]).fetchone()[0]  # type: ignore[index]
        for t in (*landing.PATH_TABLES, "files", "quarantine")
    ]


def test_a_changed_file_is_replaced_while_new_files_skip_their_deletes(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    good_pages(raw, 3)
    first = discover(raw, {})
    a, b, c = (f.path for f in first.new)
    con = duckdb.connect(str(tmp_path / "stage.duckdb"))
    landing.ensure_schema(con)
    to_rows = partial(landing.rows, run_id="r1", now=NOW, max_year=2027)
    files = {f.path: f for f in first.todo}
    _write(con, to_rows(parallel.parse_batch(raw, first.todo), files), frozenset(files))
    before = {p: _counts(con, p) for p in (a, b)}
    assert before[b][0] == 1 and before[b][2] > 0  # a page with metrics
    (raw / a).write_bytes((raw / b).read_bytes())  # a changes: now b's page
    (raw / c).write_bytes(b"")  # c changes: now empty, quarantined
    second = discover(raw, landing.read_manifest(con))
    assert sorted(f.path for f in second.changed) == sorted([a, c]) and not second.new
    again = to_rows(parallel.parse_batch(raw, second.todo), {f.path: f for f in second.todo})
    _write(con, again, frozenset(f.path for f in second.new))
    _write(con, again, frozenset())  # the same versions once more: replaced, never doubled
    assert _counts(con, a) == before[b]
    assert _counts(con, c) == [0] * len(landing.PATH_TABLES) + [1, 1]
    title_a, title_b = (
        con.execute("select title from landing.pages where path = ?", [p]).fetchone() for p in (a, b)
    )
    assert title_a == title_b
    con.close()
