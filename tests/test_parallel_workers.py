"""The parse workers' set-up: what the forkserver prepared is frozen, and pandas stays out."""

from __future__ import annotations

import gc
import importlib

import pytest

from winnow import parallel


def test_parse_workers_start_with_a_frozen_lazier_collector_and_without_pandas() -> None:
    with parallel._pool(1) as pool:
        assert pool.submit(gc.get_threshold).result() == parallel.WORKER_GC_THRESHOLD
        # the objects of the parser's set-up, made by the forkserver, are never collected
        assert pool.submit(gc.get_freeze_count).result() > 10_000
        with pytest.raises(ModuleNotFoundError, match="kept out of the parse workers"):
            pool.submit(importlib.import_module, "pandas").result()
