"""Scoring of the canonical-indicator step on tests/gold/indicators/labels.json.

Each label names a metric mention of a text in ../shared/corpus/texts (file + span + value)
with the canonical indicator and measure a reader gives it (null: none of the vocabulary fits).
The mention is found among what the extractor reads from the text, and coded as the pipeline
codes it (winnow.indicators.classify on the extracted indicator, unit and sentence).

- coverage: the share of found mentions that get a code;
- precision: the share of coded mentions whose code and measure are the label's.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from winnow.indicators import Coded, classify
from winnow.metrics import extract
from winnow.records import Metric

LABELS = Path(__file__).parent / "gold" / "indicators" / "labels.json"
# Held-out labels of tests/gold/metrics/test2 (texts in $WINNOW_METRICS_TEXTS): their own floors.
HELDOUT = Path(__file__).parent / "gold" / "indicators" / "heldout.json"
# The statistical communiqués and county reports of tests/gold/metrics live outside ../shared
# (tests/gold/metrics/MANIFEST.tsv says where from): labels of their texts are scored when present.
METRICS_TEXTS = Path(os.environ.get("WINNOW_METRICS_TEXTS", "/work/scratch/metrics_texts"))


def labels(path: Path = LABELS) -> list[dict[str, Any]]:
    return list(json.loads(path.read_text(encoding="utf-8"))["labels"])


def labels_digest(path: Path = LABELS) -> str:
    """sha256 of a label file: the gate's floors were measured on exactly these labels."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@lru_cache(maxsize=64)
def _metrics(path: Path) -> tuple[str, tuple[Metric, ...]]:
    text = path.read_text(encoding="utf-8")
    return text, tuple(extract(text))


def text_path(texts: Path, label: dict[str, Any]) -> Path | None:
    """The labelled text, under ``texts`` (../shared/corpus/texts) or METRICS_TEXTS; None when absent."""
    for root in (texts, METRICS_TEXTS):
        if (root / label["file"]).is_file():
            return root / label["file"]
    return None


def find(texts: Path, label: dict[str, Any]) -> Metric | None:
    """The extracted mention the label names: inside its span, with its value."""
    path = text_path(texts, label)
    if path is None:
        return None
    text, metrics = _metrics(path)
    at = text.find(label["span"])
    if at < 0:
        return None
    end = at + len(label["span"])
    value = float(label["value"])
    for m in metrics:
        if (
            at <= m.char_start
            and m.char_end <= end + 2
            and abs(m.value - value) <= 1e-6 * max(1.0, abs(value))
        ):
            return m
    return None


@dataclass
class Score:
    found: int = 0
    coded: int = 0
    correct: int = 0
    missing: int = 0  # labels whose mention the extractor does not produce
    errors: list[str] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        return self.coded / self.found if self.found else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.coded if self.coded else 0.0

    def line(self, name: str) -> str:
        return (
            f"{name}: found={self.found} coded={self.coded} correct={self.correct} missing={self.missing} "
            f"coverage={self.coverage:.3f} precision={self.precision:.3f}"
        )


def coded(
    texts: Path, items: list[dict[str, Any]]
) -> Iterator[tuple[dict[str, Any], Metric | None, Coded | None]]:
    for label in items:
        m = find(texts, label)
        c = classify(m.indicator, m.unit, m.unit_family, m.sentence, m.mention) if m else None
        yield label, m, c


def score(texts: Path, items: list[dict[str, Any]]) -> Score:
    s = Score()
    for label, m, c in coded(texts, items):
        if m is None:
            s.missing += 1
            continue
        s.found += 1
        if c is None:
            continue
        s.coded += 1
        if (c.code, c.measure) == (label["indicator_code"], label["measure"]):
            s.correct += 1
        else:
            s.errors.append(
                f"{label['file']} {label['span']!r}: {c.code}/{c.measure}, "
                f"labelled {label['indicator_code']}/{label['measure']} (indicator {m.indicator!r})"
            )
    return s
