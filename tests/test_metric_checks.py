"""Record-level validation of one metric: every rejection has a machine-readable reason."""

from __future__ import annotations

import dataclasses

from winnow.metric_checks import REJECT_REASONS, reject_reason
from winnow.records import Metric

OK = Metric(
    mention="90.9%", char_start=10, char_end=15, sentence="产业联结贫困户占比达90.9%", value=90.9,
    unit="%", unit_family="ratio", indicator="产业联结贫困户占比", region="赣州市", region_code="360700",
    region_level="city", period_year=2020,
)  # fmt: skip


def _with(**changes: object) -> Metric:
    return dataclasses.replace(OK, **changes)  # type: ignore[arg-type]


def test_plausible_metric_passes() -> None:
    assert reject_reason(OK, max_year=2026) is None


def test_reasons() -> None:
    cases = {
        "share_over_100": _with(value=130.0),
        "negative_count": _with(value=-3.0, unit="个", unit_family="count", indicator="贫困村"),
        "non_finite_value": _with(value=float("nan")),
        "year_after_max": _with(period_year=2031),
        "year_before_1949": _with(period_year=1900),
        "unknown_unit_family": _with(unit_family="mass"),
        "empty_mention": _with(mention=" "),
        "bad_offsets": _with(char_start=15, char_end=10),
        "implausible_age": _with(value=200.0, unit="岁", unit_family="age", indicator="年龄"),
        "bad_region_code": _with(region_code="36070"),
        "no_unit": _with(mention="14万", value=140000.0, unit="", unit_family="count", indicator="困难群众"),
        "unit_as_indicator": _with(
            mention="5万", value=50000.0, unit="", unit_family="count", indicator="千升"
        ),
    }
    for reason, metric in cases.items():
        assert reason in REJECT_REASONS
        assert reject_reason(metric, max_year=2026) == reason, reason


def test_growth_over_100_percent_is_not_a_share() -> None:
    assert reject_reason(_with(value=168.0, indicator="接待入境过夜游客增长"), max_year=2026) is None


def test_the_share_rule_of_the_metrics_suite_is_the_library_rule() -> None:
    """expectations/metrics.json computes share_pct with the same words as metric_checks."""
    import json
    import re
    from pathlib import Path

    from winnow import metric_checks

    suite = json.loads((Path(__file__).parent.parent / "expectations" / "metrics.json").read_text("utf-8"))
    sql = suite["meta"]["winnow"]["batch_sql"]
    rule = r"regexp_matches\(coalesce\(indicator, ''\), '([^']+)'\)"
    rule += r" and not regexp_matches\(indicator, '([^']+)'\)"
    share, growth = re.search(rule, sql).groups()  # type: ignore[union-attr]
    assert share.split("|") == list(metric_checks._SHARE_WORDS)
    assert growth.split("|") == list(metric_checks._GROWTH_WORDS)


def test_a_unit_read_as_the_indicator_is_told_from_a_missing_one() -> None:
    for indicator in ("千升", "亿元", "P", "万吨标准煤"):
        assert reject_reason(_with(unit="", unit_family="count", indicator=indicator), max_year=2026) == (
            "unit_as_indicator"
        ), indicator
    for indicator in (None, "农村贫困人口", "困难群众"):
        metric = _with(unit="", unit_family="count", indicator=indicator)
        assert reject_reason(metric, max_year=2026) == "no_unit"
