"""Measure the extractor on the metric gold per part and genre; with --write, pin the floors.

    PYTHONPATH=src:tests python tests/pin_metrics_floors.py            # print the scores
    PYTHONPATH=src:tests python tests/pin_metrics_floors.py --write    # pin them in floors.json
    PYTHONPATH=src:tests python tests/pin_metrics_floors.py --parts test2 --write   # one part only

Every text of the parts measured must be present (../shared and $WINNOW_METRICS_TEXTS). A floor
is the measured score rounded down to two decimals, less --tolerance; the required-mention count
and the digest of the gold inputs are pinned with them. dev and test are pinned together (one
digest, metrics_gold_sha256); test2 has its own (metrics_test2_sha256), so pinning one leaves the
other's pins valid. A floor that would go down is kept (and
reported) unless --allow-lower is given: lowering one needs a reason in the commit.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path

from metrics_scoring import (
    GENRES,
    PARTS,
    PINNED_TOGETHER,
    find_text,
    gold_digest,
    gold_files,
    read_gold,
    read_manifest,
    tally_files,
)

ROOT = Path(__file__).resolve().parent.parent
FLOORS = Path(__file__).parent / "floors.json"
MEASURES = ("f1", "region", "year", "indicator", "target")


def measure(shared: Path, parts: tuple[str, ...]) -> dict[str, float]:
    manifest, scores = read_manifest(), {}
    paths = [p for part in parts for p in gold_files(part)]
    absent = [p.name for p in paths if find_text(shared, read_gold(p)["file"]) is None]
    if absent:
        sys.exit(f"texts absent ({', '.join(absent)}): every text is needed to pin floors")
    for part in parts:
        for genre in GENRES:
            tally = tally_files(shared, [p for p in gold_files(part) if manifest[p.name]["genre"] == genre])
            print(tally.line(f"{part} {genre}"))
            for m in MEASURES:
                scores[f"metrics_{part}_{genre}_{m}"] = tally.f1 if m == "f1" else tally.rate(m)
    return scores


def measure_heldout_indicators(shared: Path, floors: dict, allow_lower: bool) -> dict[str, float | int | str]:
    """Coverage and precision of the indicator codes on test2's mentions (tests/gold/indicators/heldout.json).

    Pinned at the measured figures rounded down to three decimals (the indicator gate's own
    convention); `missing` (labelled mentions the extractor does not produce) may not grow.
    """
    from indicators_scoring import HELDOUT, labels, labels_digest, score

    items, pins = labels(HELDOUT), {}
    for kind in GENRES:
        s = score(shared / "corpus" / "texts", [i for i in items if i["kind"] == kind])
        print(s.line(f"indicators heldout {kind}"))
        for name, value in (("coverage", s.coverage), ("precision", s.precision)):
            key, new = f"indicators_heldout_{kind}_{name}", math.floor(value * 1000 + 1e-9) / 1000
            if key in floors and new < floors[key] and not allow_lower:
                print(f"kept {key}={floors[key]} (measured {value:.3f})")
                continue
            pins[key] = new
        key = f"indicators_heldout_{kind}_missing"
        if key in floors and s.missing > floors[key] and not allow_lower:
            print(f"kept {key}={floors[key]} (measured {s.missing})")
        else:
            pins[key] = s.missing
    pins["indicators_heldout_labels"] = len(items)
    pins["indicators_heldout_sha256"] = labels_digest(HELDOUT)
    return pins


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--tolerance", type=float, default=0.01)
    ap.add_argument("--allow-lower", action="store_true")
    ap.add_argument("--parts", default=",".join(PINNED_TOGETHER), help="dev,test (default) or test2")
    a = ap.parse_args()
    parts = tuple(a.parts.split(","))
    if parts not in (PINNED_TOGETHER, ("test2",)):
        sys.exit(f"--parts: {','.join(PINNED_TOGETHER)} or test2 (parts of one digest are pinned together)")
    assert set(parts) <= set(PARTS)
    shared = Path(os.environ.get("WINNOW_SHARED", ROOT.parent / "shared"))
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    for key, value in measure(shared, parts).items():
        new = round(max(0.0, math.floor(value * 100 + 1e-9) / 100 - a.tolerance), 2)
        old = floors.get(key)
        if old is not None and new < old and not a.allow_lower:
            print(f"kept {key}={old} (measured {value:.3f})")
            continue
        floors[key] = new
    required = sum(g["required"] for part in parts for p in gold_files(part) for g in read_gold(p)["metrics"])
    if parts == ("test2",):
        floors.update(measure_heldout_indicators(shared, floors, a.allow_lower))
    prefix = "metrics_gold" if parts == PINNED_TOGETHER else "metrics_test2"
    floors[f"{prefix}_required_mentions"] = required
    floors[f"{prefix}_sha256"] = gold_digest(parts)
    if a.write:
        FLOORS.write_text(json.dumps(floors, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"pinned in {FLOORS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
