"""How long the search index takes to build: ``python -m bench.search_index [--docs 1000 3000]``.

Documents are the UTF-8 texts of ../shared/corpus/texts (government work reports and papers,
557–4,322 characters each), cycled to the requested count as articles of a scratch warehouse.
For each count: a cold build (every document segmented), a rebuild with nothing changed, a
rebuild with 1% of the documents changed, and the time of one ``search.find`` query.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path

import duckdb

from winnow.search import build_search_index, segment

ROOT = Path(__file__).resolve().parent.parent
TEXTS = Path(os.environ.get("WINNOW_SHARED", ROOT.parent / "shared")) / "corpus" / "texts"


def _warehouse(db: Path, texts: list[str], n: int) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(db))
    con.execute("create schema marts")
    con.execute("create table marts.articles (article_id varchar, title varchar, body varchar)")
    con.execute("create table marts.abstracts (abstract_id varchar, title varchar, text varchar)")
    docs = islice(cycle(texts), n)
    rows = [(f"a{i:06d}", text.split("\n", 1)[0][:60], text) for i, text in enumerate(docs)]
    con.executemany("insert into marts.articles values (?, ?, ?)", rows)
    return con


def measure(texts: list[str], n: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "w.duckdb"
        con = _warehouse(db, texts, n)
        con.execute("checkpoint")
        before = db.stat().st_size
        t0 = time.perf_counter()
        cold = build_search_index(con)
        cold_s = time.perf_counter() - t0
        con.execute("checkpoint")
        index_bytes = db.stat().st_size - before
        t0 = time.perf_counter()
        build_search_index(con)
        same_s = time.perf_counter() - t0
        con.execute(f"update marts.articles set body = body || '。' where article_id < 'a{n // 100:06d}'")
        t0 = time.perf_counter()
        changed = build_search_index(con)
        changed_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        con.execute("select * from search.find('乡村振兴 产业', max_results := 20)").fetchall()
        query_s = time.perf_counter() - t0
    return {
        "docs": n,
        "chars": cold.chars_segmented,
        "cold_s": cold_s,
        "segment_s": cold.segment_seconds,
        "index_s": cold.index_seconds,
        "per_1000_s": cold_s / n * 1000,
        "chars_per_s": cold.chars_segmented / cold.segment_seconds,
        "nothing_changed_s": same_s,
        "one_percent_changed_s": changed_s,
        "resegmented": changed.segmented,
        "query_s": query_s,
        "articles_mb": before / 1e6,
        "index_mb": index_bytes / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[1000, 3000])
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(TEXTS.rglob("*.txt"))]
    if not texts:
        raise SystemExit(f"no texts under {TEXTS}")
    segment("预热")  # load the segmenter's dictionary once, outside the figures
    for n in args.docs:
        r = measure(texts, n)
        print(
            f"{r['docs']:>6} docs {r['chars'] / 1e6:.2f} M chars: cold {r['cold_s']:.1f} s "
            f"(jieba-rs {r['segment_s']:.1f} s = {r['chars_per_s'] / 1e3:.0f} k chars/s, "
            f"index {r['index_s']:.2f} s) "
            f"= {r['per_1000_s']:.1f} s per 1,000 docs; nothing changed {r['nothing_changed_s']:.2f} s; "
            f"1% changed {r['one_percent_changed_s']:.2f} s ({r['resegmented']} re-segmented); "
            f"query {r['query_s'] * 1000:.0f} ms; "
            f"file {r['articles_mb']:.1f} MB of articles + {r['index_mb']:.1f} MB of search index"
        )


if __name__ == "__main__":
    main()
