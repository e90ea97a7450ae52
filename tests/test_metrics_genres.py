"""Metric rules for research papers, statistical communiqués and county reports (issue 22).

One class of input per test, on sentences written for these tests (no real text is copied).
"""

from __future__ import annotations

import pytest

from winnow.metrics import extract
from winnow.records import Metric
from winnow.units import unit_family


def by_mention(text: str, **kw: object) -> dict[str, Metric]:
    return {m.mention: m for m in extract(text, **kw)}  # type: ignore[arg-type]


def one(text: str, **kw: object) -> Metric:
    found = extract(text, **kw)  # type: ignore[arg-type]
    assert len(found) == 1, [m.mention for m in found]
    return found[0]


# ------------------------------------------------------------------ units as real text writes them


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("试验田面积为36.5 hm²。", 36.5, "公顷"),
        ("施肥量为220 kg·hm⁻²。", 220, "千克/公顷"),
        ("年产秸秆3.4万t。", 34000, "吨"),
        ("年用水量12亿m³。", 1.2e9, "立方米"),
        ("流域面积约1250 km²。", 1250, "平方公里"),
        ("亩产为$6100\\ \\mathrm{kg}$。", 6100, "千克"),
        ("施磷量$95\\,\\mathrm{kg}\\cdot\\mathrm{hm}^{-2}$。", 95, "千克/公顷"),
        ("灌溉面积约8.1 万 $\\mathrm{hm}^2$。", 81000, "公顷"),
        ("棉花面积52万 $\\mathrm{hm}^{2[3]}$。", 520000, "公顷"),
        ("斑块密度为215块 $\\cdot \\mathrm{km}^{-2}$。", 215, "块/平方公里"),
        ("农民人均纯收入为8100元/人。", 8100, "元/人"),
        ("最低工资标准为1650元/月。", 1650, "元/月"),
        ("日处理能力12万吨/日。", 120000, "吨/日"),
        ("人均住房面积41平方米/人。", 41, "平方米/人"),
        ("旅客周转量35亿人公里。", 3.5e9, "人公里"),
        ("参加培训800余人（次）。", 800, "人次"),
        ("走访企业260家次。", 260, "家次"),
        ("馆藏图书96万册。", 960000, "册"),
        ("综合指数收于1032.6点。", 1032.6, "点"),
        ("全年发生火灾事故7起。", 7, "起"),
        ("共发放问卷600 份。", 600, "份"),
        ("样本占比为$( 6 2 . 1 5 \\% )$。", 62.15, "%"),
        ("生产总值为2345.6$\\times 1 0 ^ { 8 }$ 元。", 2.3456e11, "元"),
    ],
)
def test_units_as_pdf_text_writes_them(text: str, value: float, unit: str) -> None:
    m = one(text)
    assert m.value == pytest.approx(value)
    assert m.unit == unit


def test_compound_units_take_the_family_of_what_is_counted() -> None:
    assert unit_family("元/人") == "money"
    assert unit_family("平方米/人") == "area"
    assert unit_family("千克/公顷") == "weight"


# ------------------------------------------------------------------ not numbers


@pytest.mark.parametrize(
    "text",
    [
        "当前防汛形势十分严峻。",
        "2支撑条件\n",
        "本文共分5部分。",
        "数据下载于2021/03/15。",
        "图例比例尺 0 200 400 km",
        "依据$\\textcircled{2}$ 号方案。",
        "上午8点开会。",
    ],
)
def test_not_numbers(text: str) -> None:
    assert extract(text) == []


# ------------------------------------------------------------------ year from the document's kind


def test_a_communique_reports_its_title_year() -> None:
    text = (
        "2016年某某市国民经济和社会发展统计公报\n"
        "全年全市地区生产总值812.3亿元，比上年增长7.2%。\n"
        "年末常住人口142.6万人。"
    )
    found = extract(text)
    assert [m.period_year for m in found] == [2016, 2016, 2016]


def test_a_communique_without_title_is_dated_by_its_issue() -> None:
    text = "某某市统计局\n2020年3月20日\n全市实现地区生产总值620.5亿元，增长4.1%。"
    assert {m.period_year for m in extract(text)} == {2019}


def test_a_work_report_reviews_the_year_before_and_plans_its_year() -> None:
    text = "2021年某某县政府工作报告\n全县地区生产总值完成86.2亿元。\n今年力争地区生产总值增长7%。"
    found = by_mention(text)
    assert found["86.2亿元"].period_year == 2020
    assert found["7%"].period_year == 2021 and found["7%"].is_target


def test_a_session_late_in_the_year_plans_the_next() -> None:
    text = "政府工作报告\n——2018年12月20日在某某县第十七届人民代表大会第三次会议上\n全年新增城镇就业3200人。"
    assert one(text).period_year == 2018


def test_a_five_year_review_has_no_single_year() -> None:
    text = "2022年政府工作报告\n一、过去五年工作回顾\n累计新建农村公路1.2万公里。"
    assert one(text).period_year is None


def test_a_survey_year_dates_the_papers_figures_after_it() -> None:
    text = (
        "农地流转意愿研究\n"
        "1 研究区概况\n"
        "研究区耕地面积32.5万亩。\n"
        "2 数据来源\n"
        "数据来自课题组2017年对312户农户的问卷调查。样本户均耕地4.6亩。"
    )
    found = by_mention(text)
    assert found["32.5万亩"].period_year is None
    assert found["4.6亩"].period_year == 2017


def test_a_list_of_years_dates_the_listed_figures_in_order() -> None:
    text = "2010年、2015年全省粮食产量分别为310万吨和355万吨。"
    found = by_mention(text)
    assert (found["310万吨"].period_year, found["355万吨"].period_year) == (2010, 2015)


def test_a_journal_running_header_dates_nothing() -> None:
    text = "节水研究\n2018年·第33卷·第2期\n节水灌溉面积约为3000万亩。"
    assert one(text).period_year is None


# ------------------------------------------------------------------ region from the title


def test_the_title_scopes_at_its_finest_place() -> None:
    found = extract("基于山东寿光312份农户调研数据的分析\n样本户均种植面积为5.2亩。")
    assert {m.region_code for m in found} == {"370783"}


def test_a_title_may_name_a_city_by_its_everyday_short_name() -> None:
    assert one("大同煤炭产业转型研究\n原煤产量达到8000万吨。").region_code == "140200"


def test_a_province_inside_a_company_name_is_no_place() -> None:
    text = "大同市电力发展研究\n山西漳电大唐塔山发电有限公司装机容量为120万千瓦。"
    assert one(text).region_code == "140200"


def test_another_province_in_a_papers_sentence_wins_over_the_title() -> None:
    text = "河南省粮食生产研究\n江苏省2015年吨粮县增至21个。"
    assert one(text).region_code == "320000"


def test_a_share_of_the_province_is_filed_under_the_place_it_measures() -> None:
    text = "滑县粮食生产研究\n滑县粮食产量占全省的3.1%。"
    assert one(text).region_code == "410526"


def test_a_postal_address_is_no_scope() -> None:
    text = "节水农业研究\n某某研究所 北京 100101\n我国节水灌溉面积达4亿亩。"
    assert one(text).region_code == "100000"


def test_a_text_without_a_place_in_its_title_is_about_its_ledes_place() -> None:
    text = "日前，在日照市五莲县人民代表大会上，县长作报告。\n全年生产总值增长8%。"
    assert one(text).region_code == "371121"


# ------------------------------------------------------------------ targets


def test_a_targets_section_closes_at_the_next_section() -> None:
    text = (
        "2025年某某县政府工作报告\n"
        "五、2025年展望\n"
        "地区生产总值增长6%左右。\n"
        "六、加强政府自身建设\n"
        "会议数量减少20%。"
    )
    found = by_mention(text)
    assert found["6%左右"].is_target and not found["20%"].is_target


def test_a_papers_outlook_does_not_leak_into_its_references() -> None:
    text = "农业研究\n5 结论与展望\n预计节水潜力达30亿立方米。\n参考文献\n共收录文献120篇。"
    found = by_mention(text)
    assert not found["120篇"].is_target


def test_a_budget_increase_over_last_years_budget_is_planned() -> None:
    text = "2024年某某省政府工作报告\n一般公共预算支出比上年年初预算增加180亿元。"
    assert one(text).is_target


def test_plan_as_a_verb_marks_a_target_but_an_action_plan_does_not() -> None:
    text = "2013年，该县计划招引项目20个。实施三年行动计划，新增企业35家。"
    found = by_mention(text)
    assert found["20个"].is_target and not found["35家"].is_target


# ------------------------------------------------------------------ indicators


def test_the_indicator_before_its_verb_and_one_growth_word() -> None:
    found = by_mention("全县服务业增加值完成12.6亿元，增长7.5%。")
    assert found["12.6亿元"].indicator == "服务业增加值"
    assert found["7.5%"].indicator == "服务业增加值增长"


def test_the_indicator_of_a_from_to_change() -> None:
    found = by_mention("单位GDP能耗强度从0.9吨标准煤下降到0.7吨标准煤。")
    assert found["0.9吨标准煤"].indicator == "单位GDP能耗强度"


def test_a_list_of_districts_files_each_figure_under_its_district() -> None:
    text = (
        "2015年珠海市国民经济和社会发展统计公报\n"
        "香洲、金湾和斗门三个行政区分别实现地区生产总值500亿元、200亿元和100亿元，分别增长9%、12%和8%。"
    )
    found = extract(text)
    assert [m.region_code for m in found] == ["440402", "440404", "440403"] * 2
    assert {m.indicator for m in found[:3]} == {"地区生产总值"}
    assert {m.indicator for m in found[3:]} == {"地区生产总值增长"}


def test_a_county_communique_keeps_its_figures_where_its_province_is_named() -> None:
    text = "（安徽省）2021年黟县国民经济和社会发展统计公报\n上传安徽文化云活动600个。"
    assert one(text).region_code == "341023"


def test_a_clause_naming_nothing_measures_the_subject_before_it() -> None:
    found = by_mention("我国耕地资源总量较大，达18亿亩。2014年农业用水量（约3870亿立方米）较多。")
    assert found["18亿亩"].indicator is not None and "耕地资源总量" in found["18亿亩"].indicator
    assert found["约3870亿立方米"].indicator == "农业用水量"


def test_a_share_followed_by_what_it_is_a_share_of() -> None:
    found = by_mention("该区以占全国 $6.8 \\%$ 的水资源量，生产了大量粮食。")
    assert found["$6.8 \\%$"].indicator == "水资源量"


def test_a_report_whose_title_names_no_place_is_its_sessions_place() -> None:
    text = (
        "政府工作报告\n"
        "——2019年1月10日在沅陵县第十七届人民代表大会第三次会议上\n"
        "全年地区生产总值完成120.5亿元。"
    )
    m = one(text)
    assert (m.region_code, m.period_year) == ("431222", 2018)


def test_an_average_over_a_range_of_years_has_no_single_year() -> None:
    found = by_mention("2000—2014年的多年平均值为320亿立方米。2016-2019年全县完成搬迁1.2万人。")
    assert found["320亿立方米"].period_year is None
    assert found["1.2万人"].period_year == 2019


def test_a_communiques_figures_are_its_year_whatever_else_is_named() -> None:
    text = "2019年某县国民经济和社会发展统计公报\n人均地区生产总值19763元，按2018年平均汇率计算为2865美元。"
    assert {m.period_year for m in extract(text)} == {2019}


def test_a_power_of_ten_without_a_unit_is_a_multiplier() -> None:
    m = one("全县总人口为$5.29\\times10^{5}$。")
    assert (m.value, m.unit) == (529000, "")


def test_minutes_in_latin() -> None:
    m = one("平均通勤时间为35 min。")
    assert (m.value, m.unit) == (35, "分钟")


@pytest.mark.parametrize("text", ["经营规模动辄数十公顷。", "吸引了几百人参加。"])
def test_vague_amounts_in_words_are_no_figures(text: str) -> None:
    assert extract(text) == []
