"""The parse workers' set-up: what the forkserver prepared is frozen, the C heap is kept, and
pandas stays out."""

from __future__ import annotations

import gc
import importlib
import platform

import pytest

from winnow import parallel


def test_parse_workers_start_with_a_frozen_lazier_collector_and_without_pandas() -> None:
    with parallel._pool(1) as pool:
        assert pool.submit(gc.get_threshold).result() == parallel.WORKER_GC_THRESHOLD
        # the objects of the parser's set-up, made by the forkserver, are never collected
        assert pool.submit(gc.get_freeze_count).result() > 10_000
        with pytest.raises(ModuleNotFoundError, match="kept out of the parse workers"):
            pool.submit(importlib.import_module, "pandas").result()


def refaults() -> int:
    """Page faults of the second of two rounds that fill and free 20 MiB of the C heap.

    A heap handed back to the kernel after the first round is faulted in again by the second.
    """
    import resource

    def churn() -> None:
        blocks = [bytearray(64 * 1024) for _ in range(320)]  # below malloc's mmap threshold: the heap
        del blocks

    churn()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    churn()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="no glibc malloc here")
def test_parse_workers_keep_their_freed_heap_instead_of_faulting_it_in_again() -> None:
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=mp.get_context("forkserver")) as plain:
        assert plain.submit(refaults).result() > 2_000  # 5,120 pages of 4 KiB: the default trims
    with parallel._pool(1) as pool:
        assert pool.submit(refaults).result() < 500
