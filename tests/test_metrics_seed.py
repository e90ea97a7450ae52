"""The seed page through the extractor: body blocks via extract_blocks, related abstracts via extract.

Scored with score.py's own matching against ../shared/gold/seed.json: precision and recall
≥ 0.97, region and year ≥ 0.95, indicator ≥ 0.90 over its required mentions.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from metrics_scoring import Tally, load_score, score

from winnow.metrics import extract, extract_blocks
from winnow.records import Block

pytestmark = pytest.mark.shared


def _seed_parts(seed_path: Path, headings: set[str]) -> tuple[str, list[Block], list[str]]:
    """Title, body blocks and related abstracts of the seed dump, cut at its site markers."""
    lines = seed_path.read_text(encoding="utf-8").split("\n")
    start = lines.index("论文部分内容阅读") + 1
    end = next(i for i, line in enumerate(lines) if line.strip().startswith("作者简介"))
    blocks = [
        Block("heading" if line.strip() in headings else "paragraph", line.strip())
        for line in lines[start:end]
        if line.strip()
    ]
    rel = lines.index("其他文献") + 1
    related = [line for line in lines[rel:] if line.strip() and line.strip() != "期刊"]
    return lines[0].strip(), blocks, related


def test_seed_metrics(shared: Path, seed_path: Path) -> None:
    gold = json.loads((shared / "gold" / "seed.json").read_text(encoding="utf-8"))
    sc = load_score(shared)
    title, blocks, related = _seed_parts(seed_path, set(gold["article"]["headings"]))
    article_gold = [g for g in gold["metrics"] if g["source"] == "article"]
    related_gold = [g for g in gold["metrics"] if g["source"] != "article"]
    tally = Tally()
    score(sc, article_gold, extract_blocks(blocks, title=title), tally, "article")
    related_pred = [m for text in related for m in extract(text)]
    score(sc, related_gold, related_pred, tally, "related")
    print(tally.line("seed"))
    assert tally.precision >= 0.97
    assert tally.recall >= 0.97
    assert tally.rate("region") >= 0.95
    assert tally.rate("year") >= 0.95
    assert tally.rate("indicator") >= 0.90


def test_seed_offsets_index_the_body(seed_path: Path, shared: Path) -> None:
    gold = json.loads((shared / "gold" / "seed.json").read_text(encoding="utf-8"))
    _, blocks, _ = _seed_parts(seed_path, set(gold["article"]["headings"]))
    body = "\n".join(b.text for b in blocks)
    metrics = extract_blocks(blocks)
    assert metrics
    for m in metrics:
        assert body[m.char_start : m.char_end] == m.mention
        assert m.mention in m.sentence
