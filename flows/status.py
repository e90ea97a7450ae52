"""``winnow status``: recent runs from the run ledger, what the published warehouse holds, and
one run in full.

Every value that came from a page or a run's message is printed as text, never as Rich
markup, with control characters shown (``flows.console.visible``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import duckdb
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from flows.console import EXIT_FAILED, EXIT_OK, UserError, visible
from winnow import runlog
from winnow.publish import Warehouse, old_layout
from winnow.runlog import RunRecord

PUBLISHED_TABLES = ("articles", "abstracts", "metrics", "quarantine")
NARROW = (  # (header, value): the essentials, within 80 columns
    ("run", lambda r: r.run_id),
    ("status", lambda r: r.status),
    ("new", lambda r: r.files_new + r.files_changed),
    ("quar.", lambda r: r.files_quarantined),
    ("articles", lambda r: r.articles_loaded),
    ("metrics", lambda r: r.metrics_loaded),
    ("checks", lambda r: _checks(r)),
)
WIDE = (
    ("run", lambda r: r.run_id),
    ("started (UTC)", lambda r: f"{r.started_at:%Y-%m-%d %H:%M:%S}"),
    ("seconds", lambda r: _seconds(r)),
    ("status", lambda r: r.status),
    ("seen", lambda r: r.files_seen),
    ("new", lambda r: r.files_new),
    ("changed", lambda r: r.files_changed),
    ("unchanged", lambda r: r.files_unchanged),
    ("removed", lambda r: r.files_removed),
    ("quarantined", lambda r: r.files_quarantined),
    ("articles", lambda r: r.articles_loaded),
    ("metrics", lambda r: r.metrics_loaded),
    ("rejected", lambda r: r.metrics_rejected),
    ("checks ok/failed/warned", lambda r: f"{r.checks_passed}/{r.checks_failed}/{r.checks_warned}"),
    ("published", lambda r: "yes" if r.published else "no"),
)


def _checks(r: RunRecord) -> str:
    if not (r.checks_passed or r.checks_failed or r.checks_warned):
        return "-"
    return f"{r.checks_passed}/{r.checks_failed}" + (f" !{r.checks_warned}" if r.checks_warned else "")


def _gist(message: str) -> str:
    """The line of a run's message that says most: its first failed check, else its first line."""
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    failed = [line for line in lines if line.startswith("FAILED")]
    return (failed[0] + (f" (+{len(failed) - 1} more)" if len(failed) > 1 else "")) if failed else lines[0]


def _seconds(r: RunRecord) -> str:
    return f"{(r.finished_at - r.started_at).total_seconds():.1f}" if r.finished_at else "-"


def _console() -> Console:
    # a terminal's own width; in logs and pipes, wide enough for --wide's rows
    return Console(width=None if sys.stdout.isatty() else 200, markup=False, highlight=False, emoji=False)


def show_status(warehouse: Path, *, last: int = 10, wide: bool = False, as_json: bool = False) -> None:
    wh = Warehouse(warehouse)
    runs = runlog.read(wh.ledger)[-last:]
    if as_json:
        for r in runs:
            sys.stdout.write(json.dumps(r.to_json(), ensure_ascii=False) + "\n")
        return
    console = _console()
    if not runs:
        console.print(Text(visible(f"no runs recorded beside {warehouse}; start one with: winnow run")))
        _old_layout(console, wh)
        return
    columns = WIDE if wide else NARROW
    table = Table(
        title=Text(visible(f"last {len(runs)} runs of {warehouse}", one_line=True)),
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        title_justify="left",
    )
    for header, _ in columns:
        table.add_column(header, justify="left" if header in ("run", "status", "started (UTC)") else "right")
    for r in runs:
        table.add_row(*(Text(visible(value(r), one_line=True)) for _, value in columns))
    console.print(table)
    if not wide:
        console.print(Text("new: new or changed files; checks: passed/failed (!warned); --wide: all"))
    for r in runs:
        if r.status in ("blocked", "failed", "interrupted") and r.message:
            line = Text(f"{r.run_id} {r.status}", style="bold")
            line.append(": " + visible(_gist(r.message), one_line=True))
            console.print(line, overflow="ellipsis", no_wrap=not wide)
    counts = _published_counts(wh)
    if counts:
        console.print(Text("published: " + ", ".join(f"{k} {v}" for k, v in counts.items())))
    _old_layout(console, wh)


def _old_layout(console: Console, wh: Warehouse) -> None:
    """What an older version left beside the warehouse: Winnow's (the next run removes it), or
    bearing its names only (left alone)."""
    ours, theirs = old_layout(wh) if wh.home.is_dir() else ([], [])
    if ours:
        names = ", ".join(p.name for p in ours)
        console.print(Text(visible(f"an older Winnow's state beside it ({names}): the next run removes it")))
    if theirs:
        names = ", ".join(p.name for p in theirs)
        console.print(
            Text(visible(f"left alone beside it: {names} (an older Winnow's names, not its files)"))
        )


def _published_counts(wh: Warehouse) -> dict[str, int] | None:
    if not wh.db.is_file():
        return None
    try:
        with duckdb.connect(str(wh.db), read_only=True) as con:
            return {
                t: con.execute(f"select count(*) from marts.{t}").fetchone()[0]  # type: ignore[index]
                for t in PUBLISHED_TABLES
            }
    except duckdb.Error:
        return None


def find_run(wh: Warehouse, run_id: str) -> RunRecord:
    """The run whose id is ``run_id`` or starts with it (the latest record of it)."""
    runs = runlog.read(wh.ledger)
    exact = [r for r in runs if r.run_id == run_id]
    if exact:
        return exact[-1]
    matches = {r.run_id: r for r in runs if run_id and r.run_id.startswith(run_id)}
    if len(matches) == 1:
        return next(iter(matches.values()))
    if matches:
        shown = ", ".join(sorted(matches)[:5])
        raise UserError(f"{run_id!r} matches {len(matches)} runs ({shown}…)", "give more of the run id")
    raise UserError(
        f"no run {run_id!r} in the history beside {wh.db}",
        "list the runs with: winnow status",
        code=EXIT_FAILED,
    )


def quarantined_files(wh: Warehouse, run_id: str) -> list[dict[str, Any]] | None:
    """The files this run quarantined, as published (None when nothing is published)."""
    if not wh.db.is_file():
        return None
    try:
        with duckdb.connect(str(wh.db), read_only=True) as con:
            rows = con.execute(
                "select path, reason, detail from marts.quarantine where run_id = ? order by path", [run_id]
            ).fetchall()
    except duckdb.Error:
        return None
    return [{"path": p, "reason": reason, "detail": detail} for p, reason, detail in rows]


def show_run(warehouse: Path, run_id: str, *, as_json: bool = False) -> int:
    """One run in full: its counts, stages, checks, message and quarantined files."""
    wh = Warehouse(warehouse)
    run = find_run(wh, run_id)
    quarantined = quarantined_files(wh, run.run_id) if run.published else None
    if as_json:
        from flows.run_command import read_stages

        row = {**run.to_json(), "stages": read_stages(wh, run.run_id), "quarantined": quarantined}
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return EXIT_OK
    console = _console()

    def say(label: str, value: object) -> None:
        line = Text(f"{label:<20}", style="bold")
        line.append(visible(value, one_line=True))
        console.print(line)

    say("run", run.run_id)
    say("status", run.status + ("" if run.published else " (not published)"))
    say("started (UTC)", f"{run.started_at:%Y-%m-%d %H:%M:%S}")
    say("finished (UTC)", f"{run.finished_at:%Y-%m-%d %H:%M:%S}" if run.finished_at else "-")
    say("took", f"{_seconds(run)} s")
    say("files", f"{run.files_seen} seen: {run.files_new} new, {run.files_changed} changed, "
        f"{run.files_unchanged} unchanged, {run.files_removed} removed")  # fmt: skip
    say("loaded", f"{run.articles_loaded} articles, {run.metrics_loaded} metrics "
        f"({run.metrics_rejected} metrics rejected)")  # fmt: skip
    say("checks", f"{run.checks_passed} passed, {run.checks_failed} failed, {run.checks_warned} warnings")
    from flows.run_command import read_stages

    stages = read_stages(wh, run.run_id)
    if stages:
        console.print(Text("stages (seconds)", style="bold"))
        for name, seconds in stages.items():
            console.print(Text(f"  {visible(name, one_line=True):<18}{seconds:8.2f}"))
    if run.message:
        console.print(Text("message", style="bold"))
        for line in run.message.strip().splitlines():
            console.print(Text("  " + visible(line, one_line=True)))
    if run.files_quarantined or quarantined:
        console.print(Text(f"quarantined files ({run.files_quarantined})", style="bold"))
        if quarantined is None:
            console.print(Text("  not kept: the run did not publish, and its staging copy was discarded"))
        for q in quarantined or []:
            detail = f" ({q['detail']})" if q["detail"] else ""
            console.print(Text("  " + visible(f"{q['path']}: {q['reason']}{detail}", one_line=True)))
    return EXIT_OK
