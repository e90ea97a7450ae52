"""Bad input: every broken file is loaded correctly or quarantined with its reason, the good
files are loaded, the run finishes (time and memory measured and printed), raw is untouched.

One real `winnow run` subprocess over a folder built here: 24 good pages and the bad set of
``reliability_helpers.bad_inputs`` (empty, random bytes, NUL inside text, 60 MB, truncated
HTML, HTML nested 30,000 deep, not-gzip `.gz`, truncated gzip, a gzip bomb inflating to
1 GiB, Latin-1, names with spaces and Chinese, links out of raw and to nowhere, mode 000, a FIFO).
The file that vanishes between discovery and reading, and mode 000 for a user who is not
root, are tested at the library level (deterministic) below.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from reliability_helpers import (
    bad_inputs,
    duplicates,
    good_pages,
    quarantine_reasons,
    run_measured,
    titles_by_path,
    tree_digest,
)
from warehouse_builder import land

from winnow import landing, parallel
from winnow.discover import discover

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory: pytest.TempPathFactory, prefect_api: str) -> dict:
    base = tmp_path_factory.mktemp("bad-input")
    raw = base / "raw"
    good = good_pages(raw, 24)
    want = bad_inputs(raw, base / "outside-secret.txt", root_reads_all=os.geteuid() == 0)
    before = tree_digest(raw)
    db = base / "wh" / "winnow.duckdb"
    env = {**os.environ, "PREFECT_API_URL": str(prefect_api)}
    first = run_measured(env, "run", "--raw", str(raw), "--warehouse", str(db))
    second = run_measured(env, "run", "--raw", str(raw), "--warehouse", str(db))
    for name, r in (("first", first), ("second", second)):
        print(
            f"\nbad-input {name} run: exit {r.returncode}, {r.seconds:.1f} s, peak RSS {r.peak_rss_mb:.0f} MB"
        )
    return {
        "raw": raw,
        "db": db,
        "good": good,
        "want": want,
        "before": before,
        "first": first,
        "second": second,
    }


def test_the_run_publishes_despite_the_bad_files(bad_run: dict) -> None:
    first = bad_run["first"]
    assert first.returncode == 0, first.stderr[-3000:]
    record = json.loads(first.stdout.strip().splitlines()[-1])
    assert record["status"] == "succeeded" and record["published"]


def test_every_good_file_is_loaded(bad_run: dict) -> None:
    titles = titles_by_path(bad_run["db"])
    assert {p: titles.get(p) for p in bad_run["good"]} == bad_run["good"]
    assert not any(duplicates(bad_run["db"]).values())


def test_every_bad_file_is_loaded_correctly_or_quarantined_with_its_reason(bad_run: dict) -> None:
    titles, reasons = titles_by_path(bad_run["db"]), quarantine_reasons(bad_run["db"])
    wrong = {}
    for path, expect in bad_run["want"].items():
        if path in titles and expect.ok and titles[path] == expect.title:
            continue
        if path in reasons and reasons[path] in expect.reasons:
            continue
        wrong[path] = {"loaded as": titles.get(path), "quarantined as": reasons.get(path), "expected": expect}
    assert not wrong, wrong


def test_raw_files_are_never_changed_moved_or_deleted(bad_run: dict) -> None:
    assert tree_digest(bad_run["raw"]) == bad_run["before"]


def test_a_second_run_finds_nothing_new_and_is_not_blocked_by_old_bad_files(bad_run: dict) -> None:
    second = bad_run["second"]
    assert second.returncode == 0, second.stderr[-3000:]
    record = json.loads(second.stdout.strip().splitlines()[-1])
    assert record["status"] == "nothing_new", record


def _landing_db(tmp: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(tmp / "stage.duckdb"))
    landing.ensure_schema(con)
    return con


def test_a_file_that_vanishes_between_discovery_and_reading_is_quarantined(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    good = good_pages(raw, 3)
    found = discover(raw, {})
    assert sorted(f.path for f in found.new) == sorted(good)
    gone = found.new[1]
    (raw / gone.path).unlink()  # after discovery, before reading
    files = {f.path: f for f in found.todo}
    results = parallel.parse_batch(raw, found.todo)
    with _landing_db(tmp_path) as con:
        got = land(con, results, files, run_id="r1", now=datetime(2026, 1, 1), max_year=2027)
        reasons = dict(con.execute("select path, reason from landing.quarantine").fetchall())
        pages = {r[0] for r in con.execute("select path from landing.pages").fetchall()}
    assert reasons == {gone.path: "vanished"}
    assert pages == set(good) - {gone.path}
    assert (got.pages, got.quarantined) == (2, 1)


def test_a_file_that_comes_back_after_vanishing_is_read_again(tmp_path: Path) -> None:
    """A vanished file's manifest row must not make its return look 'unchanged' (it was never read)."""
    raw = tmp_path / "raw"
    good_pages(raw, 2)
    found = discover(raw, {})
    gone = found.new[0]
    saved = (raw / gone.path).read_bytes()
    st = (raw / gone.path).stat()
    (raw / gone.path).unlink()
    results = parallel.parse_batch(raw, found.todo)
    with _landing_db(tmp_path) as con:
        land(
            con,
            results,
            {f.path: f for f in found.todo},
            run_id="r1",
            now=datetime(2026, 1, 1),
            max_year=2027,
        )
        (raw / gone.path).write_bytes(saved)
        os.utime(raw / gone.path, ns=(st.st_atime_ns, st.st_mtime_ns))  # moved back: same bytes, same mtime
        again = discover(raw, landing.read_manifest(con))
    assert [f.path for f in again.todo] == [gone.path]


def test_mode_000_for_a_process_that_cannot_override_permissions(tmp_path: Path) -> None:
    """Root reads a mode-000 file (the e2e run loads it); a process without CAP_DAC_OVERRIDE
    (any user but root; here root with those capabilities dropped by setpriv) gets `unreadable`."""
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv (util-linux) is absent")
    raw = tmp_path / "raw"
    good_pages(raw, 2)
    good_pages(raw, 1, start=2, folder="locked")  # a folder that cannot be listed: reported, not skipped
    (raw / "good" / "page-000.txt").chmod(0)
    (raw / "locked").chmod(0)
    script = (
        "import json, sys; from pathlib import Path; from winnow import parallel\n"
        "from winnow.discover import discover\n"
        "raw = Path(sys.argv[1]); found = discover(raw, {})\n"
        "res = {r.path: r.reason for r in parallel.parse_batch(raw, found.todo)}\n"
        "res.update({r.path: r.reason for r in found.quarantine()})\n"
        "print(json.dumps(res))"
    )
    drop = [
        "--bounding-set",
        "-dac_override,-dac_read_search",
        "--inh-caps",
        "-dac_override,-dac_read_search",
    ]
    cmd = (
        [setpriv, *drop, "--", sys.executable, "-c", script, str(raw)]
        if os.geteuid() == 0
        else [sys.executable, "-c", script, str(raw)]
    )
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    (raw / "good" / "page-000.txt").chmod(0o644)
    (raw / "locked").chmod(0o755)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert json.loads(proc.stdout) == {
        "good/page-000.txt": "unreadable",
        "good/page-001.html": None,
        "locked/": "unreadable",
    }


def test_a_parse_worker_that_dies_costs_only_the_file_it_was_killed_on(tmp_path: Path) -> None:
    """A pool worker killed while it parses one file (as a crash in a C parser kills it): its
    piece is parsed again one file per process, that file alone is quarantined as
    ``parser_crash``, and every file comes back, in input order. In a subprocess, so that
    the pool's forkserver starts with the fault set."""
    raw = tmp_path / "raw"
    good_pages(raw, 80)  # enough for several pieces on two workers
    todo = [f.path for f in discover(raw, {}).todo]
    culprit = todo[37]
    script = (
        "import json, sys; from datetime import datetime; from functools import partial\n"
        "from pathlib import Path; from winnow import landing, parallel\n"
        "from winnow.discover import discover\n"
        "raw = Path(sys.argv[1]); found = discover(raw, {})\n"
        "to_rows = partial(landing.rows, run_id='r1', now=datetime(2026, 1, 1), max_year=2027)\n"
        "built = list(parallel.parse_to(raw, found.todo, to_rows, workers=2, batch_size=20))\n"
        "q = [b.tables['quarantine'].select(['path', 'reason']).to_pylist() for b in built]\n"
        "print(json.dumps({'paths': [p for b in built for p in b.paths], 'quarantine': sum(q, []),\n"
        "                  'pages': sum(b.landed.pages for b in built)}))"
    )
    env = {**os.environ, "WINNOW_FAULT": f"parse {culprit}"}
    cmd = [sys.executable, "-c", script, str(raw)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    got = json.loads(proc.stdout)
    assert got["paths"] == todo
    assert got["quarantine"] == [{"path": culprit, "reason": "parser_crash"}]
    assert got["pages"] == len(todo) - 1
