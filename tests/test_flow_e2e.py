"""The whole pipeline, end to end: real files, a real Prefect run, real dbt, a real DuckDB file."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from flows.pipeline import MARTS
from winnow import runlog
from winnow.publish import Warehouse

ROOT = Path(__file__).resolve().parent.parent


def winnow(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "winnow", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def run_record(env: dict[str, str], raw: Path, db: Path) -> dict:
    proc = winnow(env, "run", "--raw", str(raw), "--warehouse", str(db))
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def marts_fingerprint(db: Path) -> dict[str, str]:
    """A digest of every marts table but load_runs, rows in a stable order."""
    out = {}
    with duckdb.connect(str(db), read_only=True) as con:
        for t in MARTS:
            if t == "load_runs":
                continue
            rows = con.execute(f"select * from marts.{t} order by all").fetchall()
            out[t] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return out


@pytest.fixture(scope="module")
def raw_dir(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    shutil.copytree(ROOT / "raw" / "samples", raw / "samples")
    seed = next((shared / "seeds").glob("*.txt"))
    (raw / "site").mkdir()
    shutil.copy(seed, raw / "site" / seed.name)
    text = seed.read_text(encoding="utf-8")
    (raw / "site" / "同一篇 gb18030.txt").write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    (raw / "site" / "seed.txt.gz").write_bytes(gzip.compress(text.encode("utf-8")))
    bad = raw / "broken"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "random.txt").write_bytes(bytes(range(256)) * 8)
    (bad / "not-gzip.txt.gz").write_bytes(b"this is not gzip at all")
    return raw


@pytest.fixture(scope="module")
def first_run(raw_dir: Path, tmp_path_factory: pytest.TempPathFactory, prefect_api: str) -> tuple[Path, dict]:
    from flows.pipeline import winnow_run

    db = tmp_path_factory.mktemp("wh") / "winnow.duckdb"
    record = winnow_run(raw=str(raw_dir), warehouse=str(db))
    return db, record


def test_a_run_lands_every_table_of_the_contract(first_run: tuple[Path, dict]) -> None:
    db, record = first_run
    assert record["status"] == "succeeded" and record["published"]
    with duckdb.connect(str(db), read_only=True) as con:
        tables = {
            r[0]
            for r in con.execute(
                "select table_name from duckdb_tables() where schema_name='marts'"
            ).fetchall()
        }
        views = {
            r[0]
            for r in con.execute("select view_name from duckdb_views() where schema_name='marts'").fetchall()
        }
        assert set(MARTS) <= tables | views
        n = {t: con.execute(f"select count(*) from marts.{t}").fetchone()[0] for t in MARTS}
        assert n["articles"] >= 5 and n["abstracts"] >= 10 and n["metrics"] >= 50 and n["regions"] > 3000
        assert n["load_runs"] == 1
        # The seed dumped three times (UTF-8, GB18030 with CRLF, gzip) is one article.
        seeds = con.execute(
            "select count(*) from marts.articles where title like '江西巩固拓展脱贫攻坚成果%'"
        ).fetchone()
        assert seeds == (1,)
        reasons = dict(con.execute("select path, reason from marts.quarantine").fetchall())
        assert reasons == {
            "broken/empty.txt": "empty",
            "broken/random.txt": "binary",
            "broken/not-gzip.txt.gz": "bad_gzip",
        }
        run = con.execute(
            "select files_seen, files_new, files_quarantined, published from marts.load_runs"
        ).fetchone()
        assert run == (record["files_seen"], record["files_new"], 3, True)
    assert (db.parent / "parquet" / "metrics.parquet").exists()


def test_seed_metrics_land_with_region_codes(first_run: tuple[Path, dict]) -> None:
    db, _ = first_run
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(
            "select value, unit, region_code, period_year from marts.metrics where mention like '%3155个%'"
        ).fetchall()
    assert row == [(3155.0, "个", "360700", 2020)]


def test_second_run_over_the_same_folder_changes_nothing(
    first_run: tuple[Path, dict], raw_dir: Path, winnow_env: dict
) -> None:
    db, _ = first_run
    before = marts_fingerprint(db)
    published = (db.stat().st_ino, db.stat().st_mtime_ns)
    proc = winnow(winnow_env, "run", "--raw", str(raw_dir), "--warehouse", str(db))
    assert proc.returncode == 0, proc.stderr[-2000:]
    record = json.loads(proc.stdout.strip().splitlines()[-1])
    assert record["status"] == "nothing_new" and record["files_new"] == 0 and record["files_changed"] == 0
    assert not record["published"]
    # nothing was copied or republished: the very same file, which readers may keep open
    assert (db.stat().st_ino, db.stat().st_mtime_ns) == published
    assert marts_fingerprint(db) == before
    assert [r.status for r in runlog.read(Warehouse(db).ledger)] == ["succeeded", "nothing_new"]
    status = winnow(winnow_env, "status", "--warehouse", str(db))
    assert status.returncode == 0 and "nothing_new" in status.stdout


def test_a_touched_file_is_recorded_once_then_skipped(
    first_run: tuple[Path, dict], raw_dir: Path, winnow_env: dict
) -> None:
    db, _ = first_run
    seed = raw_dir / "site" / "seed.txt.gz"
    os.utime(seed, ns=(seed.stat().st_atime_ns, seed.stat().st_mtime_ns + 10**9))  # same bytes, new time
    touched = run_record(winnow_env, raw_dir, db)
    assert touched["status"] == "nothing_new" and touched["published"], touched
    with duckdb.connect(str(db), read_only=True) as con:
        mtime = con.execute("select mtime_ns from landing.files where path = 'site/seed.txt.gz'").fetchone()
        runs = con.execute("select status from marts.load_runs order by started_at").fetchall()
    assert mtime == (seed.stat().st_mtime_ns,)
    assert [r for (r,) in runs][-2:] == ["nothing_new", "nothing_new"]  # the quiet run is in the history now
    published = (db.stat().st_ino, db.stat().st_mtime_ns)
    again = run_record(winnow_env, raw_dir, db)
    assert again["status"] == "nothing_new" and not again["published"]
    assert (db.stat().st_ino, db.stat().st_mtime_ns) == published


def test_a_changed_file_replaces_its_earlier_rows(
    first_run: tuple[Path, dict], raw_dir: Path, winnow_env: dict
) -> None:
    db, _ = first_run
    page = raw_dir / "samples" / "fuzhou_farmland.txt"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("32.6万亩", "33.1万亩"), encoding="utf-8")
    proc = winnow(winnow_env, "run", "--raw", str(raw_dir), "--warehouse", str(db))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout.strip().splitlines()[-1])["files_changed"] == 1
    with duckdb.connect(str(db), read_only=True) as con:
        values = {r[0] for r in con.execute("select value from marts.metrics where unit = '亩'").fetchall()}
    assert 331000.0 in values and 326000.0 in values  # the GB18030 copy still says 32.6万亩
    page.write_text(text, encoding="utf-8")


def test_mostly_garbage_blocks_publishing_and_is_recorded(
    tmp_path: Path, shared: Path, winnow_env: dict
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(next((shared / "seeds").glob("*.txt")), raw / "seed.txt")
    db = tmp_path / "wh" / "winnow.duckdb"
    assert winnow(winnow_env, "run", "--raw", str(raw), "--warehouse", str(db)).returncode == 0
    published = db.read_bytes()
    for i in range(5):
        (raw / f"junk{i}.txt").write_bytes(bytes([i]) * 4096)
    judged = {**winnow_env, "WINNOW_SHARE_MIN_FILES": "5"}  # the share is judged from 5 files on
    proc = winnow(judged, "run", "--raw", str(raw), "--warehouse", str(db))
    assert proc.returncode == 3, proc.stderr[-2000:]
    assert "junk0.txt: binary" in proc.stderr and "WINNOW_MAX_QUARANTINED_SHARE" in proc.stderr
    assert db.read_bytes() == published
    last = runlog.read(Warehouse(db).ledger)[-1]
    assert last.status == "blocked" and not last.published and last.checks_failed >= 1
    status = winnow(winnow_env, "status", "--warehouse", str(db))
    assert "blocked" in status.stdout
