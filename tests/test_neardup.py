"""Near-duplicate articles and one spelling: signatures, the labelled pairs, the dbt clusters.

The evaluation gate reads the labelled pairs (tests/gold/near_duplicate_pairs.json, made into
pages by tests/neardup_pairs.py from ../shared) and fails when the linking's precision or
recall drops below its floor in tests/floors.json.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml
from neardup_pairs import PAIRS_FILE, page
from warehouse_builder import build_warehouse

from flows.dbt import PROJECT_DIR
from winnow import neardup
from winnow.parse import parse_bytes
from winnow.spelling import simplified, simplified_all

ROOT = Path(__file__).resolve().parent.parent
FLOORS = json.loads((ROOT / "tests" / "floors.json").read_text(encoding="utf-8"))
BODY = (
    "一、基本情况\n2023年，赣州市新建庭院经济示范点120个，带动农户增收。全县农村居民人均可支配收入增长8.5%，"
    "高于全省平均水平。\n二、主要做法\n坚持规划先行，统筹推进村庄整治与产业培育，引导农户发展特色种养。"
)


def test_copies_in_the_other_script_with_a_heading_are_linked() -> None:
    from opencc import OpenCC

    traditional = OpenCC("s2tw").convert(BODY)
    assert traditional != BODY
    a, b = neardup.signature(BODY), neardup.signature("前言\n" + traditional.replace("，", ","))
    assert a is not None and b is not None
    assert len(a) == neardup.NUM_PERM
    assert neardup.similarity(a, b) == 1.0  # the same clause set: the heading is too short to count
    assert neardup.linked(a, b)


def test_different_texts_are_not_linked() -> None:
    other = "二〇二二年，全省粮食产量达到四百万吨。新建高标准农田五十万亩，农业机械化水平明显提高。"
    a, b = neardup.signature(BODY), neardup.signature(other)
    assert a is not None and b is not None
    assert neardup.similarity(a, b) < 0.2
    assert not neardup.linked(a, b)


def test_a_body_without_clauses_has_no_signature() -> None:
    assert neardup.signature("") is None
    assert neardup.signature("一、\n二、 三") is None
    assert neardup.bands(None) is None
    assert not neardup.linked(None, neardup.signature(BODY))


def test_bands_are_stable_signed_64_bit_keys() -> None:
    sig = neardup.signature(BODY)
    keys = neardup.bands(sig)
    assert keys is not None and len(keys) == neardup.BANDS
    assert all(-(2**63) <= k < 2**63 for k in keys)
    assert len(set(keys)) == neardup.BANDS  # the band's number is mixed in
    assert neardup.bands(list(sig or [])) == keys


def test_parse_result_carries_the_signature_and_landing_its_bands(tmp_path: Path) -> None:
    from winnow import landing
    from winnow.records import RawFile

    text = f"庭院经济的几点做法\n来源 :鄉村振興 | 被引量 : 0次 | 上传用户:t\n论文部分内容阅读\n{BODY}\n"
    result = parse_bytes(text.encode("utf-8"), "x.txt")
    assert result.status == "ok", result.reason
    assert result.minhash == neardup.signature(result.article.body)  # type: ignore[union-attr]
    files = {"x.txt": RawFile("x.txt", "", 1, 1)}
    rows = landing.rows([result], files, run_id="r", now=_now(), max_year=2030)
    page_row = rows.tables["pages"].to_pylist()[0]
    assert page_row["journal"] == "鄉村振興"  # the page's text is kept
    assert page_row["journal_simplified"] == "乡村振兴"
    assert page_row["minhash_bands"] == neardup.bands(result.minhash)


def _now() -> Any:
    from datetime import datetime

    return datetime(2026, 12, 1, 10, 0, 0)


def test_simplified_forms() -> None:
    assert simplified("鄉村振興") == "乡村振兴"
    assert simplified("乡村振兴") == "乡村振兴"
    assert simplified("  中國  農村\u3000經濟 ") == "中国 农村 经济"
    assert simplified("ＡＢＣ農業１２") == "ABC农业12"  # full-width letters and digits
    assert simplified("乾隆年間的乾燥氣候") == "乾隆年间的干燥气候"  # t2s by phrase, not by character
    assert simplified(None) is None
    assert simplified_all(["張三", "李四"]) == ["张三", "李四"]
    assert simplified_all(None) is None


def test_threshold_is_one_setting() -> None:
    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    assert project["vars"]["near_duplicate_threshold"] == neardup.THRESHOLD


# --- the evaluation gate -------------------------------------------------------------------------


def _signatures(pairs: list[dict[str, Any]], shared: Path) -> dict[str, list[int] | None]:
    out: dict[str, list[int] | None] = {}
    for pair in pairs:
        for recipe in (pair["a"], pair["b"]):
            key = json.dumps(recipe, sort_keys=True, ensure_ascii=False)
            if key not in out:
                name, data = page(recipe, shared)
                out[key] = parse_bytes(data, name).minhash
    return out


def test_linking_precision_and_recall_on_the_labelled_pairs(shared: Path) -> None:
    pairs = json.loads(PAIRS_FILE.read_text(encoding="utf-8"))
    positives = sum(p["duplicate"] for p in pairs)
    assert positives >= 50 and len(pairs) - positives >= 50  # both kinds, in numbers
    sigs = _signatures(pairs, shared)

    def sig(recipe: dict[str, Any]) -> list[int] | None:
        return sigs[json.dumps(recipe, sort_keys=True, ensure_ascii=False)]

    linked = [neardup.linked(sig(p["a"]), sig(p["b"])) for p in pairs]
    tp = sum(1 for p, lk in zip(pairs, linked, strict=True) if lk and p["duplicate"])
    fp = sum(1 for p, lk in zip(pairs, linked, strict=True) if lk and not p["duplicate"])
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / positives
    misses = [p["why"] for p, lk in zip(pairs, linked, strict=True) if lk != p["duplicate"]]
    assert precision >= FLOORS["neardup_precision"], misses
    assert recall >= FLOORS["neardup_recall"], misses


# --- the dbt models: clusters, and metrics counted once ------------------------------------------

NEAR_COPY_SQL = """
update landing.pages set minhash = {sig}, minhash_bands = {bands}
where path in ('a/one.txt', 'a/one_gbk.txt');
insert into landing.pages (path, sha256, run_id, loaded_at, format, encoding, title, journal,
    citations, uploader, authors, affiliation, abstract, keywords, headings, body,
    title_simplified, journal_simplified, minhash, minhash_bands)
select 'd/one_big5.txt', 'sha-d1', 'r2', timestamp '2026-11-02 10:00:30', 'text', 'big5',
    '山區縣發展庭院經濟的幾點做法', '鄉村觀察', 3, 'tester_d', ['王一', '李二'], null, null, [], [],
    {trad_body}, '山区县发展庭院经济的几点做法', '乡村观察', {trad_sig}, {trad_bands};
insert into landing.files (path, sha256, size, mtime_ns, format, encoding, status, reason, run_id, loaded_at)
values ('d/one_big5.txt', 'sha-d1', 10, 1, 'text', 'big5', 'ok', null,
    'r2', timestamp '2026-11-02 10:00:30');
insert into landing.metrics
select * replace ('d/one_big5.txt' as path, 'sha-d1' as sha256, 'r2' as run_id)
from landing.metrics where path = 'a/one.txt' and source = 'article';
"""


def _has_column(con: duckdb.DuckDBPyConnection, table: str, column: str) -> bool:
    found = con.execute(
        "select count(*) from duckdb_columns()"
        " where schema_name = 'marts' and table_name = ? and column_name = ?",
        [table, column],
    ).fetchone()
    return found is not None and found[0] > 0


def _sql_list(values: list[int]) -> str:
    return "[" + ", ".join(map(str, values)) + "]"


@pytest.fixture(scope="module")
def clustered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small landing batch plus a traditional-script copy of its first article."""
    from opencc import OpenCC

    body = "一、基本情况\n2023年,赣州市新建庭院经济示范点120个,带动农户增收。\n全县农村居民人均可支配收入增长8.5%。"  # noqa: E501
    trad = OpenCC("s2tw").convert(body)
    sig, trad_sig = neardup.signature(body), neardup.signature(trad)
    assert sig and trad_sig
    sql = NEAR_COPY_SQL.format(
        sig=_sql_list(sig), bands=_sql_list(neardup.bands(sig) or []),
        trad_body="'" + trad.replace("'", "''") + "'",
        trad_sig=_sql_list(trad_sig), trad_bands=_sql_list(neardup.bands(trad_sig) or []),
    )  # fmt: skip
    db, outcome = build_warehouse(tmp_path_factory.mktemp("neardup"), sql)
    assert outcome.success, outcome.format()
    return db


def test_near_copies_are_one_cluster_and_counted_once(clustered: Path) -> None:
    with duckdb.connect(str(clustered), read_only=True) as con:
        rows = con.execute(
            "select trim(title), journal, journal_simplified, duplicate_of is not null, cluster_copies"
            " from marts.articles where title_simplified like '山区县%' or title like '山区县%'"
            " order by title"
        ).fetchall()
        clusters = con.execute(
            "select count(*), count(duplicate_of), max(cluster_articles), max(cluster_copies)"
            " from marts.article_clusters"
        ).fetchone()
        cells = con.execute(
            "select sum(mentions), max(articles) from marts.metrics_by_region_year"
            " where region_code = '360700' and period_year = 2023"
        ).fetchone()
        # the mentions a cell may count: those with a free-text or (once merged) a canonical indicator
        coded = (
            "indicator_code" if _has_column(con, "metrics_by_region_year", "indicator_code") else "indicator"
        )
        both_copies = con.execute(
            f"select count(*) from marts.metrics where region_code = '360700' and period_year = 2023"
            f" and {coded} is not null"
        ).fetchone()
        linked_metrics = con.execute(
            "select count(*) from marts.metrics where indicator = '庭院经济示范点'"
        ).fetchone()
    # the copy loaded first (a/one.txt, dumped again as a/one_gbk.txt) is canonical; big5 is the duplicate
    assert rows == [
        ("山区县发展庭院经济的几点做法", "乡村观察", None, False, 3),
        ("山區縣發展庭院經濟的幾點做法", "鄉村觀察", "乡村观察", True, 3),
    ]
    assert clusters == (2, 1, 2, 3)
    assert linked_metrics == (2,)  # marts.metrics keeps every article's mentions
    assert cells is not None and both_copies is not None and cells[0] > 0
    assert (both_copies[0], cells[1]) == (2 * cells[0], 1)  # the region-year cells count the article once
