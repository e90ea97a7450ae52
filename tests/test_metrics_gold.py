"""Evaluation gate over the hand-labelled gold sets in tests/gold/metrics/{dev,test}.

Each gold file labels every metric mention of one text (format of ../shared/gold/seed.json,
"mode": "metrics"); tests/gold/metrics/MANIFEST.tsv gives each file's part, genre (report,
communique, paper), set (v1: the first gold; i22: issue 22's) and its text's origin and
sha256. Texts are in ../shared/corpus or, for third-party pages, in $WINNOW_METRICS_TEXTS;
a file whose text is absent is skipped, and a genre's floors are checked only when every
text of that part and genre is present (the floors were measured on the whole set).
dev is what the rules were tuned on; test is held out; test2 (set g22) was labelled later on
texts none of the tuning had seen, with its own floors and digest. Scores may not fall below the
floors in tests/floors.json (metrics_*), and the gold inputs must match the digests pinned there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from metrics_scoring import (
    GENRES,
    PARTS,
    Tally,
    find_text,
    gold_digest,
    gold_files,
    read_gold,
    read_manifest,
    sha256_file,
    tally_files,
)

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
    "is_target",
    "required",
}
MEASURES = ("f1", "region", "year", "indicator", "target")


def _measure(tally: Tally, measure: str) -> float:
    return tally.f1 if measure == "f1" else tally.rate(measure)


def test_gold_sets_are_well_formed() -> None:
    files = [p for part in PARTS for p in gold_files(part)]
    assert all(gold_files(part) for part in PARTS)
    names = [read_gold(p)["file"] for p in files]
    assert len(names) == len(set(names)), "a text is in both parts or twice"
    manifest = read_manifest()
    assert sorted(manifest) == sorted(p.name for p in files), "MANIFEST.tsv and the gold files differ"
    required: dict[str, int] = {part: 0 for part in PARTS}
    for path in files:
        row = manifest[path.name]
        assert row["part"] == path.parent.name and row["genre"] in GENRES, row
        assert row["set"] in ("v1", "i22", "g22"), row
        assert row["text"] == read_gold(path)["file"] and len(row["text_sha256"]) == 64, row
        gold = read_gold(path)
        assert gold["mode"] == "metrics"
        for g in gold["metrics"]:
            assert set(g) >= FIELDS, (path.name, g)
            assert g["region_code"] is None or len(g["region_code"]) == 6
            required[row["part"]] += g["required"]
    assert required["dev"] + required["test"] >= FLOORS["metrics_gold_required_mentions"]
    assert required["test2"] >= FLOORS["metrics_test2_required_mentions"]


def test_gold_inputs_match_pinned_digest() -> None:
    """An edited gold file or manifest fails here: re-measure and re-pin the floors with the digest."""
    assert gold_digest() == FLOORS["metrics_gold_sha256"], (
        "tests/gold/metrics changed since the floors were pinned: re-measure the floors "
        "(tests/floors.json metrics_*) and pin the new digest with them"
    )
    assert gold_digest(("test2",)) == FLOORS["metrics_test2_sha256"], (
        "tests/gold/metrics/test2 or its manifest rows changed since its floors were pinned: "
        "re-measure them (pin_metrics_floors.py --parts test2) and pin the new digest"
    )


@pytest.mark.shared
def test_gold_spans_are_in_their_texts(shared: Path) -> None:
    manifest = read_manifest()
    absent = []
    for path in [p for part in PARTS for p in gold_files(part)]:
        gold = read_gold(path)
        text = find_text(shared, gold["file"])
        if text is None:
            absent.append(gold["file"])
            continue
        labelled = manifest[path.name]["text_sha256"]
        assert sha256_file(text) == labelled, f"{text} is not the text that was labelled"
        body = text.read_text(encoding="utf-8")
        for g in gold["metrics"]:
            assert g["span"] in body, (gold["file"], g["span"])
    if absent:
        print(f"texts absent, their spans not checked: {len(absent)}")


@pytest.mark.shared
@pytest.mark.parametrize("part", ["dev", "test"])
def test_gold_floors(shared: Path, part: str) -> None:
    """The first gold set (v1: provincial and national reports, two papers) keeps its floors."""
    manifest = read_manifest()
    tally = tally_files(shared, [p for p in gold_files(part) if manifest[p.name]["set"] == "v1"])
    print(tally.line(part))
    assert tally.f1 >= FLOORS[f"metrics_{part}_f1"]
    assert tally.rate("region") >= FLOORS[f"metrics_{part}_region"]
    assert tally.rate("year") >= FLOORS[f"metrics_{part}_year"]
    assert tally.rate("indicator") >= FLOORS[f"metrics_{part}_indicator"]


@pytest.mark.shared
@pytest.mark.parametrize("genre", GENRES)
@pytest.mark.parametrize("part", PARTS)
def test_gold_floors_by_genre(shared: Path, part: str, genre: str) -> None:
    manifest = read_manifest()
    paths = [p for p in gold_files(part) if manifest[p.name]["genre"] == genre]
    absent = [p.name for p in paths if find_text(shared, read_gold(p)["file"]) is None]
    if absent:
        pytest.skip(f"{len(absent)} of {len(paths)} {genre} texts absent (set WINNOW_METRICS_TEXTS)")
    tally = tally_files(shared, paths)
    print(tally.line(f"{part} {genre}"))
    for measure in MEASURES:
        floor = FLOORS[f"metrics_{part}_{genre}_{measure}"]
        assert _measure(tally, measure) >= floor, (measure, round(_measure(tally, measure), 3), floor)
