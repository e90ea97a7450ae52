"""Shared by the tests/test_reliability_*.py files: input builders, fingerprints, measured runs.

Nothing here is third-party text: the good pages are written by ``good_pages`` from the
sentences below (made up for these tests) through ``bench.fabricate``.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import random
import resource
import stat
import subprocess
import sys
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from bench.fabricate import Page, Style, make_page

ROOT = Path(__file__).resolve().parent.parent
MARTS = ("articles", "abstracts", "article_abstracts", "metrics", "metrics_by_region_year",
         "regions", "quarantine", "rejected_metrics", "article_authors", "article_sources")  # fmt: skip
COUNTIES = ("瑞金市", "于都县", "兴国县", "宁都县", "寻乌县", "安远县", "会昌县", "石城县")
TOPICS = ("农家书屋", "扶贫车间", "光伏电站", "蔬菜基地", "乡村公路", "卫生室", "文化广场", "茶园")


def page(i: int) -> Page:
    """A made-up article of the site, distinct for each ``i`` (its title and figures)."""
    county, topic = COUNTIES[i % len(COUNTIES)], TOPICS[(i // len(COUNTIES)) % len(TOPICS)]
    year = 2018 + i % 5
    return Page(
        title=f"{county}{topic}建设调查报告（第{i + 1}号）",
        blocks=[
            ("heading", "一、基本情况"),
            ("paragraph", f"{year}年，{county}新建{topic}{12 + i}个，带动{320 + 7 * i}人就业。"),
            ("paragraph", f"截至{year}年底，全县累计投入资金{150 + i}万元，惠及农户{1200 + 13 * i}户。"),
            ("heading", "二、主要做法"),
            (
                "paragraph",
                f"{county}坚持因地制宜，每个项目都由村民议事会讨论决定，第{i + 1}批项目已全部完工。",
            ),
        ],
        authors=("李明", "王芳") if i % 2 else ("张伟",),
        affiliation="赣南师范大学经济管理学院",
    )


STYLES = (
    Style(),
    Style(fmt="html"),
    Style(encoding="gb18030", newline="\r\n"),
    Style(fmt="html", encoding="gb18030"),
    Style(gzip=True),
)


def good_pages(raw: Path, n: int, start: int = 0, folder: str = "good") -> dict[str, str]:
    """Write ``n`` distinct good pages under ``raw/folder``; returns {relative path: title}."""
    out = {}
    (raw / folder).mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        style = STYLES[i % len(STYLES)]
        ext = (".html" if style.fmt == "html" else ".txt") + (".gz" if style.gzip else "")
        rel = f"{folder}/page-{i:03d}{ext}"
        (raw / rel).write_bytes(make_page(page(i), style))
        out[rel] = page(i).title
    return out


@dataclass(frozen=True, slots=True)
class Expect:
    """What a bad input may become: loaded (``ok``, as ``title``) or quarantined for one of ``reasons``."""

    reasons: frozenset[str]
    ok: bool = False
    title: str | None = None


def gzip_bomb(path: Path, inflated: int = 1 << 30) -> None:
    """A small .gz (about 1 MB) that inflates to ``inflated`` bytes, written without holding them."""
    z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b"A" * (16 << 20)
    with path.open("wb") as f:
        for _ in range(inflated // len(chunk)):
            f.write(z.compress(chunk))
        f.write(z.flush())


def bad_inputs(raw: Path, outside: Path, *, root_reads_all: bool) -> dict[str, Expect]:
    """Write the bad-input set under ``raw/bad``; returns {relative path: what it may become}."""
    bad = raw / "bad"
    bad.mkdir(parents=True)
    rng = random.Random(6)
    want: dict[str, Expect] = {}

    def put(name: str, data: bytes, expect: Expect) -> Path:
        (bad / name).write_bytes(data)
        want[f"bad/{name}"] = expect
        return bad / name

    q = lambda *r: Expect(frozenset(r))  # noqa: E731
    put("empty.txt", b"", q("empty"))
    put("random.txt", rng.randbytes(50_000), q("binary", "undecodable"))
    put("random.html", rng.randbytes(3_000), q("binary", "undecodable"))
    text = make_page(page(900)).decode("utf-8")
    cut = len(text) // 2
    put(
        "nul-inside.txt",
        (text[:cut] + "\x00\x00" + text[cut:]).encode(),
        Expect(frozenset({"binary"}), True, page(900).title),
    )
    filler = ("这是一段用来把文件撑大的正文，没有任何意义。" * 40 + "\n").encode()
    with (bad / "huge-60mb.txt").open("wb") as f:
        f.write("一份六十兆的文本\n".encode())
        for _ in range(60 * 1024 * 1024 // len(filler) + 1):
            f.write(filler)
    want["bad/huge-60mb.txt"] = q("too_large")
    html = make_page(page(901), Style(fmt="html"))
    put(
        "truncated.html",
        html[: len(html) // 2],
        Expect(frozenset({"no_body", "no_title"}), True, page(901).title),
    )
    put("truncated-at-start.html", html[:200], q("no_body", "no_title", "empty", "undecodable"))
    deep = "<html><head><title>很深的网页</title></head><body>" + "<div>" * 30_000
    deep += "<p>最深处的一段正文，全县新建农家书屋12个。</p>" + "</div>" * 30_000 + "</body></html>"
    put(
        "deep-30000.html",
        deep.encode(),
        Expect(frozenset({"no_body", "no_title", "too_deep"}), True, "很深的网页"),
    )
    put("not-gzip.txt.gz", b"this is plain text in a file named .gz\n", q("bad_gzip"))
    put("truncated.txt.gz", gzip.compress(make_page(page(902)))[:300], q("bad_gzip"))
    gzip_bomb(bad / "bomb.txt.gz")
    want["bad/bomb.txt.gz"] = q("too_large")
    latin = "Économie rurale à Ganzhou\n\n  Le café du village a ouvert en 2019 ; 12 emplois créés.\n"
    put(
        "latin-1.txt",
        latin.encode("latin-1"),
        Expect(frozenset({"undecodable", "no_body"}), True, "Économie rurale à Ganzhou"),
    )
    put("名字 有 空格 and spaces.txt", make_page(page(903)), Expect(frozenset(), True, page(903).title))
    put(
        "全角　空格（副本）.html",
        make_page(page(904), Style(fmt="html")),
        Expect(frozenset(), True, page(904).title),
    )
    outside.write_bytes(make_page(page(905)))
    (bad / "escape.txt").symlink_to(outside)
    want["bad/escape.txt"] = q("outside_raw")
    (bad / "dangling.txt").symlink_to(bad / "no-such-file.txt")
    want["bad/dangling.txt"] = q("broken_link", "outside_raw")
    locked = put(
        "chmod-000.txt",
        make_page(page(906)),
        Expect(frozenset({"unreadable"}), root_reads_all, page(906).title),
    )
    locked.chmod(0)
    os.mkfifo(bad / "a-fifo.txt")
    want["bad/a-fifo.txt"] = q("not_a_file")
    return want


def tree_digest(root: Path) -> dict[str, tuple[str, int, int]]:
    """{path: (sha256 or link target, mode, mtime_ns)} of every entry below ``root``, links not followed."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            p = Path(dirpath) / name
            st = p.lstat()
            if stat.S_ISLNK(st.st_mode):
                what = f"link:{p.readlink()}"
            elif stat.S_ISREG(st.st_mode):
                h = hashlib.sha256()
                with p.open("rb") as f:  # root reads a mode-000 file; tests run as root in CI
                    while chunk := f.read(1 << 20):
                        h.update(chunk)
                what = h.hexdigest()
            else:
                what = stat.filemode(st.st_mode)
            out[os.fsencode(p.relative_to(root)).decode("utf-8", "backslashreplace")] = (
                what,
                st.st_mode,
                st.st_mtime_ns,
            )
    return out


def stable_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The columns of ``marts.table`` that do not depend on when or in which run a row was loaded."""
    rows = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = 'marts' and table_name = ? order by ordinal_position",
        [table],
    ).fetchall()
    return [c for c, t in rows if not t.startswith("TIMESTAMP") and "run_id" not in c]


def marts_fingerprint(db: Path, *, stable: bool = True) -> dict[str, str]:
    """A digest of each marts table but load_runs, rows in a stable order (``stable``: only
    the columns that do not depend on load time or run id)."""
    out = {}
    with duckdb.connect(str(db), read_only=True) as con:
        for t in MARTS:
            cols = stable_columns(con, t) if stable else ["*"]
            sel = ", ".join(f'"{c}"' if c != "*" else c for c in cols)
            rows = con.execute(f"select {sel} from marts.{t} order by all").fetchall()
            out[t] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return out


def duplicates(db: Path) -> dict[str, int]:
    """Rows beyond the first per primary key, for the marts keyed by one id."""
    keys = {
        "articles": "article_id",
        "abstracts": "abstract_id",
        "metrics": "metric_id",
        "regions": "region_code",
    }
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            t: con.execute(f"select count(*) - count(distinct {k}) from marts.{t}").fetchone()[0]  # type: ignore[index]
            for t, k in keys.items()
        }


@dataclass(slots=True)
class Measured:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_mb: float  # the largest resident set of the run or any process it waited for


def run_measured(env: dict[str, str], *args: str, timeout: float = 900) -> Measured:
    """``python -m winnow ARGS`` as a subprocess; wall time and peak memory (wait4's ru_maxrss)."""
    t0 = time.monotonic()
    with (
        Path(os.devnull).open("rb") as devnull,
        __import__("tempfile").TemporaryFile("w+") as out,
        __import__("tempfile").TemporaryFile("w+") as err,
    ):
        proc = subprocess.Popen(
            [sys.executable, "-m", "winnow", *args], cwd=ROOT, env=env, stdin=devnull, stdout=out, stderr=err,
            start_new_session=True,
        )  # fmt: skip
        deadline = t0 + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                os.killpg(proc.pid, 9)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - t0
        out.seek(0)
        err.seek(0)
        return Measured(proc.returncode, out.read(), err.read(), seconds, usage.ru_maxrss / 1024)


def children_peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def quarantine_reasons(db: Path) -> dict[str, str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return dict(con.execute("select path, reason from marts.quarantine").fetchall())


def titles_by_path(db: Path) -> dict[str, str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return dict(con.execute("select source_path, title from marts.articles").fetchall())


def session_pids(sid: int) -> list[int]:
    """Live processes of session ``sid`` (a run started with start_new_session: itself and its children)."""
    out = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":  # fields after the command: state, ppid, pgrp, session
            out.append(int(stat_file.parent.name))
    return out


def parquet_counts(wh_home: Path) -> dict[str, int]:
    """Rows of each table in the published Parquet folder."""
    folder = wh_home / "parquet"
    if not folder.exists():
        return {}
    with duckdb.connect() as con:
        return {
            p.stem: con.execute("select count(*) from read_parquet(?)", [str(p)]).fetchone()[0]  # type: ignore[index]
            for p in sorted(folder.glob("*.parquet"))
        }


def db_counts(db: Path, tables: list[str]) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: con.execute(f"select count(*) from marts.{t}").fetchone()[0] for t in tables}  # type: ignore[index]
