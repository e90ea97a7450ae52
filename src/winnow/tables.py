"""The landing tables, column by column: what Python writes for dbt to read.

This list is the one place a landing column is written down. From it come the DDL that
creates and upgrades the tables (``ddl()``, applied by ``winnow.landing.ensure_schema`` on
every run) and the Arrow schemas the parse workers build their batches with
(``winnow.landing.SCHEMAS``); tests check it against the record dataclasses
(``winnow.records``) and dbt's sources (``dbt/models/staging/_staging__sources.yml``).

Every row carries the run_id that wrote it. Rows of a raw file are keyed by its path: a
changed file's rows are deleted and written again in the run that sees the change.

To add a column: append it to its table with ``added=True`` (a warehouse made before gets
it, empty, by ``add column if not exists``), fill it where the rows are built
(``winnow.landing.rows``) and document it in the dbt sources.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

# DuckDB's types used here; winnow.landing maps each to its Arrow type.
TYPES: Final = frozenset(
    ("varchar", "integer", "bigint", "tinyint", "double", "boolean", "timestamp", "uinteger")
)


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # one of TYPES, "[]" after it for a list
    not_null: bool = False
    doc: str = ""  # a comment in the DDL
    primary_key: bool = False
    default: str | None = None  # an SQL literal
    added: bool = False  # came after the table's first release: older warehouses get it added
    dictionary: bool = False  # written dictionary-encoded: each distinct value once a batch

    def sql(self) -> str:
        return " ".join(
            (
                self.name,
                self.type,
                *(["primary key"] if self.primary_key else []),
                *(["not null"] if self.not_null and not self.primary_key else []),
                *([f"default {self.default}"] if self.default is not None else []),
            )
        )


def _key(*extra: Column) -> tuple[Column, ...]:
    """The columns that tie a row to its raw file's version and the run that wrote it."""
    return (
        Column("path", "varchar", True, "relative to the raw folder, POSIX separators"),
        Column("sha256", "varchar", True),
        Column("run_id", "varchar", True),
        *extra,
    )


FILES: Final = (
    Column("path", "varchar", doc="relative to the raw folder, POSIX separators", primary_key=True),
    Column("sha256", "varchar", True),
    Column("size", "bigint", True),
    Column("mtime_ns", "bigint", True),
    Column("format", "varchar", doc="text | html | null when unknown"),
    Column("encoding", "varchar"),
    Column("status", "varchar", True, "ok | quarantined"),
    Column("reason", "varchar", doc="quarantine reason (machine-readable), null when ok"),
    Column("run_id", "varchar", True),
    Column("loaded_at", "timestamp", True),
)

PAGES: Final = (
    *_key(Column("loaded_at", "timestamp", True)),
    Column("format", "varchar", True),
    Column("encoding", "varchar", True),
    Column("title", "varchar", True),
    Column("journal", "varchar"),
    Column("citations", "integer"),
    Column("uploader", "varchar"),
    Column("authors", "varchar[]"),
    Column("affiliation", "varchar"),
    Column("abstract", "varchar"),
    Column("keywords", "varchar[]"),
    Column("headings", "varchar[]"),
    Column("body", "varchar", True, "blocks joined by newlines (the headings among them listed above)"),
    Column(
        "body_truncated",
        "boolean",
        doc="the body was longer than the budget and was cut to it",
        default="false",
        added=True,
    ),
    # The simplified-script forms analysts group by (winnow.spelling), and the body's MinHash
    # signature with its LSH band keys (winnow.neardup).
    Column("title_simplified", "varchar", added=True),
    Column("journal_simplified", "varchar", added=True),
    Column("authors_simplified", "varchar[]", added=True),
    Column("keywords_simplified", "varchar[]", added=True),
    Column("affiliation_simplified", "varchar", added=True),
    Column("minhash", "uinteger[]", added=True),
    Column("minhash_bands", "bigint[]", added=True),
    # Bibliographic fields of academic sites' pages (null where a page has none).
    Column("doi", "varchar", added=True),
    Column("year", "integer", added=True),
    Column("volume", "varchar", added=True),
    Column("issue", "varchar", added=True),
    Column("pages", "varchar", doc="page range, 97-102", added=True),
    Column("classification", "varchar[]", added=True),
    Column("fund", "varchar", added=True),
    Column("doc_type", "varchar", doc="journal_article | masters_thesis | …", added=True),
    Column("degree", "varchar", added=True),
    Column("advisor", "varchar", added=True),
    Column("source_site", "varchar", doc="the profile that read the page", added=True),
    Column("encoding_repair", "varchar", doc="how mojibake was repaired, if it was", added=True),
)

AUTHORS: Final = _key(
    Column("position", "integer", True, "1-based, in page order"),
    Column("name", "varchar", True),
    Column("affiliation", "varchar", doc="the affiliation the page pairs with the author"),
)

RELATED: Final = _key(
    Column("position", "integer", True, "1-based, in page order"),
    Column("doc_type", "varchar"),
    Column("title", "varchar"),
    Column("text", "varchar", True),
    Column("truncated", "boolean", True),
)

METRICS: Final = _key(
    Column("seq", "integer", True, "order within the page"),
    Column("source", "varchar", True, "article | related"),
    Column("related_position", "integer"),
    Column("mention", "varchar", True),
    Column("char_start", "integer", True),
    Column("char_end", "integer", True),
    Column("sentence", "varchar", dictionary=True, doc="on the first mention of each sentence of a file"),
    Column("value", "double", True),
    Column("unit", "varchar", True),
    Column("unit_family", "varchar", True),
    Column("qualifier", "varchar", True),
    Column("indicator", "varchar"),
    Column("region", "varchar"),
    Column("region_code", "varchar"),
    Column("region_level", "varchar"),
    Column("period_year", "integer"),
    Column("period_text", "varchar"),
    Column("is_target", "boolean", True),
    Column(
        "indicator_code", "varchar", added=True,
        doc="the canonical indicator (dbt/seeds/indicator_vocabulary.csv), null when none fits",
    ),
    Column("measure", "varchar", doc="one of winnow.indicators.MEASURES", added=True),
    Column("direction", "tinyint", doc="-1 when the text says the quantity fell, else 1", added=True),
    Column(
        "sentence_no", "integer", added=True,
        doc="the sentence's number among the file's (null in rows landed before: each its own)",
    ),
)  # fmt: skip

# Mentions the record-level checks rejected (winnow.metric_checks), with the reason; no column
# is required here: a rejected mention may lack what an accepted one has.
REJECTED_METRICS: Final = (
    *(replace(c, not_null=False) for c in METRICS),
    Column("reason", "varchar", doc="one of winnow.metric_checks.REJECT_REASONS"),
)

QUARANTINE: Final = (
    Column("path", "varchar", True),
    Column("sha256", "varchar", True),
    Column("reason", "varchar", True, "one of winnow.records.QUARANTINE_REASONS"),
    Column("detail", "varchar"),
    Column("run_id", "varchar", True),
    Column("quarantined_at", "timestamp", True),
)

RUNS: Final = (
    Column("run_id", "varchar", primary_key=True),
    Column("started_at", "timestamp", True),
    Column("finished_at", "timestamp"),
    Column("status", "varchar", True, "one of winnow.runlog.RUN_STATUSES"),
    *(
        Column(name, "integer")
        for name in (
            "files_seen", "files_new", "files_changed", "files_unchanged", "files_removed",
            "files_quarantined", "articles_loaded", "metrics_loaded", "metrics_rejected",
            "checks_passed", "checks_failed", "checks_warned",
        )
    ),
    Column("published", "boolean", True),
    Column("message", "varchar"),
)  # fmt: skip

REGIONS: Final = (
    Column("region_code", "varchar", primary_key=True),
    Column("name", "varchar", True),
    Column("short_name", "varchar"),
    Column("level", "varchar", True, "country | province | city | county"),
    Column("parent_code", "varchar"),
)

# landing table → its columns, in the order a new warehouse creates them.
TABLES: Final[dict[str, tuple[Column, ...]]] = {
    "files": FILES,  # the manifest: one row per raw path, the version last processed
    "pages": PAGES,  # one row per parsed page (status ok)
    "authors": AUTHORS,  # a page's authors in page order, with the affiliation paired with each
    "related": RELATED,  # related abstracts listed on a page under 其他文献
    "metrics": METRICS,  # metric mentions that passed the record-level checks
    "rejected_metrics": REJECTED_METRICS,
    "quarantine": QUARANTINE,  # one row per rejected file version
    "runs": RUNS,  # one row per run (the ledger, <warehouse>.runs.jsonl, is the source of truth)
    "regions": REGIONS,  # the gazetteer (written from package data on every build)
}
# Columns of earlier releases that are gone: blocks were landed as a list of structs up to 0.1
# (the body and headings hold the same text).
DROPPED: Final[dict[str, tuple[str, ...]]] = {"pages": ("blocks",)}


def names(table: str) -> list[str]:
    return [c.name for c in TABLES[table]]


def ddl() -> str:
    """The SQL that creates the landing schema, or brings an older warehouse's up to date
    (idempotent: every run applies it)."""
    out = ["create schema if not exists landing;"]
    for table, columns in TABLES.items():
        body = ",\n".join(f"    {c.sql()}" for c in columns)
        out.append(f"create table if not exists landing.{table} (\n{body}\n);")
        out += [f"alter table landing.{table} drop column if exists {n};" for n in DROPPED.get(table, ())]
        out += [
            f"alter table landing.{table} add column if not exists {c.sql()};" for c in columns if c.added
        ]
    return "\n".join(out) + "\n"
