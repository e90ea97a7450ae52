"""A work report's review of the year just ended says the year's targets were met and then
gives the results: "……统筹实现多重预期目标。全市地区生产总值预计增长5.1%左右" (天津 2025),
"……顺利完成经济社会发展主要目标，全省生产总值增长5.5%" (浙江 2025). Those figures are results
of the past year, yet the paragraph's 预期目标 / 主要目标 marks every mention after it a target.

The rule (metric_patterns._MET_GOAL, used by metric_context) skips a 预期目标 / 主要目标 that is
the object of a completion verb (实现, 完成, 达到 … in its clause) unless a plan word opens the
verb (为实现, 确保完成). One sentence per shape is written here for the test (no real text is
copied); the real reports are read when ../shared is present.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from winnow.metrics import extract


@pytest.mark.parametrize(
    "text",
    [
        "一年来，我们攻坚克难，统筹实现多重预期目标。全市地区生产总值预计增长5.1%左右，一般公共预算收入增长5.2%。",
        "过去一年，我们顺利完成经济社会发展主要目标，全省生产总值增长5.5%，城乡居民人均可支配收入分别增长4.3%、6.1%。",
    ],
)
def test_results_after_targets_met_are_no_targets(text: str) -> None:
    found = extract(text, title="2025年政府工作报告")
    assert found
    assert [m.mention for m in found if m.is_target] == []


@pytest.mark.parametrize(
    ("name", "mention"),
    [("2025年天津市政府工作报告_01.txt", "5.1％左右"), ("2025年浙江省政府工作报告_01.txt", "5.5%")],
)
def test_real_reports_results_are_no_targets(shared: Path, name: str, mention: str) -> None:
    path = shared / "corpus" / "texts" / "gwr_prov2025" / name
    if not path.is_file():
        pytest.skip(f"{name} is absent")
    gdp = [m for m in extract(path.read_text(encoding="utf-8")) if m.mention == mention]
    assert gdp and "生产总值" in (gdp[0].indicator or "")
    assert not gdp[0].is_target, gdp[0]


def test_the_plan_of_the_year_stays_a_target() -> None:
    """The other side of the rule: 预期目标是 (announcing the targets) keeps marking them."""
    text = "今年经济社会发展的预期目标是：地区生产总值增长5%左右，一般公共预算收入增长3%左右。"
    found = extract(text, title="2025年政府工作报告")
    assert found and all(m.is_target for m in found)


@pytest.mark.parametrize(
    "text",
    [
        "为实现今年预期目标，地区生产总值增长5%左右。",
        "确保完成全年主要目标，一般公共预算收入增长3%左右。",
    ],
)
def test_a_goal_still_to_be_met_keeps_marking_targets(text: str) -> None:
    found = extract(text, title="2025年政府工作报告")
    assert found and all(m.is_target for m in found)
