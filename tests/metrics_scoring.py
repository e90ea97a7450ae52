"""Scoring helpers for the metric tests: score.py's matching, imported from ../shared/tools.

Kept beside the tests (not in the library): it reads ../shared, which CI has beside the clone.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from winnow.metrics import extract
from winnow.records import Metric

GOLD = Path(__file__).parent / "gold" / "metrics"
MANIFEST = GOLD / "MANIFEST.tsv"
# Texts labelled for issue 22 that are third-party pages: they stay outside the repository.
METRICS_TEXTS = Path(os.environ.get("WINNOW_METRICS_TEXTS", "/work/scratch/metrics_texts"))
GENRES = ("report", "communique", "paper")
# dev: tuned on; test: held out while tuning (issue 22); test2: held out, labelled afterwards on texts
# nobody tuning had seen (g22). test2 has its own digest and floors, so re-pinning one part leaves
# the other's pins valid.
PARTS = ("dev", "test", "test2")
PINNED_TOGETHER = ("dev", "test")


def load_score(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("winnow_shared_score", shared / "tools" / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    agree: Counter[str] | None = None

    def __post_init__(self) -> None:
        self.agree = Counter()

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def rate(self, key: str) -> float:
        assert self.agree is not None
        return self.agree[key] / self.tp if self.tp else 0.0

    def line(self, name: str) -> str:
        return (
            f"{name}: tp={self.tp} fp={self.fp} fn={self.fn} P={self.precision:.3f} R={self.recall:.3f} "
            f"F1={self.f1:.3f} qualifier={self.rate('qualifier'):.3f} "
            f"region={self.rate('region'):.3f} year={self.rate('year'):.3f} "
            f"indicator={self.rate('indicator'):.3f} target={self.rate('target'):.3f}"
        )


def score(sc: ModuleType, gold: list[dict[str, Any]], pred: list[Metric], tally: Tally, source: str) -> None:
    """Add one text's matches to the tally, exactly as score.py matches them."""
    rows = [dict(m.to_json(), source=source) for m in pred]
    pairs, fp, fn, optional = sc.match_metrics(gold, rows)
    tally.tp += len(pairs)
    tally.fp += len([p for p in fp if id(p) not in optional])
    tally.fn += len(fn)
    assert tally.agree is not None
    for g, p in pairs:
        tally.agree["qualifier"] += (p.get("qualifier") or "exact") == (g.get("qualifier") or "exact")
        tally.agree["region"] += not g.get("region_code") or g["region_code"] == p.get("region_code")
        tally.agree["year"] += g.get("period_year") == p.get("period_year")
        tally.agree["indicator"] += sc.indicator_ok(g.get("indicator"), p.get("indicator"))
        tally.agree["target"] += bool(p.get("is_target")) == bool(g.get("is_target"))


def gold_files(part: str) -> list[Path]:
    return sorted((GOLD / part).glob("*.json"))


def read_gold(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def read_manifest() -> dict[str, dict[str, str]]:
    """MANIFEST.tsv rows by gold file name: part, genre, set, text, text_sha256, origin."""
    with MANIFEST.open(encoding="utf-8", newline="") as f:
        return {row["gold"]: row for row in csv.DictReader(f, delimiter="\t")}


def find_text(shared: Path, name: str) -> Path | None:
    """The labelled text: under ../shared/corpus, else under $WINNOW_METRICS_TEXTS; None when absent."""
    for root in (shared / "corpus", METRICS_TEXTS):
        hits = sorted(root.rglob(name)) if root.is_dir() else []
        if hits:
            return hits[0]
    return None


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def gold_digest(parts: tuple[str, ...] = PINNED_TOGETHER) -> str:
    """One digest over the gold files of ``parts`` and their manifest rows, pinned in floors.json.

    The manifest is hashed as its header and the rows of these parts, joined as in the file, so a
    part added to the manifest does not change the digest of the others.
    """
    h = hashlib.sha256()
    for path in [p for part in parts for p in gold_files(part)]:
        h.update(f"{path.relative_to(GOLD).as_posix()}\0".encode())
        h.update(path.read_bytes())
        h.update(b"\0")
    lines = MANIFEST.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [lines[0]] + [line for line in lines[1:] if line.split("\t")[1] in parts]
    h.update(f"{MANIFEST.relative_to(GOLD).as_posix()}\0".encode())
    h.update("".join(kept).encode("utf-8"))
    h.update(b"\0")
    return h.hexdigest()


def tally_files(shared: Path, paths: list[Path]) -> Tally:
    """Score today's extractor on these gold files (every text must be present)."""
    sc = load_score(shared)
    tally = Tally()
    for path in paths:
        gold = read_gold(path)
        text = find_text(shared, gold["file"])
        assert text is not None, f"{gold['file']} is absent"
        score(sc, gold["metrics"], extract(text.read_text(encoding="utf-8")), tally, "article")
    return tally
