"""The dbt project, built for real on a small landing batch (tests/fixtures/landing_small.sql)."""

from __future__ import annotations

import hashlib
import shutil
import typing
from pathlib import Path

import duckdb
import pytest
import yaml
from warehouse_builder import build_warehouse

from flows.dbt import PROJECT_DIR, DbtOutcome
from flows.pipeline import MARTS as PUBLISHED_MARTS
from winnow import indicators, records

MARTS = set(PUBLISHED_MARTS)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DbtOutcome]:
    return build_warehouse(tmp_path_factory.mktemp("dbt_build"))


@pytest.fixture(scope="module")
def db(built: tuple[Path, DbtOutcome]) -> Path:
    db_path, outcome = built
    assert outcome.success, outcome.format()
    return db_path


def query(db_path: Path, sql: str, *params: object) -> list[tuple]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def content_id(*parts: str) -> str:
    """What the project documents as the id: md5 of the parts without any whitespace, joined by U+001F."""
    return hashlib.md5("\x1f".join("".join(p.split()) for p in parts).encode()).hexdigest()


def test_build_succeeds_and_releases_the_file(built: tuple[Path, DbtOutcome]) -> None:
    db_path, outcome = built
    assert outcome.success, outcome.format()
    assert outcome.failed == []
    with duckdb.connect(str(db_path), read_only=True) as con:  # dbt's handle is closed
        assert con.execute("select count(*) from marts.articles").fetchone() == (2,)


def test_build_runs_models_unit_tests_and_data_tests(built: tuple[Path, DbtOutcome]) -> None:
    _, outcome = built
    assert outcome.counts["model"] >= len(MARTS)
    assert outcome.counts["unit_test"] >= 3
    assert outcome.counts["test"] >= 50


def test_marts_schema_is_literally_marts(db: Path) -> None:
    tables = query(db, "select table_name, table_type, table_schema from information_schema.tables")
    in_marts = {name for name, _, schema in tables if schema == "marts"}
    assert in_marts == MARTS
    assert not {schema for *_, schema in tables if schema.endswith("_marts")}


def test_load_runs_and_quarantine_are_views_over_landing(db: Path, tmp_path: Path) -> None:
    views = {v for (v,) in query(db, "select view_name from duckdb_views() where schema_name = 'marts'")}
    assert views == {"load_runs", "quarantine", "metrics"}  # metrics: mentions joined to their sentences
    copy = tmp_path / "copy.duckdb"
    shutil.copy(db, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute(
            "insert into landing.runs (run_id, started_at, status, published) "
            "values ('r3', timestamp '2026-11-03 10:00:00', 'blocked', false)"
        )
        con.execute(
            "insert into landing.quarantine (path, sha256, reason, detail, run_id, quarantined_at) values"
            " "
            "('d/x.txt', 'sha-x', 'undecodable', null, 'r3', timestamp '2026-11-03 10:00:10')"
        )
    assert query(copy, "select status from marts.load_runs where run_id = 'r3'") == [("blocked",)]
    assert query(copy, "select reason from marts.quarantine where run_id = 'r3'") == [("undecodable",)]


def test_views_survive_renaming_the_file(db: Path, tmp_path: Path) -> None:
    """The flow builds a staging copy and renames it: views must not name the catalog."""
    renamed = tmp_path / "published_elsewhere.duckdb"
    shutil.copy(db, renamed)
    assert query(renamed, "select count(*) from marts.load_runs") == [(2,)]
    with duckdb.connect() as con:
        con.execute(f"attach '{renamed}' as bi (read_only)")
        assert con.execute("select count(*) from bi.marts.quarantine").fetchall() == [(2,)]


def test_same_article_in_two_encodings_is_one_row(db: Path) -> None:
    rows = query(
        db,
        "select source_path, encoding, copies, first_loaded_at::varchar, last_loaded_at::varchar "
        "from marts.articles where title like '山区县%'",
    )
    assert rows == [("a/one_gbk.txt", "gb18030", 2, "2026-11-01 10:00:30", "2026-11-02 10:00:30")]
    assert query(db, "select count(*) from marts.articles") == [(2,)]


def test_article_id_is_derived_from_content(db: Path) -> None:
    landed = query(db, "select title, body from landing.pages where path in ('a/one.txt', 'b/two.html')")
    expected = {content_id(title, body) for title, body in landed}
    assert {a for (a,) in query(db, "select article_id from marts.articles")} == expected


def test_abstract_shared_across_pages_is_one_row(db: Path) -> None:
    rows = query(
        db, "select kind, doc_type, articles, is_truncated from marts.abstracts where text like '本研究%'"
    )
    assert rows == [("related", "学位论文", 2, True)]
    own = query(db, "select kind, articles from marts.abstracts where text like '本文记述%'")
    assert own == [("own", 1)]
    links = query(
        db,
        "select a.source_path, l.position from marts.article_abstracts l "
        "join marts.articles a using (article_id) join marts.abstracts b using (abstract_id) "
        "where b.text like '本研究%' order by 1",
    )
    assert links == [("a/one_gbk.txt", 2), ("b/two.html", 1)]


def test_metrics_deduplicated_and_owned(db: Path) -> None:
    counts = dict(query(db, "select source_kind, count(*) from marts.metrics group by all"))
    # article mentions: 2 from the latest copy of A (not 4), 3 from B; related: 3 distinct abstracts' mentions
    assert counts == {"article": 5, "related": 3}
    shared = query(
        db,
        "select m.abstract_id = b.abstract_id, m.article_id from marts.metrics m "
        "join marts.abstracts b on m.abstract_id = b.abstract_id where m.mention = '128个'",
    )
    assert shared == [(True, None)]
    from_a = query(db, "select distinct source_path from marts.metrics where mention = '120个'")
    assert from_a == [("a/one_gbk.txt",)]


def test_metrics_by_region_year_joins_the_gazetteer(db: Path) -> None:
    rows = query(
        db,
        "select region_name, region_level, period_year, indicator_name, measure, unit_std, mentions, "
        "value_max from marts.metrics_by_region_year where indicator_code = 'forestry_output'",
    )
    assert rows == [("江西省", "province", 2022, "林业产值", "level", "元", 1, 3e10)]


def test_metrics_by_region_year_holds_coded_mentions_only(db: Path) -> None:
    """The free-text indicators without a code (庭院经济示范点) stay in metrics, not in the chart table."""
    assert query(db, "select count(*) from marts.metrics_by_region_year where indicator_code is null") == [
        (0,)
    ]
    uncoded = query(db, "select count(*) from marts.metrics where indicator = '庭院经济示范点'")
    assert uncoded == [(1,)]


def test_metrics_carry_the_canonical_indicator_and_the_standard_value(db: Path) -> None:
    rows = query(
        db,
        "select indicator, indicator_code, indicator_name, measure, value_std, unit_std from marts.metrics "
        "where mention = '8.5%'",
    )
    assert rows == [
        ("农村居民人均可支配收入增长", "rural_disposable_income_per_capita", "农村居民人均可支配收入",
         "growth_rate", 8.5, "%")
    ]  # fmt: skip


def test_indicators_mart_counts_the_mentions_of_each_indicator(db: Path) -> None:
    rows = dict(query(db, "select indicator_code, mentions from marts.indicators"))
    assert rows["forestry_output"] == 1 and rows["admin_villages"] == 1 and rows["gdp"] == 0
    assert len(rows) == len(indicators.vocabulary().indicators)


def test_every_marts_relation_and_column_has_a_comment(db: Path) -> None:
    missing = query(
        db,
        "select table_name, column_name from duckdb_columns() "
        "where schema_name = 'marts' and (comment is null or comment = '')",
    )
    assert missing == []
    relations = query(
        db,
        "select table_name, comment from duckdb_tables() where schema_name = 'marts' "
        "union all select view_name, comment from duckdb_views() where schema_name = 'marts'",
    )
    assert {name for name, _ in relations} == MARTS
    assert all("Grain" in (comment or "") for _, comment in relations)


def test_enumerations_match_the_library() -> None:
    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    enums = project["vars"]
    assert tuple(enums["quarantine_reasons"]) == records.QUARANTINE_REASONS
    assert tuple(enums["qualifiers"]) == typing.get_args(records.Qualifier)
    assert tuple(enums["region_levels"]) == typing.get_args(records.RegionLevel)
    assert tuple(enums["formats"]) == typing.get_args(records.Format)
    assert tuple(enums["source_kinds"]) == typing.get_args(records.Source)
    assert tuple(enums["measures"]) == indicators.MEASURES
    assert tuple(enums["measure_kinds"]) == indicators.MEASURE_KINDS


def test_a_bad_landing_row_fails_the_build(tmp_path: Path) -> None:
    """A unit family outside the accepted set stops dbt build (the flow then blocks publishing)."""
    _, outcome = build_warehouse(
        tmp_path, "update landing.metrics set unit_family = 'furlongs' where mention = '300户'"
    )
    assert not outcome.success
    assert any(name.startswith("accepted_values_metrics_unit_family") for name in outcome.failed), (
        outcome.format()
    )
