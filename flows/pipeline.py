"""The scheduled run, as a Prefect flow: its body is the pipeline's outline.

discover → parse and land → dbt build → search index → check → publish

Everything is built in a staging copy of the warehouse; the published file is replaced
only when dbt and the critical data checks pass. A record that breaks a record contract is
quarantined, never blocks; only batch-level facts do. Every run, published or not, is
recorded in the run ledger (``Run``, ``flows/runs.py``) and, once published, in
``marts.load_runs``.
"""

from __future__ import annotations

import itertools
import shutil
import time
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb  # noqa: F401 - the retry tests wrap duckdb.connect through this module
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE
from prefect.tasks import exponential_backoff
from prefect.utilities.annotations import quote, unmapped

from flows.dbt import DbtOutcome, build_marts
from flows.notify import notify_failure
from flows.runs import BuildFailed, PublishBlocked, Run, published_counts
from winnow import batches, collector, duck, faults, landing, parallel, runlog
from winnow.discover import Discovery, discover
from winnow.gazetteer import regions_table
from winnow.publish import (
    Warehouse,
    export_parquet,
    no_space,
    parquet_is_current,
    prepare_staging,
    publish,
)
from winnow.records import RawFile
from winnow.runlog import RunRecord
from winnow.settings import Budgets, Settings

if TYPE_CHECKING:
    from winnow.quality import CheckReport

__all__ = ["MARTS", "BuildFailed", "PublishBlocked", "winnow_run"]

MARTS = (
    "articles", "abstracts", "article_abstracts", "metrics", "metrics_by_region_year", "indicators",
    "regions", "load_runs", "quarantine", "rejected_metrics", "article_clusters",
    "article_authors", "article_sources",
)  # fmt: skip
PARSE_ON = ("pool", "tasks")  # this machine's process pool, or one task per batch on the flow's runner
# QUOTED: a Discovery (one RawFile per file under raw/) goes to tasks inside prefect's quote():
# Prefect otherwise walks every parameter looking for futures, 3 s per 100,000 files.


def _worth_retrying(task: Any, task_run: Any, state: Any) -> bool:
    """A full disk does not clear itself in seconds: not retried (a lock held, a slow mount are)."""
    error = getattr(state, "data", None)
    return not (isinstance(error, BaseException) and no_space(error))


IO_RETRIES: dict[str, Any] = {
    "retries": 3,
    "retry_delay_seconds": exponential_backoff(backoff_factor=1),
    "retry_condition_fn": _worth_retrying,
}


@flow(name="winnow-run", on_failure=[notify_failure], on_crashed=[notify_failure], log_prints=True)
def winnow_run(
    raw: str = "raw",
    warehouse: str = "warehouse/winnow.duckdb",
    full_refresh: bool = False,
    parse_on: str = "pool",
    settings: Settings | None = None,
) -> dict[str, object]:
    """One scheduled run over ``raw``; returns the run record. Raises PublishBlocked when checks fail.

    ``settings`` (built by the CLI) wins over ``raw`` and ``warehouse``; without it (a scheduled
    run of ``winnow serve``) they are read from the environment now. ``parse_on``: ``pool``
    parses on this machine's cores; ``tasks`` maps a task over the batches (``--dask``).
    """
    if parse_on not in PARSE_ON:
        raise ValueError(f"parse_on must be one of {PARSE_ON}, not {parse_on!r}")
    settings = settings or Settings.from_env(raw=Path(raw), warehouse=Path(warehouse))
    with Run(settings, full_refresh) as run:
        found = discover_files(run)
        if found is None:
            return run.record.to_json()  # nothing new: recorded, nothing published
        parse_and_land(run, found, parse_on)
        built = dbt_build(run)
        if settings.search_index:
            index_for_search(run.staging)
        report = check(run.staging, run.health(), settings)
        return publish_or_block(run, report, built)


def discover_files(run: Run) -> Discovery | None:
    """Discover new, changed and removed files; None (the run recorded) when there is nothing to do.

    Discovery runs against the published file (read-only: readers may hold it) and, when
    there is something to do, against the staging copy made from it under the run lock.
    """
    log = get_run_logger()
    wh = run.wh
    seen = None if run.full_refresh else look(run.raw, wh)
    if seen is not None and seen.nothing_to_do and parquet_is_current(wh):
        run.counted(seen)
        log.info("nothing new in %s: %d files unchanged", run.raw, run.record.files_unchanged)
        run.finish("nothing_new")
        return None
    run.staging = stage(wh)
    # quote (see QUOTED): Prefect hands the task the value inside, which its typing cannot tell
    found: Discovery = find(run.raw, run.staging, run.full_refresh, quote(seen))  # type: ignore[call-overload]
    faults.point("discovered")
    run.counted(found)
    with duck.connect(run.staging, read_only=True) as con:
        run.before = published_counts(con)
    if not (found.todo or found.not_read or found.removed or run.full_refresh) and run.before is not None:
        log.info("nothing new in %s; %d files touched (same content, new time)", run.raw, len(found.touched))
        with duck.connect(run.staging) as con:
            landing.touch(con, found.touched)
        run.record.published = True
        publish_run(run.staging, wh, run.record.finish("nothing_new"), changed=("load_runs",))
        run.staging = None
        run.finish("nothing_new", published=True)
        return None
    return found


def parse_and_land(run: Run, found: Discovery, parse_on: str) -> landing.Landed:
    """Parse (and extract metrics from) every new or changed file; land each batch."""
    assert run.staging is not None
    if parse_on == "tasks":
        landed = _parse_as_tasks(run, found)
    else:
        landed = parse_on_pool(run.raw, run.staging, quote(found), run.record, run.settings)  # type: ignore[call-overload]
    run.landed(landed)
    return landed


def dbt_build(run: Run) -> DbtOutcome:
    assert run.staging is not None
    built: DbtOutcome = build(run.staging, run.wh, run.full_refresh, run.settings.dbt_dir)
    faults.point("built")
    return built


def publish_or_block(run: Run, report: CheckReport, built: DbtOutcome) -> dict[str, object]:
    """Publish the staging copy, or (a critical check or dbt test failed) record the run as
    blocked, naming the files it quarantined and the thresholds, and raise PublishBlocked."""
    faults.point("checked")
    r = run.record
    r.checks_passed, r.checks_warned = report.n_passed, report.n_warned
    r.checks_failed = report.n_failed + len(built.failed_tests)
    if r.checks_failed:
        raise run.blocked("\n".join([report.format(), *([built.format()] if built.failed_tests else [])]))
    assert run.staging is not None
    r.published = True
    publish_run(run.staging, run.wh, r.finish("succeeded"), changed=None)
    run.staging = None
    run.finish("succeeded", published=True)
    get_run_logger().info(
        "published %s: %d articles, %d metrics loaded; %d files quarantined",
        run.wh.db, r.articles_loaded, r.metrics_loaded, r.files_quarantined,
    )  # fmt: skip
    return r.to_json()


# -- the tasks ----------------------------------------------------------------------------------
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
        if published_counts(con) is None:
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
def parse_on_pool(
    raw: Path, staging: Path, found: Discovery, run: RunRecord, settings: Settings
) -> landing.Landed:
    """Parse every new or changed file on all cores, within the budgets; land each batch."""
    parsed = parallel.parse_to(raw, found.todo, _to_rows(run, settings), budgets=settings.budgets)
    return _land_all(staging, found, run, settings, parsed)


@task(cache_policy=NONE, retries=2)
def parse_to_parquet(
    raw: Path, files: list[RawFile], folder: Path, run: RunRecord, settings: Settings
) -> Path:
    """One batch of files, on whatever runs the flow's tasks (a Dask worker, perhaps on another
    machine): parsed, and its landing rows saved as Parquet files under ``folder``."""
    budgets: Budgets = settings.budgets
    rows = _to_rows(run, settings)(parallel.parse_batch(raw, files, budgets), {f.path: f for f in files})
    return batches.save(rows, folder)


@task(cache_policy=NONE)
def land_parquet(
    staging: Path, found: Discovery, run: RunRecord, settings: Settings, folders: list[Path]
) -> landing.Landed:
    """Land the batches that ``parse_to_parquet`` saved, in order: the warehouse's one writer."""
    return _land_all(staging, found, run, settings, (batches.load(folder) for folder in folders))


def _to_rows(run: RunRecord, settings: Settings) -> partial[landing.Rows]:
    """``landing.rows`` for this run: a partial, so that it pickles to the parse workers."""
    t = settings.thresholds
    return partial(
        landing.rows, run_id=run.run_id, now=run.started_at, max_year=run.started_at.year + 1,
        min_year=t.min_year, target_horizon=t.target_horizon,
    )  # fmt: skip


def _land_all(
    staging: Path, found: Discovery, run: RunRecord, settings: Settings, parsed: Iterable[landing.Rows]
) -> landing.Landed:
    """Forget removed files, record the touched ones, then land the files quarantined unread and
    every parsed batch (streamed: one batch in memory at a time), in one transaction.

    One transaction, not a commit every few thousand files: each commit compressed and wrote
    the rows landed since the last one, and rewrote the row groups it left half full. The
    staging copy is discarded on failure, so nothing is lost by committing once.
    """
    log = get_run_logger()
    unread = _to_rows(run, settings)(found.quarantine(), {f.path: f for f in found.not_read})
    fresh = frozenset(f.path for f in found.new)  # no rows in landing yet: nothing to delete
    total, done, t0 = len(found.todo), 0, time.monotonic()
    totals = landing.Landed()
    with duck.connect(staging) as con:
        # One DuckDB thread: the parse workers keep every core busy, a second thread only adds
        # its hand-offs. No FSST for the landing rows: DuckDB tries it on every string column and
        # then mostly keeps a dictionary or plain strings. Settings end with the connection.
        con.execute("set threads = 1")
        con.execute("set disabled_compression_methods = 'fsst'")
        landing.touch(con, found.touched)
        with duck.transaction(con):
            landing.forget(con, found.removed)  # removed raw files leave the marts (as a fresh build)
            for rows in itertools.chain([unread], parsed):
                landing.write(con, rows, fresh=fresh)
                totals.add(rows.landed)
                done += len(rows.paths)
                if rows.paths and total:
                    rate = done / max(time.monotonic() - t0, 1e-9)
                    log.info("parsed %d/%d files (%.0f files/s)", min(done, total), total, rate)
        faults.point("landed")
    return totals


def _parse_as_tasks(run: Run, found: Discovery) -> landing.Landed:
    """Parsing mapped over batches as tasks on the flow's task runner (Dask: across machines),
    saved as Parquet under WINNOW_BATCH_DIR (default: the warehouse's state folder), landed by one task."""
    out = (run.settings.batch_dir or run.wh.batch_dir) / run.record.run_id
    size = parallel.BATCH_SIZE
    pieces = [found.todo[i : i + size] for i in range(0, len(found.todo), size)]
    folders = [out / f"{i:06d}" for i in range(len(pieces))]
    saved = parse_to_parquet.map(
        unmapped(run.raw), pieces, folders, unmapped(run.record), unmapped(run.settings)
    )
    try:
        landed: landing.Landed = land_parquet(run.staging, quote(found), run.record, run.settings, saved)  # type: ignore[call-overload]
        return landed
    finally:
        shutil.rmtree(out, ignore_errors=True)


@task(cache_policy=NONE)
def build(staging: Path, wh: Warehouse, full_refresh: bool, project: Path | None = None) -> DbtOutcome:
    """Refresh the gazetteer and the run history in landing, then ``dbt build`` the marts.

    Failed dbt tests are a data verdict (the flow blocks publishing); a failed model raises.
    """
    with duck.connect(staging) as con:
        landing.write_regions(con, regions_table())
        landing.sync_runs(con, runlog.read(wh.ledger))
    # dbt (and below, Great Expectations) imported by the tasks that need them, with the collector
    # paused, then frozen: the collections that walked all they import cost a second a run.
    collector.import_frozen("dbt.cli.main")
    outcome = build_marts(
        staging, project=project, work_dir=wh.dbt_dir, full_refresh=full_refresh, unit_tests=False
    )
    get_run_logger().info("%s", outcome.format())
    if not outcome.success and not outcome.only_tests_failed:
        raise BuildFailed(outcome.format())
    return outcome


@task(cache_policy=NONE)
def index_for_search(staging: Path | None) -> None:
    """Segment new or changed texts and refresh the full-text index (search.find)."""
    from winnow.search import build_search_index  # imported by the runs that need it

    assert staging is not None
    with duck.connect(staging) as con:
        s = build_search_index(con)
    get_run_logger().info(
        "search index: %d documents, %d segmented (%d chars, %.1f s), %d reused; index %.1f s",
        s.documents, s.segmented, s.chars_segmented, s.segment_seconds, s.reused, s.index_seconds,
    )  # fmt: skip


@task(cache_policy=NONE)
def check(staging: Path | None, health: dict[str, object], settings: Settings) -> CheckReport:
    collector.import_frozen("winnow.quality", "great_expectations")  # as dbt's, in build
    from winnow.quality import run_checks

    assert staging is not None
    report = run_checks(
        staging,
        health=health,
        suites_dir=settings.expectations,
        thresholds=settings.thresholds,
        budgets=settings.budgets,
        full_rows=settings.check_full_rows,
        sample_rows=settings.check_sample_rows,
    )
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
