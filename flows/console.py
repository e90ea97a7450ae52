"""What the command line shows a person: its errors, its exit codes, its log, and page text
made safe for a terminal.

A user error is a :class:`UserError`: the command line prints its two lines (what was wrong,
what to do) on stderr and exits with its code, never with a traceback. Exit codes:

====  ======================================================================
0     success
1     the run (or command) failed
2     usage: a bad option, argument or input path
3     the data checks blocked publishing (the published warehouse is unchanged)
75    another run holds the warehouse (EX_TEMPFAIL: try again later)
130   interrupted (Ctrl-C)
143   stopped by SIGTERM
====  ======================================================================
"""

from __future__ import annotations

import logging
import os
import re
import sys
from typing import Any

from typer._click.exceptions import ClickException  # typer's own copy of click

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_BLOCKED, EXIT_BUSY, EXIT_INTERRUPTED = 0, 1, 2, 3, 75, 130
EXIT_TERMINATED = 143  # stopped by SIGTERM (128 + 15)
LOG_LEVELS = ("debug", "info", "warning", "error")


class UserError(ClickException):
    """A mistake the user can fix: ``what`` was wrong, ``todo`` says how to fix it.

    A click exception, so that the command line shows it as its two lines however it is
    invoked (``winnow``, ``python -m winnow``, or Typer's test runner on the app)."""

    def __init__(self, what: str, todo: str = "", code: int = EXIT_USAGE) -> None:
        super().__init__(what)
        self.what, self.todo, self.code = what, todo, code
        self.exit_code = code

    def show(self, file: Any = None) -> None:
        print("\n".join(self.lines()), file=file or sys.stderr, flush=True)

    def lines(self) -> list[str]:
        return [f"winnow: {visible(self.what)}", *([f"  {visible(self.todo)}"] if self.todo else [])]


# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and
# isolates that reorder what a terminal shows (a title could make "txt.exe" read "exe.txt").
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object, *, one_line: bool = False) -> str:
    """``text`` with every control character (ESC, BEL, CR, …) shown as ``\\xNN``: page text
    written to a terminal can neither move the cursor, retitle the window nor clear it."""
    return (_UNSAFE_LINE if one_line else _UNSAFE).sub(_escape, str(text))


def error(*lines: str) -> None:
    for line in lines:
        print(line, file=sys.stderr, flush=True)


# --- logging ------------------------------------------------------------------------------------

# Loggers whose INFO lines say nothing about the run (Prefect's server banners, Great
# Expectations' temporary folders, Dask's cluster chatter); shown from WARNING on, or with debug.
_CHATTY = ("prefect", "great_expectations", "distributed", "asyncio", "httpx", "numexpr", "tornado")
_CHATTY_EXACT = ("prefect",)  # the parent logger only: its children are the flow and task runs


class _RunLogFilter(logging.Filter):
    """Drop third-party INFO chatter, and the CommClosedError/cancelled noise a Dask cluster
    makes while it shuts down after the run has finished."""

    def __init__(self, level: int) -> None:
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        if self.level <= logging.DEBUG:
            return True
        name = record.name
        if record.levelno < logging.WARNING and (name in _CHATTY_EXACT or name.split(".")[0] in _CHATTY[1:]):
            return False
        if name.split(".")[0] in ("distributed", "tornado") and record.levelno < logging.ERROR:
            return False  # a local cluster's start and shutdown (workers killed, ports, …)
        if name.split(".")[0] in ("distributed", "tornado", "asyncio") and record.levelno < logging.CRITICAL:
            # a cluster torn down under its tasks logs errors about the closed connections
            text = record.getMessage()
            if "CommClosedError" in text or "Stream is closed" in text or "CancelledError" in text:
                return False
            if record.exc_info and record.exc_info[0] is not None:
                kind = record.exc_info[0].__name__
                if kind in ("CommClosedError", "StreamClosedError", "CancelledError"):
                    return False
        return True


class _BelowWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING


class _NoTracebackFormatter(logging.Formatter):
    """Formats as ``inner`` does, without the traceback: a failed run says why in one line
    (its message), and ``--log-level debug`` shows the traceback."""

    def __init__(self, inner: logging.Formatter | None) -> None:
        super().__init__()
        self.inner = inner or logging.Formatter("%(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        try:
            return self.inner.format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved


def prepare_logging(level: str) -> None:
    """Before Prefect is imported: its log level, and quiet third-party libraries."""
    numeric = getattr(logging, level.upper())
    os.environ["PREFECT_LOGGING_LEVEL"] = level.upper()
    os.environ.setdefault("PREFECT_LOGGING_LOG_PRINTS", "true")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("%(asctime)s.%(msecs)03d | %(levelname)-7s | %(message)s", "%H:%M:%S")
    )
    handler.addFilter(_RunLogFilter(numeric))
    for name in ("winnow", "flows"):
        logger = logging.getLogger(name)
        logger.setLevel(numeric)
        if not logger.handlers:
            logger.addHandler(handler)
        logger.propagate = False
    for name in (
        "distributed",
        "great_expectations",
        "great_expectations.data_context.types.base",
        "tornado",
        "asyncio",
    ):
        logging.getLogger(name).setLevel(logging.DEBUG if numeric <= logging.DEBUG else logging.WARNING)


def tame_handlers(level: str) -> None:
    """After Prefect has configured its logging: filter its console handlers' records, and
    keep tracebacks out of them unless the level is debug."""
    numeric = getattr(logging, level.upper())
    if numeric > logging.DEBUG:
        # Prefect's server banners are logged on its parent logger itself; a filter there stays
        # when Prefect configures its handlers again (as it does when a Dask runner starts).
        parent = logging.getLogger("prefect")
        if not any(isinstance(f, _BelowWarning) for f in parent.filters):
            parent.addFilter(_BelowWarning())
        for name in ("distributed", "tornado"):  # their import set their own levels
            logging.getLogger(name).setLevel(logging.ERROR)
    seen: set[int] = set()
    loggers: list[Any] = [logging.getLogger()]
    loggers += [
        logging.getLogger(name)
        for name in list(logging.root.manager.loggerDict)
        if name.split(".")[0] in ("prefect", "distributed", "great_expectations", "winnow", "flows")
    ]
    for logger in loggers:
        for handler in getattr(logger, "handlers", []):
            if id(handler) in seen or not isinstance(handler, logging.StreamHandler):
                continue
            seen.add(id(handler))
            if not any(isinstance(f, _RunLogFilter) for f in handler.filters):
                handler.addFilter(_RunLogFilter(numeric))
            if numeric > logging.DEBUG and not isinstance(handler.formatter, _NoTracebackFormatter):
                handler.setFormatter(_NoTracebackFormatter(handler.formatter))
