"""Shared fixtures. Tests that read ../shared (seed, gold, corpus) skip when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("WINNOW_SHARED", ROOT.parent / "shared"))

# Keep every test run offline and quiet.
for _k, _v in {
    "DO_NOT_TRACK": "1",
    "GX_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
}.items():
    os.environ.setdefault(_k, _v)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder (seed, gold, corpus); skip the test when it is absent."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared is absent")
    return SHARED


@pytest.fixture(scope="session")
def seed_path(shared: Path) -> Path:
    return next((shared / "seeds").glob("*.txt"))


@pytest.fixture(scope="session")
def prefect_api() -> object:
    """One Prefect test server for the whole session; yields its API URL (for subprocesses too)."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield PREFECT_API_URL.value()


@pytest.fixture
def winnow_env(prefect_api: str) -> dict[str, str]:
    """Environment for a `winnow` subprocess that reuses the session's Prefect server."""
    return {**os.environ, "PREFECT_API_URL": str(prefect_api)}


@pytest.fixture(scope="session")
def sample_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of raw/samples (the project's own sample dumps), plus the seed when ../shared is there."""
    import shutil

    raw = tmp_path_factory.mktemp("sample-raw")
    shutil.copytree(ROOT / "raw" / "samples", raw / "samples")
    if (SHARED / "seeds").is_dir():
        for seed in (SHARED / "seeds").glob("*.txt"):
            shutil.copy(seed, raw / seed.name)
    return raw


@pytest.fixture(scope="session")
def sample_warehouse(sample_raw: Path, tmp_path_factory: pytest.TempPathFactory, prefect_api: str) -> Path:
    """A warehouse published by one real run over ``sample_raw``. Read it; don't change it."""
    from flows.pipeline import winnow_run

    db = tmp_path_factory.mktemp("sample-warehouse") / "winnow.duckdb"
    winnow_run(raw=str(sample_raw), warehouse=str(db))
    return db
