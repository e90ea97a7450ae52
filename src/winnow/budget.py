"""The time budget of parsing one file.

``time_limit(seconds)`` raises :class:`TooSlow` in the block it guards once ``seconds`` have
passed, through ``SIGALRM``: in a process's main thread only (a parse worker, ``winnow
parse``); elsewhere (a thread of the flow's process, a Dask worker's thread) it guards
nothing. Python runs the signal's handler between two bytecodes, so a parser stuck inside C
code is stopped when it comes back; the pool's workers also arm a hard limit that ends the
process (``hard_limit``), and the pool then quarantines the file and replaces the worker.
Arming and disarming the timers are system calls of about a microsecond each.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType


class TooSlow(BaseException):
    """The time budget ran out (a BaseException: a parser's ``except Exception`` lets it pass)."""


_expired: list[bool] = []  # set by the handler: the block over its budget ran on


def _raise(signum: int, frame: FrameType | None) -> None:
    _expired.append(True)
    raise TooSlow


@contextlib.contextmanager
def time_limit(seconds: float, *, hard_after: float | None = None) -> Iterator[None]:
    """Raise TooSlow in the block after ``seconds`` of wall time; with ``hard_after``, the
    process is also ended by the kernel (SIGPROF's default action) after that many CPU
    seconds, for a parser that never comes back from C code."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise)
    _expired.clear()
    signal.setitimer(signal.ITIMER_REAL, seconds)
    if hard_after is not None:
        signal.setitimer(signal.ITIMER_PROF, hard_after)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        if hard_after is not None:
            signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGALRM, previous)
    if _expired:  # raised where it was swallowed (a finalizer, a weakref callback): raised again
        raise TooSlow
