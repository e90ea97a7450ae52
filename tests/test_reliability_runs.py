"""Overlapping runs and idempotency, with real `winnow run` subprocesses.

- Two runs started at the same moment on the same warehouse: one publishes, the other exits
  75 saying "another run is in progress"; no duplicate rows.
- The same input in two fresh warehouses gives the same marts, ids included (only load times
  and run ids differ); a second run over the same input changes nothing (ids and all).
- ``--full-refresh`` over the same input gives the same marts rows.
- A changed file replaces its earlier version's rows: the warehouse updated incrementally
  equals one built from scratch over the changed input.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from reliability_helpers import (
    ROOT,
    duplicates,
    good_pages,
    marts_fingerprint,
    quarantine_reasons,
    run_measured,
    titles_by_path,
)

from winnow.publish import Warehouse

pytestmark = pytest.mark.slow


def test_two_runs_started_together_one_runs_the_other_exits_75(
    tmp_path: Path, winnow_env: dict[str, str]
) -> None:
    raw = tmp_path / "raw"
    good_pages(raw, 6)
    db = tmp_path / "wh" / "winnow.duckdb"
    cmd = [sys.executable, "-m", "winnow", "run", "--raw", str(raw), "--warehouse", str(db)]
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True}
    procs = [subprocess.Popen(cmd, cwd=ROOT, env=winnow_env, **pipes) for _ in range(2)]  # type: ignore[call-overload]
    outs = [p.communicate(timeout=900) for p in procs]
    codes = sorted(p.returncode for p in procs)
    assert codes == [0, 75], [(p.returncode, e[-1500:]) for p, (_, e) in zip(procs, outs, strict=True)]
    busy = next(e for p, (_, e) in zip(procs, outs, strict=True) if p.returncode == 75)
    assert "another run is in progress" in busy
    assert not any(duplicates(db).values())
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from marts.load_runs").fetchone() == (1,)
        assert con.execute("select count(*) from marts.articles").fetchone() == (6,)


def _run(env: dict[str, str], raw: Path, db: Path, *extra: str) -> dict:
    done = run_measured(env, "run", "--raw", str(raw), "--warehouse", str(db), *extra)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def twice(tmp_path_factory: pytest.TempPathFactory, prefect_api: str) -> dict:
    base = tmp_path_factory.mktemp("idem")
    env = {**os.environ, "PREFECT_API_URL": str(prefect_api)}
    raw = base / "raw"
    good_pages(raw, 8)
    (raw / "good" / "empty.txt").write_bytes(b"")
    (raw / "good" / "same-as-000.txt").write_bytes(
        (raw / "good" / "page-000.txt").read_bytes()
    )  # a duplicate dump
    one, two = base / "one" / "winnow.duckdb", base / "two" / "winnow.duckdb"
    _run(env, raw, one)
    _run(env, raw, two)
    return {"env": env, "raw": raw, "one": one, "two": two, "base": base}


def test_same_input_gives_the_same_marts_ids_included(twice: dict) -> None:
    assert marts_fingerprint(twice["one"]) == marts_fingerprint(twice["two"])


def test_a_second_run_over_the_same_input_changes_no_row(twice: dict) -> None:
    before = marts_fingerprint(twice["one"], stable=False)
    record = _run(twice["env"], twice["raw"], twice["one"])
    assert record["status"] == "nothing_new"
    assert marts_fingerprint(twice["one"], stable=False) == before


def test_full_refresh_over_the_same_input_gives_the_same_rows(twice: dict) -> None:
    before = marts_fingerprint(twice["two"])
    record = _run(twice["env"], twice["raw"], twice["two"], "--full-refresh")
    assert record["status"] == "succeeded" and record["files_new"] + record["files_changed"] >= 0
    assert marts_fingerprint(twice["two"]) == before
    assert not any(duplicates(twice["two"]).values())


def test_a_changed_file_replaces_its_earlier_rows(twice: dict) -> None:
    raw = twice["base"] / "raw-changed"
    shutil.copytree(twice["raw"], raw)
    page = raw / "good" / "page-005.txt"
    old_sha = hashlib.sha256(page.read_bytes()).hexdigest()
    page.write_bytes(page.read_bytes().replace("新建".encode(), "改建".encode()))
    new_sha = hashlib.sha256(page.read_bytes()).hexdigest()
    db = twice["base"] / "incremental" / "winnow.duckdb"
    shutil.copytree(twice["one"].parent, db.parent, symlinks=True)
    shutil.rmtree(Warehouse(db).staging_dir, ignore_errors=True)
    record = _run(twice["env"], raw, db)
    assert record["files_changed"] == 1 and record["files_new"] == 0
    scratch = twice["base"] / "scratch" / "winnow.duckdb"
    _run(twice["env"], raw, scratch)
    assert marts_fingerprint(db) == marts_fingerprint(scratch)
    with duckdb.connect(str(db), read_only=True) as con:
        shas = {r[0] for r in con.execute("select source_sha256 from marts.articles").fetchall()}
    assert new_sha in shas and old_sha not in shas and len(shas) == 8  # page-000 and its copy: one article


def test_after_adds_changes_and_removals_incremental_and_full_refresh_equal_a_fresh_build(
    twice: dict,
) -> None:
    """The warehouse of the first input, brought up to date with files added, changed and
    removed (a quarantined one among them), equals a warehouse built from scratch over the new
    input; so does a ``--full-refresh`` of it. Every marts table, row by row."""
    raw = twice["base"] / "raw-evolved"
    shutil.copytree(twice["raw"], raw)
    good_pages(raw, 3, start=8)  # added
    for name in ("page-000.txt", "page-005.txt"):  # changed; page-000's copy now differs from it
        page = raw / "good" / name
        page.write_bytes(page.read_bytes().replace("新建".encode(), "扩建".encode()))
    (raw / "good" / "page-003.html").unlink()  # removed: a loaded page
    (raw / "good" / "empty.txt").unlink()  # removed: a quarantined file
    db = twice["base"] / "evolved" / "winnow.duckdb"
    shutil.copytree(twice["one"].parent, db.parent, symlinks=True)
    record = _run(twice["env"], raw, db)
    assert (record["files_new"], record["files_changed"], record["files_removed"]) == (3, 2, 2)
    fresh = twice["base"] / "fresh" / "winnow.duckdb"
    _run(twice["env"], raw, fresh)
    expected = marts_fingerprint(fresh)
    assert marts_fingerprint(db) == expected
    titles = titles_by_path(db)
    assert "good/page-003.html" not in titles and "good/page-010.txt" in titles
    assert quarantine_reasons(db) == {}  # the empty file's row left with it
    refreshed = _run(twice["env"], raw, db, "--full-refresh")
    assert refreshed["status"] == "succeeded"
    assert marts_fingerprint(db) == expected
    assert not any(duplicates(db).values())
