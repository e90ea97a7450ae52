"""What analysts and BI tools get: the ready answers in analyses/, the HTML report seen in a real
headless browser, and the published file read as Superset (SQLAlchemy + duckdb-engine, read-only)
and Parquet readers do.

Expected answers are computed here from the base rows (or from the parser, or from how the
fixtures were built), never by running the same SQL again.
"""

from __future__ import annotations

import re
import shutil
import statistics
import struct
import subprocess
import sys
import zlib
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pytest

from winnow import runlog
from winnow.parse import parse_file
from winnow.publish import Warehouse

ROOT = Path(__file__).resolve().parent.parent
ANALYSES = ROOT / "analyses"
FIXTURES = ROOT / "tests" / "fixtures" / "analysts"
OUR_TITLES = ("萍乡市发展农民专业合作社的实践", "上饶市茶产业带动农户增收的调查")  # tests/fixtures/analysts
OTHER_READER = (
    "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True); "
    "print(con.execute('select count(*) from marts.articles').fetchone()[0])"
)
MARTS_TABLES_SQL = "select table_name from duckdb_tables() where schema_name = 'marts'"
BAR_RGB = (0x43, 0x93, 0xC3)  # winnow.report.BAR_COLOUR (the chart's bars)
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1280,2000",
]  # fmt: skip


# --- fixtures -------------------------------------------------------------------------------


FIRST_RUN_PAGES = ("pingxiang_cooperatives.txt",)
SECOND_RUN_PAGES = ("shangrao_tea.txt", "jian_collective_economy.txt")


@pytest.fixture(scope="module")
def analysts_raw(sample_raw: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples, one page of ours and an empty file (what the first run sees)."""
    raw = tmp_path_factory.mktemp("analysts-raw")
    shutil.copytree(sample_raw, raw, dirs_exist_ok=True)
    for name in FIRST_RUN_PAGES:
        shutil.copy(FIXTURES / name, raw / name)
    (raw / "empty_page.txt").write_bytes(b"")
    return raw


@pytest.fixture(scope="module")
def analysts_warehouse(
    analysts_raw: Path, tmp_path_factory: pytest.TempPathFactory, prefect_api: str
) -> Path:
    """Two real runs: the first quarantines the empty file; the second adds two pages of ours
    (sharing related abstracts with the first one and with a sample) and a binary file."""
    from flows.pipeline import winnow_run

    db = tmp_path_factory.mktemp("analysts-warehouse") / "winnow.duckdb"
    winnow_run(raw=str(analysts_raw), warehouse=str(db))
    for name in SECOND_RUN_PAGES:
        shutil.copy(FIXTURES / name, analysts_raw / name)
    (analysts_raw / "broken_page.txt").write_bytes(b"\x00\x01\x02PK\x03\x04\xff\xfe" + bytes(range(256)) * 4)
    winnow_run(raw=str(analysts_raw), warehouse=str(db))
    return db


def analysis(con: duckdb.DuckDBPyConnection, name: str) -> list[dict[str, Any]]:
    rel = con.sql((ANALYSES / f"{name}.sql").read_text(encoding="utf-8"))
    return [dict(zip(rel.columns, row, strict=True)) for row in rel.fetchall()]


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


# --- analyses/ --------------------------------------------------------------------------------

ANALYSIS_FILES = sorted(ANALYSES.glob("*.sql"))


def test_the_ready_answers_are_there() -> None:
    names = {p.stem for p in ANALYSIS_FILES}
    assert {
        "metrics_by_region_year", "top_indicators", "articles_per_journal", "shared_abstracts",
        "quarantine_reasons_over_time", "search_articles",
    } <= names  # fmt: skip


@pytest.mark.parametrize("path", ANALYSIS_FILES, ids=lambda p: p.stem)
def test_every_analysis_says_what_it_answers_and_runs_on_the_sample_warehouse(
    path: Path, sample_warehouse: Path
) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("-- Answers: ") and text.split("\n", 1)[0].endswith("?")
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        found = analysis(con, path.stem)
        if path.stem not in ("shared_abstracts", "quarantine_reasons_over_time"):  # none in the samples
            assert found, f"{path.name} found nothing in the sample warehouse"


def test_metrics_by_region_year(analysts_warehouse: Path) -> None:
    with duckdb.connect(str(analysts_warehouse), read_only=True) as con:
        mentions = rows(
            con,
            "select indicator_code, measure, region_code, period_year, unit_std, value_std, is_target "
            "from marts.metrics "
            "where indicator_code is not null and region_code is not null and period_year is not null",
        )
        cells: dict[str, set[tuple[Any, ...]]] = defaultdict(set)
        for m in mentions:
            cells[m["indicator_code"]].add((m["region_code"], m["period_year"], m["measure"], m["unit_std"]))
        count = Counter(m["indicator_code"] for m in mentions)
        default = min(cells, key=lambda i: (-len(cells[i]), -count[i], i))
        assert {r["indicator_code"] for r in analysis(con, "metrics_by_region_year")} == {default}

        # Pick the indicator seen in the most regions, and check every cell against the mentions.
        chosen = max(cells, key=lambda i: (len({c[0] for c in cells[i]}), i))
        measure = Counter(c[2] for c in cells[chosen]).most_common(1)[0][0]
        con.execute(f"set variable indicator = '{chosen}'")
        con.execute(f"set variable measure = '{measure}'")
        got = analysis(con, "metrics_by_region_year")
    expected: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for m in mentions:
        if (m["indicator_code"], m["measure"]) == (chosen, measure):
            expected[(m["region_code"], m["period_year"], m["unit_std"])].append(m)
    assert sorted((r["region_code"], r["period_year"], r["unit_std"]) for r in got) == sorted(expected)
    for r in got:
        ms = expected[(r["region_code"], r["period_year"], r["unit_std"])]
        achieved = [m["value_std"] for m in ms if not m["is_target"]]
        assert r["mentions"] == len(ms)
        assert r["target_mentions"] == sum(m["is_target"] for m in ms)
        if achieved:
            assert (r["value_min"], r["value_max"]) == (min(achieved), max(achieved))
            assert r["value_median"] == pytest.approx(statistics.median(achieved))


def test_top_indicators(analysts_warehouse: Path) -> None:
    with duckdb.connect(str(analysts_warehouse), read_only=True) as con:
        mentions = rows(con, "select indicator, article_id, abstract_id, region_code from marts.metrics")
        got = analysis(con, "top_indicators")
    count = Counter(m["indicator"] for m in mentions if m["indicator"] is not None)
    top = sorted(count.items(), key=lambda kv: (-kv[1], kv[0]))[:20]
    assert [(r["indicator"], r["mentions"]) for r in got] == top
    assert len(got) == min(20, len(count)) and got[0]["mentions"] >= 2
    for r in got:
        of = [m for m in mentions if m["indicator"] == r["indicator"]]
        assert r["articles"] == len({m["article_id"] for m in of if m["article_id"]})
        assert r["abstracts"] == len({m["abstract_id"] for m in of if m["abstract_id"]})
        assert r["regions"] == len({m["region_code"] for m in of if m["region_code"]})


def test_articles_per_journal(analysts_warehouse: Path, analysts_raw: Path) -> None:
    with duckdb.connect(str(analysts_warehouse), read_only=True) as con:
        got = analysis(con, "articles_per_journal")
    # Expected from the pages themselves: one article per distinct title, counted per journal.
    journals: dict[str, set[str]] = defaultdict(set)
    for path in sorted(p for p in analysts_raw.rglob("*") if p.is_file()):
        page = parse_file(path)
        if page.status == "ok" and page.article is not None:
            journals[page.article.journal or "(not given)"].add(page.article.title)
    assert {r["journal"]: r["articles"] for r in got} == {j: len(t) for j, t in journals.items()}
    assert got[0]["journal"] == "江西农业" and got[0]["articles"] >= 3  # a sample page and our two


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_shared_abstracts(analysts_warehouse: Path, analysts_raw: Path) -> None:
    with duckdb.connect(str(analysts_warehouse), read_only=True) as con:
        got = analysis(con, "shared_abstracts")
    # Expected from the pages: which titles list each related abstract (whitespace ignored).
    carriers: dict[str, set[str]] = defaultdict(set)
    for path in sorted(p for p in analysts_raw.rglob("*") if p.is_file()):
        page = parse_file(path)
        if page.status == "ok" and page.article is not None:
            for related in page.related:
                carriers[_squeeze(related.text)].add(page.article.title)
            if page.article.abstract:
                carriers[_squeeze(page.article.abstract)].add(page.article.title)
    shared = {text[:15]: sorted(titles) for text, titles in carriers.items() if len(titles) > 1}
    assert {_squeeze(r["text_start"])[:15]: sorted(r["page_titles"]) for r in got} == shared
    assert all(r["pages"] == len(r["page_titles"]) >= 2 for r in got)
    ours = [r for r in got if r["text_start"].startswith("萍乡市围绕乡村振兴战略")]  # on both of our pages
    assert ours and sorted(ours[0]["page_titles"]) == sorted(OUR_TITLES)


def test_quarantine_reasons_over_time(analysts_warehouse: Path) -> None:
    with duckdb.connect(str(analysts_warehouse), read_only=True) as con:
        got = analysis(con, "quarantine_reasons_over_time")
    first, second = [r.run_id for r in runlog.read(Warehouse(analysts_warehouse).ledger)][:2]
    assert [(r["run_id"], r["reason"], r["files"], r["paths"]) for r in got] == [
        (first, "empty", 1, ["empty_page.txt"]),
        (second, "binary", 1, ["broken_page.txt"]),
    ]


def test_search_example(analysts_warehouse: Path) -> None:
    with duckdb.connect(str(analysts_warehouse), read_only=True) as con:
        got = analysis(con, "search_articles")
        texts = dict(
            con.execute(
                "select article_id, title || body from marts.articles where article_id is not null"
            ).fetchall()
        )
        texts |= dict(con.execute("select abstract_id, text from marts.abstracts").fetchall())
    assert 0 < len(got) <= 10
    assert [r["score"] for r in got] == sorted((r["score"] for r in got), reverse=True)
    for r in got:
        text = texts[r["article_id"] or r["abstract_id"]]
        assert any(word in text for word in ("乡村", "振兴", "产业"))
    holding_all = {k for k, t in texts.items() if all(w in t for w in ("乡村振兴", "产业"))}
    if len(holding_all) <= 10:
        assert holding_all <= {r["article_id"] or r["abstract_id"] for r in got}
    assert any(r["title"] == OUR_TITLES[0] for r in got)


# --- winnow report ----------------------------------------------------------------------------


def winnow_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "winnow", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )


@pytest.fixture(scope="module")
def report_html(analysts_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    winnow_cli("report", "--warehouse", str(analysts_warehouse), "--out", str(out))
    return out


def test_report_is_a_self_contained_offline_page(report_html: Path, analysts_warehouse: Path) -> None:
    html = report_html.read_text(encoding="utf-8")
    assert "<script" not in html.lower() and "<link" not in html.lower() and "@import" not in html
    assert set(re.findall(r"https?://[^\s\"'<>]+", html)) <= {"http://www.w3.org/2000/svg"}
    with duckdb.connect(str(analysts_warehouse), read_only=True) as con:
        n_articles = len({r[0] for r in con.execute("select article_id from marts.articles").fetchall()})
        n_mentions = len(con.execute("select metric_id from marts.metrics").fetchall())
        top = con.execute(
            "select indicator from marts.metrics where indicator is not null "
            "group by 1 order by count(*) desc, 1 limit 1"
        ).fetchone()
    assert top is not None
    assert f'id="count-articles">{n_articles}<' in html
    assert f'id="count-metric-mentions">{n_mentions}<' in html
    assert 'id="count-files-quarantined">2<' in html  # the empty file and the binary one
    runs = runlog.read(Warehouse(analysts_warehouse).ledger)
    assert all(r.run_id in html for r in runs) and f"<b>{runs[-1].run_id}</b>" in html
    assert f"<td>{top[0]}</td>" in html
    assert "<td>empty</td>" in html and "<td>binary</td>" in html


def _png_pixels(path: Path) -> np.ndarray:
    """Decode an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes) into an array."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    assert header is not None
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0
    bpp = 3 if colour == 2 else 4
    raw = np.frombuffer(zlib.decompress(b"".join(idat)), dtype=np.uint8).reshape(height, width * bpp + 1)
    out = np.zeros((height, width * bpp), dtype=np.uint8)
    prev = np.zeros(width * bpp, dtype=np.int32)
    for y in range(height):
        kind, line = raw[y, 0], raw[y, 1:].astype(np.int32)
        if kind == 0:
            cur = line
        elif kind == 2:
            cur = (line + prev) % 256
        elif kind == 1:
            cur = (np.cumsum(line.reshape(width, bpp), axis=0) % 256).reshape(-1)
        else:
            cur = _unfilter_sequential(int(kind), line.tolist(), prev.tolist(), bpp)
        out[y], prev = cur, np.asarray(cur, dtype=np.int32)
    return out.reshape(height, width, bpp)[:, :, :3]


def _unfilter_sequential(kind: int, line: list[int], prev: list[int], bpp: int) -> np.ndarray:
    cur = [0] * len(line)
    for i, x in enumerate(line):
        a = cur[i - bpp] if i >= bpp else 0
        b = prev[i]
        if kind == 3:
            cur[i] = (x + (a + b) // 2) % 256
            continue
        c = prev[i - bpp] if i >= bpp else 0
        p = a + b - c
        pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
        cur[i] = (x + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) % 256
    return np.asarray(cur, dtype=np.int32)


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip(
            "chromium is not installed (apt-get install -y chromium fonts-wqy-microhei; .ci/run does)"
        )
    return exe


def test_report_renders_in_headless_chromium(
    report_html: Path, analysts_warehouse: Path, tmp_path: Path
) -> None:
    exe = chromium()
    shot = tmp_path / "report.png"
    url = report_html.resolve().as_uri()
    base = [exe, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    subprocess.run([*base, f"--screenshot={shot}", url], capture_output=True, timeout=180, check=True)
    dom = subprocess.run(
        [*base, "--dump-dom", url], capture_output=True, text=True, timeout=180, check=True
    ).stdout

    pixels = _png_pixels(shot)
    assert pixels.shape == (2000, 1280, 3)
    flat = pixels.reshape(-1, 3)
    colours, counts = np.unique(flat, axis=0, return_counts=True)
    assert len(colours) > 50, "the screenshot is (almost) blank"
    assert counts.max() / len(flat) < 0.97, "one colour covers nearly the whole screenshot"
    assert ((flat == BAR_RGB).all(axis=1)).sum() > 1000, "no chart bars were drawn"

    with duckdb.connect(str(analysts_warehouse), read_only=True) as con:
        regions = len({r[0] for r in con.execute("select region_code from marts.metrics").fetchall() if r[0]})
        n_articles = len(con.execute("select article_id from marts.articles").fetchall())
    svg = dom.split('id="chart-regions"', 1)[1].split("</svg>", 1)[0]
    assert svg.count('class="bar"') == min(20, regions) > 0
    assert f'id="count-articles">{n_articles}<' in dom


# --- BI connections ---------------------------------------------------------------------------


def test_superset_reads_the_published_file_through_sqlalchemy_read_only(sample_warehouse: Path) -> None:
    from sqlalchemy import create_engine, inspect, text
    from sqlalchemy.exc import SQLAlchemyError

    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        expected = {
            t: con.execute(f"select count(*) from marts.{t}").fetchone()[0]  # type: ignore[index]
            for (t,) in con.execute(MARTS_TABLES_SQL).fetchall()
        }
    engine = create_engine(f"duckdb:///{sample_warehouse}", connect_args={"read_only": True})
    try:
        # duckdb-engine names schemas database.schema; the database is named after the file
        assert f"{sample_warehouse.stem}.marts" in inspect(engine).get_schema_names()
        assert set(expected) <= set(inspect(engine).get_table_names(schema="marts"))
        with engine.connect() as conn:
            # Another process reads the file at the same time (the DuckDB CLI, a second BI tool).
            other = subprocess.run(
                [sys.executable, "-c", OTHER_READER, str(sample_warehouse)],
                capture_output=True,
                text=True,
                timeout=120,
                check=True,
            )
            assert other.stdout.strip() == str(expected["articles"])
            for table, n in expected.items():
                assert conn.execute(text(f"select count(*) from marts.{table}")).scalar() == n
            hits = conn.execute(text("select count(*) from search.find('乡村', max_results := 5)")).scalar()
            assert hits is not None and hits > 0
            with pytest.raises(SQLAlchemyError, match=r"(?i)read.only"):
                conn.execute(text("create table marts.scratch as select 1 as x"))
    finally:
        engine.dispose()


def test_parquet_copies_hold_the_same_rows_as_the_duckdb_tables(sample_warehouse: Path) -> None:
    import pyarrow.parquet as pq

    folder = Warehouse(sample_warehouse).parquet
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        relations = [
            r[0]
            for r in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'marts' "
                "union select view_name from duckdb_views() where schema_name = 'marts'"
            ).fetchall()
        ]
        assert {"articles", "abstracts", "metrics", "load_runs", "quarantine"} <= set(relations)
        for table in relations:
            path = folder / f"{table}.parquet"
            assert path.is_file(), f"no Parquet copy of marts.{table}"
            rel = con.sql(f"select * from marts.{table}")
            meta = pq.read_metadata(path)
            assert meta.num_rows == con.execute(f"select count(*) from marts.{table}").fetchone()[0], table  # type: ignore[index]
            assert pq.read_schema(path).names == rel.columns, table
