"""One record shape: the landing column list (winnow.tables) against the DDL it makes, the Arrow
schemas, the record dataclasses, dbt's sources and the SQL the tests insert."""

from __future__ import annotations

import ast
import re
from dataclasses import fields
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
import yaml

from winnow import discover, landing, records, runlog, tables
from winnow.records import Article, Author, Block, Metric, ParseResult, RawFile, Related

ROOT = Path(__file__).resolve().parents[1]


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str, bool]]:
    return con.execute(
        "select column_name, data_type, is_nullable from duckdb_columns()"
        " where schema_name = 'landing' and table_name = ? order by column_index",
        [table],
    ).fetchall()


def test_the_ddl_makes_the_listed_columns_and_the_arrow_schemas_name_the_same() -> None:
    with duckdb.connect() as con:
        landing.ensure_schema(con)
        for table, columns in tables.TABLES.items():
            made = _columns(con, table)
            assert [name for name, _, _ in made] == [c.name for c in columns], table
            assert [kind.lower() for _, kind, _ in made] == [c.type for c in columns], table
            assert [nullable for _, _, nullable in made] == [
                not (c.not_null or c.primary_key) for c in columns
            ], table
            assert landing.SCHEMAS[table].names == [c.name for c in columns], table


def test_an_arrow_batch_of_every_table_lands_and_reads_back_as_its_duckdb_types() -> None:
    """Each column's Arrow type inserts into its DuckDB type without a cast going wrong."""
    import pyarrow as pa

    samples = {"varchar": "x", "integer": 7, "bigint": 2**40, "tinyint": -1, "double": 2.5, "boolean": True,
               "timestamp": datetime(2026, 12, 8, 1, 2, 3), "uinteger": 2**32 - 1}  # fmt: skip
    with duckdb.connect() as con:
        landing.ensure_schema(con)
        for table, columns in tables.TABLES.items():
            row = {c.name: [[samples[c.type[:-2]]] if c.type.endswith("[]") else samples[c.type]]
                   for c in columns}  # fmt: skip
            batch = pa.table(row, schema=landing.SCHEMAS[table])  # noqa: F841 - read by name below
            con.execute(f"insert into landing.{table} by name select * from batch")
            back = con.execute(f"select * from landing.{table}").fetchone()
            assert back is not None and list(back) == [row[c.name][0] for c in columns], table


def test_a_builder_that_misses_or_invents_a_column_fails_loudly() -> None:
    page = {name: [] for name in landing.SCHEMAS["authors"].names}
    assert landing._table("authors", page).num_rows == 0
    with pytest.raises(ValueError, match=r"missing \['affiliation'\]"):
        landing._table("authors", {k: v for k, v in page.items() if k != "affiliation"})
    with pytest.raises(ValueError, match=r"unknown \['nickname'\]"):
        landing._table("authors", {**page, "nickname": []})


def test_an_older_warehouse_gets_the_added_columns(tmp_path: Path) -> None:
    """A warehouse of the first release (no column marked added) is brought up to date."""
    with duckdb.connect(str(tmp_path / "old.duckdb")) as con:
        con.execute("create schema landing")
        for table, columns in tables.TABLES.items():
            first = ", ".join(c.sql() for c in columns if not c.added)
            con.execute(f"create table landing.{table} ({first})")
        landing.ensure_schema(con)
        for table, columns in tables.TABLES.items():
            assert sorted(n for n, _, _ in _columns(con, table)) == sorted(c.name for c in columns)


def test_the_record_fields_are_landing_columns() -> None:
    """What a record holds is landed under its own name (or deliberately elsewhere)."""
    pages = set(tables.names("pages"))
    apart = {"blocks": "body and headings", "author_details": "landing.authors"}
    assert {f.name for f in fields(Article)} - pages == set(apart)
    assert {"body", *landing.ARTICLE_COLUMNS} <= pages
    assert {f.name for f in fields(Metric)} <= set(tables.names("metrics"))
    assert {f.name for f in fields(Related)} <= set(tables.names("related"))
    assert {f.name for f in fields(Author)} <= set(tables.names("authors"))
    assert {f.name for f in fields(runlog.RunRecord)} == set(tables.names("runs"))
    assert set(tables.names("rejected_metrics")) == {*tables.names("metrics"), "reason"}


def test_landing_rows_fill_every_column_a_full_record_has(tmp_path: Path) -> None:
    """One page with every field set: no landed column of it is left empty."""
    article = Article(
        title="标题", journal="刊", citations=1, uploader="u", authors=["王一"], affiliation="所",
        abstract="摘要", keywords=["词"], headings=["一、"], blocks=[Block(kind="paragraph", text="正文")],
        doi="10.1/x", year=2020, volume="1", issue="2", pages="1-2", classification=["F3"], fund="基金",
        doc_type="journal_article", degree="硕士", advisor="李", source_site="cnki",
        author_details=[Author(name="王一", affiliation="所")],
    )  # fmt: skip
    metric = Metric(
        mention="5个", char_start=0, char_end=2, sentence="有5个。", value=5.0, unit="个",
        unit_family="count", indicator="村", region="江西省", region_code="360000",
        region_level="province", period_year=2020, period_text="2020年", related_position=1,
        source="related",
    )  # fmt: skip
    result = ParseResult(
        path="a.html", sha256="s", format="html", encoding="utf-8", status="ok", article=article,
        repaired="gb18030>utf-8", minhash=list(range(64)),
        related=[Related(position=1, doc_type="期刊", text="文", title="题", truncated=False)],
        metrics=[metric],
    )  # fmt: skip
    batch = landing.rows(
        [result], {"a.html": RawFile(path="a.html", sha256="s", size=1, mtime_ns=1)},
        run_id="r", now=datetime(2026, 12, 8), max_year=2027,
    )  # fmt: skip
    derived_may_be_empty = {"reason", "indicator_code", "measure", "direction"}
    for table in ("files", "pages", "authors", "related", "metrics"):
        got = batch.tables[table].to_pylist()
        assert len(got) == 1, table
        empty = {k for k, v in got[0].items() if v is None} - derived_may_be_empty
        assert not empty, (table, empty)


def test_dbt_declares_every_landing_table_as_a_source() -> None:
    sources = yaml.safe_load((ROOT / "dbt/models/staging/_staging__sources.yml").read_text(encoding="utf-8"))
    (landing_source,) = [s for s in sources["sources"] if s["name"] == "landing"]
    assert [t["name"] for t in landing_source["tables"]] == list(tables.TABLES)


INSERT = re.compile(r"insert\s+into\s+landing\.(\w+)\s+values", re.IGNORECASE)


def test_the_tests_insert_landing_rows_by_column_name() -> None:
    """An insert by position breaks silently when a column is added in the middle."""
    files = [*ROOT.joinpath("tests").rglob("*.py"), *ROOT.joinpath("tests").rglob("*.sql")]
    positional = [
        f"{p.relative_to(ROOT)}: landing.{m.group(1)}"
        for p in files
        for m in INSERT.finditer(p.read_text(encoding="utf-8"))
        if p.name != Path(__file__).name
    ]
    assert not positional, "insert by column name:\n" + "\n".join(positional)


# The records that some code builds by position, with their fields in the order it relies on:
# reordering one (or adding a field before the last) must be a conscious change here and there.
FIELD_ORDER = {
    "Metric": ["mention", "char_start", "char_end", "sentence", "value", "unit", "unit_family", "qualifier",
               "indicator", "region", "region_code", "region_level", "period_year", "period_text",
               "is_target", "source", "related_position"],
    "ParseResult": ["path", "sha256", "format", "encoding", "status", "reason", "detail", "article",
                    "repaired", "related", "metrics", "size", "mtime_ns", "minhash"],
    "RawFile": ["path", "sha256", "size", "mtime_ns", "dev", "ino"],
    "Block": ["kind", "text"],
    "Author": ["name", "affiliation"],
    "Related": ["position", "doc_type", "text", "title", "truncated"],
    "ManifestEntry": ["sha256", "size", "mtime_ns"],
}  # fmt: skip
RECORDS = {
    "Metric": Metric, "ParseResult": ParseResult, "RawFile": RawFile, "Block": Block, "Author": Author,
    "Related": Related, "ManifestEntry": discover.ManifestEntry,
}  # fmt: skip


def _positional_calls() -> set[str]:
    """Names of the records some code in the repository builds with two or more positional arguments."""
    found = set()
    for folder in ("src", "flows", "bench", "tests"):
        for path in ROOT.joinpath(folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and len(node.args) >= 2:
                    name = getattr(node.func, "id", getattr(node.func, "attr", None))
                    if name in RECORDS or name in vars(records):
                        found.add(str(name))
    return found


def test_records_built_by_position_keep_their_field_order() -> None:
    built = _positional_calls()
    unpinned = built - set(FIELD_ORDER)
    assert not unpinned, f"built by position but no field order pinned here: {sorted(unpinned)}"
    for name, order in FIELD_ORDER.items():
        cls = RECORDS[name]
        assert [f.name for f in fields(cls)] == order, name
