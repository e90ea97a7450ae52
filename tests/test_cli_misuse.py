"""Every command, misused as a new user would: a short error on stderr, a documented exit code,
no traceback and no stray file. Runs that would start Prefect must be refused before it starts
(each case is bounded by a few seconds, far less than a Prefect start)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from winnow import runlog
from winnow.publish import Warehouse
from winnow.runlog import RunRecord

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "raw" / "samples"
HOSTILE = "[/bold]<script>alert(1)</script>\x1b]0;pwned\x07\x1b[2J[red]x"


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]
    code: int
    says: str = ""  # a phrase stderr (or, for code 0, stdout) must hold
    stdin: bytes | None = None
    new_files: tuple[str, ...] = ()  # files the case may add (relative to the sandbox)
    env: tuple[tuple[str, str], ...] = ()


def winnow(
    args: tuple[str, ...], cwd: Path, stdin: bytes | None = None, extra: tuple[tuple[str, str], ...] = ()
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]), "COLUMNS": "80"}
    for name in [k for k in env if k.startswith("WINNOW_")]:
        del env[name]  # the cases set what they need
    env.update(extra)
    return subprocess.run(
        [sys.executable, "-m", "winnow", *args],
        cwd=cwd,
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env=env,
        timeout=90,
    )


def tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.fixture()
def sandbox(tmp_path: Path) -> Path:
    """A working folder: a warehouse folder with an (empty) DuckDB file and a ledger holding a
    failed run whose message is hostile, a file that is not DuckDB, a page and a binary file."""
    wh = tmp_path / "wh"
    wh.mkdir()
    duckdb.connect(str(wh / "winnow.duckdb")).close()
    run = RunRecord.start().finish("failed", HOSTILE)
    run.run_id = "20260101T000000-hostile1"
    runlog.append(Warehouse(wh / "winnow.duckdb").ledger, run)
    (tmp_path / "notduck.duckdb").write_text("not a database\n", encoding="utf-8")
    (tmp_path / "page.txt").write_bytes((SAMPLES / "fuzhou_farmland.txt").read_bytes())
    (tmp_path / "binary.bin").write_bytes(b"\x00\x01\x02PK\x03\x04" * 200)
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    return tmp_path


def cases() -> list[Case]:
    gb = str(SAMPLES / "fuzhou_farmland.gb18030.txt")
    page = (SAMPLES / "fuzhou_farmland.txt").read_bytes()
    return [
        # metrics: the same inputs as parse, decoded the same way
        Case(("metrics", "nope.txt"), 2, "no such file"),
        Case(("metrics", "folder"), 2, "is a folder"),
        Case(("metrics", gb), 0, '"unit"'),
        Case(("metrics", "binary.bin"), 1, "cannot read binary.bin as text"),
        Case(("metrics", "-"), 0, '"mention"', stdin=page),
        Case(("metrics", "-", "-"), 2, "more than once"),
        # parse
        Case(("parse", "nope.txt"), 2, "no such file"),
        Case(("parse", "page.txt", "nope.txt"), 2, "no such file"),
        Case(("parse", "folder"), 2, "is a folder"),
        Case(("parse", "-"), 0, '"status": "ok"', stdin=page),
        Case(("parse", "-"), 0, '"reason": "empty"', stdin=b""),
        # readers of the published warehouse
        Case(("docs", "--warehouse", "missing/winnow.duckdb"), 1, "winnow run"),
        Case(("docs", "--warehouse", "folder"), 2, "is a folder"),
        Case(("check", "--warehouse", "missing/winnow.duckdb"), 1, "no warehouse"),
        Case(("check", "--warehouse", "notduck.duckdb"), 2, "not a DuckDB file"),
        Case(("report", "--warehouse", "wh/winnow.duckdb", "--out", "folder"), 2, "is a folder"),
        Case(("report", "--warehouse", "wh/winnow.duckdb", "--out", "afile/r.html"), 2, "is a file"),
        Case(("report", "--warehouse", "missing.duckdb"), 1, "no warehouse"),
        Case(("search", "产业", "--warehouse", "wh/winnow.duckdb", "--limit", "-1"), 2, "--limit"),
        Case(("search", "产业", "--warehouse", "wh/winnow.duckdb", "--limit", "0"), 2, "--limit"),
        Case(("search", " ", "--warehouse", "wh/winnow.duckdb"), 2, "query is empty"),
        Case(("search", "产业", "--warehouse", "missing.duckdb"), 1, "no warehouse"),
        Case(("search", "产业", "--warehouse", "wh/winnow.duckdb"), 1, "no search index"),
        Case(("status", "--warehouse", "wh/winnow.duckdb", "--last", "0"), 2, "--last"),
        Case(("status", "--warehouse", "wh/winnow.duckdb", "--last", "-1"), 2, "--last"),
        Case(("status", "--warehouse", "wh/winnow.duckdb"), 0, "[/bold]"),
        Case(("status", "--warehouse", "wh/winnow.duckdb", "--wide"), 0, "[/bold]"),
        Case(("status", "20260101T000000-host", "--warehouse", "wh/winnow.duckdb"), 0, "[/bold]"),
        Case(("status", "--warehouse", "wh/winnow.duckdb", "--json"), 0, "hostile1"),
        Case(("status", "nosuchrun", "--warehouse", "wh/winnow.duckdb"), 1, "no run"),
        Case(("status", "--warehouse", "folder"), 2, "is a folder"),
        # runs: refused before Prefect starts
        Case(("run", "--warehouse", "folder"), 2, "is a folder"),
        Case(("run", "--warehouse", "notduck.duckdb", "--raw", "folder"), 2, "not a DuckDB file"),
        Case(("run", "--warehouse", "afile/w.duckdb", "--raw", "folder"), 2, "is a file"),
        Case(("run", "--raw", "/nonexistent", "--warehouse", "wh/winnow.duckdb"), 1, "does not exist"),
        Case(("run", "--raw", "/nonexistent", "--warehouse", "new/winnow.duckdb"), 1, "does not exist"),
        Case(("run", "--raw", "page.txt", "--warehouse", "wh/winnow.duckdb"), 1, "is a file"),
        Case(("run", "--dask", "nowhere", "--warehouse", "wh/winnow.duckdb"), 2, "scheduler address"),
        Case(
            ("run", "--warehouse", "wh/winnow.duckdb"),
            2,
            "WINNOW_MAX_COUNT_DROP",
            env=(("WINNOW_MAX_COUNT_DROP", "2"),),
        ),
        Case(
            ("run", "--warehouse", "wh/winnow.duckdb"),
            2,
            "WINNOW_DBT_DIR",
            env=(("WINNOW_DBT_DIR", "folder"),),
        ),
        Case(("config",), 2, "WINNOW_MAX_FILE_BYTES", env=(("WINNOW_MAX_FILE_BYTES", "lots"),)),
        Case(("serve", "--raw", "/nonexistent", "--warehouse", "wh/winnow.duckdb"), 2, "not a folder"),
        Case(("serve", "--raw", "folder", "--cron", "hourly", "--warehouse", "wh/winnow.duckdb"), 2, "cron"),
        # the command line itself
        Case(("nosuchcommand",), 2, "No such command"),
        Case(("--log-level", "loud", "status"), 2, "--log-level"),
        Case(("run", "--no-such-option"), 2, "No such option"),
        Case(("--version",), 0, "winnow "),
    ]


def test_every_misuse_gets_a_short_error_and_its_exit_code(sandbox: Path) -> None:
    ledger = Warehouse(sandbox / "wh" / "winnow.duckdb").ledger
    before_runs = len(runlog.read(ledger))
    all_cases = cases()
    # the cases that could change the sandbox run one at a time, the rest side by side
    writers = [c for c in all_cases if c.args[0] in ("run", "report", "serve", "docs")]
    readers = [c for c in all_cases if c not in writers]
    problems: list[str] = []

    def judge(case: Case, out: subprocess.CompletedProcess[bytes], added: set[str]) -> None:
        stdout, stderr = out.stdout.decode("utf-8", "replace"), out.stderr.decode("utf-8", "replace")
        name = " ".join(case.args)[:80]
        if "Traceback" in stderr or "Traceback" in stdout:
            problems.append(f"{name}: a traceback:\n{stderr[-800:]}")
        if out.returncode != case.code:
            problems.append(f"{name}: exit {out.returncode}, expected {case.code}; stderr: {stderr[-400:]}")
        where = stdout if case.code == 0 else stderr
        if case.says not in where:
            problems.append(
                f"{name}: {case.says!r} not in {'stdout' if case.code == 0 else 'stderr'}: {where[-300:]!r}"
            )
        if case.code != 0:
            lines = [line for line in stderr.splitlines() if line.strip()]
            if not 1 <= len(lines) <= 2 or not lines[0].startswith("winnow: "):
                problems.append(f"{name}: the error is not one or two lines starting 'winnow: ': {stderr!r}")
        if "\x1b" in stdout or "\x07" in stdout or "\x1b" in stderr:
            problems.append(f"{name}: control characters reached the terminal: {stdout[-200:]!r}")
        if added - set(case.new_files):
            problems.append(f"{name}: left stray files: {sorted(added - set(case.new_files))}")

    with ThreadPoolExecutor(max_workers=4) as pool:
        before = tree(sandbox)
        for case, out in zip(
            readers, pool.map(lambda c: winnow(c.args, sandbox, c.stdin, c.env), readers), strict=True
        ):
            judge(case, out, set())
        assert tree(sandbox) == before, "a reading command changed the sandbox"
    for case in writers:
        before = tree(sandbox)
        out = winnow(case.args, sandbox, case.stdin, case.env)
        judge(case, out, tree(sandbox) - before)
        if case.args[:3] == ("run", "--raw", "/nonexistent") or case.args[:3] == ("run", "--raw", "page.txt"):
            summary = json.loads(out.stdout)  # a failed run prints its summary too
            assert summary["status"] == "failed" and "raw folder" in summary["message"]
    assert not problems, "\n".join(problems)

    # the runs whose raw folder was missing are in the history (the one with a warehouse folder)
    runs = runlog.read(ledger)
    assert len(runs) == before_runs + 2
    assert all(r.status == "failed" and not r.published for r in runs[before_runs:])
    assert not (sandbox / "new").exists(), "a mistyped warehouse path created a folder"
    assert not list(sandbox.rglob("*.tmp")) and not list(sandbox.rglob(".*.lock"))


def test_metrics_reads_every_encoding_as_parse_does(tmp_path: Path) -> None:
    """The same text as UTF-8, GB18030, Big5-free UTF-16 and gzip: the same mentions."""
    utf8 = winnow(("metrics", str(SAMPLES / "fuzhou_farmland.txt")), tmp_path)
    gb = winnow(("metrics", str(SAMPLES / "fuzhou_farmland.gb18030.txt")), tmp_path)
    assert utf8.returncode == gb.returncode == 0
    mentions = [json.loads(line)["mention"] for line in utf8.stdout.decode().splitlines()]
    assert mentions and mentions == [json.loads(line)["mention"] for line in gb.stdout.decode().splitlines()]
    text = (SAMPLES / "fuzhou_farmland.txt").read_text(encoding="utf-8")
    (tmp_path / "u16.txt").write_bytes(text.encode("utf-16"))
    u16 = winnow(("metrics", "u16.txt"), tmp_path)
    assert [json.loads(line)["mention"] for line in u16.stdout.decode().splitlines()] == mentions
    both = winnow(("metrics", "u16.txt", str(SAMPLES / "fuzhou_farmland.txt")), tmp_path)
    rows = [json.loads(line) for line in both.stdout.decode().splitlines()]
    assert {r["file"] for r in rows} == {"u16.txt", str(SAMPLES / "fuzhou_farmland.txt")}


COMMANDS = ("run", "serve", "parse", "metrics", "check", "status", "docs", "search", "report", "config")


def test_help_reads_as_text_and_every_variable_is_documented(tmp_path: Path) -> None:
    """--help of every command: no reStructuredText markup; every environment variable the code
    reads (and every setting of winnow config) is in docs/configuration.md's table."""
    for command in ("", *COMMANDS):
        shown = winnow(((command,) if command else ()) + ("--help",), tmp_path)
        text = shown.stdout.decode()
        assert shown.returncode == 0 and "Usage: winnow" in text, command
        assert "``" not in text and ":func:" not in text, f"winnow {command} --help shows markup"
    documented = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    table = set(re.findall(r"^\| `([A-Z0-9_]+)` \|", documented, re.M))
    listed = winnow(("config", "--json"), tmp_path)
    assert listed.returncode == 0
    in_config = set(json.loads(listed.stdout))
    assert in_config <= table, f"winnow config shows variables the table lacks: {in_config - table}"
    read_by_code = set()
    for folder in ("src", "flows", "bench"):
        for path in (ROOT / folder).rglob("*.py"):
            read_by_code |= set(re.findall(r"\b(WINNOW_[A-Z0-9_]+)", path.read_text(encoding="utf-8")))
    missing = {v for v in read_by_code if f"`{v}`" not in documented}
    assert not missing, f"variables read by the code but not in docs/configuration.md: {sorted(missing)}"
