"""Write parse results into the ``landing`` schema in Arrow batches (never a row at a time).

Rows of a raw file are keyed by its path: landing a file's new version first deletes the
rows of its earlier one, inside the same transaction.
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from winnow import collector, tables
from winnow.discover import ManifestEntry
from winnow.indicators import classify
from winnow.records import Article, Author, Metric, ParseResult, RawFile
from winnow.runlog import RunRecord
from winnow.settings import Thresholds

if TYPE_CHECKING:  # not imported at run time: the parse workers build rows without it
    import duckdb

PATH_TABLES = ("pages", "related", "metrics", "rejected_metrics", "authors")
DDL = tables.ddl()


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the landing tables, or bring an older warehouse's up to date (winnow.tables)."""
    con.execute(DDL)


# Passing troubles: the next run looks at the file again.
RETRY_REASONS = ("vanished", "unreadable", "replaced", "growing")
_RETRY = ", ".join(f"'{r}'" for r in RETRY_REASONS)
MANIFEST_SQL = (
    f"select path, if(reason in ({_RETRY}), '', sha256) as sha256, size,"
    f" if(reason in ({_RETRY}), 0, mtime_ns) as mtime_ns from landing.files"
)


def read_manifest(con: duckdb.DuckDBPyConnection) -> dict[str, ManifestEntry]:
    """Path → the version last processed; files that vanished or could not be read while being
    parsed get an empty fingerprint, so the next run reads them again.

    The retry reasons are written into the SQL (a constant), not bound: binding any Python
    value makes duckdb import pandas (0.3 s), which a run with nothing new never needs."""
    cols = con.execute(MANIFEST_SQL).fetchnumpy()  # by column: no tuple per row
    with collector.paused():
        paths, shas, sizes, mtimes = (cols[c].tolist() for c in ("path", "sha256", "size", "mtime_ns"))
        return dict(zip(paths, map(ManifestEntry, shas, sizes, mtimes), strict=True))


@dataclass(slots=True)
class Landed:
    pages: int = 0
    quarantined: int = 0
    metrics: int = 0
    rejected: int = 0

    def add(self, other: Landed) -> None:
        self.pages += other.pages
        self.quarantined += other.quarantined
        self.metrics += other.metrics
        self.rejected += other.rejected


_ARROW: dict[str, pa.DataType] = {
    "varchar": pa.string(), "integer": pa.int32(), "bigint": pa.int64(), "tinyint": pa.int8(),
    "double": pa.float64(), "boolean": pa.bool_(), "timestamp": pa.timestamp("us"), "uinteger": pa.uint32(),
}  # fmt: skip


def arrow_type(column: tables.Column) -> pa.DataType:
    """The Arrow type a landing column is written with (its DuckDB type, read back as it)."""
    if column.type.endswith("[]"):
        return pa.list_(_ARROW[column.type[:-2]])
    if column.dictionary:
        return pa.dictionary(pa.int32(), _ARROW[column.type])
    return _ARROW[column.type]


# landing table → the Arrow schema of its batches, made from the one column list (winnow.tables).
SCHEMAS: dict[str, pa.Schema] = {
    table: pa.schema([(c.name, arrow_type(c)) for c in columns]) for table, columns in tables.TABLES.items()
}
# Columns of landing.pages read straight off the Article (its body: the blocks joined).
ARTICLE_COLUMNS = [n for n in tables.names("pages") if n in {f.name for f in fields(Article)} | {"body"}]


def _table(name: str, columns: dict[str, list[Any]]) -> pa.Table:
    """The batch of landing table ``name``; every column of the table, and no other, must be given
    (``pa.table`` drops a column the schema lacks without a word)."""
    schema = SCHEMAS[name]
    if columns.keys() != set(schema.names):
        missing, extra = set(schema.names) - columns.keys(), columns.keys() - set(schema.names)
        raise ValueError(f"landing.{name}: columns missing {sorted(missing)}, unknown {sorted(extra)}")
    return pa.table(columns, schema=schema)


@dataclass(slots=True)
class _MetricRows:
    """Metric mentions bound for one landing table, with the page each came from and its order there."""

    paths: list[str] = field(default_factory=list)
    shas: list[str] = field(default_factory=list)
    seqs: list[int] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)

    def add(self, r: ParseResult, seq: int, m: Metric) -> None:
        self.paths.append(r.path)
        self.shas.append(r.sha256)
        self.seqs.append(seq)
        self.metrics.append(m)

    def columns(self, run_id: str, *, sentence_once: bool = False) -> dict[str, list[Any]]:
        """A column per column of landing.metrics, each read with a plain attribute access: a third
        of the time of ``operator.attrgetter`` for each field (50,000 mentions: 22 against 85 ms).
        The canonical indicator of each mention is found here, in the worker that parsed it.

        ``sentence_once``: a sentence is stored on the first of its file's mentions only (null on
        the others, which share its ``sentence_no``): a file of a few long sentences and many
        numbers must not store each sentence once per mention (DuckDB keeps a string over about
        4 KB whole in every row that holds it)."""
        ms = self.metrics
        coded = [classify(m.indicator, m.unit, m.unit_family, m.sentence, m.mention) for m in ms]
        numbered: dict[tuple[str, str], int] = {}
        per_file: dict[str, int] = {}
        sentence_no: list[int] = []
        sentences: list[str | None] = []
        for path, m in zip(self.paths, ms, strict=True):
            n = numbered.get((path, m.sentence))
            first = n is None
            if n is None:
                n = numbered[path, m.sentence] = per_file.get(path, 0)
                per_file[path] = n + 1
            sentence_no.append(n)
            sentences.append(m.sentence if first or not sentence_once else None)
        return {
            "path": self.paths, "sha256": self.shas, "run_id": [run_id] * len(ms), "seq": self.seqs,
            "source": [m.source for m in ms], "related_position": [m.related_position for m in ms],
            "mention": [m.mention for m in ms], "char_start": [m.char_start for m in ms],
            "char_end": [m.char_end for m in ms], "sentence": _dictionary(sentences),
            "value": [m.value for m in ms], "unit": [m.unit for m in ms],
            "unit_family": [m.unit_family for m in ms], "qualifier": [m.qualifier for m in ms],
            "indicator": [m.indicator for m in ms], "region": [m.region for m in ms],
            "region_code": [m.region_code for m in ms], "region_level": [m.region_level for m in ms],
            "period_year": [m.period_year for m in ms], "period_text": [m.period_text for m in ms],
            "is_target": [m.is_target for m in ms],
            "indicator_code": [c[0] if c else None for c in coded],
            "measure": [c[1] if c else None for c in coded],
            "direction": [c[2] if c else None for c in coded],
            "sentence_no": sentence_no,
        }  # fmt: skip


def _dictionary(values: list[str | None]) -> pa.DictionaryArray:
    """``values`` as a dictionary array: each distinct string stored once (a sentence of a
    thousand numbers is one string, not a thousand copies of it)."""
    index: dict[str, int] = {}
    codes = [None if v is None else index.setdefault(v, len(index)) for v in values]
    return pa.DictionaryArray.from_arrays(pa.array(codes, pa.int32()), pa.array(list(index), pa.string()))


@dataclass(slots=True)
class Rows:
    """The landing rows of a batch of parse results, as one Arrow table per landing table.

    Built where the batch was parsed (a worker process): the parent, whose core the workers
    need, then only inserts them. Arrow tables travel between processes as a few buffers each.
    """

    paths: list[str]  # every file of the batch, whose earlier rows the new ones replace
    tables: dict[str, pa.Table]  # landing table → its new rows, in insertion order
    landed: Landed


def rows(
    results: Sequence[ParseResult],
    files: Mapping[str, RawFile],
    *,
    run_id: str,
    now: datetime,
    max_year: int,
    min_year: int = Thresholds().min_year,
    target_horizon: int = Thresholds().target_horizon,
) -> Rows:
    """The landing rows of ``results`` (``files``: the sizes and times of their paths, at least).

    A page that breaks a record contract (``winnow.contracts``) is quarantined here, with the
    contract's name as its reason; the manifest keeps the size and time the reader saw."""
    from winnow.contracts import violation
    from winnow.metric_checks import reject_reason

    for r in results:
        if r.status == "ok" and r.article is not None and (broken := violation(r.article)) is not None:
            r.status, r.reason, r.detail, r.article, r.related, r.metrics = (
                "quarantined",
                *broken,
                None,
                [],
                [],
            )
    ok = [r for r in results if r.status == "ok" and r.article is not None]
    bad = [r for r in results if not (r.status == "ok" and r.article is not None)]
    n = len(results)
    sizes = [files[r.path] for r in results]
    manifest: dict[str, list[Any]] = {
        "path": [r.path for r in results], "sha256": [r.sha256 for r in results],
        "size": [f.size if r.size is None else r.size for r, f in zip(results, sizes, strict=True)],
        "mtime_ns": [f.mtime_ns if r.mtime_ns is None else r.mtime_ns
                     for r, f in zip(results, sizes, strict=True)],
        "format": [r.format for r in results], "encoding": [r.encoding for r in results],
        "status": [r.status for r in results], "reason": [r.reason for r in results],
        "run_id": [run_id] * n, "loaded_at": [now] * n,
    }  # fmt: skip
    quarantine: dict[str, list[Any]] = {
        "path": [r.path for r in bad], "sha256": [r.sha256 for r in bad], "reason": [r.reason for r in bad],
        "detail": [r.detail for r in bad], "run_id": [run_id] * len(bad), "quarantined_at": [now] * len(bad),
    }  # fmt: skip
    arts = [r.article for r in ok]
    pages: dict[str, list[Any]] = {
        "path": [r.path for r in ok], "sha256": [r.sha256 for r in ok], "run_id": [run_id] * len(ok),
        "loaded_at": [now] * len(ok), "format": [r.format for r in ok], "encoding": [r.encoding for r in ok],
        **{name: [getattr(a, name) for a in arts] for name in ARTICLE_COLUMNS},
        **_page_extras(ok),
        "encoding_repair": [r.repaired for r in ok],
    }  # fmt: skip
    people = [(r, i, au) for r in ok for i, au in enumerate(authors_of(r.article), 1)]  # type: ignore[arg-type]
    authors: dict[str, list[Any]] = {
        "path": [r.path for r, _, _ in people], "sha256": [r.sha256 for r, _, _ in people],
        "run_id": [run_id] * len(people), "position": [i for _, i, _ in people],
        "name": [au.name for _, _, au in people], "affiliation": [au.affiliation for _, _, au in people],
    }  # fmt: skip
    rels = [(r, rel) for r in ok for rel in r.related]
    related: dict[str, list[Any]] = {
        "path": [r.path for r, _ in rels], "sha256": [r.sha256 for r, _ in rels],
        "run_id": [run_id] * len(rels), "position": [x.position for _, x in rels],
        "doc_type": [x.doc_type for _, x in rels],
        "title": [x.title for _, x in rels], "text": [x.text for _, x in rels],
        "truncated": [x.truncated for _, x in rels],
    }  # fmt: skip
    kept, dropped = _MetricRows(), _MetricRows()
    reasons: list[str] = []
    for r in ok:
        for seq, m in enumerate(r.metrics):
            reason = reject_reason(m, max_year=max_year, min_year=min_year, target_horizon=target_horizon)
            if reason is None:
                kept.add(r, seq, m)
            else:
                dropped.add(r, seq, m)
                reasons.append(reason)
    batches = {
        "files": _table("files", manifest),
        "quarantine": _table("quarantine", quarantine),
        "pages": _table("pages", pages),
        "authors": _table("authors", authors),
        "related": _table("related", related),
        "metrics": _table("metrics", kept.columns(run_id, sentence_once=True)),
        "rejected_metrics": _table("rejected_metrics", {**dropped.columns(run_id), "reason": reasons}),
    }
    landed = Landed(len(ok), len(bad), len(kept.metrics), len(dropped.metrics))
    return Rows(manifest["path"], batches, landed)


def _page_extras(ok: Sequence[ParseResult]) -> dict[str, list[Any]]:
    """The simplified-script forms of a page's names and its near-duplicate band keys."""
    from winnow.neardup import bands
    from winnow.spelling import simplified, simplified_all

    arts = [r.article for r in ok if r.article is not None]
    return {
        "title_simplified": [simplified(a.title) for a in arts],
        "journal_simplified": [simplified(a.journal) for a in arts],
        "authors_simplified": [simplified_all(a.authors) for a in arts],
        "keywords_simplified": [simplified_all(a.keywords) for a in arts],
        "affiliation_simplified": [simplified(a.affiliation) for a in arts],
        "minhash": [r.minhash for r in ok],
        "minhash_bands": [bands(r.minhash) for r in ok],
    }


def authors_of(article: Article) -> list[Author]:
    """The article's authors with their affiliations; the name list alone where the page paired none."""
    if article.author_details:
        return article.author_details
    only = article.affiliation if len(article.authors) == 1 else None
    return [Author(name, only) for name in article.authors]


def write(con: duckdb.DuckDBPyConnection, batch: Rows, *, fresh: Container[str] = frozenset()) -> None:
    """Replace the landing rows of the batch's files with its rows, in the caller's transaction.

    ``fresh``: paths known to have no rows in landing (files new to the manifest); their
    deletes are skipped, each of which would otherwise scan a whole table that grows all run.
    The quarantine keeps rows of earlier versions (across --full-refresh too), so it is
    always cleared of the versions the batch quarantines again.
    """
    paths = pa.table({"path": [p for p in batch.paths if p not in fresh]})
    if paths.num_rows:
        for table in (*PATH_TABLES, "files"):
            con.execute(f"delete from landing.{table} where path in (select path from paths)")
    qbatch = batch.tables["quarantine"].select(["path", "sha256"])
    if qbatch.num_rows:
        con.execute(
            "delete from landing.quarantine where (path, sha256) in (select path, sha256 from qbatch)"
        )
    if paths.num_rows:  # a passing trouble (unreadable, vanished…) is over once the file is read again
        con.execute(
            f"delete from landing.quarantine where reason in ({_RETRY}) and path in (select path from paths)"
        )
    for table, new in batch.tables.items():
        if new.num_rows:
            con.execute(f"insert into landing.{table} by name select * from new")


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


def forget(con: duckdb.DuckDBPyConnection, paths: Sequence[str]) -> None:
    """Remove every landing row of raw files that are gone from the raw folder (their
    quarantine rows too): the marts then hold what a fresh build over the same files would."""
    if not paths:
        return
    gone = pa.table({"path": list(paths)})  # noqa: F841 - read by name in the SQL below
    for table in (*PATH_TABLES, "files", "quarantine"):
        con.execute(f"delete from landing.{table} where path in (select path from gone)")


def reset(con: duckdb.DuckDBPyConnection) -> None:
    """Forget every processed file (for --full-refresh); runs and regions are kept."""
    for table in (*PATH_TABLES, "files"):
        con.execute(f"delete from landing.{table}")


def write_regions(
    con: duckdb.DuckDBPyConnection, rows: Sequence[tuple[str, str, str | None, str, str | None]]
) -> None:
    """Replace the gazetteer in ``landing.regions``."""
    names = tables.names("regions")
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
