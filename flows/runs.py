"""The bookkeeping of one run: its record, the ledger, the batch facts the checks judge, and
the recording of how it ended (once, whatever ends it).

``Run`` is a context manager: entering takes the warehouse's run lock; leaving with an
exception discards the staging copy and records the run as ``failed`` (or ``interrupted``
for Ctrl-C and SIGTERM) unless it was already recorded (a blocked run records itself).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

import duckdb
from prefect.exceptions import TerminationSignal

from winnow import duck, runlog
from winnow.discover import Discovery
from winnow.landing import Landed
from winnow.publish import Warehouse, claim, discard, no_space, run_lock
from winnow.runlog import RunRecord
from winnow.settings import Settings

BLOCKED_FILES_SHOWN = 20  # a blocked run's message lists at most this many quarantined files
ACTIVE: list[Run] = []  # the runs under way in this process (what a stopped process records)
# The stop signals (SIGINT, SIGTERM) this process received, in order: signals are the process's,
# and the exception one raises can reach the run as another (DuckDB turns it into "Query
# interrupted"), so a run judges by what arrived.
SIGNALS: list[int] = []
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def noting_signals() -> Iterator[None]:
    """Note each stop signal in SIGNALS, then hand it to the handler in place (Prefect's SIGTERM
    handler, while a flow runs); restore that handler afterwards. Off the main thread, nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, Any] = {stop: signal.getsignal(stop) for stop in STOP_SIGNALS}

    def handler(signum: int, frame: FrameType | None) -> None:
        SIGNALS.append(signum)
        before = previous[signum]
        if callable(before):
            before(signum, frame)
        elif before == signal.SIG_DFL:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)

    for stop in STOP_SIGNALS:
        signal.signal(stop, handler)
    try:
        yield
    finally:
        for signum, h in previous.items():
            if signal.getsignal(signum) is handler:
                signal.signal(signum, h)


class PublishBlocked(RuntimeError):
    """The data checks failed: the run was recorded and the published warehouse left as it was."""


class BuildFailed(RuntimeError):
    """dbt could not build the marts (a model failed, not a data test)."""


class Interrupted(KeyboardInterrupt):
    """The run was told to stop (SIGTERM; Ctrl-C raises KeyboardInterrupt itself)."""

    signum = signal.SIGTERM


@dataclass(slots=True)
class Counts:
    """Articles and metrics of a built warehouse."""

    articles: int
    metrics: int


@dataclass(slots=True)
class Run:
    """One run of the flow over ``settings.raw`` into ``settings.warehouse``."""

    settings: Settings
    full_refresh: bool = False
    record: RunRecord = field(default_factory=RunRecord.start)
    staging: Path | None = None
    before: Counts | None = None  # what the last published load held
    not_read: int = 0  # files quarantined without being read (vanished, outside links, refused)
    recorded: bool = False
    _lock: Any = None
    _signals: Any = None
    _signals_before: int = 0

    @property
    def wh(self) -> Warehouse:
        return Warehouse(self.settings.warehouse)

    @property
    def raw(self) -> Path:
        return self.settings.raw

    def __enter__(self) -> Run:
        check_places(self.settings)
        self._lock = run_lock(self.wh)
        self._lock.__enter__()
        try:
            removed, left = claim(self.wh)
        except BaseException:
            self._lock.__exit__(None, None, None)
            raise
        _say_old_layout(removed, left)
        ACTIVE.append(self)
        self._signals_before = len(SIGNALS)
        self._signals = noting_signals()
        self._signals.__enter__()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        received = SIGNALS[self._signals_before :]
        try:
            if self._signals is not None:
                self._signals.__exit__(None, None, None)
            if error is not None:
                self.discard()
                if received or isinstance(error, KeyboardInterrupt | TerminationSignal):
                    sigterm = (
                        (received[0] == signal.SIGTERM)
                        if received
                        else isinstance(error, Interrupted | TerminationSignal)
                    )
                    name = "SIGTERM" if sigterm else "SIGINT (Ctrl-C)"
                    self.finish("interrupted", f"stopped by {name}; nothing was published")
                else:
                    message = f"{type(error).__name__}: {error}"
                    cause = no_space(error, near=self.wh.state)
                    self.finish("failed", (f"{cause}; {message}" if cause else message)[:2000])
        finally:
            if self in ACTIVE:
                ACTIVE.remove(self)
            self._lock.__exit__(kind, error, tb)

    def discard(self) -> None:
        if self.staging is not None:
            discard(self.staging, self.wh, self.record.run_id)
            self.staging = None

    # -- what the run saw -------------------------------------------------------------------
    def counted(self, found: Discovery) -> None:
        r = self.record
        r.files_seen, r.files_new, r.files_changed = found.seen, len(found.new), len(found.changed)
        r.files_unchanged, r.files_removed = len(found.unchanged), len(found.removed)
        self.not_read = len(found.not_read)

    def landed(self, landed: Landed) -> None:
        r = self.record
        r.files_quarantined, r.articles_loaded = landed.quarantined, landed.pages
        r.metrics_loaded, r.metrics_rejected = landed.metrics, landed.rejected

    def health(self) -> dict[str, Any]:
        """The batch facts the batch-health suite judges, with the thresholds of the settings."""
        r, t = self.record, self.settings.thresholds
        return {
            "files_new": r.files_new + self.not_read,
            "files_changed": r.files_changed,
            "files_quarantined_this_run": r.files_quarantined,
            "articles_from_new_files": r.articles_loaded,
            "previous_articles": self.before.articles if self.before else None,
            "previous_metrics": self.before.metrics if self.before else None,
            **t.as_parameters(),
        }

    # -- how it ended ----------------------------------------------------------------------
    def finish(self, status: str, message: str | None = None, *, published: bool = False) -> RunRecord:
        """Record the run in the ledger, once."""
        if self.recorded:
            return self.record
        self.record.published = published
        self.record.finish(status, message)
        runlog.append(self.wh.ledger, self.record)
        self.recorded = True
        return self.record

    def blocked(self, verdicts: str) -> PublishBlocked:
        """Record a run whose checks failed, naming the files it quarantined and the thresholds;
        the error to raise."""
        files = self.quarantined_files()
        t = self.settings.thresholds
        lines = [f"publishing blocked by data checks:\n{verdicts}"]
        lines.append(
            "thresholds: "
            + ", ".join(f"{name} {value} ({var})" for name, var, value, _ in _threshold_rows(self.settings))
            + f"; {self.record.files_quarantined} of {self.record.files_new + self.record.files_changed} "
            f"files quarantined (the share is judged from {t.share_min_files} files)"
        )
        if files:
            lines.append("files quarantined by this run:")
            lines += [f"  {path}: {reason}" for path, reason in files[:BLOCKED_FILES_SHOWN]]
            if len(files) > BLOCKED_FILES_SHOWN:
                lines.append(f"  … and {len(files) - BLOCKED_FILES_SHOWN} more")
        self.discard()
        self.finish("blocked", "\n".join(lines))
        return PublishBlocked(self.record.message)

    def quarantined_files(self) -> list[tuple[str, str]]:
        """(path, reason) of the files this run quarantined, from its staging copy."""
        if self.staging is None or not self.staging.exists():
            return []
        with duck.connect(self.staging, read_only=True) as con:
            rows = con.execute(
                "select path, reason from landing.quarantine where run_id = $1 order by path",
                [self.record.run_id],
            ).fetchall()
        return [(str(p), str(r)) for p, r in rows]


def _say_old_layout(removed: list[Path], left: list[Path]) -> None:
    """Log what an older version left beside the warehouse: removed, or left as not Winnow's."""
    if not (removed or left):
        return
    try:
        from prefect import get_run_logger

        log: Any = get_run_logger()
    except Exception:  # outside a flow run
        import logging

        log = logging.getLogger("flows.runs")
    if removed:
        log.info(
            "removed the state an older Winnow left beside the warehouse: %s", ", ".join(map(str, removed))
        )
    if left:
        log.warning(
            "left beside the warehouse (an older Winnow's names, but not only its files): %s",
            ", ".join(map(str, left)),
        )


def _threshold_rows(settings: Settings) -> list[tuple[str, str, Any, str]]:
    names = {"max_quarantined_share", "max_count_drop"}
    return [row for row in settings.describe() if row[0] in names]


def check_places(settings: Settings) -> None:
    """Refuse a raw folder that is missing and a warehouse inside the raw folder (its own
    files would be read as raw dumps, and its runs would change what they read)."""
    raw = settings.raw
    if not raw.is_dir():
        raise FileNotFoundError(f"raw folder not found: {raw} (WINNOW_RAW or --raw)")
    home = settings.warehouse.resolve().parent
    if home.is_relative_to(raw.resolve()):
        raise ValueError(
            f"the warehouse {settings.warehouse} is inside the raw folder {raw}: "
            "put it elsewhere (WINNOW_WAREHOUSE or --warehouse)"
        )


def published_counts(con: duckdb.DuckDBPyConnection) -> Counts | None:
    """Articles and metrics in a built warehouse; None when it holds no marts (or no landing)."""
    have = {
        (schema, table)
        for schema, table in con.execute(
            "select schema_name, table_name from duckdb_tables()"
            " union all select schema_name, view_name from duckdb_views()"
        ).fetchall()
    }
    if not {("marts", "articles"), ("marts", "metrics"), ("landing", "files")} <= have:
        return None
    counts = con.execute("select (select count(*) from marts.articles), (select count(*) from marts.metrics)")
    articles, metrics = counts.fetchone() or (0, 0)
    return Counts(articles, metrics)
