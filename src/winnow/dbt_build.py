"""Run the dbt project (``dbt/``) on a warehouse file: landing.* → staging → intermediate → marts.

The flow calls :func:`build_marts` on the staging copy it is about to check and publish.
dbt runs in-process (``dbtRunner``); afterwards the DuckDB handle that dbt-duckdb keeps
open is closed, so the file can be opened read-only (the checks) or renamed (publishing)
by the same process.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

for _key, _value in {"DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DO_NOT_TRACK": "1"}.items():
    os.environ.setdefault(_key, _value)

DBT_DIR = Path(os.environ.get("WINNOW_DBT_DIR", Path(__file__).resolve().parents[2] / "dbt"))
DB_PATH_VARIABLE = "WINNOW_DB_PATH"


@dataclass(slots=True)
class DbtOutcome:
    """What ``dbt build`` did: success, the nodes that failed, and how long it took."""

    success: bool
    seconds: float
    failed: list[str] = field(default_factory=list)
    warned: list[str] = field(default_factory=list)
    error: str | None = None
    counts: dict[str, int] = field(default_factory=dict)  # nodes run, by resource type

    def format(self) -> str:
        verdict = "succeeded" if self.success else "FAILED"
        lines = [f"dbt build {verdict} in {self.seconds:.1f} s"]
        lines += [f"  failed: {name}" for name in self.failed]
        lines += [f"  warning: {name}" for name in self.warned]
        if self.error:
            lines.append(f"  error: {self.error}")
        return "\n".join(lines)


def build_marts(
    db_path: Path, *, work_dir: Path | None = None, select: list[str] | None = None, quiet: bool = True
) -> DbtOutcome:
    """``dbt build`` on ``db_path`` (models, unit tests and data tests); never raises on failure.

    ``work_dir`` receives dbt's target/ and logs/ (default: inside dbt/, ignored by git).
    ``WINNOW_DB_PATH`` is set to ``db_path`` for the run and restored afterwards.
    """
    from dbt.cli.main import dbtRunner

    args = ["build", "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)]
    if work_dir is not None:
        args += ["--target-path", str(work_dir / "target"), "--log-path", str(work_dir / "logs")]
    if select:
        args += ["--select", *select]
    if quiet:
        args.append("--quiet")
    started = time.perf_counter()
    previous = os.environ.get(DB_PATH_VARIABLE)
    os.environ[DB_PATH_VARIABLE] = str(Path(db_path).resolve())
    try:
        result = dbtRunner().invoke(args)
    finally:
        _restore(previous)
        _close_duckdb_handle()
    seconds = time.perf_counter() - started
    nodes: Any = result.result
    if nodes is None or isinstance(nodes, str) or not hasattr(nodes, "__iter__"):
        return DbtOutcome(False, seconds, error=str(result.exception))
    statuses = [(r.node.name, str(r.status)) for r in nodes]
    counts: dict[str, int] = {}
    for r in nodes:
        kind = str(r.node.resource_type)
        counts[kind] = counts.get(kind, 0) + 1
    return DbtOutcome(
        success=bool(result.success),
        seconds=seconds,
        failed=[name for name, status in statuses if status in {"error", "fail"}],
        warned=[name for name, status in statuses if status == "warn"],
        error=str(result.exception) if result.exception else None,
        counts=counts,
    )


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
