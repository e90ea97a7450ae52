"""Evaluation gate on real saved pages of Chinese academic sites (eval/real, issue 21).

The pages are other people's text and stay out of the repository: the real-page test runs when
the folder named by $WINNOW_REAL_PAGES (default /work/scratch/real/pages) holds every page of
eval/real/MANIFEST.tsv, byte for byte, and skips otherwise. The synthetic pages (written to the
layouts the sites' translators describe) are in the repository and always run. Scores may not fall
below eval/real/floors.json; the floors carry a digest of the gold and manifest, so an edited gold
fails here until the floors are pinned again (`python eval/real/evaluate.py --pin`).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "eval" / "real"
SYNTHETIC = EVAL / "synthetic"


def _load_evaluate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("winnow_eval_real", EVAL / "evaluate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ev = _load_evaluate()
FLOORS = json.loads((EVAL / "floors.json").read_text(encoding="utf-8"))
CMD = f"{sys.executable} -m winnow parse"


def _env() -> dict[str, str]:
    # this checkout's code, whatever the venv was installed from
    paths = [str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}


@pytest.mark.parametrize("name, base", [("real", EVAL), ("synthetic", SYNTHETIC)])
def test_floors_were_pinned_on_this_gold(name: str, base: Path) -> None:
    digest = ev.gold_digest(base / "gold", base / "MANIFEST.tsv")
    assert digest == FLOORS[name]["gold_sha256"], (
        f"eval/real {name} gold or manifest changed since the floors were pinned: "
        "check the change, then run `python eval/real/evaluate.py --pin`"
    )


@pytest.mark.parametrize("base", [EVAL, SYNTHETIC])
def test_gold_and_manifest_agree(base: Path) -> None:
    manifest = ev.read_manifest(base / "MANIFEST.tsv")
    golds = ev.read_gold(base / "gold")
    assert sorted(g["file"] for g in golds) == sorted(manifest), "a page without gold or gold without a page"
    for g in golds:
        row = manifest[g["file"]]
        assert row["site"] and row["repository"] and len(row["sha256"]) == 64, row
        if g.get("is_article") and g.get("article"):
            a = g["article"]
            assert a["title"] and a["body_first"] and a["body_last"], g["file"]
            assert all(isinstance(x, str) and x for x in a.get("authors", [])), g["file"]
        else:
            assert g.get("expected_reason") in {
                "not_an_article",
                "not_a_page",
                "mojibake",
                "replacement_characters",
            }, g


def test_synthetic_pages_meet_floors() -> None:
    report = ev.evaluate(SYNTHETIC / "pages", SYNTHETIC / "gold", SYNTHETIC / "MANIFEST.tsv", CMD, _env())
    assert not report["missing"]
    assert report["total"]["pages"] == FLOORS["synthetic"]["pages"]
    assert not ev.below_floors(report, FLOORS["synthetic"]), ev.below_floors(report, FLOORS["synthetic"])


def test_real_pages_meet_floors() -> None:
    pages = Path(os.environ.get("WINNOW_REAL_PAGES", "/work/scratch/real/pages"))
    if not pages.is_dir():
        pytest.skip(
            f"no real pages at {pages}: rebuild them from eval/real/MANIFEST.tsv (eval/real/README.md)"
        )
    problems = ev.page_problems(pages, EVAL / "MANIFEST.tsv")
    if problems:
        pytest.skip(f"real pages folder incomplete or rebuilt differently: {problems[:3]}")
    report = ev.evaluate(pages, EVAL / "gold", EVAL / "MANIFEST.tsv", CMD, _env())
    assert report["total"]["pages"] == FLOORS["real"]["pages"]
    assert not ev.below_floors(report, FLOORS["real"]), ev.below_floors(report, FLOORS["real"])
