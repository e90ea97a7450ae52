"""Read and parse raw files across worker processes, in batches.

Each worker reads a file (never more than MAX_FILE_BYTES), hashes the bytes it actually
read and parses them; results come back a batch at a time, so memory stays bounded by the
number of batches in flight, whatever the corpus size. A worker that dies (a crash in a C
parser) costs only its batch, which is parsed again file by file to isolate the culprit.

Workers are forked from a forkserver that has imported ``winnow.warm``: the parser's
lazy set-up (the gazetteer's automaton above all) is done once there, not in each worker.
A run of a few hundred files is cut into smaller batches so that every core gets some.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from winnow.records import ParseResult, RawFile

MAX_FILE_BYTES = 32 * 1024 * 1024
BATCH_SIZE = 200
MIN_BATCH = 20
BATCHES_PER_WORKER = 4  # at least this many batches per worker when there are enough files
SMALL_RUN = 50  # fewer files than this are parsed in-process: a pool costs more than it saves


def parse_one(raw: Path, f: RawFile) -> ParseResult:
    """Read one raw file and parse it; every failure becomes a quarantined result."""
    from winnow.parse import parse_bytes

    path = raw / f.path
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return ParseResult.quarantined(
            f.path, f.sha256, "vanished", "the file disappeared before it was read"
        )
    except OSError as e:
        return ParseResult.quarantined(f.path, f.sha256, "unreadable", f"{type(e).__name__}: {e}")
    if len(data) > MAX_FILE_BYTES:
        return ParseResult.quarantined(
            f.path, f.sha256, "too_large", f"over {MAX_FILE_BYTES // (1024 * 1024)} MiB; not read"
        )
    sha = hashlib.sha256(data).hexdigest()
    try:
        return parse_bytes(data, f.path, sha256=sha)
    except Exception as e:  # the parser's own contract is never to raise; this is the last guard
        return ParseResult.quarantined(f.path, sha, "parse_error", f"{type(e).__name__}: {e}"[:500])


def parse_batch(raw: Path, files: Sequence[RawFile]) -> list[ParseResult]:
    return [parse_one(raw, f) for f in files]


def _pool(workers: int) -> ProcessPoolExecutor:
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["winnow.warm"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx)


def _isolate(raw: Path, files: Sequence[RawFile]) -> list[ParseResult]:
    """Parse a batch whose worker died, one file per pool, quarantining the files that kill it."""
    out = []
    for f in files:
        with _pool(1) as pool:
            try:
                out.append(pool.submit(parse_one, raw, f).result())
            except BrokenProcessPool:
                out.append(
                    ParseResult.quarantined(f.path, f.sha256, "parser_crash", "the parser process died")
                )
    return out


def parse_many(
    raw: Path, files: Sequence[RawFile], *, workers: int | None = None, batch_size: int = BATCH_SIZE
) -> Iterator[list[ParseResult]]:
    """Yield parse results a batch at a time (in input order), parsing on ``workers`` processes."""
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(files) < SMALL_RUN:
        for i in range(0, len(files), batch_size):
            yield parse_batch(raw, files[i : i + batch_size])
        return
    size = max(MIN_BATCH, min(batch_size, -(-len(files) // (workers * BATCHES_PER_WORKER))))
    batches = [files[i : i + size] for i in range(0, len(files), size)]
    pool = _pool(workers)
    try:
        in_flight: list[tuple[Sequence[RawFile], Future[list[ParseResult]]]] = []
        todo = iter(batches)
        for b in todo:
            in_flight.append((b, pool.submit(parse_batch, raw, b)))
            if len(in_flight) >= 2 * workers:
                break
        while in_flight:
            b, fut = in_flight.pop(0)
            try:
                result = fut.result()
            except BrokenProcessPool:
                pool.shutdown(cancel_futures=True)
                pool = _pool(workers)
                result = _isolate(raw, b)
                in_flight = [(ob, pool.submit(parse_batch, raw, ob)) for ob, _ in in_flight]
            nxt = next(todo, None)
            if nxt is not None:
                in_flight.append((nxt, pool.submit(parse_batch, raw, nxt)))
            yield result
    finally:
        pool.shutdown(cancel_futures=True)
