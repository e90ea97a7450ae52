"""Measure the extractor on the metric gold per part and genre; with --write, pin the floors.

    PYTHONPATH=src:tests python tests/pin_metrics_floors.py            # print the scores
    PYTHONPATH=src:tests python tests/pin_metrics_floors.py --write    # pin them in floors.json

Every text must be present (../shared and $WINNOW_METRICS_TEXTS). A floor is the measured
score rounded down to two decimals, less --tolerance; the required-mention count and the
digest of the gold inputs are pinned with them. A floor that would go down is kept (and
reported) unless --allow-lower is given: lowering one needs a reason in the commit.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path

from metrics_scoring import GENRES, find_text, gold_digest, gold_files, read_gold, read_manifest, tally_files

ROOT = Path(__file__).resolve().parent.parent
FLOORS = Path(__file__).parent / "floors.json"
MEASURES = ("f1", "region", "year", "indicator", "target")


def measure(shared: Path) -> dict[str, float]:
    manifest, scores = read_manifest(), {}
    paths = gold_files("dev") + gold_files("test")
    absent = [p.name for p in paths if find_text(shared, read_gold(p)["file"]) is None]
    if absent:
        sys.exit(f"texts absent ({', '.join(absent)}): every text is needed to pin floors")
    for part in ("dev", "test"):
        for genre in GENRES:
            tally = tally_files(shared, [p for p in gold_files(part) if manifest[p.name]["genre"] == genre])
            print(tally.line(f"{part} {genre}"))
            for m in MEASURES:
                scores[f"metrics_{part}_{genre}_{m}"] = tally.f1 if m == "f1" else tally.rate(m)
    return scores


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--tolerance", type=float, default=0.01)
    ap.add_argument("--allow-lower", action="store_true")
    a = ap.parse_args()
    shared = Path(os.environ.get("WINNOW_SHARED", ROOT.parent / "shared"))
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    for key, value in measure(shared).items():
        new = round(max(0.0, math.floor(value * 100 + 1e-9) / 100 - a.tolerance), 2)
        old = floors.get(key)
        if old is not None and new < old and not a.allow_lower:
            print(f"kept {key}={old} (measured {value:.3f})")
            continue
        floors[key] = new
    floors["metrics_gold_required_mentions"] = sum(
        g["required"] for p in gold_files("dev") + gold_files("test") for g in read_gold(p)["metrics"]
    )
    floors["metrics_gold_sha256"] = gold_digest()
    if a.write:
        FLOORS.write_text(json.dumps(floors, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"pinned in {FLOORS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
