"""Near-duplicate linking built incrementally gives the pairs and clusters a fresh build gives
(real DuckDB + dbt, real winnow.neardup signatures).

A first run lands five families of articles (two copies each of A, E and F; B, C and D alone).
A later run changes them as a load would: a third copy of A (with max_band_bucket = 2 its
buckets grow past the limit, so A's pairs become pairs with the bucket's anchor), B re-landed
with C's text (another article id, now a copy of C), F's second copy quarantined (gone from
landing). Built incrementally, the pair table, the clusters and the articles must equal a
build of the same landing rows from scratch, and ``--full-refresh`` must too. A pair table
whose unaffected pair was tampered with keeps the tampered value on an incremental build
(that pair was not linked again) and loses it on a full refresh.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from warehouse_builder import make_landing

from flows.dbt import run_dbt
from winnow import neardup

PAIRS = "intermediate.int_article_pairs_linked"
TABLES = (PAIRS, "marts.article_clusters", "marts.articles")
SMALL_BUCKETS = '{"max_band_bucket": 2}'  # A's three copies then fill a bucket past the limit

SUBJECTS = ("赣州市", "吉安县", "上饶市", "抚州市", "宜春市", "萍乡市", "九江市", "景德镇")
ACTIONS = (
    "新建庭院经济示范点", "改造农村公路", "培育农民合作社", "建成高标准农田", "新增城镇就业岗位",
    "完成造林绿化", "新建幼儿园", "改造老旧小区",
)  # fmt: skip


def body(k: int, *, heading: str = "", changed: int = -1) -> str:
    """Article k's body: eight clauses of its own (written for this test); a heading before them,
    or clause ``changed`` reworded, make near copies."""
    clauses = [
        f"{SUBJECTS[k]}在{2015 + j}年{ACTIONS[j]}{(k + 3) * (j + 7)}个"
        + ("，进度超过预期" if j == changed else "")
        for j in range(len(ACTIONS))
    ]
    return (heading + "\n" if heading else "") + "。\n".join(clauses) + "。"


def page_sql(path: str, sha: str, run: str, at: str, title: str, text: str) -> list[str]:
    sig = neardup.signature(text)
    assert sig, text
    bands = neardup.bands(sig) or []
    quoted = text.replace("'", "''")
    return [
        "insert into landing.files (path, sha256, size, mtime_ns, format, encoding, status, reason, run_id,"
        f" loaded_at) values ('{path}', '{sha}', 100, 1, 'text', 'utf-8', 'ok', null, '{run}',"
        f" timestamp '{at}')",
        "insert into landing.pages (path, sha256, run_id, loaded_at, format, encoding, title, journal,"
        " citations, uploader, authors, affiliation, abstract, keywords, headings, body, minhash,"
        " minhash_bands)"
        f" values ('{path}', '{sha}', '{run}', timestamp '{at}', 'text', 'utf-8', '{title}', '测试期刊', 0,"
        f" 'tester', ['作者'], null, null, [], [], '{quoted}', {list(sig)}, {list(bands)})",
    ]


R1_AT, R3_AT = "2026-11-01 10:00:30", "2026-11-03 10:00:30"
FIRST = [
    *page_sql("n/a1.txt", "a1", "r1", R1_AT, "甲文", body(0)),
    *page_sql("n/a2.txt", "a2", "r1", R1_AT, "甲文", body(0, heading="一、基本情况")),
    *page_sql("n/b.txt", "b1", "r1", R1_AT, "乙文", body(1)),
    *page_sql("n/c.txt", "c1", "r1", R1_AT, "丙文", body(2)),
    *page_sql("n/d.txt", "d1", "r1", R1_AT, "丁文", body(3)),
    *page_sql("n/e1.txt", "e1", "r1", R1_AT, "戊文", body(4)),
    *page_sql("n/e2.txt", "e2", "r1", R1_AT, "戊文", body(4, changed=5)),
    *page_sql("n/f1.txt", "f1", "r1", R1_AT, "己文", body(5)),
    *page_sql("n/f2.txt", "f2", "r1", R1_AT, "己文", body(5, heading="二、主要做法")),
    # one text under three titles: three articles whose signatures share every band
    *page_sql("n/g1.txt", "g1", "r1", R1_AT, "庚文一", body(6)),
    *page_sql("n/g2.txt", "g2", "r1", R1_AT, "庚文二", body(6)),
    *page_sql("n/g3.txt", "g3", "r1", R1_AT, "庚文三", body(6)),
]
LATER = [
    "insert into landing.runs (run_id, started_at, finished_at, status, files_seen, files_new,"
    " files_changed, files_unchanged, files_removed, files_quarantined, articles_loaded, metrics_loaded,"
    " metrics_rejected, checks_passed, checks_failed, checks_warned, published, message)"
    " values ('r3', timestamp '2026-11-03 10:00:00', timestamp '2026-11-03 10:01:00',"
    " 'succeeded', 3, 2, 0, 0, 0, 1, 2, 3, 0, 40, 0, 0, true, null)",
    *page_sql("n/a3.txt", "a3", "r3", R3_AT, "甲文", body(0, changed=2)),
    "delete from landing.files where path = 'n/b.txt'",
    "delete from landing.pages where path = 'n/b.txt'",
    *page_sql("n/b.txt", "b2", "r3", R3_AT, "丙文", body(2, heading="三、经验启示")),
    "delete from landing.pages where path = 'n/f2.txt'",
    "update landing.files set sha256 = 'f3', status = 'quarantined', reason = 'no_body', run_id = 'r3',"
    f" loaded_at = timestamp '{R3_AT}' where path = 'n/f2.txt'",
    "insert into landing.quarantine (path, sha256, reason, detail, run_id, quarantined_at)"
    f" values ('n/f2.txt', 'f3', 'no_body', null, 'r3', timestamp '{R3_AT}')",
]


def quarantined(path: str) -> list[str]:
    """``path``'s new version quarantined, as landing leaves it: its page gone."""
    return [
        f"delete from landing.pages where path = '{path}'",
        f"update landing.files set sha256 = 'q-{path}', status = 'quarantined', reason = 'no_body',"
        f" run_id = 'r3', loaded_at = timestamp '{R3_AT}' where path = '{path}'",
        "insert into landing.quarantine (path, sha256, reason, detail, run_id, quarantined_at)"
        f" values ('{path}', 'q-{path}', 'no_body', null, 'r3',"
        f" timestamp '{R3_AT}')",
    ]


def _build(db: Path, work: Path, *, full_refresh: bool = False) -> None:
    args = ["build", "--select", "+articles", "--indirect-selection", "cautious"]
    args += ["--exclude", "resource_type:unit_test", "--vars", SMALL_BUCKETS]
    outcome = run_dbt([*args, *(["--full-refresh"] if full_refresh else [])], db, work_dir=work)
    assert outcome.success, outcome.format()


def _rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def _differences(one: Path, two: Path) -> dict[str, tuple[int, int]]:
    out = {}
    with duckdb.connect(str(one), read_only=True) as con:
        con.execute(f"attach '{two}' as other (read_only)")
        for table in TABLES:
            a = con.execute(f"select count(*) from (from {table} except all from other.{table})").fetchone()
            b = con.execute(f"select count(*) from (from other.{table} except all from {table})").fetchone()
            out[table] = (a[0] if a else -1, b[0] if b else -1)
    return out


# the pair of E's two copies: no article of it changed in the later run
E_PAIR = (
    f"select article_a, article_b, similarity from {PAIRS} where article_a in (select article_id from"
    " marts.articles where title = '戊文') and article_b in"
    " (select article_id from marts.articles where title = '戊文')"
)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("dbt_incremental_pairs")
    work = base / "work"
    dbs = {name: base / name / "winnow.duckdb" for name in ("first", "incremental", "tampered", "scratch")}
    for db in dbs.values():
        db.parent.mkdir()
    make_landing(dbs["first"], *FIRST)
    _build(dbs["first"], work)
    # G's three articles fill all their buckets past the limit: only the pairs with the anchor (the
    # smallest id) are linked. Without the anchor the other two are a pair, though neither changed.
    ((anchor,),) = _rows(
        dbs["first"], "select min_by(source_path, article_id) from marts.articles where title like '庚文%'"
    )
    later = [*LATER, *quarantined(anchor)]
    for name in ("incremental", "tampered"):
        shutil.copyfile(dbs["first"], dbs[name])
        with duckdb.connect(str(dbs[name])) as con:
            for sql in later:
                con.execute(sql)
    with duckdb.connect(str(dbs["tampered"])) as con:  # an unaffected pair's stored similarity
        (count,) = con.execute(f"select count(*) from ({E_PAIR})").fetchone() or (0,)
        assert count == 1
        pair = f"(select article_a, article_b from ({E_PAIR}))"
        con.execute(f"update {PAIRS} set similarity = 0.123 where (article_a, article_b) in {pair}")
    make_landing(dbs["scratch"], *FIRST, *later)
    for name in ("incremental", "tampered", "scratch"):
        _build(dbs[name], work)
    dbs["refreshed"] = base / "tampered" / "refreshed.duckdb"
    shutil.copyfile(dbs["tampered"], dbs["refreshed"])
    _build(dbs["refreshed"], work, full_refresh=True)
    return dbs


def test_the_later_run_changes_the_pairs(builds: dict[str, Path]) -> None:
    """Not vacuous: A's pairs become anchor pairs, B joins C, F's pair goes, G's other two copies
    pair up once their anchor is gone, E's pair stays."""
    by_title = (
        f"select left(l.title, 2), left(r.title, 2) from {PAIRS}"
        " join marts.articles l on l.article_id = article_a"
        " join marts.articles r on r.article_id = article_b order by all"
    )
    before, after = _rows(builds["first"], by_title), _rows(builds["scratch"], by_title)
    # G: the anchor's two pairs, not the third
    assert sorted(before) == sorted(
        [("戊文", "戊文"), ("己文", "己文"), ("甲文", "甲文"), ("庚文", "庚文"), ("庚文", "庚文")]
    )
    assert sorted(after) == sorted(
        [("丙文", "丙文"), ("戊文", "戊文"), ("甲文", "甲文"), ("甲文", "甲文"), ("庚文", "庚文")]
    )
    clusters = "select cluster_articles, count(*) from marts.article_clusters group by all order by all"
    assert _rows(builds["scratch"], clusters) == [(2, 6), (3, 3)]


def test_an_incremental_build_equals_a_build_from_scratch(builds: dict[str, Path]) -> None:
    assert _differences(builds["incremental"], builds["scratch"]) == dict.fromkeys(TABLES, (0, 0))


def test_only_the_affected_pairs_are_linked_again(builds: dict[str, Path]) -> None:
    assert [row[2] for row in _rows(builds["tampered"], E_PAIR)] == [0.123]
    assert [row[2] for row in _rows(builds["refreshed"], E_PAIR)] != [0.123]


def test_full_refresh_equals_a_build_from_scratch(builds: dict[str, Path]) -> None:
    assert _differences(builds["refreshed"], builds["scratch"]) == dict.fromkeys(TABLES, (0, 0))
