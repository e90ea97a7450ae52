"""Python's cycle collector around the run's bulk work and heavy imports.

A run's process builds an object or two per file (100,000 files) and imports large
libraries (Prefect, dbt, Great Expectations): each sets off full collections that walk
every object the process holds, and find next to nothing (the objects live as long as the
process). ``paused`` keeps the collector off while such objects are made; ``import_frozen``
imports with it off and then moves what the process holds out of its reach (``gc.freeze``).
"""

from __future__ import annotations

import gc
import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block (back on after, if it was on)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def import_frozen(*modules: str) -> None:
    """Import ``modules`` with the collector paused, then freeze every object the process holds.

    Only a call that imports something freezes: the first in a process. Frozen objects are
    still freed when nothing refers to them; only a reference cycle among them is kept, so
    this is for a process that runs once (``winnow run``), not for library code.
    """
    new = [m for m in modules if m not in sys.modules]
    if not new:
        return
    with paused():
        for name in new:
            importlib.import_module(name)
        gc.freeze()  # while still paused: the first collection after would walk all that was imported
