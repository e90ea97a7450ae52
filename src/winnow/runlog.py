"""The run ledger: one JSON line per finished run, kept beside the warehouse.

Every run is recorded here, including runs whose publishing was blocked or that failed:
the published warehouse of such a run stays as it was, so its record cannot live only
inside it. The next published build copies the ledger into ``landing.runs``, which
``marts.load_runs`` reads.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from winnow import faults


def utcnow() -> datetime:
    """Now, in UTC, without tzinfo (DuckDB TIMESTAMP), to the microsecond."""
    return datetime.now(UTC).replace(tzinfo=None)


# How a run ended (landing.runs.status; dbt's run_statuses and the load_runs suite list the same).
RUN_STATUSES = ("succeeded", "nothing_new", "blocked", "failed", "interrupted")


@dataclass(slots=True)
class RunRecord:
    run_id: str
    started_at: datetime
    finished_at: datetime | None = None
    status: str = "running"  # until finished: one of RUN_STATUSES
    files_seen: int = 0
    files_new: int = 0
    files_changed: int = 0
    files_unchanged: int = 0
    files_removed: int = 0
    files_quarantined: int = 0
    articles_loaded: int = 0
    metrics_loaded: int = 0
    metrics_rejected: int = 0
    checks_passed: int = 0
    checks_failed: int = 0
    checks_warned: int = 0
    published: bool = False
    message: str | None = None

    @classmethod
    def start(cls) -> RunRecord:
        now = utcnow()
        return cls(run_id=f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}", started_at=now)

    def finish(self, status: str, message: str | None = None) -> RunRecord:
        self.status, self.finished_at = status, utcnow()
        if message is not None:
            self.message = message
        return self

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        for key in ("started_at", "finished_at"):
            d[key] = d[key].isoformat() if d[key] else None
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> RunRecord:
        known = {f.name for f in fields(cls)}
        d = {k: v for k, v in d.items() if k in known}
        for key in ("started_at", "finished_at"):
            d[key] = datetime.fromisoformat(d[key]) if d.get(key) else None
        return cls(**d)


def append(ledger: Path, run: RunRecord) -> None:
    """Append one run durably (a line written with one call, then fsync).

    A line torn by a crash mid-write is closed with a newline first, so it costs only itself
    and not the record appended after it."""
    ledger.parent.mkdir(parents=True, exist_ok=True)
    faults.point("before_ledger")
    line = json.dumps(run.to_json(), ensure_ascii=False) + "\n"
    fd = os.open(ledger, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            line = "\n" + line
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def read(ledger: Path) -> list[RunRecord]:
    """Every recorded run, oldest first; a torn last line (a crash mid-write) is skipped."""
    if not ledger.exists():
        return []
    runs = []
    for line in ledger.read_text(encoding="utf-8").splitlines():
        try:
            runs.append(RunRecord.from_json(json.loads(line)))
        except (ValueError, TypeError):
            continue
    return runs
