"""``winnow status``: recent runs from the run ledger, and what the published warehouse holds."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table

from winnow import runlog
from winnow.publish import Warehouse


def show_status(warehouse: Path, *, last: int = 10) -> None:
    wh = Warehouse(warehouse)
    console = Console(width=None if sys.stdout.isatty() else 200)  # full rows in logs and pipes
    runs = runlog.read(wh.ledger)[-last:]
    if not runs:
        console.print(f"no runs recorded beside {warehouse}")
        return
    table = Table(title=f"last {len(runs)} runs of {warehouse}")
    for col in ("run", "started (UTC)", "status", "seen", "new", "changed", "quarantined",
                "articles", "metrics", "checks ok/failed/warned", "published"):  # fmt: skip
        table.add_column(col)
    for r in runs:
        table.add_row(
            r.run_id, f"{r.started_at:%Y-%m-%d %H:%M:%S}", r.status, str(r.files_seen), str(r.files_new),
            str(r.files_changed), str(r.files_quarantined), str(r.articles_loaded), str(r.metrics_loaded),
            f"{r.checks_passed}/{r.checks_failed}/{r.checks_warned}", "yes" if r.published else "no",
        )  # fmt: skip
    console.print(table)
    for r in runs:
        if r.status in ("blocked", "failed", "interrupted") and r.message:
            console.print(f"[bold]{r.run_id} {r.status}[/bold]: {r.message}")
    if wh.db.exists():
        with duckdb.connect(str(wh.db), read_only=True) as con:
            counts = {
                t: con.execute(f"select count(*) from marts.{t}").fetchone()[0]  # type: ignore[index]
                for t in ("articles", "abstracts", "metrics", "quarantine")
            }
        console.print("published: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
