"""Loads that one bad file cannot stop, and nothing outside raw/ gets in (issue 24), at library level.

Each test is one of the attacks a real crawl or an attacker produces; the end-to-end runs
(signals, the watchdog) are in test_loads_hold_runs.py.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from reliability_helpers import good_pages

from flows.runs import check_places
from winnow import contracts, landing, parallel, quality
from winnow.discover import discover
from winnow.parse import Refused, parse_bytes, parse_file, read_text
from winnow.publish import NameTaken, Warehouse, claim
from winnow.records import ParseResult
from winnow.settings import Budgets, Settings

ROOT = Path(__file__).resolve().parent.parent

NOW = datetime(2026, 12, 1)
SITE_HEAD = "标题：{title}\n来源 :乡村观察 | 被引量 : 1次 | 上传用户:u\n"


def site_text(body: str, title: str = "一篇文章") -> bytes:
    return (SITE_HEAD.format(title=title) + body).encode("utf-8")


def rows_of(raw: Path, budgets: Budgets | None = None) -> landing.Rows:
    budgets = budgets or Budgets()
    found = discover(raw, {})
    results = parallel.parse_batch(raw, found.todo, budgets)
    return landing.rows(results, {f.path: f for f in found.todo}, run_id="r", now=NOW, max_year=2027)


def reasons(rows: landing.Rows) -> dict[str, str]:
    q = rows.tables["quarantine"].to_pydict()
    return dict(zip(q["path"], q["reason"], strict=True))


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("正文第一段，说的是事。<script>alert(1)</script>", "body_script"),
        ("正文里有 var data = {a: 1}; 的一段。", "body_script"),
        ("点这里 javascript:void(0) 下载。", "body_script"),
        ("第一行<br>第二行，说的是事。", "body_html"),
        ("正文说完了。下载到本地，更方便阅读。", "body_boilerplate"),
    ],
)
def test_a_record_that_breaks_a_contract_is_quarantined_by_name_and_the_rest_lands(
    tmp_path: Path, body: str, reason: str
) -> None:
    raw = tmp_path / "raw"
    good = good_pages(raw, 3)
    (raw / "bad.txt").write_bytes(site_text(body))
    rows = rows_of(raw)
    assert reasons(rows) == {"bad.txt": reason}
    assert sorted(rows.tables["pages"].column("path").to_pylist()) == sorted(good)
    assert reason in contracts.REASONS


def test_the_contracts_are_the_critical_body_expectations() -> None:
    """Equal patterns: the batch checks never block a run for a record the contracts could quarantine."""
    suite = quality.load_suites()["articles"]
    critical = {
        e["meta"]["name"]: tuple(e["kwargs"]["regex_list"])
        for e in suite["expectations"]
        if e["kwargs"].get("column") == "body"
        and e["meta"]["severity"] == "critical"
        and "regex_list" in e["kwargs"]
    }
    assert sorted(critical.values()) == sorted(c[1] for c in contracts.CONTRACTS)


def test_an_empty_file_is_quarantined_and_cannot_block_a_healthy_warehouse(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw).mkdir()
    (raw / "empty.txt").write_bytes(b"")
    rows = rows_of(raw)
    assert reasons(rows) == {"empty.txt": "empty"}
    con = duckdb.connect()
    con.execute("create schema marts; create table marts.articles as select 1 as a from range(100);")
    con.execute("create table marts.metrics as select 1 as m from range(100)")
    health = {"files_new": 1, "files_quarantined_this_run": 1, "articles_from_new_files": 0,
              "previous_articles": 100, "previous_metrics": 100}  # fmt: skip
    judged = quality._health_batch(con, {**health, "share_min_files": 20})
    assert judged["quarantined_share"][0] == 0.0 and not judged["new_files_without_articles"][0]
    naive = quality._health_batch(con, {**health, "share_min_files": 1})
    assert naive["quarantined_share"][0] == 1.0  # judged from one file, the share would block


def test_a_long_report_is_cut_to_the_budget_and_flagged_not_refused(tmp_path: Path) -> None:
    paragraph = "本县全年完成投资三千万元，比上年有所增长，各项工作稳步推进。" * 40
    data = site_text("\n".join([paragraph] * 600))  # about 720,000 characters of body
    result = parse_bytes(data, "long.txt", metrics=False, budgets=Budgets(max_body_chars=500_000))
    assert result.status == "ok" and result.article is not None
    assert result.article.body_truncated and len(result.article.body) == 500_000
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "long.txt").write_bytes(data)
    pages = rows_of(raw, Budgets(max_body_chars=500_000)).tables["pages"].to_pydict()
    assert pages["body_truncated"] == [True]


def test_a_tiny_gzip_of_thousands_of_numbers_is_refused_by_the_mention_budget(tmp_path: Path) -> None:
    sentence = "各村分别为" + "、".join(f"{i}户" for i in range(6000)) + "。"
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "numbers.txt.gz").write_bytes(gzip.compress(site_text(sentence), 9))
    assert (raw / "numbers.txt.gz").stat().st_size < 20_000
    started = time.monotonic()
    rows = rows_of(raw)
    assert reasons(rows) == {"numbers.txt.gz": "too_many_mentions"}
    assert rows.tables["metrics"].num_rows == 0 and time.monotonic() - started < 30


def test_a_sentence_is_landed_once_per_file_however_many_mentions_share_it(tmp_path: Path) -> None:
    sentence = "各村分别为" + "、".join(f"{i}户" for i in range(80)) + "。"
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "many.txt").write_bytes(site_text(sentence))
    metrics = rows_of(raw).tables["metrics"]
    assert metrics.num_rows >= 50
    column = metrics.column("sentence").combine_chunks()
    assert len(column.dictionary) == 1
    # stored on the first mention only; the others share its number
    assert column.null_count == metrics.num_rows - 1 and column[0].as_py() == sentence
    assert set(metrics.column("sentence_no").to_pylist()) == {0}


@pytest.mark.parametrize("tag", ["dl", "main", "aside", "figure", "details", "fieldset", "nav", "x-box"])
def test_any_tag_nested_200k_deep_parses_in_seconds(tag: str) -> None:
    html = (
        f"<html><head><title>深层嵌套</title></head><body>{f'<{tag}>' * 200_000}"
        f"<p>正文第一段，说的是事，很长很长的一段话。</p>{f'</{tag}>' * 200_000}</body></html>"
    )
    data = gzip.compress(html.encode(), 9)
    assert len(data) < 10_000
    started = time.monotonic()
    result = parse_bytes(data, "deep.html.gz")
    assert time.monotonic() - started < 10, tag
    assert result.status in ("ok", "quarantined")


def test_a_file_over_its_time_budget_is_quarantined_too_slow(tmp_path: Path) -> None:
    paragraph = "本县全年完成投资3000万元，比上年增长12%，带动就业1200人。"
    path = tmp_path / "slow.txt"
    path.write_bytes(site_text("\n".join([paragraph] * 20_000)))
    result = parse_file(path, budgets=Budgets(parse_seconds=0.05, max_mentions=10**9))
    assert (result.status, result.reason) == ("quarantined", "too_slow")


SPIN_RUN = """
import sys
from pathlib import Path
from winnow import parallel
from winnow.discover import discover
from winnow.settings import Budgets
if __name__ == "__main__":
    raw = Path(sys.argv[1])
    found = discover(raw, {})
    budgets = Budgets(parse_seconds=0.5)
    for batch in parallel.parse_to(raw, found.todo, parallel.results_only, workers=2, budgets=budgets):
        for r in batch:
            print(r.path, r.status, r.reason)
"""


def test_the_pool_replaces_a_worker_that_never_comes_back(tmp_path: Path) -> None:
    """A worker stuck in C code past its hard limit is ended by the kernel; its file is
    quarantined too_slow, the worker replaced, and every other file parsed."""
    import subprocess
    import sys

    raw = tmp_path / "raw"
    good = good_pages(raw, 40)
    stuck = sorted(good)[5]
    script = tmp_path / "spin.py"
    script.write_text(SPIN_RUN, encoding="utf-8")
    env = {**os.environ, "WINNOW_FAULT_SPIN": f"parse {stuck}"}
    started = time.monotonic()
    out = subprocess.run([sys.executable, str(script), str(raw)], env=env, capture_output=True, text=True,
                         timeout=300, check=True).stdout  # fmt: skip
    seen = dict(line.split(" ", 1) for line in out.splitlines())
    assert seen[stuck] == "quarantined too_slow"
    assert sum(v == "ok None" for v in seen.values()) == len(good) - 1
    assert time.monotonic() - started < 120


def test_a_file_swapped_for_a_link_out_of_raw_after_discovery_is_not_read(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    good_pages(raw, 1)
    (raw / "victim.txt").write_bytes(site_text("正文第一段，说的是事。"))
    secret = tmp_path / "secret.txt"
    secret.write_bytes(site_text("机密正文，不得入库。"))
    found = discover(raw, {})
    victim = next(f for f in found.todo if f.path == "victim.txt")
    (raw / "victim.txt").unlink()
    (raw / "victim.txt").symlink_to(secret)
    result = parallel.parse_one(raw, victim)
    assert (result.status, result.reason) == ("quarantined", "replaced")
    assert result.article is None
    again = discover(raw, {"victim.txt": landing.ManifestEntry("", 0, 0)})
    assert [f.path for f in again.outside] == ["victim.txt"]  # the next run reports it, never reads it


def test_a_file_swapped_for_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    good_pages(raw, 1)
    (raw / "pipe.txt").write_bytes(site_text("正文。"))
    found = discover(raw, {})
    f = next(f for f in found.todo if f.path == "pipe.txt")
    (raw / "pipe.txt").unlink()
    os.mkfifo(raw / "pipe.txt")
    started = time.monotonic()
    result = parallel.parse_one(raw, f)
    assert result.reason == "not_a_file" and time.monotonic() - started < 2
    with pytest.raises(Refused):
        read_text(raw / "pipe.txt", Budgets())
    with pytest.raises(Refused):
        parse_file_or_raise(Path("/dev/zero"))


def parse_file_or_raise(path: Path) -> None:
    result = parse_file(path)
    if result.reason == "not_a_file":
        raise Refused("not_a_file", result.detail or "")


def test_metrics_input_is_capped(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"1" * 2048)
    with pytest.raises(ValueError, match="WINNOW_MAX_TEXT_BYTES"):
        read_text(path, Budgets(max_text_bytes=1024))
    assert read_text(path, Budgets(max_text_bytes=4096)) == "1" * 2048


def test_the_manifest_converges_on_what_was_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Size, mtime and hash are those of the bytes read; a file that changed while it was read
    is quarantined growing (a retry reason) and read again by the next run."""
    raw = tmp_path / "raw"
    good_pages(raw, 1)
    path = raw / "log.txt"
    path.write_bytes(site_text("正文第一段。"))
    found = discover(raw, {})
    path.write_bytes(site_text("正文第一段。第二段，写在发现之后。"))  # grew after discovery
    rows = rows_of_found(raw, found)
    files = rows.tables["files"].to_pydict()
    i = files["path"].index("log.txt")
    st = path.stat()
    assert (files["size"][i], files["mtime_ns"][i]) == (st.st_size, st.st_mtime_ns)
    manifest = {p: landing.ManifestEntry(s, z, m) for p, s, z, m in zip(
        files["path"], files["sha256"], files["size"], files["mtime_ns"], strict=True)}  # fmt: skip
    assert not discover(raw, manifest).todo  # converged: nothing to read again

    import winnow.parse as parse_module

    real_fstat, calls = os.fstat, []

    def growing_fstat(fd: int) -> os.stat_result:
        st = real_fstat(fd)
        calls.append(fd)
        fields = list(st)
        fields[6] += 10 * (len(calls) % 2 == 0)  # the second look sees it longer
        return os.stat_result(fields)

    monkeypatch.setattr(parse_module.os, "fstat", growing_fstat)
    result = parallel.parse_one(raw, next(f for f in found.todo if f.path == "log.txt"))
    assert result.reason == "growing" and "growing" in landing.RETRY_REASONS


def rows_of_found(raw: Path, found: object) -> landing.Rows:
    todo = found.todo  # type: ignore[attr-defined]
    results = parallel.parse_batch(raw, todo)
    return landing.rows(results, {f.path: f for f in todo}, run_id="r", now=NOW, max_year=2027)


def test_a_readable_again_file_loses_its_unreadable_row_and_removed_files_leave(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    landing.ensure_schema(con)
    raw = tmp_path / "raw"
    good_pages(raw, 2)
    (raw / "locked.txt").write_bytes(site_text("正文第一段，说的是事。"))
    found = discover(raw, {})
    locked = next(f for f in found.todo if f.path == "locked.txt")
    unreadable = ParseResult.quarantined("locked.txt", "", "unreadable", "PermissionError")
    first = landing.rows(
        [*parallel.parse_batch(raw, [f for f in found.todo if f is not locked]), unreadable],
        {f.path: f for f in found.todo}, run_id="r1", now=NOW, max_year=2027,
    )  # fmt: skip
    landing.write(con, first)
    second = landing.rows(parallel.parse_batch(raw, [locked]), {locked.path: locked}, run_id="r2", now=NOW,
                          max_year=2027)  # fmt: skip
    landing.write(con, second)
    assert con.execute("select count(*) from landing.quarantine where path = 'locked.txt'").fetchone() == (0,)
    gone = next(f.path for f in found.todo if f is not locked)
    landing.forget(con, [gone])
    for table in (*landing.PATH_TABLES, "files", "quarantine"):
        assert con.execute(f"select count(*) from landing.{table} where path = ?", [gone]).fetchone() == (0,)


def test_a_warehouse_inside_raw_is_refused(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    inside = Settings.from_env({}, raw=raw, warehouse=raw / "wh" / "w.duckdb")
    with pytest.raises(ValueError, match="inside the raw folder"):
        check_places(inside)
    check_places(Settings.from_env({}, raw=raw, warehouse=tmp_path / "wh" / "w.duckdb"))


def test_two_warehouses_in_one_folder_share_nothing_and_a_users_folder_is_not_taken(tmp_path: Path) -> None:
    a, b = Warehouse(tmp_path / "a.duckdb"), Warehouse(tmp_path / "b.duckdb")
    assert {a.state, a.ledger, a.staging_dir, a.dbt_dir}.isdisjoint(
        {b.state, b.ledger, b.staging_dir, b.dbt_dir}
    )
    claim(a)
    claim(b)
    (tmp_path / "parquet").mkdir()
    (tmp_path / "parquet" / "mine.csv").write_text("a user's file")
    with pytest.raises(NameTaken, match="parquet"):
        claim(a)
    assert (tmp_path / "parquet" / "mine.csv").exists()


def test_watchdog_thread_safety_of_time_limit_off_the_main_thread() -> None:
    """Off the main thread (a Dask worker's thread) the limit guards nothing and breaks nothing."""
    out: list[ParseResult] = []
    t = threading.Thread(target=lambda: out.append(parse_bytes(site_text("正文。"), "x.txt")))
    t.start()
    t.join()
    assert out[0].status == "ok"


def test_a_full_disk_says_so_and_leaves_no_partial_staging_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import shutil

    from winnow import publish

    wh = Warehouse(tmp_path / "w.duckdb")
    duckdb.connect(str(wh.db)).close()
    claim(wh)

    def full(src: object, dst: str | Path) -> None:
        Path(dst).write_bytes(b"half a copy")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", full)
    with pytest.raises(publish.DiskFull, match="no space left for the staging copy"):
        publish.prepare_staging(wh)
    assert not wh.staging_dir.exists()


LATE_CHILDREN = """
import subprocess, sys, time
from flows.runner import Watchdog

# it looks at this process's children once, now: only the token finds what follows
dog = Watchdog(interval=3600)
time.sleep(0.5)
sleeper = [sys.executable, "-c", "import time; time.sleep(300)"]
late = subprocess.Popen(sleeper)
# a grandchild in a session of its own whose parent has exited: no longer this process's
# descendant (as a forkserver's workers are not the forkserver's parent's, once it is gone)
spawn = "import subprocess, sys; print(subprocess.Popen(sys.argv[1:], start_new_session=True).pid)"
middle = subprocess.Popen([sys.executable, "-c", spawn, *sleeper], stdout=subprocess.PIPE, text=True)
orphan = int(middle.stdout.readline())
middle.wait()
print(dog.proc.pid, late.pid, orphan, flush=True)
time.sleep(300)
"""


def test_the_watchdog_of_a_killed_run_ends_what_the_run_started_after_its_last_look(tmp_path: Path) -> None:
    import psutil

    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"}
    run = subprocess.Popen(
        [sys.executable, "-c", LATE_CHILDREN], stdout=subprocess.PIPE, text=True, env=env, cwd=tmp_path
    )
    assert run.stdout is not None
    dog, late, orphan = (psutil.Process(int(pid)) for pid in run.stdout.readline().split())
    assert orphan.ppid() != run.pid and late.ppid() == run.pid
    run.kill()  # SIGKILL, as the OOM killer would
    run.wait()
    deadline = time.monotonic() + 15
    while (alive := [p for p in (late, orphan, dog) if live(p)]) and time.monotonic() < deadline:
        time.sleep(0.2)
    for p in alive:
        p.kill()
    assert alive == []


def live(p: object) -> bool:
    import psutil

    assert isinstance(p, psutil.Process)
    try:
        return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs (mounting needs root: skipped elsewhere), unmounted afterwards."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_full_disk_inside_duckdb_is_named_not_hidden_by_the_rollback(small_disk: Path) -> None:
    from winnow import duck
    from winnow.publish import no_space

    db = small_disk / "w.duckdb"
    with duck.connect(db) as con:
        con.execute("create table t (s varchar)")
        rows = "select md5(i::varchar) || md5((i + 1)::varchar) from range(100_000) r(i)"  # fails at commit
        with pytest.raises(duckdb.Error) as caught, duck.transaction(con):
            con.execute(f"insert into t {rows}")
    assert "no transaction is active" not in str(caught.value)
    said = no_space(caught.value)
    assert said is not None and said.startswith(f"no space left on the device of {small_disk}")


def test_a_run_stopped_by_a_full_disk_leaves_no_staging_spill_or_parquet_of_its_own(small_disk: Path) -> None:
    from winnow.publish import discard, export_parquet, no_space

    wh = Warehouse(small_disk / "w.duckdb")
    claim(wh)
    wh.staging_dir.mkdir(parents=True)
    with duckdb.connect(str(wh.staging_db)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.articles as select md5(i::varchar) as a, i from range(20000) r(i)")
    spill = wh.staging_db.with_name(wh.staging_db.name + ".tmp")  # DuckDB's spill folder
    spill.mkdir()
    with (small_disk / "filler").open("wb") as f, pytest.raises(OSError):
        while True:  # the rest of the disk
            f.write(b"\0" * 65536)
            f.flush()
    with pytest.raises((duckdb.Error, OSError)) as caught:
        export_parquet(wh.staging_db, wh, "run-1", ["articles"])
    assert no_space(caught.value) is not None
    assert (wh.state / "parquet-run-1").exists()  # what the export left
    discard(wh.staging_db, wh, "run-1")
    assert list(wh.staging_dir.iterdir()) == []
    assert not list(wh.state.glob("parquet-*"))


def test_an_older_versions_state_is_removed_only_where_it_is_recognisably_winnows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from winnow.publish import SOURCE_MARK, old_layout

    home = tmp_path / "wh"
    wh = Warehouse(home / "w.duckdb")
    home.mkdir()
    wh.db.write_bytes(b"")
    (home / ".staging").mkdir()
    (home / ".staging" / "w.duckdb").write_bytes(b"a staging copy a killed run left")
    (home / ".dbt" / "target").mkdir(parents=True)
    (home / ".dbt" / "logs").mkdir()
    manifest = {"metadata": {"project_name": "winnow"}}
    (home / ".dbt" / "target" / "manifest.json").write_text(json.dumps(manifest))
    for run in ("r1", "r2"):  # Parquet folders of two runs; the link points at r2's
        (home / f".parquet-{run}").mkdir()
        (home / f".parquet-{run}" / "articles.parquet").write_bytes(b"PAR1")
        (home / f".parquet-{run}" / SOURCE_MARK).write_text("1:2")
    (home / "parquet").symlink_to(".parquet-r2")
    (home / ".parquet-notes").mkdir()  # a user's folder with an old name
    (home / ".parquet-notes" / "todo.txt").write_text("mine")
    from flows.status import show_status

    show_status(wh.db)
    said = capsys.readouterr().out
    assert "an older Winnow's state beside it (.staging, .dbt, .parquet-r1)" in said
    assert "left alone beside it: .parquet-notes" in said
    removed, left = claim(wh)
    assert sorted(p.name for p in removed) == [".dbt", ".parquet-r1", ".staging"]
    assert [p.name for p in left] == [".parquet-notes"]
    assert (home / ".parquet-r2" / "articles.parquet").exists()  # still published
    assert (home / ".parquet-notes" / "todo.txt").read_text() == "mine"
    assert not (home / ".staging").exists() and not (home / ".dbt").exists()

    (home / "parquet").unlink()  # a run published in the new layout: the link leaves r2
    (home / "parquet").symlink_to(Path(wh.state.name) / "parquet-r3")
    assert [p.name for p in old_layout(wh)[0]] == [".parquet-r2"]

    other = tmp_path / "users"  # a .staging and .dbt of the user's, beside a new warehouse
    (other / ".staging").mkdir(parents=True)
    (other / ".staging" / "draft.duckdb").write_bytes(b"mine")
    (other / ".dbt").mkdir()
    (other / ".dbt" / "profiles.yml").write_text("mine")
    removed, left = claim(Warehouse(other / "w.duckdb"))
    assert removed == [] and sorted(p.name for p in left) == [".dbt", ".staging"]
    assert (other / ".staging" / "draft.duckdb").exists() and (other / ".dbt" / "profiles.yml").exists()
