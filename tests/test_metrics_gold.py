"""Evaluation gate over the hand-labelled gold sets in tests/gold/metrics/{dev,test}.

Each gold file labels every metric mention of one text in ../shared/corpus/texts (format of
../shared/gold/seed.json, "mode": "metrics"). dev is what the rules were tuned on; test is
held out. Scores may not fall below the floors recorded in tests/floors.json (metrics_*).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from metrics_scoring import Tally, gold_files, load_score, read_gold, score

from winnow.metrics import extract

FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text(encoding="utf-8"))
FIELDS = {
    "span",
    "value",
    "unit",
    "qualifier",
    "indicator",
    "region",
    "region_code",
    "period_year",
    "required",
}


def _text(shared: Path, name: str) -> str:
    hits = list((shared / "corpus").rglob(name))
    assert hits, f"{name} not found under ../shared/corpus"
    return hits[0].read_text(encoding="utf-8")


def test_gold_sets_are_well_formed() -> None:
    files = gold_files("dev") + gold_files("test")
    assert gold_files("dev") and gold_files("test")
    names = [read_gold(p)["file"] for p in files]
    assert len(names) == len(set(names)), "a text is in both parts or twice"
    required = 0
    for path in files:
        gold = read_gold(path)
        assert gold["mode"] == "metrics"
        for g in gold["metrics"]:
            assert set(g) >= FIELDS, (path.name, g)
            assert g["region_code"] is None or len(g["region_code"]) == 6
            required += g["required"]
    assert required >= FLOORS["metrics_gold_required_mentions"]


@pytest.mark.shared
def test_gold_spans_are_in_their_texts(shared: Path) -> None:
    for path in gold_files("dev") + gold_files("test"):
        gold = read_gold(path)
        text = _text(shared, gold["file"])
        for g in gold["metrics"]:
            assert g["span"] in text, (gold["file"], g["span"])


@pytest.mark.shared
@pytest.mark.parametrize("part", ["dev", "test"])
def test_gold_floors(shared: Path, part: str) -> None:
    sc = load_score(shared)
    tally = Tally()
    for path in gold_files(part):
        gold = read_gold(path)
        score(sc, gold["metrics"], extract(_text(shared, gold["file"])), tally, "article")
    print(tally.line(part))
    assert tally.f1 >= FLOORS[f"metrics_{part}_f1"]
    assert tally.rate("region") >= FLOORS[f"metrics_{part}_region"]
    assert tally.rate("year") >= FLOORS[f"metrics_{part}_year"]
    assert tally.rate("indicator") >= FLOORS[f"metrics_{part}_indicator"]
