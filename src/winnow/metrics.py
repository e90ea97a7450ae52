"""Metric extraction: every statistic in a text with value, unit, indicator, region and year.

``extract(text)`` and ``extract_blocks(blocks)`` run the same cascade:

1. fold the text (traditional → simplified, full-width → ASCII; same length, so offsets hold);
2. one compiled regex pass finds number candidates; an Aho-Corasick pass over each paragraph
   that needs them finds places;
3. each candidate is read locally: multiplier, range, unit, qualifiers (:func:`_read_quantity`),
   and dropped when it is a date, an ordinal, a list marker, a reference or part of a name;
4. its indicator comes from its own clause (:func:`_indicator`): the noun phrase before it,
   or after a measure word, with 分别 lists, 占…的 ratios and X户Y人 pairs handled;
5. region and year come from the sentence, then the paragraph, then the heading and title;
   is_target from target words and target sections.

The stages live in their own modules: ``metric_patterns`` (the regexes and tables),
``metric_quantities`` (steps 2-3), ``metric_indicator`` (4) and ``metric_context`` (5);
this module runs them.
"""

from __future__ import annotations

from collections.abc import Sequence

from winnow import gazetteer
from winnow.metric_context import (
    _bounds,
    _HeadingState,
    _is_target,
    _prepare,
    _region_for,
    _sentence_bounds,
    _year_for,
)
from winnow.metric_indicator import _indicator, _listed_places
from winnow.metric_patterns import _FLAT_BREAK, _SENTENCE_PUNCT
from winnow.metric_quantities import _quantities, _Quantity
from winnow.numbers import fold_text, to_float
from winnow.records import Block, Metric
from winnow.textpage import is_heading
from winnow.units import unit_family

# ---------------------------------------------------------------- public API


def extract(text: str, *, title: str | None = None) -> list[Metric]:
    """Metrics in plain text: each line a paragraph; short lines without final punctuation are headings.

    When no title is given and the first line looks like one, it is taken as the title.
    """
    paragraphs: list[tuple[int, int, bool]] = []
    pos = 0
    for i, line in enumerate(text.split("\n")):
        end = pos + len(line)
        if line.strip():
            if "   " in line:  # a page flattened into one line: runs of spaces were its line breaks
                _flattened_paragraphs(line, pos, paragraphs)
                pos = end + 1
                continue
            heading = is_heading(line)
            if i == 0 and title is None and _looks_like_title(line):
                title, heading = line.strip(), True
            paragraphs.append((pos, end, heading))
        pos = end + 1
    return _extract(text, paragraphs, title)


def _flattened_paragraphs(line: str, pos: int, paragraphs: list[tuple[int, int, bool]]) -> None:
    start = 0
    for m in _FLAT_BREAK.finditer(line):
        if line[start : m.start()].strip():
            paragraphs.append((pos + start, pos + m.start(), is_heading(line[start : m.start()])))
        start = m.end()
    if line[start:].strip():
        paragraphs.append((pos + start, pos + len(line), is_heading(line[start:])))


def extract_blocks(blocks: Sequence[Block], *, title: str | None = None) -> list[Metric]:
    """Metrics in an article's blocks; offsets index into ``"\\n".join(b.text for b in blocks)``."""
    text = "\n".join(b.text for b in blocks)
    paragraphs = []
    pos = 0
    for b in blocks:
        paragraphs.append((pos, pos + len(b.text), b.kind == "heading"))
        pos += len(b.text) + 1
    return _extract(text, paragraphs, title)


def _looks_like_title(line: str) -> bool:
    s = line.strip()
    return 0 < len(s) <= 80 and not _SENTENCE_PUNCT.search(s)


# ---------------------------------------------------------------- the cascade


def _extract(text: str, paragraphs: list[tuple[int, int, bool]], title: str | None) -> list[Metric]:
    folded = fold_text(text)
    quantities = _quantities(folded)
    if not quantities:
        return []
    ctx = _prepare(text, folded, paragraphs, title, quantities[-1].start)
    in_paragraph = _paragraph_of(paragraphs, quantities)
    for q, idx in zip(quantities, in_paragraph, strict=True):
        ctx.reach[idx] = q.start
    out: list[Metric] = []
    heading_state = _HeadingState(ctx)
    para_idx = -1
    p_start = p_end = 0
    sentence_metrics: list[tuple[int, str | None, int]] = []  # (sentence start, indicator, end)
    s_start = s_end = s_stop = 0  # the last sentence read: it holds the mentions in [s_start, s_stop)
    sentence = ""
    fenbie = -1  # where the sentence's first 分别 is (-1: none)
    for q, idx in zip(quantities, in_paragraph, strict=True):
        if idx != para_idx:
            para_idx = idx
            p_start, p_end, _ = _bounds(ctx, idx)
            s_stop = 0
            heading_state.advance(para_idx)
        if not s_start <= q.start < s_stop:
            s_start, s_end, s_stop = _sentence_bounds(ctx, q.start, p_start, p_end)
            sentence = text[s_start:s_end].strip()
            fenbie = folded.find("分别", s_start, s_end)  # the sentence's first 分别, looked for once
        if sentence_metrics and sentence_metrics[-1][0] != s_start:
            if not folded.startswith("其中", sentence_metrics[0][0]) and sentence_metrics[0][1]:
                ctx.total = sentence_metrics[0][1]  # what a later 其中 sentence breaks down
            sentence_metrics = []
        prev = sentence_metrics
        indicator = _indicator(ctx, q, s_start, prev)
        sentence_metrics.append((s_start, indicator, q.end))
        listed = _listed_places(ctx, q, s_start) if 0 <= fenbie <= q.start - 2 else None
        region: gazetteer.Region | None
        if listed is not None:
            region, indicator = listed[0], listed[1] or indicator
            sentence_metrics[-1] = (s_start, indicator, q.end)
        else:
            region = _region_for(ctx, q.start, s_start, para_idx, p_start, heading_state)
        target = _is_target(ctx, q.start, s_start, s_end, para_idx, heading_state)
        year, year_text = _year_for(ctx, q, s_start, heading_state, target, prev)
        out.append(
            Metric(  # by position, in the order of Metric's fields (keywords cost a third of the call)
                text[q.start : q.end],  # mention
                q.start,  # char_start
                q.end,  # char_end
                sentence,
                to_float(q.value),  # value
                q.unit,
                unit_family(q.unit),
                q.qualifier,
                indicator,
                region.name if region else None,  # region
                region.code if region and region.level != "town" else None,  # region_code
                region.level if region else None,  # region_level
                year,  # period_year
                year_text,  # period_text
                target,  # is_target
            )
        )
    return out


def _paragraph_of(paragraphs: list[tuple[int, int, bool]], quantities: list[_Quantity]) -> list[int]:
    """The paragraph of each quantity (the last one starting at or before it; 0 for a text without)."""
    out = []
    idx = 0
    for q in quantities:
        while idx + 1 < len(paragraphs) and paragraphs[idx + 1][0] <= q.start:
            idx += 1
        out.append(idx)
    return out
