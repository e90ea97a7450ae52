"""winnow.duck: a run's DuckDB connections are capped, and live beside anyone else's."""

from __future__ import annotations

from pathlib import Path

import duckdb

from winnow import duck


def test_a_run_connection_is_capped_and_opens_beside_a_plain_one(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    duckdb.connect(str(db)).close()
    # a reader's plain connection first: DuckDB refuses a second one with another configuration
    with duckdb.connect(str(db), read_only=True), duck.connect(db, read_only=True) as ours:
        limit = ours.execute("select current_setting('memory_limit')").fetchone()
    assert limit is not None and 200 < float(str(limit[0]).split()[0]) < 250, limit  # 256MB, shown in MiB


def test_the_cap_takes_sizes_and_refuses_anything_else() -> None:
    assert duck.memory_limit(" 2GB ") == "2GB"
    assert duck.memory_limit("1.5GiB") == "1.5GiB"
    for bad in ("", "lots", "512MB'; drop table x; --", "-1GB"):
        try:
            duck.memory_limit(bad)
        except ValueError as e:
            assert "WINNOW_DUCKDB_MEMORY" in str(e)
        else:
            raise AssertionError(f"accepted {bad!r}")
