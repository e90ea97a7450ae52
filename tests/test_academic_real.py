"""Golden tests over real pages of academic sites saved by other projects' crawlers.

The shared set (../shared/corpus/real, or WINNOW_SHARED) must score perfectly; the larger
scratch set (WINNOW_REAL_SCRATCH, default /work/scratch/real: pages collected this session,
kept outside the repository) must stay at or above the floors in tests/floors.json. Each set
is skipped when its folder is absent. Scored with ../shared/tools/score_real.py's own checks.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import SHARED
from winnow.parse import parse_file

SCRATCH = Path(os.environ.get("WINNOW_REAL_SCRATCH", "/work/scratch/real"))
FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text(encoding="utf-8"))


def scorer() -> ModuleType:
    path = SHARED / "tools" / "score_real.py"
    if not path.is_file():
        pytest.skip("../shared/tools/score_real.py is absent")
    spec = importlib.util.spec_from_file_location("score_real", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_set(pages: Path, gold: Path) -> dict[str, float]:
    if not gold.is_dir() or not any(gold.glob("*.json")):
        pytest.skip(f"{gold} is absent")
    score = scorer().score
    rows = []
    for gp in sorted(gold.glob("*.json")):
        g = json.loads(gp.read_text(encoding="utf-8"))
        page = pages / g["file"]
        if page.exists():
            rows.append(score(g, parse_file(page, metrics=False).to_json()))
    arts = [r for r in rows if "kind_ok" not in r]
    checks = [r[f] for r in arts for f in ("title", "journal", "authors", "affil", "keywords",
                                           "body_first", "body_last", "related") if f in r]  # fmt: skip
    kinds = [r["kind_ok"] for r in rows if "kind_ok" in r]
    return {
        "fields": sum(checks) / len(checks),
        "clean": sum(r["junk_left"] == 0 for r in arts) / len(arts),
        "kinds": sum(kinds) / len(kinds) if kinds else 1.0,
    }


@pytest.mark.shared
def test_the_shared_real_pages_score_perfectly() -> None:
    real = SHARED / "corpus" / "real"
    assert score_set(real / "pages", real / "gold") == {"fields": 1.0, "clean": 1.0, "kinds": 1.0}


def test_the_collected_real_pages_stay_above_their_floors() -> None:
    got = score_set(SCRATCH / "pages", SCRATCH / "gold")
    for name, value in got.items():
        assert value >= FLOORS[f"parse_real_{name}"], (name, value)


def test_pages_written_to_the_sites_descriptions_stay_above_their_floors() -> None:
    got = score_set(SCRATCH / "synthetic" / "pages", SCRATCH / "synthetic" / "gold")
    assert (
        got["fields"] >= FLOORS["parse_described_fields"] and got["clean"] >= FLOORS["parse_described_clean"]
    )
