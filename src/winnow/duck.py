"""Opening DuckDB files the way a run does: with a memory cap.

DuckDB caches up to 80% of the machine's memory unless told otherwise; a run keeps every
connection it opens (and dbt's, through ``dbt/profiles.yml``) under ``WINNOW_DUCKDB_MEMORY``
(default 256MB) and lets DuckDB spill to disk beyond it, so a run's peak memory does not grow
with the warehouse.

The cap is what the flow's process grows by while it lands a large run: cold 100,000-page runs
made alternately in one sitting peaked (process tree) at 995 and 1,011 MB with 384MB, 869 and
885 MB with 256MB, and took 126 and 121 s against 119 and 114 s (dbt 11.3-11.6 s in all four).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb

MEMORY_VARIABLE, MEMORY_DEFAULT = "WINNOW_DUCKDB_MEMORY", "256MB"  # as Settings.duckdb_memory
SIZE_RE = re.compile(r"\d+(\.\d+)?\s*([KMGT]i?)?B", re.IGNORECASE)


def memory_limit(value: str | None = None) -> str:
    """``value`` (default: WINNOW_DUCKDB_MEMORY, read now, which dbt's profile reads too) if it
    is a size DuckDB reads (``512MB``, ``1.5GiB``); a clear error otherwise."""
    if value is None:
        value = os.environ.get(MEMORY_VARIABLE, MEMORY_DEFAULT)
    if not SIZE_RE.fullmatch(value.strip()):
        raise ValueError(f"WINNOW_DUCKDB_MEMORY must be a size such as 512MB or 2GB, not {value!r}")
    return value.strip()


def connect(path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to the DuckDB file at ``path`` under the run's memory cap.

    The cap is SET after connecting, not passed as configuration: DuckDB refuses a second
    connection to a file with a configuration other than that of a connection the same
    process already holds (a notebook's, say). The size, checked by ``memory_limit`` (digits
    and a unit, nothing else), is written into the statement rather than bound: binding any
    Python value makes duckdb import pandas (0.3 s), which a run with nothing new never needs.
    """
    limit = memory_limit()
    con = duckdb.connect(str(path), read_only=read_only)
    con.execute(f"set memory_limit = '{limit}'")
    return con


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """``begin`` … ``commit``, rolled back if the block raises, and the block's error (or the
    commit's) is the one raised: a commit that failed (a full disk) has ended the transaction
    already, and the rollback's own "no transaction is active" must not hide why."""
    con.execute("begin")
    try:
        yield con
        con.execute("commit")
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.execute("rollback")
        raise
