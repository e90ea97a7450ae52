"""Run the dbt project (``dbt/``) on a warehouse file: landing.* → staging → intermediate → marts.

dbt runs in-process (``dbtRunner``: no second interpreter start-up per run); afterwards the
DuckDB handle that dbt-duckdb keeps open is closed, so the same process can open the file
read-only (the checks) or rename it (publishing). ``WINNOW_DB_PATH`` names the file.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The application's own dbt project, beside it; Settings.dbt_dir (WINNOW_DBT_DIR) names another.
PROJECT_DIR = Path(__file__).resolve().parent.parent / "dbt"
DB_PATH_VARIABLE = "WINNOW_DB_PATH"
PROGRESS_SECONDS = 2.0
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")


@dataclass(slots=True)
class DbtOutcome:
    """What a dbt command did: success, the nodes that failed (tests apart), and how long it took."""

    success: bool
    seconds: float
    failed: list[str] = field(default_factory=list)
    failed_tests: list[str] = field(default_factory=list)  # data and unit tests: the data is wrong
    warned: list[str] = field(default_factory=list)
    error: str | None = None
    counts: dict[str, int] = field(default_factory=dict)  # nodes run, by resource type
    reasons: dict[str, str] = field(default_factory=dict)  # a failed model's message, on one line, by name

    @property
    def only_tests_failed(self) -> bool:
        """The models built but some dbt tests failed: a data-quality verdict, not a crash."""
        return not self.success and bool(self.failed) and set(self.failed) == set(self.failed_tests)

    def format(self) -> str:
        verdict = "succeeded" if self.success else "FAILED"
        lines = [f"dbt {verdict} in {self.seconds:.1f} s"]
        lines += [
            f"  failed: {name}" + (f": {self.reasons[name]}" if self.reasons.get(name) else "")
            for name in self.failed
        ]
        lines += [f"  warning: {name}" for name in self.warned]
        if self.error:
            lines.append(f"  error: {self.error}")
        return "\n".join(lines)


def run_dbt(
    args: list[str],
    db_path: Path,
    *,
    project: Path | None = None,
    work_dir: Path | None = None,
    quiet: bool = True,
) -> DbtOutcome:
    """``dbt ARGS`` on ``db_path`` with the dbt project in ``project`` (None: PROJECT_DIR); never
    raises on failure. ``work_dir`` receives target/ and logs/."""
    from dbt.cli.main import dbtRunner

    project = project or PROJECT_DIR
    args = [*args, "--project-dir", str(project), "--profiles-dir", str(project)]
    if work_dir is not None:  # absolute: dbt resolves relative paths against the project folder
        work_dir = work_dir.resolve()
        args += ["--target-path", str(work_dir / "target"), "--log-path", str(work_dir / "logs")]
    if quiet:
        args.append("--quiet")
    started = time.perf_counter()
    previous = os.environ.get(DB_PATH_VARIABLE)
    os.environ[DB_PATH_VARIABLE] = str(Path(db_path).resolve())
    try:
        result = dbtRunner(callbacks=[_Progress()]).invoke(args)
    finally:
        _restore(previous)
        _close_duckdb_handle()
    seconds = time.perf_counter() - started
    nodes: Any = result.result
    if nodes is None or isinstance(nodes, str) or not hasattr(nodes, "__iter__"):
        return DbtOutcome(
            bool(result.success), seconds, error=str(result.exception) if result.exception else None
        )
    failed: list[str] = []
    failed_tests: list[str] = []
    warned: list[str] = []
    counts: dict[str, int] = {}
    reasons: dict[str, str] = {}
    for r in nodes:
        kind, status = str(r.node.resource_type), str(r.status)
        counts[kind] = counts.get(kind, 0) + 1
        if status in {"error", "fail"}:
            failed.append(r.node.name)
            if kind in {"test", "unit_test"}:
                failed_tests.append(r.node.name)
            else:  # why a model failed (a test's message is only its count of failing rows)
                reasons[r.node.name] = " ".join(str(r.message or "").split())[:300]
        elif status == "warn":
            warned.append(r.node.name)
    return DbtOutcome(
        success=bool(result.success),
        seconds=seconds,
        failed=failed,
        failed_tests=failed_tests,
        warned=warned,
        error=str(result.exception) if result.exception else None,
        counts=counts,
        reasons=reasons,
    )


def build_marts(
    db_path: Path,
    *,
    project: Path | None = None,
    work_dir: Path | None = None,
    full_refresh: bool = False,
    unit_tests: bool = True,
) -> DbtOutcome:
    """``dbt build`` on ``db_path``: models and data tests, and the SQL's unit tests unless told not to
    (they test the code, not the data: the test suite runs them, a scheduled run need not)."""
    args = ["build", *(["--full-refresh"] if full_refresh else [])]
    if not unit_tests:
        args += ["--exclude", "resource_type:unit_test"]
    return run_dbt(args, db_path, project=project, work_dir=work_dir)


class _Progress:
    """dbt's progress as counts of nodes done (dbt itself runs --quiet): a line at most every
    PROGRESS_SECONDS, in the run's log when there is one."""

    def __init__(self) -> None:
        self.total = 0
        self.done: dict[str, int] = {}
        self.last = time.monotonic()
        self.log: Any = None

    def __call__(self, event: Any) -> None:
        name = event.info.name
        if name in ("LogStartLine", "LogModelResult", "LogTestResult", "LogSeedResult"):
            self.total = max(
                self.total, int(getattr(event.data, "total", 0) or getattr(event.data, "num_models", 0) or 0)
            )
        elif name == "NodeFinished":
            kind = str(event.data.node_info.resource_type or "node")
            self.done[kind] = self.done.get(kind, 0) + 1
            now = time.monotonic()
            if now - self.last >= PROGRESS_SECONDS:
                self.last = now
                self._say()

    def _say(self) -> None:
        done = sum(self.done.values())
        kinds = ", ".join(f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in sorted(self.done.items()))
        of = f"/{self.total}" if self.total >= done else ""
        self._logger().info("dbt: %d%s nodes done (%s)", done, of, kinds)

    def _logger(self) -> Any:
        if self.log is None:
            try:
                from prefect.exceptions import MissingContextError
                from prefect.logging import get_run_logger

                try:
                    self.log = get_run_logger()
                except MissingContextError:
                    self.log = logging.getLogger("flows.dbt")
            except ImportError:
                self.log = logging.getLogger("flows.dbt")
        return self.log


def _restore(previous: str | None) -> None:
    if previous is None:
        os.environ.pop(DB_PATH_VARIABLE, None)
    else:
        os.environ[DB_PATH_VARIABLE] = previous


def _close_duckdb_handle() -> None:
    """dbt-duckdb keeps its connection in a class attribute after the run: close it."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    environment = DuckDBConnectionManager._ENV
    if environment is not None:
        environment.close()
    DuckDBConnectionManager.close_all_connections()
