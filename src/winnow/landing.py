"""Write parse results into the ``landing`` schema in Arrow batches (never a row at a time).

Rows of a raw file are keyed by its path: landing a file's new version first deletes the
rows of its earlier one, inside the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from typing import Any

import duckdb
import pyarrow as pa

from winnow.discover import ManifestEntry
from winnow.records import Metric, ParseResult, RawFile
from winnow.runlog import RunRecord

PATH_TABLES = ("pages", "related", "metrics", "rejected_metrics")
BLOCKS = pa.list_(pa.struct([("kind", pa.string()), ("text", pa.string())]))
STRINGS = pa.list_(pa.string())


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(resources.files("winnow").joinpath("landing_schema.sql").read_text(encoding="utf-8"))


def read_manifest(con: duckdb.DuckDBPyConnection) -> dict[str, ManifestEntry]:
    rows = con.execute("select path, sha256, size, mtime_ns from landing.files").fetchall()
    return {path: ManifestEntry(sha, size, mtime) for path, sha, size, mtime in rows}


@dataclass(slots=True)
class Landed:
    pages: int = 0
    quarantined: int = 0
    metrics: int = 0
    rejected: int = 0


def _insert(
    con: duckdb.DuckDBPyConnection, table: str, rows: dict[str, list[Any]], schema: pa.Schema
) -> None:
    if not next(iter(rows.values()), None):
        return
    batch = pa.table(rows, schema=schema)  # noqa: F841 - read by name in the SQL below
    con.execute(f"insert into landing.{table} by name select * from batch")


def _columns(names: Iterable[str]) -> dict[str, list[Any]]:
    return {n: [] for n in names}


PAGE_SCHEMA = pa.schema(
    [
        ("path", pa.string()), ("sha256", pa.string()), ("run_id", pa.string()),
        ("loaded_at", pa.timestamp("us")), ("format", pa.string()), ("encoding", pa.string()),
        ("title", pa.string()), ("journal", pa.string()), ("citations", pa.int32()),
        ("uploader", pa.string()), ("authors", STRINGS), ("affiliation", pa.string()),
        ("abstract", pa.string()), ("keywords", STRINGS), ("headings", STRINGS),
        ("body", pa.string()), ("blocks", BLOCKS),
    ]
)  # fmt: skip
RELATED_SCHEMA = pa.schema(
    [
        ("path", pa.string()), ("sha256", pa.string()), ("run_id", pa.string()),
        ("position", pa.int32()), ("doc_type", pa.string()), ("title", pa.string()),
        ("text", pa.string()), ("truncated", pa.bool_()),
    ]
)  # fmt: skip
METRIC_FIELDS: list[tuple[str, pa.DataType]] = [
    ("path", pa.string()), ("sha256", pa.string()), ("run_id", pa.string()), ("seq", pa.int32()),
    ("source", pa.string()), ("related_position", pa.int32()), ("mention", pa.string()),
    ("char_start", pa.int32()), ("char_end", pa.int32()), ("sentence", pa.string()),
    ("value", pa.float64()), ("unit", pa.string()), ("unit_family", pa.string()),
    ("qualifier", pa.string()), ("indicator", pa.string()), ("region", pa.string()),
    ("region_code", pa.string()), ("region_level", pa.string()), ("period_year", pa.int32()),
    ("period_text", pa.string()), ("is_target", pa.bool_()),
]  # fmt: skip
METRIC_SCHEMA = pa.schema(METRIC_FIELDS)
REJECTED_SCHEMA = pa.schema([*METRIC_FIELDS, ("reason", pa.string())])
FILE_SCHEMA = pa.schema(
    [
        ("path", pa.string()), ("sha256", pa.string()), ("size", pa.int64()), ("mtime_ns", pa.int64()),
        ("format", pa.string()), ("encoding", pa.string()), ("status", pa.string()),
        ("reason", pa.string()), ("run_id", pa.string()), ("loaded_at", pa.timestamp("us")),
    ]
)  # fmt: skip
QUARANTINE_SCHEMA = pa.schema(
    [
        ("path", pa.string()), ("sha256", pa.string()), ("reason", pa.string()), ("detail", pa.string()),
        ("run_id", pa.string()), ("quarantined_at", pa.timestamp("us")),
    ]
)  # fmt: skip


def _metric_row(cols: dict[str, list[Any]], m: Metric, r: ParseResult, run_id: str, seq: int) -> None:
    for name, value in (("path", r.path), ("sha256", r.sha256), ("run_id", run_id), ("seq", seq)):
        cols[name].append(value)
    for name, _ in METRIC_FIELDS[4:]:
        cols[name].append(getattr(m, name))


def land(
    con: duckdb.DuckDBPyConnection,
    results: Sequence[ParseResult],
    files: dict[str, RawFile],
    *,
    run_id: str,
    now: datetime,
    max_year: int,
) -> Landed:
    """Replace the landing rows of every file in ``results`` with its new version, in one transaction."""
    from winnow.metric_checks import reject_reason

    out = Landed()
    pages, related = _columns(PAGE_SCHEMA.names), _columns(RELATED_SCHEMA.names)
    metrics, rejected = _columns(METRIC_SCHEMA.names), _columns(REJECTED_SCHEMA.names)
    manifest, quarantine = _columns(FILE_SCHEMA.names), _columns(QUARANTINE_SCHEMA.names)
    for r in results:
        f = files[r.path]
        for name, value in zip(
            FILE_SCHEMA.names,
            (r.path, r.sha256, f.size, f.mtime_ns, r.format, r.encoding, r.status, r.reason, run_id, now),
            strict=True,
        ):
            manifest[name].append(value)
        if r.status != "ok" or r.article is None:
            out.quarantined += 1
            for name, value in zip(
                QUARANTINE_SCHEMA.names, (r.path, r.sha256, r.reason, r.detail, run_id, now), strict=True
            ):
                quarantine[name].append(value)
            continue
        out.pages += 1
        a = r.article
        row = (
            r.path, r.sha256, run_id, now, r.format, r.encoding, a.title, a.journal, a.citations,
            a.uploader, a.authors, a.affiliation, a.abstract, a.keywords, a.headings, a.body,
            [{"kind": b.kind, "text": b.text} for b in a.blocks],
        )  # fmt: skip
        for name, value in zip(PAGE_SCHEMA.names, row, strict=True):
            pages[name].append(value)
        for rel in r.related:
            row2 = (r.path, r.sha256, run_id, rel.position, rel.doc_type, rel.title, rel.text, rel.truncated)
            for name, value in zip(RELATED_SCHEMA.names, row2, strict=True):
                related[name].append(value)
        for seq, m in enumerate(r.metrics):
            reason = reject_reason(m, max_year=max_year)
            if reason is None:
                out.metrics += 1
                _metric_row(metrics, m, r, run_id, seq)
            else:
                out.rejected += 1
                _metric_row(rejected, m, r, run_id, seq)
                rejected["reason"].append(reason)
    paths = pa.table({"path": [r.path for r in results]})  # noqa: F841 - read by name in the SQL below
    con.execute("begin")
    try:
        for table in (*PATH_TABLES, "files"):
            con.execute(f"delete from landing.{table} where path in (select path from paths)")
        _insert(con, "files", manifest, FILE_SCHEMA)
        qbatch = pa.table({"path": quarantine["path"], "sha256": quarantine["sha256"]})  # noqa: F841
        con.execute(
            "delete from landing.quarantine where (path, sha256) in (select path, sha256 from qbatch)"
        )
        _insert(con, "quarantine", quarantine, QUARANTINE_SCHEMA)
        _insert(con, "pages", pages, PAGE_SCHEMA)
        _insert(con, "related", related, RELATED_SCHEMA)
        _insert(con, "metrics", metrics, METRIC_SCHEMA)
        _insert(con, "rejected_metrics", rejected, REJECTED_SCHEMA)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return out


def touch(con: duckdb.DuckDBPyConnection, files: Sequence[RawFile]) -> None:
    """Record the new modification time of files whose content did not change."""
    if not files:
        return
    batch = pa.table(  # noqa: F841 - read by name in the SQL below
        {"path": [f.path for f in files], "mtime_ns": [f.mtime_ns for f in files]}
    )
    con.execute(
        "update landing.files set mtime_ns = batch.mtime_ns from batch where landing.files.path = batch.path"
    )


def reset(con: duckdb.DuckDBPyConnection) -> None:
    """Forget every processed file (for --full-refresh); runs and regions are kept."""
    for table in (*PATH_TABLES, "files"):
        con.execute(f"delete from landing.{table}")


def write_regions(
    con: duckdb.DuckDBPyConnection, rows: Sequence[tuple[str, str, str | None, str, str | None]]
) -> None:
    """Replace the gazetteer in ``landing.regions``."""
    names = ["region_code", "name", "short_name", "level", "parent_code"]
    batch = pa.table({n: [r[i] for r in rows] for i, n in enumerate(names)})  # noqa: F841
    con.execute("begin")
    con.execute("delete from landing.regions")
    con.execute("insert into landing.regions by name select * from batch")
    con.execute("commit")


def sync_runs(con: duckdb.DuckDBPyConnection, runs: Sequence[RunRecord]) -> None:
    """Upsert run records into ``landing.runs`` (the ledger is the source of truth)."""
    if not runs:
        return
    rows = [r.to_json() for r in runs]
    batch = pa.Table.from_pylist(rows)  # noqa: F841 - read by name in the SQL below
    con.execute("begin")
    con.execute("delete from landing.runs where run_id in (select run_id from batch)")
    con.execute(
        "insert into landing.runs by name select * replace "
        "(started_at::timestamp as started_at, finished_at::timestamp as finished_at) from batch"
    )
    con.execute("commit")
