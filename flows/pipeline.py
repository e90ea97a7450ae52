"""The scheduled run, as a Prefect flow.

discover → decode → parse → extract metrics → land → dbt build → data checks → publish → record

Everything is built in a staging copy of the warehouse; the published file is replaced
only when dbt and the critical data checks pass. Every run, published or not, is recorded
in the run ledger (``warehouse/runs.jsonl``) and, once published, in ``marts.load_runs``.
"""

from __future__ import annotations

import itertools
import os
import shutil
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
from prefect import Flow, flow, get_run_logger, task
from prefect.cache_policies import NONE
from prefect.tasks import exponential_backoff
from prefect.utilities.annotations import quote, unmapped

from flows.dbt import DbtOutcome, build_marts
from flows.notify import notify_failure
from winnow import batches, collector, duck, faults, landing, parallel, runlog
from winnow.discover import Discovery, discover
from winnow.gazetteer import regions_table
from winnow.publish import (
    Warehouse,
    discard,
    export_parquet,
    parquet_is_current,
    prepare_staging,
    publish,
    run_lock,
)
from winnow.records import RawFile
from winnow.runlog import RunRecord

if TYPE_CHECKING:
    from winnow.quality import CheckReport

MARTS = (
    "articles", "abstracts", "article_abstracts", "metrics", "metrics_by_region_year", "indicators",
    "regions", "load_runs", "quarantine", "rejected_metrics", "article_authors", "article_sources",
)  # fmt: skip
SEARCH_INDEX = os.environ.get("WINNOW_SEARCH_INDEX", "on") != "off"  # off: no search index (bulk loads)
BATCH_DIR = os.environ.get("WINNOW_BATCH_DIR", "")  # parse_on="tasks": where batches wait to be landed
PARSE_ON = ("pool", "tasks")  # this machine's process pool, or one task per batch on the flow's runner
# QUOTED: a Discovery (one RawFile per file under raw/) goes to tasks inside prefect's quote():
# Prefect otherwise walks every parameter looking for futures, 3 s per 100,000 files.
IO_RETRIES: dict[str, Any] = {"retries": 3, "retry_delay_seconds": exponential_backoff(backoff_factor=1)}


class PublishBlocked(RuntimeError):
    """The data checks failed: the run was recorded and the published warehouse left as it was."""


@dataclass(slots=True)
class Limits:
    """Batch-health thresholds: the share of this run's files that may be quarantined, and how
    much the article or metric count may drop against the last published load."""

    max_quarantined_share: float = float(os.environ.get("WINNOW_MAX_QUARANTINED_SHARE", "0.5"))
    max_count_drop: float = float(os.environ.get("WINNOW_MAX_COUNT_DROP", "0.2"))


@task(cache_policy=NONE, **IO_RETRIES)
def stage(wh: Warehouse) -> Path:
    return prepare_staging(wh)


@task(cache_policy=NONE, **IO_RETRIES)
def look(raw: Path, wh: Warehouse) -> Discovery | None:
    """Discovery against the published warehouse, opened read-only (readers may hold it too).

    None when nothing usable is published yet; the run then discovers in its staging copy.
    """
    if not wh.db.exists():
        return None
    with duck.connect(wh.db, read_only=True) as con:
        if _published_counts(con) is None:
            return None
        return discover(raw, landing.read_manifest(con))


@task(cache_policy=NONE, **IO_RETRIES)
def find(raw: Path, staging: Path, full_refresh: bool, seen: Discovery | None) -> Discovery:
    """Bring the staging copy's landing schema up to date and discover against it, unless
    ``seen`` holds the discovery already made against the published file (which the staging
    copy equals, under the run lock)."""
    with duck.connect(staging) as con:
        landing.ensure_schema(con)
        if full_refresh:
            landing.reset(con)
        return seen if seen is not None else discover(raw, landing.read_manifest(con))


@task(cache_policy=NONE)
def parse_and_land(raw: Path, staging: Path, found: Discovery, run: RunRecord) -> landing.Landed:
    """Parse (and extract metrics from) every new or changed file on all cores; land each batch."""
    return _land_all(staging, found, run, parallel.parse_to(raw, found.todo, _to_rows(run)))


@task(cache_policy=NONE, retries=2)
def parse_to_parquet(raw: Path, files: list[RawFile], folder: Path, run: RunRecord) -> Path:
    """One batch of files, on whatever runs the flow's tasks (a Dask worker, perhaps on another
    machine): parsed, and its landing rows saved as Parquet files under ``folder``."""
    rows = _to_rows(run)(parallel.parse_batch(raw, files), {f.path: f for f in files})
    return batches.save(rows, folder)


@task(cache_policy=NONE)
def land_parquet(staging: Path, found: Discovery, run: RunRecord, folders: list[Path]) -> landing.Landed:
    """Land the batches that ``parse_to_parquet`` saved, in order: the warehouse's one writer."""
    return _land_all(staging, found, run, (batches.load(folder) for folder in folders))


def _to_rows(run: RunRecord) -> partial[landing.Rows]:
    """``landing.rows`` for this run: a partial, so that it pickles to the parse workers."""
    return partial(landing.rows, run_id=run.run_id, now=run.started_at, max_year=run.started_at.year + 1)


def _land_all(
    staging: Path, found: Discovery, run: RunRecord, parsed: Iterable[landing.Rows]
) -> landing.Landed:
    """Record the touched files, then land the files quarantined unread and every parsed batch
    (streamed: one batch in memory at a time), in one transaction.

    One transaction, not a commit every few thousand files: each commit compressed and wrote
    the rows landed since the last one, and rewrote the row groups it left half full. Landing
    100,000 bench pages cost the flow's process 20.9 CPU s against 26.7 with a commit per 2,000
    files, left a file of 1,055 MB against 1,134, and peaked no higher (510 against 522 MB:
    DuckDB writes full row groups out before the commit and keeps the rest under its memory
    cap). The staging copy is discarded on failure, so nothing is lost by committing once.
    """
    log = get_run_logger()
    unread = _to_rows(run)(found.quarantine(), {f.path: f for f in found.not_read})
    fresh = frozenset(f.path for f in found.new)  # no rows in landing yet: nothing to delete
    total, done, t0 = len(found.todo), 0, time.monotonic()
    totals = landing.Landed()
    with duck.connect(staging) as con:
        # One DuckDB thread: the parse workers keep every core busy, and a second thread only
        # adds its hand-offs (8,000 pages' inserts and commits: 1.4 CPU s against 1.8 with two).
        con.execute("set threads = 1")
        # No FSST for the landing rows: writing them out, DuckDB tries it on every string column
        # and then mostly keeps a dictionary or plain strings (8,000 bench pages: a file of the
        # same size; 1.27-1.41 CPU s of inserts and commit against 1.54-1.55 with it, and 1.55
        # against 1.70 with a commit per 2,000 files). Settings end with the connection.
        con.execute("set disabled_compression_methods = 'fsst'")
        landing.touch(con, found.touched)
        con.execute("begin")
        for rows in itertools.chain([unread], parsed):
            landing.write(con, rows, fresh=fresh)
            totals.add(rows.landed)
            done += len(rows.paths)
            if rows.paths and total:
                rate = done / max(time.monotonic() - t0, 1e-9)
                log.info("parsed %d/%d files (%.0f files/s)", min(done, total), total, rate)
        con.execute("commit")
        faults.point("landed")
    return totals


def _parse_as_tasks(raw: Path, staging: Path, found: Discovery, run: RunRecord) -> landing.Landed:
    """Parsing mapped over batches as tasks on the flow's task runner (Dask: across machines),
    saved as Parquet under WINNOW_BATCH_DIR (default: beside the staging copy), landed by one task."""
    out = (Path(BATCH_DIR) if BATCH_DIR else staging.parent / "batches") / run.run_id
    pieces = [found.todo[i : i + parallel.BATCH_SIZE] for i in range(0, len(found.todo), parallel.BATCH_SIZE)]
    folders = [out / f"{i:06d}" for i in range(len(pieces))]
    saved = parse_to_parquet.map(unmapped(raw), pieces, folders, unmapped(run))
    try:
        landed: landing.Landed = land_parquet(staging, quote(found), run, saved)  # type: ignore[call-overload]
        return landed
    finally:
        shutil.rmtree(out, ignore_errors=True)


class BuildFailed(RuntimeError):
    """dbt could not build the marts (a model failed, not a data test)."""


@task(cache_policy=NONE)
def build(staging: Path, wh: Warehouse, full_refresh: bool) -> DbtOutcome:
    """Refresh the gazetteer and the run history in landing, then ``dbt build`` the marts.

    Failed dbt tests are a data verdict (the flow blocks publishing); a failed model raises.
    """
    with duck.connect(staging) as con:
        landing.write_regions(con, regions_table())
        landing.sync_runs(con, runlog.read(wh.ledger))
    # dbt (and below, Great Expectations) imported by the tasks that need them, with the collector
    # paused, then frozen: the full collections that walked all they import took 1.2-1.4 s of a
    # 2,000-page run, now 0.3 s (the collector in all: 1.8-2.1 s, now 0.6 s).
    collector.import_frozen("dbt.cli.main")
    outcome = build_marts(staging, work_dir=wh.dbt_dir, full_refresh=full_refresh, unit_tests=False)
    get_run_logger().info("%s", outcome.format())
    if not outcome.success and not outcome.only_tests_failed:
        raise BuildFailed(outcome.format())
    return outcome


@task(cache_policy=NONE)
def index_for_search(staging: Path) -> None:
    """Segment new or changed texts and refresh the full-text index (search.find)."""
    from winnow.search import build_search_index  # imported by the runs that need it

    with duck.connect(staging) as con:
        s = build_search_index(con)
    get_run_logger().info(
        "search index: %d documents, %d segmented (%d chars, %.1f s), %d reused; index %.1f s",
        s.documents, s.segmented, s.chars_segmented, s.segment_seconds, s.reused, s.index_seconds,
    )  # fmt: skip


@task(cache_policy=NONE)
def check(staging: Path, health: dict[str, object]) -> CheckReport:
    collector.import_frozen("winnow.quality", "great_expectations")  # as dbt's, in build
    from winnow.quality import run_checks

    report = run_checks(staging, health=health)
    get_run_logger().info("data checks:\n%s", report.format())
    return report


@task(cache_policy=NONE, **IO_RETRIES)
def publish_run(staging: Path, wh: Warehouse, run: RunRecord, *, changed: tuple[str, ...] | None) -> None:
    """Record the ledger and this run inside the build, export Parquet, replace the published
    file atomically."""
    with duck.connect(staging) as con:
        landing.sync_runs(con, [*runlog.read(wh.ledger), run])
    out = export_parquet(staging, wh, run.run_id, MARTS, changed=changed)
    publish(staging, wh, out)


def _published_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int] | None:
    """Articles and metrics in a built warehouse; None when it holds no marts (or no landing)."""
    have = {
        (schema, table)
        for schema, table in con.execute("select schema_name, table_name from duckdb_tables()").fetchall()
    }
    if not {("marts", "articles"), ("marts", "metrics"), ("landing", "files")} <= have:
        return None
    counts = con.execute("select (select count(*) from marts.articles), (select count(*) from marts.metrics)")
    articles, metrics = counts.fetchone() or (0, 0)
    return {"articles": articles, "metrics": metrics}


@flow(name="winnow-run", on_failure=[notify_failure], on_crashed=[notify_failure], log_prints=True)
def winnow_run(
    raw: str = "raw",
    warehouse: str = "warehouse/winnow.duckdb",
    full_refresh: bool = False,
    parse_on: str = "pool",
) -> dict[str, object]:
    """One scheduled run over ``raw``; returns the run record. Raises PublishBlocked when checks fail.

    ``parse_on``: ``pool`` parses on this machine's cores; ``tasks`` maps a task over the
    batches, for a task runner that spreads them over machines (``winnow run --dask``).
    """
    wh, raw_dir = Warehouse(Path(warehouse)), Path(raw)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"raw folder not found: {raw_dir}")
    if parse_on not in PARSE_ON:
        raise ValueError(f"parse_on must be one of {PARSE_ON}, not {parse_on!r}")
    with run_lock(wh):
        run = RunRecord.start()
        staging: Path | None = None
        try:
            found = None if full_refresh else look(raw_dir, wh)
            if found is not None and found.nothing_to_do and parquet_is_current(wh):
                return _nothing_new(raw_dir, wh, run, found)
            staging = stage(wh)
            return _run(raw_dir, wh, run, staging, full_refresh, found, parse_on)
        except BaseException as e:
            if staging is not None:
                discard(staging)
            if not any(r.run_id == run.run_id for r in runlog.read(wh.ledger)[-5:]):
                run.published = False
                runlog.append(wh.ledger, run.finish("failed", f"{type(e).__name__}: {e}"[:2000]))
            raise


# Prefect's variables for flow-run heartbeats (the second is its older name).
HEARTBEAT_VARIABLES = ("PREFECT_FLOWS_HEARTBEAT_FREQUENCY", "PREFECT_RUNNER_HEARTBEAT_FREQUENCY")


def run_settings(environ: Mapping[str, str] = os.environ) -> dict[Any, Any]:
    """Prefect settings for one ``winnow run``: no flow-run heartbeats, unless the environment
    sets their frequency.

    Prefect 3.9 sends a run's heartbeats (every 180 s by default) from a thread that sleeps a
    second at a time, and a finished flow run waits for that thread to wake up: 0 to 1 s added
    to the end of every run, at random (which also made the benchmark's per-page rate, a
    difference of two runs' wall times, swing by up to 20%). Heartbeats feed Prefect's
    detection of runs whose process died; an operator who sets that up sets
    PREFECT_FLOWS_HEARTBEAT_FREQUENCY, as Prefect's guide says, and the runs send them.
    Winnow's own ledger records a run that fails either way.
    """
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY

    if any(name in environ for name in HEARTBEAT_VARIABLES):
        return {}
    return {PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}


def configured_flow(dask: str = "") -> tuple[Flow[..., dict[str, object]], str]:
    """The run flow and its ``parse_on``: as defined (this machine's cores) when ``dask`` is empty;
    else on Prefect's DaskTaskRunner, with the scheduler at ``dask`` (``tcp://host:8786``) or a
    cluster of this machine's cores started for the run (``local``), one task per batch."""
    if not dask:
        return winnow_run, "pool"
    from prefect_dask import DaskTaskRunner

    runner: Any  # a TaskRunner of Dask's futures, which Prefect's typing does not take for its own
    if dask == "local":
        cluster = {"n_workers": os.cpu_count() or 1, "threads_per_worker": 1, "dashboard_address": None}
        runner = DaskTaskRunner(cluster_kwargs=cluster)
    else:
        runner = DaskTaskRunner(address=dask)
    return winnow_run.with_options(task_runner=runner), "tasks"


def _counted(run: RunRecord, found: Discovery) -> None:
    run.files_seen, run.files_new, run.files_changed = found.seen, len(found.new), len(found.changed)
    run.files_unchanged, run.files_removed = len(found.unchanged), len(found.removed)


def _nothing_new(raw: Path, wh: Warehouse, run: RunRecord, found: Discovery) -> dict[str, object]:
    """Nothing to parse, build, check or publish: record the run in the ledger and stop.

    The published file is not touched (BI connections keep it); ``marts.load_runs`` shows this
    run from the next published build on, as it does blocked and failed runs.
    """
    _counted(run, found)
    get_run_logger().info("nothing new in %s: %d files unchanged", raw, run.files_unchanged)
    runlog.append(wh.ledger, run.finish("nothing_new"))
    return run.to_json()


def _run(
    raw: Path,
    wh: Warehouse,
    run: RunRecord,
    staging: Path,
    full_refresh: bool,
    seen: Discovery | None,
    parse_on: str,
) -> dict[str, object]:
    """A run in the staging copy; ``seen``: the discovery made against the published file, if any."""
    log = get_run_logger()
    # quote (see QUOTED): Prefect hands the task the value inside, which its typing cannot tell
    found: Discovery = find(raw, staging, full_refresh, quote(seen))  # type: ignore[call-overload]
    faults.point("discovered")
    _counted(run, found)
    with duck.connect(staging, read_only=True) as con:
        before = _published_counts(con)
    if not (found.todo or found.not_read or full_refresh) and before is not None:
        log.info("nothing new in %s; %d files touched (same content, new time)", raw, len(found.touched))
        with duck.connect(staging) as con:
            landing.touch(con, found.touched)
        run.published = True
        publish_run(staging, wh, run.finish("nothing_new"), changed=("load_runs",))
        runlog.append(wh.ledger, run)
        return run.to_json()
    if parse_on == "tasks":
        landed = _parse_as_tasks(raw, staging, found, run)
    else:
        landed = parse_and_land(raw, staging, quote(found), run)  # type: ignore[call-overload]
    run.files_quarantined, run.articles_loaded = landed.quarantined, landed.pages
    run.metrics_loaded, run.metrics_rejected = landed.metrics, landed.rejected
    built = build(staging, wh, full_refresh)
    faults.point("built")
    if SEARCH_INDEX:
        index_for_search(staging)
    limits = Limits()
    report = check(
        staging,
        {
            "files_new": run.files_new + len(found.not_read),
            "files_changed": run.files_changed,
            "files_quarantined_this_run": run.files_quarantined,
            "articles_from_new_files": run.articles_loaded,
            "previous_articles": before["articles"] if before else None,
            "previous_metrics": before["metrics"] if before else None,
            "max_quarantined_share": limits.max_quarantined_share,
            "max_count_drop": limits.max_count_drop,
        },
    )
    faults.point("checked")
    run.checks_passed, run.checks_warned = report.n_passed, report.n_warned
    run.checks_failed = report.n_failed + len(built.failed_tests)
    if run.checks_failed:
        discard(staging)
        verdicts = "\n".join([report.format(), *([built.format()] if built.failed_tests else [])])
        runlog.append(wh.ledger, run.finish("blocked", f"publishing blocked by data checks:\n{verdicts}"))
        raise PublishBlocked(run.message)
    run.published = True
    publish_run(staging, wh, run.finish("succeeded"), changed=None)
    runlog.append(wh.ledger, run)
    log.info(
        "published %s: %d articles, %d metrics loaded; %d files quarantined",
        wh.db, run.articles_loaded, run.metrics_loaded, run.files_quarantined,
    )  # fmt: skip
    return run.to_json()
