"""The landing schema: created from nothing, and brought up to date on an older warehouse."""

from __future__ import annotations

from pathlib import Path

import duckdb

from winnow import landing


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "select column_name from duckdb_columns() where schema_name = 'landing' and table_name = ? "
        "order by column_index",
        [table],
    ).fetchall()
    return [name for (name,) in rows]


def test_a_new_warehouse_gets_every_landing_table(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        landing.ensure_schema(con)
        landing.ensure_schema(con)  # idempotent: every run applies it
        for table in (*landing.PATH_TABLES, "files", "quarantine", "runs"):
            assert _columns(con, table), table
        cols = _columns(con, "pages")
        assert cols[cols.index("body") + 1] == "body_truncated" and "blocks" not in cols
        assert {"doi", "year", "doc_type", "source_site", "classification"} <= set(cols)
        assert _columns(con, "authors") == ["path", "sha256", "run_id", "position", "name", "affiliation"]
        assert list(cols) == landing.SCHEMAS["pages"].names  # what the parse workers write


def test_an_older_warehouse_loses_the_redundant_blocks_column_and_keeps_its_rows(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "old.duckdb")) as con:
        landing.ensure_schema(con)
        con.execute("alter table landing.pages add column blocks struct(kind varchar, text varchar)[]")
        con.execute(
            "insert into landing.pages"
            " (path, sha256, run_id, loaded_at, format, encoding, title, body, blocks) "
            "values ('a.txt', 'x', 'r1', now()::timestamp, 'text', 'utf-8', 'T', 'one\ntwo', "
            "[{'kind': 'paragraph', 'text': 'one'}, {'kind': 'paragraph', 'text': 'two'}])"
        )
        landing.ensure_schema(con)
        assert "blocks" not in _columns(con, "pages")
        assert con.execute("select path, body from landing.pages").fetchall() == [("a.txt", "one\ntwo")]
