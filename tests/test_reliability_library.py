"""Reliability of the library pieces, deterministic and fast: publishing, the ledger, discover.

- Parquet export handles the marts views (load_runs, quarantine) and a retried export;
  a Parquet folder that belongs to an earlier database file is never hard-linked from.
- A torn last ledger line (a crash mid-write) costs only itself.
- discover over random file trees (hypothesis): every entry is sorted exactly once, the
  walk never raises or follows a link out of raw, and parse_one turns every file into a
  page or a quarantine reason without raising.
- Odd entries: a FIFO is never opened, a dangling link and a name that is not UTF-8 are
  refused with their reasons, and are not refused again once the manifest has them.
"""

from __future__ import annotations

import gzip
import os
import string
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_helpers import good_pages, page, tree_digest

from bench.fabricate import make_page
from winnow import parallel, runlog
from winnow.discover import REASONS, ManifestEntry, discover, sha256_file
from winnow.publish import SOURCE_MARK, Warehouse, export_parquet, prepare_staging, publish
from winnow.records import QUARANTINE_REASONS


def _build(db: Path, n: int) -> None:
    with duckdb.connect(str(db)) as con:
        con.execute("create schema if not exists marts")
        con.execute(f"create or replace table marts.articles as select range as id from range({n})")
        con.execute("create or replace view marts.load_runs as select count(*) as n from marts.articles")


def _parquet_rows(wh: Warehouse, table: str) -> int:
    path = wh.parquet / f"{table}.parquet"
    return duckdb.sql("select count(*) from read_parquet(?)", params=[str(path)]).fetchone()[0]  # type: ignore[index]


def test_views_are_exported_and_a_retried_export_starts_afresh(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    staging = prepare_staging(wh)
    _build(staging, 3)
    export_parquet(staging, wh, "r1", ["articles", "load_runs"])  # a first attempt that then failed
    out = export_parquet(staging, wh, "r1", ["articles", "load_runs"])  # the task's retry
    publish(staging, wh, out)
    assert _parquet_rows(wh, "articles") == 3 and _parquet_rows(wh, "load_runs") == 1


def test_publish_refuses_a_missing_staging_copy(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    staging = prepare_staging(wh)
    _build(staging, 3)
    publish(staging, wh, None)
    with pytest.raises(FileNotFoundError):
        publish(staging, wh, None)  # a retry after the rename must not publish an empty database
    with duckdb.connect(str(wh.db), read_only=True) as con:
        assert con.execute("select count(*) from marts.articles").fetchone() == (3,)


def test_parquet_of_an_earlier_file_is_not_linked_after_a_kill_between_rename_and_link(
    tmp_path: Path,
) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    staging = prepare_staging(wh)
    _build(staging, 3)
    publish(staging, wh, export_parquet(staging, wh, "r1", ["articles", "load_runs"]))
    # Run r2 publishes 5 rows and "dies" after the rename, before switching the Parquet link.
    staging = prepare_staging(wh)
    _build(staging, 5)
    export_parquet(staging, wh, "r2", ["articles", "load_runs"])
    publish(staging, wh, None)
    assert _parquet_rows(wh, "articles") == 3  # stale until the next run
    # Run r3 has nothing new: only load_runs is "changed", the rest would be linked.
    staging = prepare_staging(wh)
    publish(staging, wh, export_parquet(staging, wh, "r3", ["articles", "load_runs"], changed=["load_runs"]))
    assert _parquet_rows(wh, "articles") == 5
    assert (wh.parquet / SOURCE_MARK).exists()
    assert not list(wh.state.glob("parquet-link-*"))


def test_a_torn_ledger_line_costs_only_itself(tmp_path: Path) -> None:
    ledger = tmp_path / "runs.jsonl"
    first, second, third = (runlog.RunRecord.start() for _ in range(3))
    runlog.append(ledger, first.finish("succeeded"))
    line = ledger.read_text(encoding="utf-8")
    with ledger.open("a", encoding="utf-8") as f:
        f.write(line[: len(line) // 2])  # a crash in the middle of writing `second`
    runlog.append(ledger, third.finish("succeeded"))
    assert [r.run_id for r in runlog.read(ledger)] == [first.run_id, third.run_id]
    assert second.run_id not in ledger.read_text(encoding="utf-8")


def test_fifo_dangling_link_and_non_utf8_name_are_refused_once(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    good_pages(raw, 1)
    os.mkfifo(raw / "pipe.txt")  # opening it would block the run for ever
    (raw / "dangling.txt").symlink_to(raw / "missing.txt")
    (raw / "loop.txt").symlink_to(raw / "loop.txt")
    bad_name = os.fsdecode(b"caf\xe9.txt")
    (raw / bad_name).write_bytes(make_page(page(1)))
    found = discover(raw, {})
    refused = {r.file.path: r.reason for r in found.refused}
    assert refused == {
        "pipe.txt": "not_a_file",
        "dangling.txt": "broken_link",
        "loop.txt": "broken_link",
        "caf\\xe9.txt": "bad_name",
    }
    assert [f.path for f in found.new] == ["good/page-000.txt"]
    assert found.seen == 5
    assert {r.path: r.reason for r in found.quarantine()} == refused
    # Landed as quarantined (manifest rows as landing writes them), they are not refused again.
    manifest = {f.path: ManifestEntry(f.sha256, f.size, f.mtime_ns) for f in [*found.new, *found.not_read]}
    again = discover(raw, manifest)
    assert not again.refused and not again.todo and len(again.unchanged) == 5


NAME = st.text(
    alphabet=string.ascii_letters + string.digits + " -_中文名字（）　", min_size=1, max_size=12
).filter(lambda s: not s.startswith(".") and s.strip() == s and s not in (".", ".."))
CONTENT = st.one_of(
    st.binary(max_size=3000),
    st.integers(0, 50).map(lambda i: make_page(page(i))),
    st.integers(0, 50).map(lambda i: gzip.compress(make_page(page(i)))),
    st.integers(0, 50).map(lambda i: make_page(page(i))[: i * 37]),
    st.text(max_size=500).map(lambda s: s.encode("utf-8")),
)
SUFFIX = st.sampled_from([".txt", ".html", ".htm", ".txt.gz", ".html.gz", ".gz", ".pdf", ""])
ENTRY = st.tuples(st.lists(NAME, min_size=0, max_size=2), NAME, SUFFIX, CONTENT)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(ENTRY, min_size=1, max_size=8), links=st.lists(st.integers(0, 7), max_size=3))
def test_discover_and_parse_any_tree(
    tmp_path_factory: pytest.TempPathFactory, entries: list, links: list
) -> None:
    top = tmp_path_factory.mktemp("tree")
    raw, outside = top / "raw", top / "outside.txt"
    raw.mkdir()
    outside.write_bytes(b"outside")
    made: list[Path] = []
    for dirs, name, suffix, data in entries:
        folder = raw.joinpath(*dirs)
        path = folder / (name + suffix)
        if any(p.exists() and not p.is_dir() for p in [*path.parents, path]) or path.is_dir():
            continue
        folder.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        made.append(path)
    for i, n in enumerate(links):
        link = raw / f"link{i}.txt"
        link.symlink_to(made[n % len(made)] if n % 2 and made else outside)
    before = tree_digest(raw)
    found = discover(raw, {})
    names = [f.path for f in [*found.new, *found.outside, *found.vanished, *found.unchanged]] + [
        r.file.path for r in found.refused
    ]
    assert len(names) == len(set(names)) == found.seen
    assert {f.path for f in found.outside} == {
        f"link{i}.txt" for i, n in enumerate(links) if not (n % 2 and made)
    }
    for f in found.todo:
        result = parallel.parse_one(raw, f)
        assert result.status in ("ok", "quarantined")
        assert (result.status == "ok") == (result.reason is None)
        if result.status == "ok":
            assert result.article is not None and result.article.title
        assert result.sha256 == (f.sha256 or sha256_file(raw / f.path)) or result.status == "quarantined"
    assert tree_digest(raw) == before


def test_every_reason_discover_gives_is_a_declared_quarantine_reason() -> None:
    """dbt's accepted_values test on marts.quarantine.reason (fed from records.QUARANTINE_REASONS)
    blocks publishing on an undeclared reason: discover's reasons must all be declared."""
    assert set(REASONS) <= set(QUARANTINE_REASONS), set(REASONS) - set(QUARANTINE_REASONS)
