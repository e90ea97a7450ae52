"""Build a small warehouse for the dbt and data-quality tests: landing rows from SQL fixtures, then dbt.

Shared by tests/test_dbt_project.py and tests/test_quality.py (each builds once per module).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from flows.dbt import DbtOutcome, build_marts
from winnow import landing
from winnow.duck import transaction
from winnow.landing import ensure_schema

ROOT = Path(__file__).resolve().parent.parent
LANDING_SMALL = Path(__file__).resolve().parent / "fixtures" / "landing_small.sql"


def make_landing(db_path: Path, *extra_sql: str) -> Path:
    """Create ``db_path`` with the landing schema, the small fixture batch and any extra SQL."""
    with duckdb.connect(str(db_path)) as con:
        ensure_schema(con)
        con.execute(LANDING_SMALL.read_text(encoding="utf-8"))
        for sql in extra_sql:
            con.execute(sql)
    return db_path


def build_warehouse(work_dir: Path, *extra_sql: str) -> tuple[Path, DbtOutcome]:
    """A landing batch in ``work_dir/winnow.duckdb`` built by dbt as the flow does it."""
    db_path = make_landing(work_dir / "winnow.duckdb", *extra_sql)
    return db_path, build_marts(db_path, work_dir=work_dir)


def land(
    con: duckdb.DuckDBPyConnection, results, files, *, run_id: str, now, max_year: int
) -> landing.Landed:
    """Replace the landing rows of every file in ``results`` in one transaction, as a run's
    landing stage does (the flow lands batches the workers built)."""
    batch = landing.rows(results, files, run_id=run_id, now=now, max_year=max_year)
    with transaction(con):
        landing.write(con, batch)
    return batch.landed
