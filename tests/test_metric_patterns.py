"""The guard sets of metric extraction are made from their regexes (metric_patterns.first_chars).

A guard set lets the extractor skip a regex where the character at hand cannot start a match;
one that missed a character would silently drop what the regex finds. So each guard set must
hold the first (or last) character of every match its regex makes on real text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from winnow import metric_patterns as mp
from winnow.numbers import fold_text

# (regex, its guard set, whether the set holds last characters)
GUARDS = [
    (mp._MULT, mp._MULT_FIRST, False),
    (mp._APPROX_AFTER_NUM, mp._APPROX_FIRST, False),
    (mp._RANGE, mp._RANGE_FIRST, False),
    (mp._SUFFIX_QUAL, mp._SUFFIX_FIRST, False),
    (re.compile(mp._LATIN_SYMBOL), mp._LATIN_FIRST, False),
    (mp._BAD_BEFORE, mp._BAD_BEFORE_LAST, True),
    (mp._BAD_AFTER, mp._BAD_AFTER_FIRST, False),
    (mp._LEAD_STRIP, mp._LEAD_FIRST, False),
    (mp._VERB_START, mp._VERB_FIRST, False),
    (mp._TAIL_LEAD, mp._TAIL_LEAD_FIRST, False),
]


def test_first_and_last_characters() -> None:
    assert mp.first_chars(re.compile(r"万亿|千(?![米瓦])|[a-c]")) == frozenset("万千abc")
    assert mp.first_chars(re.compile(r"^(?:以|左)?右")) == frozenset("以左右")  # an optional start
    assert mp.first_chars(re.compile(r"\s?%")) == frozenset(mp._SPACES) | {"%"}
    assert mp.first_chars(re.compile(r"\s*(?:的|为)?\s*")) == frozenset(mp._SPACES) | set("的为")
    assert mp.last_chars(re.compile(r"(?:第|No\.)\s?$")) == frozenset(mp._SPACES) | set("第.")
    for unbounded in (r"\d+", r"[^a]", r".", r"(?:(a)|b)?\1", r"(?i:a)"):
        with pytest.raises(ValueError):
            mp.first_chars(re.compile(unbounded))
    with pytest.raises(ValueError):
        mp.first_chars(re.compile("a", re.IGNORECASE))


def _texts(shared: Path) -> str:
    files = sorted((shared / "corpus" / "texts").rglob("*.txt"))[::20]
    files += sorted((shared / "seeds").glob("*.txt"))
    return fold_text("\n".join(f.read_text(encoding="utf-8", errors="replace") for f in files))


@pytest.mark.shared
def test_guards_hold_every_match_on_real_text(shared: Path) -> None:
    text = _texts(shared)
    # with what the extractor looks for after numbers, however rare in the texts
    text += "\n12.5 hm² 3 kg·hm⁻² 1万余人 3-5万 1.2亿吨左右 以上 不超过 第3 No.5 Fig.2 2019年底，的实现"
    for pattern, guard, last in GUARDS:
        for pos in range(len(text) + 1):
            if last:
                m = pattern.search(text, max(0, pos - 8), pos)
                if m is not None and m.end() == pos and m.end() > m.start():
                    assert text[pos - 1] in guard, (pattern.pattern, text[max(0, pos - 8) : pos])
            else:
                m = pattern.match(text, pos)
                if m is not None and m.end() > pos:
                    assert text[pos] in guard, (pattern.pattern, text[pos : pos + 8])
