"""Opening DuckDB files the way a run does: with a memory cap.

DuckDB caches up to 80% of the machine's memory unless told otherwise; a run keeps every
connection it opens (and dbt's, through ``dbt/profiles.yml``) under ``WINNOW_DUCKDB_MEMORY``
(default 512MB) and lets DuckDB spill to disk beyond it, so a run's peak memory does not grow
with the warehouse.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

MEMORY_LIMIT = os.environ.get("WINNOW_DUCKDB_MEMORY", "512MB")


def connect(path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to the DuckDB file at ``path`` under the run's memory cap.

    The cap is SET after connecting, not passed as configuration: DuckDB refuses a second
    connection to a file with a configuration other than that of a connection the same
    process already holds (a notebook's, say).
    """
    con = duckdb.connect(str(path), read_only=read_only)
    con.execute("set memory_limit = ?", [MEMORY_LIMIT])
    return con
