"""The library measurements, each run in its own process: ``python -m bench.measure KIND CORPUS N``.

KIND is one of:
- ``floor``: read + sha256 + gunzip + decode with the known codec + split lines (one core);
- ``decode``: read + ``winnow.decode.decode_bytes`` (one core);
- ``parse1``: ``parallel.parse_to`` on one core, what a run's parse workers do: read, parse,
  extract metrics and make the landing rows (in this process; the lazy set-up of the parser
  and the gazetteer is done on one file first and reported apart);
- ``parse2``: the same on every core (worker pool start-up included: the benchmark runs it at
  both sizes and takes the per-page rate from the difference, as for whole runs);
- ``metrics``: metric extraction alone, on articles parsed beforehand (one core), in characters/s;
- ``generic``: ``parse_bytes`` (decode included, no metrics) of the real web pages of the
  shared corpus (``corpus/html/cwced``, ``WINNOW_SHARED`` or ../shared; CORPUS and N are not
  used), one core, the best of ``GENERIC_PASSES`` passes: main-content extraction of pages
  that are not the site's.

Prints one JSON object: pages, seconds, and what else the kind counts.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import resource
import sys
import time
from functools import partial
from pathlib import Path

from bench.corpus import Entry

ROOT = Path(__file__).resolve().parent.parent
GENERIC_PAGES = Path(os.environ.get("WINNOW_SHARED", ROOT.parent / "shared")) / "corpus" / "html" / "cwced"
GENERIC_PASSES = 10


def load(corpus: Path, n: int) -> list[Entry]:
    lines = (corpus / "manifest.jsonl").read_text().splitlines()[:n]
    return [Entry(**json.loads(line)) for line in lines]


def floor(pages: Path, entries: list[Entry]) -> dict[str, object]:
    nbytes = nchars = nlines = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for e in entries:
        with (pages / e.path).open("rb") as f:
            data = f.read()
        hashlib.sha256(data).hexdigest()
        if e.gzip:
            data = gzip.decompress(data)
        text = data.decode(e.encoding)
        nlines += len(text.splitlines())
        nbytes += len(data)
        nchars += len(text)
    return {
        "seconds": time.perf_counter() - t0,
        "timed_cpu_seconds": time.process_time() - c0,
        "bytes": nbytes,
        "chars": nchars,
        "lines": nlines,
    }


def decode(pages: Path, entries: list[Entry]) -> dict[str, object]:
    from winnow.decode import Rejected, decode_bytes

    rejected = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for e in entries:
        data = (pages / e.path).read_bytes()
        if isinstance(decode_bytes(data, name=e.path), Rejected):
            rejected += 1
    return {
        "seconds": time.perf_counter() - t0,
        "timed_cpu_seconds": time.process_time() - c0,
        "rejected": rejected,
    }


def parse(pages: Path, entries: list[Entry], workers: int) -> dict[str, object]:
    from winnow import landing, parallel
    from winnow.records import RawFile

    files = [RawFile(e.path, "", 0, 0) for e in entries]
    to_rows = partial(
        landing.rows, run_id="bench", now=dt.datetime.now(dt.UTC), max_year=dt.date.today().year + 1
    )
    warm = 0.0
    if workers == 1:
        t0 = time.perf_counter()
        parallel.parse_one(pages, files[0])
        warm = time.perf_counter() - t0
    ok = metrics = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for rows in parallel.parse_to(pages, files, to_rows, workers=workers):
        ok += rows.landed.pages
        metrics += rows.landed.metrics + rows.landed.rejected
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0 if workers == 1 else None  # workers' CPU is the harness's to count
    return {
        "seconds": seconds,
        "timed_cpu_seconds": cpu,
        "ok": ok,
        "metrics": metrics,
        "warm_up_seconds": warm,
    }


def metrics(pages: Path, entries: list[Entry]) -> dict[str, object]:
    from winnow.parse import extract_metrics, parse_bytes

    parsed = [parse_bytes((pages / e.path).read_bytes(), e.path, metrics=False) for e in entries]
    parsed = [r for r in parsed if r.article is not None]
    extract_metrics(parsed[0].article, parsed[0].related)  # type: ignore[arg-type]  # lazy set-up
    chars = sum(len(r.article.body) + sum(len(x.text) for x in r.related) for r in parsed)  # type: ignore[union-attr]
    found = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for r in parsed:
        found += len(extract_metrics(r.article, r.related))  # type: ignore[arg-type]
    return {
        "seconds": time.perf_counter() - t0,
        "timed_cpu_seconds": time.process_time() - c0,
        "chars": chars,
        "metrics": found,
        "articles": len(parsed),
    }


def generic(pages: Path, passes: int) -> dict[str, object]:
    """The least wall time and the least CPU time of ``passes`` passes over the pages (a pass
    is short, a fraction of a second: one slow pass says more about the machine than Winnow)."""
    from winnow.parse import parse_bytes

    files = [(str(p), p.read_bytes()) for p in sorted(pages.rglob("*.html"))]
    seconds, cpu_seconds, ok = [], [], 0
    for _ in range(passes):
        t0, c0 = time.perf_counter(), time.process_time()
        ok = sum(parse_bytes(data, name, metrics=False).status == "ok" for name, data in files)
        cpu_seconds.append(time.process_time() - c0)
        seconds.append(time.perf_counter() - t0)
    return {
        "pages": len(files),
        "seconds": min(seconds),
        "timed_cpu_seconds": min(cpu_seconds),
        "ok": ok,
        "passes": passes,
    }


def cpu() -> float:
    """CPU seconds of this process and of its children that have ended (pool workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def main(argv: list[str]) -> None:
    kind, corpus, n = argv[0], Path(argv[1]), int(argv[2])
    if kind == "generic":  # its own pages, not the generated corpus
        print(json.dumps({**generic(GENERIC_PAGES, GENERIC_PASSES), "cpu_total_seconds": cpu()}))
        return
    entries = load(corpus, n)
    pages = corpus / "pages"
    if kind == "floor":
        out = floor(pages, entries)
    elif kind == "decode":
        out = decode(pages, entries)
    elif kind == "parse1":
        out = parse(pages, entries, workers=1)
    elif kind == "parse2":
        out = parse(pages, entries, workers=os.cpu_count() or 1)
    elif kind == "metrics":
        out = metrics(pages, entries)
    else:
        raise SystemExit(f"unknown measurement {kind!r}")
    print(json.dumps({"pages": len(entries), **out, "cpu_total_seconds": cpu()}))


if __name__ == "__main__":
    main(sys.argv[1:])
