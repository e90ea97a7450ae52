"""Metric extraction rules, one behaviour per test, on sentences written for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from winnow.metrics import extract, extract_blocks
from winnow.records import Block, Metric
from winnow.units import UNIT_FAMILIES


def one(text: str, **kw: object) -> Metric:
    found = extract(text, **kw)  # type: ignore[arg-type]
    assert len(found) == 1, [m.mention for m in found]
    return found[0]


@pytest.mark.parametrize(
    "text",
    [
        "实施“十四五”规划，实现“两个一百年”奋斗目标。",
        "完善“五个一”机制和“1+N”体系，两不愁三保障全面实现。",
        "PM2.5浓度下降，建成5G基站。",
        "1.建立实时监测机制。详见文献[3]和表2。",
        "2020年底完成任务，1月18日召开第十四届人大会议。",
        "我们要建立一个机制，推出一批项目，开展三年行动。",
    ],
)
def test_not_metrics(text: str) -> None:
    assert extract(text) == []


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("吸纳贫困劳动力就业1.2万余人。", 12000, "人", "more_than"),
        ("发展项目300多个。", 300, "个", "more_than"),
        ("粮食产量超过1.2万亿斤。", 1.2e12, "斤", "more_than"),
        ("覆盖80%以上村卫生室。", 80, "%", "at_least"),
        ("不低于5000元。", 5000, "元", "at_least"),
        ("外出务工人数近两成。", 20, "%", "nearly"),
        ("降低利息负担约2000亿元。", 2e11, "元", "about"),
        ("增长5%左右。", 5, "%", "about"),
        ("不足20%的村。", 20, "%", "less_than"),
        ("控制在3个以内。", 3, "个", "at_most"),
        ("得到帮扶的贫困户5.72萬户。", 57200, "户", "exact"),
        ("经营性收入10万元。", 100000, "元", "exact"),
        ("贫困发生率百分之五。", 5, "%", "exact"),
        ("减少三分之一。", 100 / 3, "%", "exact"),
        ("是国家扶贫标准1.5倍。", 1.5, "倍", "exact"),
        ("人均增收3—5千元。", 3000, "元", "at_least"),
        ("合计13 962.41万元。", 139624100, "元", "exact"),
        ("占比为$20 \\%$。", 20, "%", "exact"),
        ("增长１２.５％。", 12.5, "%", "exact"),
        ("三千零五十八个贫困村。", 3058, "个", "exact"),
    ],
)
def test_value_unit_qualifier(text: str, value: float, unit: str, qualifier: str) -> None:
    m = one(text)
    assert m.value == pytest.approx(value)
    assert (m.unit, m.qualifier) == (unit, qualifier)


def test_enumeration_and_measure_word_indicators() -> None:
    found = extract("至2020年底，赣州市发展产业扶贫基地3155个、新型经营主体9805个，建成了1248家扶贫车间。")
    assert [m.indicator for m in found] == ["产业扶贫基地", "新型经营主体", "扶贫车间"]
    assert {m.region_code for m in found} == {"360700"}
    assert {m.period_year for m in found} == {2020}


def test_fenbie_pairs_each_value_with_its_item() -> None:
    found = extract("规模以上工业发电量、全社会用电量、西电东送电量分别增长10.6%、10.9%、22.9%。")
    items = ["规模以上工业发电量", "全社会用电量", "西电东送电量"]
    assert [m.value for m in found] == [10.6, 10.9, 22.9]
    assert all((m.indicator or "").startswith(x) for m, x in zip(found, items, strict=True))


def test_ratio_and_household_person_pairs() -> None:
    ratio = one("扶贫产业吸纳就业的人数占外出务工贫困人口的30.5%。")
    assert ratio.indicator == "占外出务工贫困人口"
    pair = extract("萬载县高村镇有12个村，贫困人口679户2123人。")
    assert [m.indicator for m in pair] == ["村", "贫困人口", "贫困人口"]
    assert {m.region_code for m in pair} == {"360922"}


def test_scope_words_refer_back_to_the_last_place() -> None:
    text = "新余积极探索产业扶贫。全市发展扶贫特色产业项目932个。"
    assert one(text).region_code == "360500"


def test_provincial_report_title_scopes_the_figures_and_targets() -> None:
    text = (
        "2025年江西省政府工作报告（节选2/5）\n"
        "一、2024年工作回顾\n"
        "全省粮食产量达到2200万吨，居全国前列。\n"
        "二、2025年主要目标\n"
        "今年经济社会发展的主要预期目标是：地区生产总值增长5%左右，城镇新增就业50万人以上。"
    )
    past, gdp, jobs = extract(text)
    assert (past.region_code, past.period_year, past.is_target) == ("360000", 2024, False)
    assert (gdp.period_year, gdp.is_target, gdp.qualifier) == (2025, True, "about")
    assert (jobs.value, jobs.is_target, jobs.qualifier) == (500000, True, "at_least")


def test_relative_years_in_a_dated_report() -> None:
    m = one("去年全省粮食产量达到1000万吨。", title="2025年江西省政府工作报告")
    assert (m.period_year, m.period_text) == (2024, "去年")


def test_national_report_figures_are_national() -> None:
    m = one("国内生产总值达到56.9万亿元。", title="2014年中华人民共和国国务院政府工作报告")
    assert (m.region, m.region_code, m.region_level) == ("全国", "100000", "country")


def test_extract_blocks_offsets_index_the_joined_text() -> None:
    blocks = [Block("heading", "一、2024年工作回顾"), Block("paragraph", "全省新增就业20.1万人，增长5%。")]
    text = "\n".join(b.text for b in blocks)
    found = extract_blocks(blocks, title="2025年江西省政府工作报告")
    assert (
        [text[m.char_start : m.char_end] for m in found] == [m.mention for m in found] == ["20.1万人", "5%"]
    )
    assert {m.period_year for m in found} == {2024}


def test_latex_units_and_space_before_qualifier() -> None:
    m = one("土地面积约 $4 4 1 \\ 0 0 0 \\ \\mathrm { k m } ^ { 2 }$ 。")
    assert (m.value, m.unit, m.unit_family, m.qualifier) == (441000, "平方公里", "area", "about")


_ALPHABET = "".join(
    [
        "0123456789一二两三十百千万亿.%％，。、",
        "个人户元亩年月日约近超余多以上左右第",
        "“”$\\ ~全市县江西省赣州\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80))
def test_offsets_always_index_the_text(text: str) -> None:
    for m in extract(text):
        assert text[m.char_start : m.char_end] == m.mention
        assert m.unit_family in UNIT_FAMILIES
        assert m.qualifier in ("exact", "more_than", "at_least", "nearly", "about", "less_than", "at_most")


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("全省粮食产量达到1200万吨", "1200万吨"),
        ("贫困发生率降至2.5%", "2.5%"),
        ("新建扶贫车间1248家", "1248家"),
    ],
)
def test_a_figure_that_ends_the_text_is_found(text: str, mention: str) -> None:
    """A related abstract or a line extracted alone often ends on its figure, with no full stop."""
    assert one(text).mention == mention
    assert one(text + "。").mention == mention


def test_html_table_cells_are_left_out() -> None:
    text = "前文增长5%。<table><tr><td>12%</td></tr></table>后文增长6%。<table><tr><td>7%</td>"
    assert [m.mention for m in extract(text)] == ["5%", "6%"]
