"""Chinese full-text search (winnow.search) on a small warehouse written here, then on a real run."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from winnow.search import INDEX_SCHEMA, build_search_index, search, segment, words

ARTICLES = [
    (
        "a1",
        "赣州脐橙产业调查",
        "赣州市大力推进乡村振兴，发展脐橙产业，带动农户增收。脐橙产业已成为富民产业。",
    ),
    ("a2", "扶贫车间建设", "江西省扶贫车间建设取得成效，吸纳脱贫劳动力就业。"),
    ("a3", "生态修复", "九江市推进长江岸线生态修复，复绿面积明显增加。"),
]
ABSTRACTS = [
    ("b1", None, "乡村旅游带动产业发展，助力乡村振兴。"),
    ("b2", "茶叶基地", "婺源县新建茶叶标准化基地，茶农增收。"),
]


def _small_warehouse(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute("create table marts.articles (article_id varchar, title varchar, body varchar)")
    con.execute("create table marts.abstracts (abstract_id varchar, title varchar, text varchar)")
    con.executemany("insert into marts.articles values (?, ?, ?)", ARTICLES)
    con.executemany("insert into marts.abstracts values (?, ?, ?)", ABSTRACTS)
    return con


@pytest.fixture
def small(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    con = _small_warehouse(tmp_path / "small.duckdb")
    build_search_index(con)
    return con


def test_segment_search_mode_gives_words_and_their_parts_without_punctuation() -> None:
    words = segment("赣州市大力推进乡村振兴，发展脐橙产业。")
    assert {"赣州", "赣州市", "乡村", "振兴", "脐橙", "产业"} <= set(words)
    assert "，" not in words and "。" not in words
    assert segment("Rural ABC，") == ["rural", "abc"]


WORD_EDGES = [
    "",
    "，。、“”",
    "Rural ABC，",
    "a_b c__d _ __init__",
    "COVID-19疫情下3.5%的农户，增长12.3%；C++与C#。",
    "ΟΔΟΣ Σ ΣΑ，İstanbul ǅ",
    "全角ＡＢＣ１２３，　空格\t制表\r\n换行",
    "\x00含有NUL的文本，乡村振兴",
]


@pytest.mark.parametrize("text", WORD_EDGES)
def test_words_are_the_segments_joined(text: str) -> None:
    assert words(text) == " ".join(segment(text))


def test_words_are_the_segments_joined_on_the_shared_corpus(shared: Path) -> None:
    texts = sorted((shared / "corpus" / "texts").glob("*/*.txt"))
    assert len(texts) > 50
    for path in texts:
        text = path.read_text(encoding="utf-8")
        assert words(text) == " ".join(segment(text)), path.name


def test_index_has_one_document_per_article_and_abstract(small: duckdb.DuckDBPyConnection) -> None:
    rows = small.execute(
        "select doc_id, kind, article_id, abstract_id from search.documents order by doc_id"
    ).fetchall()
    assert rows == sorted(
        [(f"article:{a}", "article", a, None) for a, _, _ in ARTICLES]
        + [(f"abstract:{b}", "abstract", None, b) for b, _, _ in ABSTRACTS]
    )


def test_find_ranks_documents_that_hold_the_words(small: duckdb.DuckDBPyConnection) -> None:
    hits = small.execute("select doc_id, terms_matched, snippet from search.find('乡村振兴 产业')").fetchall()
    ids = [h[0] for h in hits]
    # Only a1 and b1 speak of 乡村, 振兴 or 产业; both hold all three words.
    assert set(ids) == {"article:a1", "abstract:b1"}
    assert all(h[1] == 3 for h in hits)
    assert all("乡村振兴" in h[2] or "产业" in h[2] for h in hits)
    assert small.execute("select count(*) from search.find('脐橙', max_results := 1)").fetchone() == (1,)
    assert small.execute("select count(*) from search.find('区块链')").fetchone() == (0,)


def _fts_reference(con: duckdb.DuckDBPyConnection) -> None:
    """The fts extension's index of the same tokens, as search.py built it before (fts_ref_documents)."""
    import duckdb_extensions

    duckdb_extensions.import_extension("fts", con=con)
    con.execute("load fts")
    con.execute("create schema if not exists ref")
    con.execute("create or replace table ref.documents as select * from search.documents order by doc_id")
    con.execute(
        "pragma create_fts_index('ref.documents', 'doc_id', 'tokens', stemmer = 'none', "
        "stopwords = 'none', ignore = '\\s+', strip_accents = 0, lower = 0, overwrite = 1)"
    )


def test_scores_are_the_fts_extensions_bm25(small: duckdb.DuckDBPyConnection) -> None:
    """search.find computes BM25 itself; it must agree with the extension's match_bm25."""
    _fts_reference(small)
    terms = sorted(set(segment("乡村振兴 产业 扶贫")))
    ours = dict(
        small.execute("select doc_id, score from search.find_terms(?::varchar[])", [terms]).fetchall()
    )
    theirs = dict(
        small.execute(
            "select doc_id, fts_ref_documents.match_bm25(doc_id, ?) as s "
            "from ref.documents where s is not null",
            [" ".join(terms)],
        ).fetchall()
    )
    assert ours.keys() == theirs.keys() and len(ours) >= 3
    assert all(math.isclose(ours[k], theirs[k], rel_tol=1e-9) for k in ours)


INDEX_CONTENT = {
    "stats": "select num_docs, avgdl from {s}.stats",
    "docs": "select name, len from {s}.docs order by name",
    "dict": "select term, df from {s}.dict order by term",
    "postings": (
        "select d.name, w.term, count(*) from {s}.terms as t inner join {s}.docs as d on t.docid = d.docid "
        "inner join {s}.dict as w on t.termid = w.termid group by all order by all"
    ),
}
QUERIES = ["乡村振兴 产业", "高标准农田", "脐橙 茶叶 生态", "婺源县 茶叶", "江西省 九江市 复绿", "粮食产量"]


def _index_content(con: duckdb.DuckDBPyConnection, schema: str = INDEX_SCHEMA) -> dict[str, list[Any]]:
    return {name: con.execute(sql.format(s=schema)).fetchall() for name, sql in INDEX_CONTENT.items()}


def _rankings(con: duckdb.DuckDBPyConnection) -> list[list[tuple[object, ...]]]:
    sql = "select doc_id, score, terms_matched from search.find_terms(?::varchar[], max_results := 1000)"
    return [con.execute(sql, [sorted(set(segment(q)))]).fetchall() for q in QUERIES]


def test_incremental_index_equals_a_build_from_scratch(tmp_path: Path) -> None:
    """Adding, changing and removing documents leaves the index a fresh build (or the extension) makes."""
    con = _small_warehouse(tmp_path / "w.duckdb")
    build_search_index(con)
    con.execute(
        "update marts.articles set body = body || '新建高标准农田，粮食产量提高。' where article_id = 'a3'"
    )
    con.execute("insert into marts.abstracts values ('b3', null, '高标准农田建设提高粮食产量。')")
    con.execute("insert into marts.articles values ('a4', '茶叶', '婺源县茶叶产业带动乡村振兴。')")
    con.execute("delete from marts.abstracts where abstract_id = 'b2'")  # the only document with 茶农
    con.execute("delete from marts.articles where article_id = 'a2'")
    built = build_search_index(con)
    assert (built.segmented, built.reused, built.documents) == (3, 2, 5)
    con.execute("update marts.articles set title = '赣州脐橙' where article_id = 'a1'")
    build_search_index(con)

    scratch = _small_warehouse(tmp_path / "scratch.duckdb")  # the same marts, indexed once
    for table in ("articles", "abstracts"):
        scratch.execute(f"delete from marts.{table}")
        rows = con.execute(f"select * from marts.{table}").fetchall()
        scratch.executemany(f"insert into marts.{table} values (?, ?, ?)", rows)
    build_search_index(scratch)

    incremental = _index_content(con)
    assert incremental == _index_content(scratch)
    assert ("茶农", 1) not in incremental["dict"] and all(df > 0 for _, df in incremental["dict"])
    assert _rankings(con) == _rankings(scratch)
    assert all(_rankings(con))
    _fts_reference(con)
    assert incremental == _index_content(con, "fts_ref_documents")


def test_an_index_the_fts_extension_built_is_rebuilt_once(tmp_path: Path) -> None:
    """Warehouses published before kept the extension's index: the first build replaces it."""
    con = _small_warehouse(tmp_path / "w.duckdb")
    build_search_index(con)
    expected = _index_content(con), _rankings(con)
    import duckdb_extensions

    duckdb_extensions.import_extension("fts", con=con)
    con.execute("load fts")
    con.execute(
        "pragma create_fts_index('search.documents', 'doc_id', 'tokens', stemmer = 'none', "
        "stopwords = 'none', ignore = '\\s+', strip_accents = 0, lower = 0, overwrite = 1)"
    )
    assert _index_content(con) == expected[0]
    rebuilt = build_search_index(con)
    assert rebuilt.segmented == 0 and rebuilt.index_seconds > 0  # tokens kept, index rebuilt
    assert (_index_content(con), _rankings(con)) == expected
    macros = con.execute(f"select count(*) from duckdb_functions() where schema_name = '{INDEX_SCHEMA}'")
    assert macros.fetchone() == (0,)  # the extension's match_bm25 and tokenize went with its index
    again = build_search_index(con)
    assert again.index_seconds == 0.0


def test_sql_segmentation_matches_rjieba_on_indexed_words(small: duckdb.DuckDBPyConnection) -> None:
    (terms,) = small.execute("select search.terms('乡村振兴 产业')").fetchone()  # type: ignore[misc]
    assert sorted(terms) == sorted(set(segment("乡村振兴 产业")))


def test_python_search_returns_the_same_documents_as_the_macro(small: duckdb.DuckDBPyConnection) -> None:
    hits = search(small, "扶贫车间", limit=5)
    assert [h.doc_id for h in hits] == ["article:a2"]
    assert hits[0].title == "扶贫车间建设" and "扶贫车间" in hits[0].snippet
    assert search(small, "，。", limit=5) == []


def test_rebuild_segments_only_new_or_changed_documents(tmp_path: Path) -> None:
    con = _small_warehouse(tmp_path / "w.duckdb")
    first = build_search_index(con)
    assert (first.documents, first.segmented, first.reused) == (5, 5, 0)
    again = build_search_index(con)
    assert (again.documents, again.segmented, again.reused) == (5, 0, 5)
    assert again.index_seconds == 0.0  # nothing changed: the fts index is kept as it was
    con.execute("delete from marts.articles where article_id = 'a2'")
    removed = build_search_index(con)
    assert (removed.documents, removed.segmented, removed.reused) == (4, 0, 4)
    assert con.execute("select count(*) from search.find('扶贫车间')").fetchone() == (0,)
    con.execute("update marts.articles set body = body || '新建高标准农田。' where article_id = 'a3'")
    con.execute("insert into marts.abstracts values ('b3', null, '高标准农田建设提高粮食产量。')")
    con.execute("delete from marts.abstracts where abstract_id = 'b2'")
    third = build_search_index(con)
    assert (third.documents, third.segmented, third.reused) == (4, 2, 2)
    ids = {r[0] for r in con.execute("select doc_id from search.find('高标准农田')").fetchall()}
    assert ids == {"article:a3", "abstract:b3"}
    assert con.execute("select count(*) from search.find('茶叶')").fetchone() == (0,)


def test_macros_run_without_the_fts_extension(tmp_path: Path) -> None:
    """A BI tool that has never installed fts can still query the published file."""
    db = tmp_path / "w.duckdb"
    build_search_index(_small_warehouse(db))
    con = duckdb.connect(str(db), read_only=True, config={"autoload_known_extensions": False})
    assert con.execute("select count(*) from search.find('乡村振兴')").fetchone() == (2,)
    loaded = con.execute("select loaded from duckdb_extensions() where extension_name = 'fts'").fetchone()
    assert loaded in (None, (False,))


def test_index_and_macros_are_documented(small: duckdb.DuckDBPyConnection) -> None:
    columns = small.execute(
        "select column_name, comment from duckdb_columns() "
        "where schema_name = 'search' and table_name = 'documents'"
    ).fetchall()
    assert columns and all(comment for _, comment in columns)
    macros = dict(
        small.execute(
            "select function_name, comment from duckdb_functions() where schema_name = 'search'"
        ).fetchall()
    )
    assert {"terms", "find", "find_terms"} <= macros.keys() and all(macros.values())


def test_published_warehouse_carries_the_search_index(sample_warehouse: Path) -> None:
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        docs = con.execute("select count(*) from search.documents").fetchone()[0]  # type: ignore[index]
        expected = con.execute(
            "select (select count(*) from marts.articles) + (select count(*) from marts.abstracts)"
        ).fetchone()[0]  # type: ignore[index]
        assert docs == expected > 0
        # Every hit for a word holds that word; every document whose text holds it is found.
        bodies = con.execute(
            "select 'article:' || article_id, title || chr(10) || body from marts.articles "
            "union all "
            "select 'abstract:' || abstract_id, coalesce(title, '') || chr(10) || text from marts.abstracts"
        ).fetchall()
        holding = {doc_id for doc_id, text in bodies if "乡村" in text}
        found = {
            r[0]
            for r in con.execute("select doc_id from search.find('乡村', max_results := 1000)").fetchall()
        }
    assert holding and found == holding


def test_winnow_search_command(sample_warehouse: Path) -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "winnow",
            "search",
            "乡村振兴 产业",
            "--warehouse",
            str(sample_warehouse),
            "--limit",
            "3",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout
    lines = [line for line in out.splitlines() if line[:1].isdigit()]
    assert 1 <= len(lines) <= 3 and lines[0].startswith("1. [")
    assert "乡村" in out or "产业" in out
