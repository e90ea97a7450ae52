"""Record-level checks on one metric: why it cannot be right, as a machine-readable reason.

``reject_reason(m, max_year=…)`` returns None for a plausible metric, or one of
:data:`REJECT_REASONS`. The pipeline keeps rejected mentions out of the marts and
counts them by reason (a filter returns a reason, never drops silently).
"""

from __future__ import annotations

import math

from winnow.records import Metric
from winnow.settings import Thresholds
from winnow.units import UNIT_FAMILIES, UNIT_WORD

REJECT_REASONS = (
    "non_finite_value",
    "negative_count",
    "share_over_100",
    "year_after_max",
    "year_before_1949",
    "unknown_unit_family",
    "empty_mention",
    "bad_offsets",
    "implausible_age",
    "bad_region_code",
    "no_unit",  # a bare 万/亿 figure (14万困难群众): nothing says what it counts, so no unit to chart it in
    "unit_as_indicator",  # the unit was read as the indicator (5万千升 → indicator 千升, 5.1万P)
)

# A share of a whole cannot pass 100%; growth rates and multiples can.
_SHARE_WORDS = ("占", "比重", "比例", "份额", "覆盖率", "普及率", "参保率", "入学率", "发生率", "达标率")
_GROWTH_WORDS = ("增长", "增加", "提高", "上涨", "增幅", "增速", "超", "高于", "提升")


# The year bounds' defaults: winnow.settings.Thresholds (targets look ahead, 到2035年: a planned
# figure may name a year target_horizon years after max_year).
_DEFAULT = Thresholds()


def reject_reason(
    m: Metric,
    *,
    max_year: int,
    min_year: int = _DEFAULT.min_year,
    target_horizon: int = _DEFAULT.target_horizon,
) -> str | None:
    """The first reason the metric is implausible, or None when it passes every check."""
    if not m.mention.strip():
        return "empty_mention"
    if m.char_start < 0 or m.char_end <= m.char_start:
        return "bad_offsets"
    if not m.unit:
        return "unit_as_indicator" if _starts_with_unit(m.indicator) else "no_unit"
    if not math.isfinite(m.value):
        return "non_finite_value"
    if m.unit_family not in UNIT_FAMILIES:
        return "unknown_unit_family"
    if m.unit_family in ("count", "area", "length", "weight", "volume", "age") and m.value < 0:
        return "negative_count"
    if m.unit == "%" and m.value > 100 and _is_share(m.indicator):
        return "share_over_100"
    if m.unit_family == "age" and not 0 <= m.value <= 130:
        return "implausible_age"
    if m.period_year is not None:
        if m.period_year > max_year + (target_horizon if m.is_target else 0):
            return "year_after_max"
        if m.period_year < min_year:
            return "year_before_1949"
    if m.region_code is not None and not (len(m.region_code) == 6 and m.region_code.isdigit()):
        return "bad_region_code"
    return None


def _starts_with_unit(indicator: str | None) -> bool:
    """The indicator begins with a unit (千升, 亿元 after the multiplier) or a Latin letter (P, t, m)."""
    rest = (indicator or "").lstrip("万亿千百十 ")
    return bool(rest) and ((rest[0].isascii() and rest[0].isalpha()) or UNIT_WORD.match(rest) is not None)


def _is_share(indicator: str | None) -> bool:
    if not indicator:
        return False
    if any(w in indicator for w in _GROWTH_WORDS):
        return False
    return any(w in indicator for w in _SHARE_WORDS)
