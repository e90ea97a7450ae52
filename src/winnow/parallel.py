"""Read and parse raw files across worker processes, in batches.

Each worker reads a file (within its ``Budgets``: bytes, time), hashes the bytes it actually
read and parses them; results come back a batch at a time, so memory stays bounded by the
number of batches in flight, whatever the corpus size. A worker that dies (a crash in a C
parser) costs only the piece it was parsing, parsed again file by file to isolate the culprit.

Workers are forked from a forkserver that has imported ``winnow.warm`` and ``winnow.landing``:
the parser's lazy set-up (the gazetteer's automaton above all) and pyarrow's import are done
once there, not in each worker, and their memory is shared. A worker's garbage collector
skips all of that (``gc.freeze``) and runs less often (``WORKER_GC_THRESHOLD``), and its C
heap keeps the memory it frees for the next page (``WORKER_TOP_PAD``).
Workers parse pieces that shrink towards the end of a run (see ``cut``), so that they
finish together. The workers also turn their results into what the parent needs (landing's
Arrow tables, which load in a few copies): the parent, whose core they share, neither
unpickles a record nor walks one.
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import importlib.abc
import multiprocessing as mp
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from pathlib import Path
from typing import TypeVar

from winnow.discover import sha256_file
from winnow.parse import parse_in_time, read_result
from winnow.records import ParseResult, RawFile
from winnow.settings import Budgets

DEFAULT_BUDGETS = Budgets()
BATCH_SIZE = 200
MIN_BATCH = 20
BATCHES_PER_WORKER = 2  # a piece parsed by a worker takes at most 1/(this × workers) of the files left
# A worker collects its young objects after 20,000 allocations, not 700: parsing leaves next to
# no reference cycles (the default's 153 collections over 2,000 bench pages found none), and
# with this and the freeze, two workers parsed 8,000 bench pages 4-10% faster (three A/B rounds).
WORKER_GC_THRESHOLD = (20_000, 20, 20)
# A worker's C heap (glibc malloc) keeps up to 32 MiB of freed memory at its top instead of
# handing it back to the kernel after each page, which the next page then faulted in afresh:
# 8,000 bench pages cost the workers 160,000 page faults and 0.8-0.9 s of system time; with
# 32 MiB, 60,000 and 0.6 s; with 64 MiB, 30,000 and 0.2-0.3 s (two workers 5% faster over four
# A/B rounds). A worker's peak RSS stays 100-120 MB either way, but it sits nearer that peak
# between pages: 64 MiB put the 100,000-page run's tree at 1,001 MB, too near the 1 GB budget.
WORKER_TOP_PAD = 32 * 1024 * 1024
_M_TOP_PAD = -2  # mallopt's parameter number, from glibc's malloc.h
T = TypeVar("T")


def parse_one(raw: Path, f: RawFile, budgets: Budgets = DEFAULT_BUDGETS) -> ParseResult:
    """Read one raw file and parse it within ``budgets``; every failure becomes a quarantined result.

    The file is read only if it is still the one discovery saw (its device and inode), and its
    manifest facts are those of the bytes read: size and modification time from the open file,
    sha256 of the bytes, so that a file still being written is read again once it settles.
    """
    read, refused = read_result(raw / f.path, f.path, budgets, sha256=f.sha256, expect=(f.dev, f.ino))
    if refused is not None:
        return refused
    assert read is not None
    sha = hashlib.sha256(read.data).hexdigest()
    try:
        result = parse_in_time(read.data, f.path, budgets, sha256=sha, hard_after=2 * budgets.parse_seconds)
    except Exception as e:  # the parser's own contract is never to raise; this is the last guard
        result = ParseResult.quarantined(f.path, sha, "parse_error", f"{type(e).__name__}: {e}"[:500])
    result.size, result.mtime_ns = read.size, read.mtime_ns
    return result


def file_sha256(path: Path, known: str) -> str:
    """``known``, or else (a new file, which discovery does not read) the file's sha256, by
    streaming it; "" when it cannot be read."""
    if known:
        return known
    try:
        return sha256_file(path)
    except OSError:
        return ""


def results_only(results: Sequence[ParseResult], files: Mapping[str, RawFile]) -> list[ParseResult]:
    """A ``to_rows`` for ``parse_to`` that keeps the parse results themselves."""
    return list(results)


def parse_batch(raw: Path, files: Sequence[RawFile], budgets: Budgets = DEFAULT_BUDGETS) -> list[ParseResult]:
    return [parse_one(raw, f, budgets) for f in files]


def cut(files: Sequence[RawFile], workers: int, batch_size: int) -> Iterator[Sequence[RawFile]]:
    """The pieces the workers parse: they shrink towards the end, so the workers finish together.

    Each piece takes 1/(BATCHES_PER_WORKER × workers) of the files left, between MIN_BATCH
    and ``batch_size``: a large run goes in full pieces, a run of a few hundred files is
    still spread over every worker, and the last pieces are small, so that no core idles
    while another works through a long last one.
    """
    start = 0
    while start < len(files):
        left = len(files) - start
        size = max(MIN_BATCH, min(batch_size, -(-left // (workers * BATCHES_PER_WORKER))))
        yield files[start : start + size]
        start += size


def _pool(workers: int) -> ProcessPoolExecutor:
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["winnow.warm", "winnow.landing"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_start_worker)


def _start_worker() -> None:
    """Set up a worker: its garbage collector (see the module's docstring), its C heap's top
    pad (``WORKER_TOP_PAD``), and no pandas.

    pyarrow imports pandas (50 MB a process) on converting its first Python list, only to ask
    whether that list is a pandas Series, and a worker never holds one.
    """
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLD)
    set_top_pad(WORKER_TOP_PAD)
    sys.meta_path.insert(0, _NoPandas())


def set_top_pad(nbytes: int) -> bool:
    """Ask glibc's malloc to keep ``nbytes`` free at the top of the heap; False where there is no
    glibc (musl, macOS), which keeps its own policy."""
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the symbols the process has loaded: libc's, here
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_TOP_PAD, nbytes) == 1)


class _NoPandas(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Sequence[str] | None, target: object = None) -> None:
        if name.partition(".")[0] == "pandas":
            raise ModuleNotFoundError("pandas is kept out of the parse workers", name=name)


def _isolate(raw: Path, files: Sequence[RawFile], budgets: Budgets) -> list[ParseResult]:
    """Parse a piece whose worker died, one file per pool, quarantining the files that kill it:
    ``too_slow`` when the worker was ended by its time limit, ``parser_crash`` otherwise."""
    out = []
    for f in files:
        with _pool(1) as pool:
            started = time.monotonic()
            try:
                out.append(pool.submit(parse_one, raw, f, budgets).result())
            except BrokenProcessPool:
                sha = file_sha256(raw / f.path, f.sha256)
                if time.monotonic() - started >= budgets.parse_seconds:
                    detail = f"parsing took more than the budget of {budgets.parse_seconds:g} s: worker ended"
                    out.append(ParseResult.quarantined(f.path, sha, "too_slow", detail))
                else:
                    out.append(
                        ParseResult.quarantined(f.path, sha, "parser_crash", "the parser process died")
                    )
    return out


ToRows = Callable[[Sequence[ParseResult], Mapping[str, RawFile]], T]


def parse_to(
    raw: Path,
    files: Sequence[RawFile],
    to_rows: ToRows[T],
    *,
    workers: int | None = None,
    batch_size: int = BATCH_SIZE,
    budgets: Budgets = DEFAULT_BUDGETS,
) -> Iterator[T]:
    """``to_rows`` of each piece's parse results (in input order), both done on ``workers`` processes.

    For a consumer that only needs what ``to_rows`` makes of the results (landing's Arrow
    tables): the workers build it, and the parent, whose core they need, neither unpickles
    a record nor walks one. ``to_rows`` must pickle (a module-level function or a partial).
    """
    workers = min(workers or os.cpu_count() or 1, max(1, len(files) // MIN_BATCH))
    if not files:
        return
    yield from _on_pool(raw, files, workers, batch_size, to_rows, budgets)


def _parse_then(to_rows: ToRows[T], raw: Path, files: Sequence[RawFile], budgets: Budgets) -> T:
    """What a worker runs for ``parse_to``: parse a piece, then make rows of it."""
    return to_rows(parse_batch(raw, files, budgets), {f.path: f for f in files})


def _on_pool(
    raw: Path,
    files: Sequence[RawFile],
    workers: int,
    batch_size: int,
    to_rows: ToRows[T],
    budgets: Budgets,
) -> Iterator[T]:
    """``_parse_then`` of each piece of ``cut`` in a worker, in input order, a few pieces in flight.

    A piece whose worker died is parsed again file by file (``_isolate``), and its rows made
    in this process.
    """
    work = partial(_parse_then, to_rows)
    pool = _pool(workers)
    try:
        in_flight: list[tuple[Sequence[RawFile], Future[T]]] = []
        todo = cut(files, workers, batch_size)
        for b in todo:
            in_flight.append((b, pool.submit(work, raw, b, budgets)))
            if len(in_flight) >= 2 * workers:
                break
        while in_flight:
            b, fut = in_flight.pop(0)
            try:
                result = fut.result()
            except BrokenProcessPool:
                pool.shutdown(cancel_futures=True)
                pool = _pool(workers)
                result = to_rows(_isolate(raw, b, budgets), {f.path: f for f in b})
                in_flight = [(ob, pool.submit(work, raw, ob, budgets)) for ob, _ in in_flight]
            nxt = next(todo, None)
            if nxt is not None:
                in_flight.append((nxt, pool.submit(work, raw, nxt, budgets)))
            yield result
    finally:
        pool.shutdown(cancel_futures=True)
