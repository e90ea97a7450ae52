"""Named crash points for the crash-safety tests: ``WINNOW_FAULT=name`` kills the process there.

``WINNOW_FAULT`` holds ``name`` or ``name:n`` (the n-th time the point is passed, 1-based);
``point(name)`` then sends SIGKILL to its own process, as the OOM killer or a power cut
would: no ``finally``, no ``atexit``, no flush. Unset (always, outside tests) it does nothing.
The points a run passes, in order, are listed in ``POINTS``; ``parse <path>`` (not one of
them) kills the process that parses that raw file, a pool worker in a run.
"""

from __future__ import annotations

import os
import re
import signal

ENV = "WINNOW_FAULT"
POINTS = (
    "staging_ready",  # publish.prepare_staging: the staging copy is made
    "discovered",  # after discover(): the manifest was read, nothing landed yet
    "landed",  # after landing's commit
    "built",  # after dbt build
    "checked",  # after the data checks
    "parquet_written",  # publish.export_parquet: the new Parquet folder is complete
    "before_replace",  # publish.publish: checkpointed, not yet renamed over the published file
    "after_replace",  # publish.publish: the new file is published, the Parquet link not switched
    "after_link",  # publish.publish: the Parquet link switched, old folders not pruned
    "before_ledger",  # runlog.append: the run is published, its ledger line not written
)
_passed: dict[str, int] = {}


SPIN = "WINNOW_FAULT_SPIN"  # a point named here spins in C code that never returns to Python


def point(name: str) -> None:
    """SIGKILL this process if ``WINNOW_FAULT`` names this point (and this pass of it); spin
    in C, deaf to signal handlers (a parser stuck in a C library), if ``WINNOW_FAULT_SPIN`` does."""
    spec = os.environ.get(ENV)
    if not spec:
        if os.environ.get(SPIN) == name:
            re.match(r"(a+)+$", "a" * 64 + "b")  # catastrophic backtracking inside the C regex engine
        return
    target, _, nth = spec.partition(":")
    if target != name:
        return
    _passed[name] = _passed.get(name, 0) + 1
    if _passed[name] == int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
