"""``winnow run``: one run of the flow, its summary on stdout and its outcome as an exit code.

Whatever the outcome, stdout gets one JSON object: the run's record from the ledger
(``winnow status RUN_ID`` shows it again), or, for a run that could not start, what
stopped it. stderr gets the run's log and, when it did not succeed, one or two lines
saying what went wrong and what to do.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from flows.console import (
    EXIT_BLOCKED,
    EXIT_BUSY,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    error,
    tame_handlers,
    visible,
)
from winnow import runlog
from winnow.publish import Warehouse
from winnow.runlog import RunRecord


def _summary(record: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def _record_failure(wh: Warehouse, message: str) -> dict[str, Any]:
    """A run that failed before it started: recorded in the ledger as failed (when the
    warehouse's folder is there to hold it: a mistyped path must not create folders)."""
    run = RunRecord.start().finish("failed", message)
    if wh.home.is_dir():
        runlog.append(wh.ledger, run)
    return run.to_json()


def _first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return visible(f"{type(e).__name__}: {text[0] if text else ''}".rstrip(": "), one_line=True)[:300]


def run_once(raw: Path, warehouse: Path, *, full_refresh: bool, dask: str, log_level: str) -> int:
    """Run the flow once; print its summary; return the exit code."""
    wh = Warehouse(warehouse)
    if not raw.is_dir():
        what = "is a file, not a folder" if raw.exists() else "does not exist"
        _summary(_record_failure(wh, f"raw folder not found: {raw} {what}"))
        error(
            f"winnow: the raw folder {visible(raw)} {what}",
            "  point --raw (or WINNOW_RAW) at the folder of page dumps",
        )
        return EXIT_FAILED

    from winnow import collector

    # Importing Prefect and the pipeline leaves some 120,000 objects for the collector that live
    # as long as the process: collecting while importing finds next to nothing, and so would
    # the later collections that walk them again (without this, a run with nothing new over
    # 8,000 files took 0.45 s more: 2.85 s against 2.39 s).
    collector.import_frozen("flows.pipeline")
    from prefect.settings import temporary_settings

    from flows.pipeline import PublishBlocked, configured_flow, run_settings
    from winnow.publish import RunInProgress, run_lock

    tame_handlers(log_level)
    flow, parse_on = configured_flow(dask)
    before = len(runlog.read(wh.ledger))
    record: dict[str, Any] | None = None
    lines: list[str] = []
    try:
        with run_lock(wh), temporary_settings(updates=run_settings()):
            record = flow(
                raw=str(raw), warehouse=str(warehouse), full_refresh=full_refresh, parse_on=parse_on
            )
        code = EXIT_OK
    except RunInProgress as e:
        record = {"run_id": None, "status": "busy", "published": False, "message": str(e)}
        lines = [f"winnow: {visible(e)}", "  try again when that run has finished"]
        code = EXIT_BUSY
    except PublishBlocked:
        lines = [
            "winnow: the data checks blocked publishing; the published warehouse is unchanged",
            "  see the failed checks with: winnow status {run}",
        ]
        code = EXIT_BLOCKED
    except KeyboardInterrupt:
        lines = ["winnow: interrupted; the published warehouse is unchanged"]
        code = EXIT_INTERRUPTED
    except Exception as e:
        lines = [
            f"winnow: the run failed: {_first_line(e)}",
            "  the published warehouse is unchanged; --log-level debug shows the traceback",
        ]
        code = EXIT_FAILED
    if record is None:
        new = runlog.read(wh.ledger)[before:]
        record = new[-1].to_json() if new else {"run_id": None, "status": "failed", "published": False}
    _summary(record)
    error(*(line.replace("{run}", str(record.get("run_id") or "")) for line in lines))
    return code
