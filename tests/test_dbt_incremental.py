"""An incremental dbt build gives the marts a from-scratch build gives (real DuckDB + dbt).

The small landing batch (tests/fixtures/landing_small.sql) is built, then changed as a later
run would change it: a file re-landed with another body (its article id changes), a file
whose new version is quarantined (its page is gone from landing), a new file carrying the
old text of the first. Built incrementally, every mart must equal, row for row, the build of
the same landing rows in a fresh file, and ``--full-refresh`` must rebuild from scratch.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from warehouse_builder import make_landing

from flows.dbt import build_marts
from flows.pipeline import MARTS

CACHE = "intermediate.int_page_content_ids"
TABLES = [f"marts.{name}" for name in MARTS] + [CACHE, "intermediate.int_pages_identified"]
PATH_TABLES = ("pages", "related", "metrics", "rejected_metrics")

R3_AT = "timestamp '2026-11-03 10:00:30'"


def _copy_of_b(table: str) -> str:
    """d/copy.html: a new file with b/two.html's current text (b's article lives on in it)."""
    stamped = f", {R3_AT} as loaded_at" if table in ("pages", "files") else ""
    return (
        f"insert into landing.{table} select * replace ('d/copy.html' as path, 'sha-d1' as sha256, "
        f"'r3' as run_id{stamped}) from landing.{table} where path = 'b/two.html'"
    )


def _new_version_of_b(table: str) -> str:
    """b/two.html: a new version whose body changed (another article id)."""
    changed = {
        "pages": f", loaded_at = {R3_AT}, body = body || '另有补充。'",
        "files": f", loaded_at = {R3_AT}",
    }
    return (
        f"update landing.{table} set sha256 = 'sha-b2', run_id = 'r3'{changed.get(table, '')} "
        "where path = 'b/two.html'"
    )


# A later run r3, as landing.land leaves it; a/one.txt's new version is quarantined, so its
# rows are gone from landing.
RUN_R3 = [
    "insert into landing.runs (run_id, started_at, finished_at, status, files_seen, files_new,"
    " files_changed, files_unchanged, files_removed, files_quarantined, articles_loaded, metrics_loaded,"
    " metrics_rejected, checks_passed, checks_failed, checks_warned, published, message)"
    " values ('r3', timestamp '2026-11-03 10:00:00', timestamp '2026-11-03 10:01:00',"
    " 'succeeded', 6, 2, 2, 2, 0, 1, 2, 3, 0, 40, 0, 0, true, null)",
    *[_copy_of_b(table) for table in (*PATH_TABLES, "files")],
    *[_new_version_of_b(table) for table in (*PATH_TABLES, "files")],
    *[f"delete from landing.{table} where path = 'a/one.txt'" for table in PATH_TABLES],
    "update landing.files set sha256 = 'sha-a3', status = 'quarantined', reason = 'no_body', run_id = 'r3', "
    f"loaded_at = {R3_AT} where path = 'a/one.txt'",
    "insert into landing.quarantine (path, sha256, reason, detail, run_id, quarantined_at)"
    f" values ('a/one.txt', 'sha-a3', 'no_body', null, 'r3', {R3_AT})",
]


def _apply(db_path: Path, statements: list[str]) -> None:
    with duckdb.connect(str(db_path)) as con:
        for sql in statements:
            con.execute(sql)


def _differences(one: Path, two: Path) -> dict[str, tuple[int, int]]:
    """Per table, rows only in ``one`` and rows only in ``two`` (EXCEPT ALL both ways)."""
    out = {}
    with duckdb.connect(str(one), read_only=True) as con:
        con.execute(f"attach '{two}' as other (read_only)")
        for table in TABLES:
            a = con.execute(f"select count(*) from (from {table} except all from other.{table})").fetchone()
            b = con.execute(f"select count(*) from (from other.{table} except all from {table})").fetchone()
            out[table] = (a[0] if a else -1, b[0] if b else -1)
    return out


def _rows(db_path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("dbt_incremental")
    for name in ("first", "incremental", "tampered", "scratch", "refreshed"):
        (base / name).mkdir()
    first = make_landing(base / "first" / "winnow.duckdb")  # the warehouse before run r3
    assert build_marts(first, work_dir=base / "work", unit_tests=False).success
    incremental, tampered = base / "incremental" / "winnow.duckdb", base / "tampered" / "winnow.duckdb"
    for copy in (incremental, tampered):
        shutil.copyfile(first, copy)
        _apply(copy, RUN_R3)
    # a wrong cached id on a page that run r3 did not touch: only --full-refresh recomputes it
    _apply(tampered, [f"update {CACHE} set article_id = 'stale' where source_path = 'a/one_gbk.txt'"])
    scratch = make_landing(base / "scratch" / "winnow.duckdb", *RUN_R3)
    for db in (incremental, tampered, scratch):
        outcome = build_marts(db, work_dir=base / "work", unit_tests=False)
        assert outcome.success, outcome.format()
    stale = _rows(tampered, f"select article_id from {CACHE} where source_path = 'a/one_gbk.txt'")
    refreshed = base / "refreshed" / "winnow.duckdb"
    shutil.copyfile(tampered, refreshed)
    outcome = build_marts(refreshed, work_dir=base / "work", unit_tests=False, full_refresh=True)
    assert outcome.success, outcome.format()
    assert stale == [("stale",)]  # the incremental build reused the cached id, as designed
    return {"first": first, "incremental": incremental, "scratch": scratch, "refreshed": refreshed}


def test_the_changes_reach_the_marts(builds: dict[str, Path]) -> None:
    """The scenario is not vacuous: r3 changed articles, and the cache follows landing."""
    before = _rows(builds["first"], "select article_id from marts.articles order by all")
    after = _rows(builds["incremental"], "select article_id from marts.articles order by all")
    # b's new text is a new article; its old text lives on in d/copy.html; a's in a/one_gbk.txt
    assert len(after) == 3 and len(set(before) & set(after)) == 2
    cached = _rows(builds["incremental"], f"select source_path, source_sha256 from {CACHE} order by all")
    assert cached == [("a/one_gbk.txt", "sha-a2"), ("b/two.html", "sha-b2"), ("d/copy.html", "sha-d1")]


def test_an_incremental_build_equals_a_build_from_scratch(builds: dict[str, Path]) -> None:
    differences = _differences(builds["incremental"], builds["scratch"])
    assert differences == dict.fromkeys(TABLES, (0, 0))


def test_full_refresh_recomputes_every_cached_id(builds: dict[str, Path]) -> None:
    differences = _differences(builds["refreshed"], builds["scratch"])
    assert differences == dict.fromkeys(TABLES, (0, 0))
