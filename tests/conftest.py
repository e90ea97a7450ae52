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
