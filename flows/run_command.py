"""``winnow run``: one run of the flow, its summary on stdout and its outcome as an exit code.

Whatever the outcome, stdout gets one JSON object: the run's record from the ledger
(``winnow status RUN_ID`` shows it again), or, for a run that could not start, what
stopped it. stderr gets the run's log and, when it did not succeed, one or two lines
saying what went wrong and what to do.
"""

from __future__ import annotations

import json
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flows.console import (
    EXIT_BLOCKED,
    EXIT_BUSY,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    UserError,
    error,
    tame_handlers,
    visible,
)
from winnow import runlog
from winnow.publish import Warehouse
from winnow.runlog import RunRecord
from winnow.settings import Settings


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


def stages_file(wh: Warehouse) -> Path:
    """In the warehouse's state folder: each run's seconds by stage (one JSON line per run)."""
    return wh.state / "stages.jsonl"


def save_stages(wh: Warehouse, run_id: str, stages: dict[str, float]) -> None:
    if not wh.state.is_dir():
        return
    with stages_file(wh).open("a", encoding="utf-8") as f:
        f.write(json.dumps({"run_id": run_id, "stages": stages}) + "\n")


def read_stages(wh: Warehouse, run_id: str) -> dict[str, float]:
    path = stages_file(wh)
    found: dict[str, float] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except ValueError:
                continue
            if row.get("run_id") == run_id:
                found = row.get("stages") or {}
    return found


def _stage_seconds(state: Any) -> dict[str, float]:
    """Seconds spent in each of the flow run's tasks (a mapped task's runs added up), from
    Prefect's record of the run; empty when Prefect cannot tell (never fails the run)."""
    try:
        from prefect.client.orchestration import get_client
        from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

        flow_run_id = state.state_details.flow_run_id
        with get_client(sync_client=True) as client:
            task_runs = client.read_task_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
            )
        seconds: dict[str, float] = {}
        for t in sorted(task_runs, key=lambda t: t.start_time or t.expected_start_time or 0):
            if t.start_time is None or t.end_time is None:
                continue
            name = t.name.rsplit("-", 1)[0]
            seconds[name] = round(seconds.get(name, 0.0) + (t.end_time - t.start_time).total_seconds(), 3)
        return seconds
    except Exception:  # timings are a nicety: a Prefect that cannot say costs nothing else
        return {}


def _record_interrupted() -> Callable[[], None]:
    """What a run that does not unwind in time records before the process ends: the run is
    ``interrupted`` in the ledger (unless it recorded itself) and its staging copy is gone."""

    def last_words() -> None:
        from flows.runs import ACTIVE

        for active in list(ACTIVE):
            active.discard()
            active.finish(
                "interrupted", "stopped by a signal and did not unwind in time; nothing was published"
            )

    return last_words


def run_once(config: Settings, *, full_refresh: bool, log_level: str) -> int:
    """Run the flow once with ``config``; print its summary; return the exit code."""
    wh = Warehouse(config.warehouse)
    raw = config.raw
    if not raw.is_dir():
        what = "is a file, not a folder" if raw.exists() else "does not exist"
        _summary(_record_failure(wh, f"raw folder not found: {raw} {what}"))
        error(
            f"winnow: the raw folder {visible(raw)} {what}",
            "  point --raw (or WINNOW_RAW) at the folder of page dumps",
        )
        return EXIT_FAILED
    from flows.runs import check_places

    try:
        check_places(config)
    except ValueError as e:
        raise UserError(str(e)) from None

    from winnow import collector

    # Importing Prefect and the pipeline leaves some 120,000 objects for the collector that live
    # as long as the process: collecting while importing finds next to nothing, and so would
    # the later collections that walk them again (without this, a run with nothing new over
    # 8,000 files took 0.45 s more: 2.85 s against 2.39 s).
    collector.import_frozen("flows.pipeline")
    from prefect.exceptions import TerminationSignal
    from prefect.settings import temporary_settings

    from flows import runner
    from flows.pipeline import PublishBlocked, winnow_run
    from flows.runs import Interrupted
    from winnow.publish import NameTaken, RunInProgress, no_space

    flow, parse_on = runner.configured_flow(winnow_run, config.dask)
    tame_handlers(log_level)  # after the Dask runner's import, which sets up its own logging
    before = len(runlog.read(wh.ledger))
    record: dict[str, Any] | None = None
    stages: dict[str, float] = {}
    lines: list[str] = []
    watchdog = runner.Watchdog()
    last_words = _record_interrupted()
    stop = runner.stops_on_signals(config.interrupt_seconds, lambda code: runner.end_now(code, last_words))
    from flows.runs import SIGNALS

    signals_before = len(SIGNALS)

    def stopped(code: int) -> None:
        """The run has recorded itself and dropped its staging copy: say so, then end now with
        what it started (Prefect's shutdown would wait on its own threads and server for seconds)."""
        if received := SIGNALS[signals_before:]:
            code = EXIT_TERMINATED if received[0] == signal.SIGTERM else EXIT_INTERRUPTED
        watchdog.stop()
        new = runlog.read(wh.ledger)[before:]
        _summary(new[-1].to_json() if new else {"run_id": None, "status": "interrupted", "published": False})
        runner.end_now(code, lambda: None)  # it says how the run was stopped

    try:
        with stop, temporary_settings(updates=runner.run_settings()):
            state: Any = flow(
                raw=str(config.raw),
                warehouse=str(config.warehouse),
                full_refresh=full_refresh,
                parse_on=parse_on,
                settings=config,
                return_state=True,
            )
            stages = _stage_seconds(state)
            record = state.result()
        code = EXIT_OK
    except (KeyboardInterrupt, TerminationSignal) as e:
        stopped(EXIT_TERMINATED if isinstance(e, Interrupted | TerminationSignal) else EXIT_INTERRUPTED)
        raise  # not reached: stopped ends the process
    except RunInProgress as e:
        record = {"run_id": None, "status": "busy", "published": False, "message": str(e)}
        lines = [f"winnow: {visible(e)}", "  try again when that run has finished"]
        code = EXIT_BUSY
    except NameTaken as e:
        lines = [f"winnow: {visible(e)}", "  move that file away, or choose another --warehouse"]
        code = EXIT_FAILED
    except PublishBlocked as e:
        # the verdict (failed checks, thresholds and their variables, the files quarantined)
        lines = [
            "winnow: the data checks blocked publishing; the published warehouse is unchanged",
            *(f"  {visible(line, one_line=True)}" for line in str(e).strip().splitlines()),
            "  the run in full: winnow status {run}",
        ]
        code = EXIT_BLOCKED
    except Exception as e:
        if SIGNALS[signals_before:]:  # a signal ended the run, and reached it as another error
            stopped(EXIT_FAILED)
        full = no_space(e, near=wh.state)
        lines = [
            f"winnow: the run failed: {visible(full, one_line=True) if full else _first_line(e)}",
            "  the published warehouse is unchanged and no staging copy is left; "
            + ("free some space there, then run again" if full else "--log-level debug shows the traceback"),
        ]
        code = EXIT_FAILED
    finally:
        watchdog.stop()
    if record is None:
        new = runlog.read(wh.ledger)[before:]
        record = new[-1].to_json() if new else {"run_id": None, "status": "failed", "published": False}
    if stages and record.get("run_id"):
        record = {**record, "stages": stages}
        save_stages(wh, str(record["run_id"]), stages)
    _summary(record)
    error(*(line.replace("{run}", str(record.get("run_id") or "")) for line in lines))
    return code
