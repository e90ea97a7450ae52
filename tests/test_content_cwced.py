"""Evaluation gate for generic pages: main-content extraction on ../shared/corpus/html.

- cwced/: mean body char-F1 against the human-written text of each page (``char_f1``
  of ../shared/tools/score.py, imported from there);
- trafilatura/: snippets that must be in the body ("with") and must not ("without").

Floors are recorded in tests/floors.json; a score below its floor fails the test. Raise a
floor when the extractor gets better; never lower one without saying why in the commit.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from winnow.parse import parse_bytes

FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text(encoding="utf-8"))


def score_module(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_score", shared / "tools" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def score(shared: Path) -> ModuleType:
    return score_module(shared)


def body_of(path: Path) -> tuple[str, str]:
    """(status, body) of a page parsed as `winnow parse` would."""
    result = parse_bytes(path.read_bytes(), str(path), metrics=False)
    return result.status, result.article.body if result.article else ""


def test_cwced_mean_body_f1(shared: Path, score: ModuleType) -> None:
    base = shared / "corpus" / "html" / "cwced"
    pages = sorted((base / "original").glob("*.html"))
    char_f1: Callable[[str, str], float] = score.char_f1
    scores = {}
    for page in pages:
        status, body = body_of(page)
        assert status == "ok", page.name
        gold = (base / "cleaned" / f"{page.stem}.txt").read_text(encoding="utf-8")
        scores[page.stem] = char_f1(gold, body)
    mean = sum(scores.values()) / len(scores)
    assert len(scores) >= 30
    assert mean >= FLOORS["parse_cwced_body_f1_mean"], sorted(scores.items(), key=lambda kv: kv[1])[:5]
    assert min(scores.values()) >= FLOORS["parse_cwced_body_f1_min"]


def test_trafilatura_snippets(shared: Path, score: ModuleType) -> None:
    base = shared / "corpus" / "html" / "trafilatura"
    cases = json.loads((base / "evaldata_zh_subset.json").read_text(encoding="utf-8"))
    found = kept_out = with_n = without_n = 0
    for case in cases.values():
        status, body = body_of(base / case["file"])
        assert status == "ok", case["file"]
        folded = score.fold(body)
        found += sum(score.fold(s) in folded for s in case["with"])
        kept_out += sum(score.fold(s) not in folded for s in case["without"])
        with_n += len(case["with"])
        without_n += len(case["without"])
    assert found / with_n >= FLOORS["parse_trafilatura_with_ratio"]
    assert kept_out / without_n >= FLOORS["parse_trafilatura_without_ratio"]
