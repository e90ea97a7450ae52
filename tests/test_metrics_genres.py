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


# ------------------------------------------------------------------ years in papers (the decision in
# tests/gold/metrics/README.md: a paper's undated figure is null unless its sentence, its
# paragraph's opening, its heading, its study-area profile or the paper's stated data year dates it)


def test_a_papers_base_year_dates_its_figures_after_it() -> None:
    text = (
        "农业用水分区研究\n"
        "摘要 以2013年为基准年对各省农业用水进行分区。第1类地区农业用水量占全国的13.3%。\n"
        "关键词 农业用水"
    )
    assert one(text).period_year == 2013


def test_a_survey_dated_by_its_months_dates_its_paragraph_only() -> None:
    text = (
        "科技扶贫实践\n"
        "林下种草1.5万亩。\n"
        "2018年4—7月，课题组赴某县进行了实地调研，访问农户1200户，发放问卷1500份。\n"
        "调研发现，样本户户均耕地4.6亩。"
    )
    found = by_mention(text)
    assert found["1.5万亩"].period_year is None
    assert found["1200户"].period_year == 2018 and found["1500份"].period_year == 2018
    assert found["4.6亩"].period_year is None  # another paragraph: the gold's decision (README)


def test_a_year_in_another_sentence_does_not_date_a_papers_figure() -> None:
    text = (
        "耕地格局研究\n"
        "佳县属陕西省榆林市，土地总面积2029平方公里，下辖13个镇。2017年全县总人口26.5万人。\n"
        "近年来，全县发展红枣产业。至2017年底，建成基地300个。同时出台了12条政策措施。"
    )
    found = by_mention(text)
    assert found["2029平方公里"].period_year is None and found["13个"].period_year is None
    assert found["26.5万人"].period_year == 2017 and found["300个"].period_year == 2017
    assert found["12条"].period_year is None  # as the seed labels it


def test_each_end_of_a_change_takes_the_year_before_it() -> None:
    found = by_mention("截止到2010年，沙漠化面积由2000年的3014平方公里下降至2005年的1790平方公里。")
    assert found["3014平方公里"].period_year == 2000
    assert found["1790平方公里"].period_year == 2005


def test_a_change_over_a_range_of_years_dates_its_start_and_its_end() -> None:
    found = by_mention("2000—2018年，原州区的生产用地由12.25万公顷减少为11.27万公顷。")
    assert found["12.25万公顷"].period_year == 2000
    assert found["11.27万公顷"].period_year == 2018


def test_ocr_writes_the_dash_of_a_range_as_yi() -> None:
    found = by_mention("从2000一2014年的多年平均值来看，指数在0.2以下的地州市有2个。")
    assert found["2个"].period_year is None


def test_a_figure_over_a_range_of_years_is_dated_only_as_a_total() -> None:
    found = by_mention("2003—2009年流域地下水超采量为62.5亿立方米。2016—2019年全县完成搬迁1.5万人。")
    assert found["62.5亿立方米"].period_year is None
    assert found["1.5万人"].period_year == 2019


def test_a_figure_after_a_list_of_years_is_dated_only_as_a_total() -> None:
    found = by_mention("计算了2005年、2009年和2013年128个行政村的指数。其中2016年、2017年完成搬迁3.2万人。")
    assert found["128个"].period_year is None
    assert found["3.2万人"].period_year == 2017


def test_a_change_from_one_year_to_another_is_undated() -> None:
    found = by_mention("灌溉水利用率从2000年的0.44提高到2010年的60%，提高了约36%，节约用水101亿立方米。")
    assert found["60%"].period_year == 2010
    assert found["约36%"].period_year is None and found["101亿立方米"].period_year is None


def test_a_yearly_rate_in_a_paper_is_undated() -> None:
    text = "节水潜力分析\n利用2010年作物分布数据，冬小麦面积367万公顷，覆盖技术每年节水可达16亿立方米。"
    found = by_mention(text)
    assert found["367万公顷"].period_year == 2010
    assert found["16亿立方米"].period_year is None


def test_a_year_naming_an_award_dates_nothing() -> None:
    text = "茶叶产业研究\n该茶获2016年博览会指定用茶；茶厂年加工能力达13.2万公斤。"
    assert one(text).period_year is None


# ------------------------------------------------------------------ districts in a city's communiqué


def test_a_district_opening_a_communique_paragraph_scopes_all_of_it() -> None:
    text = (
        "2015年珠海市国民经济和社会发展统计公报\n"
        "金湾区全年实现地区生产总值351亿元，增长9%。规模以上工业增加值120亿元。全区常住人口25万人。\n"
        "全市地区生产总值1400亿元。"
    )
    found = by_mention(text)
    assert {found[k].region_code for k in ("351亿元", "9%", "120亿元", "25万人")} == {"440404"}
    assert found["1400亿元"].region_code == "440400"


def test_a_list_of_districts_whose_last_item_carries_the_measure() -> None:
    text = "2015年珠海市国民经济和社会发展统计公报\n香洲区、金湾区地区生产总值分别为500亿元和351亿元。"
    assert [m.region_code for m in extract(text)] == ["440402", "440404"]


def test_the_whole_banner_is_the_banner_named_before() -> None:
    text = (
        "2018年通辽市国民经济和社会发展统计公报\n"
        "开鲁县粮食产量120万吨。科尔沁左翼中旗粮食产量20万吨。全旗人口50万人。"
    )
    found = by_mention(text)
    assert found["50万人"].region_code == "150521"


def test_a_county_made_a_city_since_the_gazetteers_date() -> None:
    text = (
        "玉环市2019年国民经济和社会发展统计公报\n全市地区生产总值600亿元，占台州市的12%。全市常住人口64万人。"
    )
    assert {m.region_code for m in extract(text)} == {"331021"}


def test_a_communiques_issue_date_in_brackets_dates_it() -> None:
    text = "通辽市统计局\n（2018年4月16日）\n全市实现地区生产总值620.5亿元，增长4.1%。"
    assert {(m.period_year, m.region_code) for m in extract(text)} == {(2017, "150500")}


# ------------------------------------------------------------------ indicators in papers and communiqués


def test_shares_listed_with_fenbie_name_each_item_and_its_whole() -> None:
    found = extract("第1类地区包括3省，农业用水量和粮食产量分别占全国农业用水量和粮食产量的13.3%和12.5%。")
    assert [m.indicator for m in found] == ["农业用水量占全国", "粮食产量占全国"]


def test_a_fenbie_list_whose_items_hold_and() -> None:
    text = (
        "其中，食品、衣着、家庭设备用品及维修服务、医疗保健和个人用品、居住的价格"
        "分别上涨10.5%、2.4%、2.3%、5.7%和3.7%。"
    )
    found = extract(text)
    assert found[2].indicator is not None and found[2].indicator.startswith("家庭设备用品及维修服务")
    assert found[3].indicator is not None and found[3].indicator.startswith("医疗保健和个人用品")
    assert found[4].indicator is not None and found[4].indicator.startswith("居住")


def test_an_item_after_qizhong_is_measured_as_its_total() -> None:
    text = (
        "2018年某某市国民经济和社会发展统计公报\n"
        "全年粮食总产量120.5万吨，增长3.1%。其中，稻谷39.5万吨，增长11.2%；玉米60.3万吨。"
    )
    found = by_mention(text)
    assert found["39.5万吨"].indicator == "稻谷产量"
    assert found["11.2%"].indicator == "稻谷产量增长"
    assert found["60.3万吨"].indicator == "玉米产量"


def test_a_change_measures_the_subject_of_its_from_to_clause() -> None:
    text = "全流域农业用水量为281亿立方米，灌溉水利用率从2000年的0.44提高到2010年的0.6，提高了约36%。"
    assert by_mention(text)["约36%"].indicator == "灌溉水利用率提高"


def test_a_share_after_an_aside_measures_the_words_before_the_aside() -> None:
    found = by_mention("2014年农业用水量（约3870亿立方米）占总量的63.5%。")
    assert found["63.5%"].indicator == "农业用水量占总量"


def test_what_a_percentage_reduces_follows_it() -> None:
    found = by_mention("对于玉米，秸秆覆盖减少约4%水分消耗，同时增产约5%。")
    assert found["约4%"].indicator == "减少水分消耗"


def test_adverbs_and_pronouns_are_no_part_of_an_indicator() -> None:
    found = by_mention("第6类地区包括4省，粮食产量仅占全国3.2%。冬小麦面积减少后，其产量减少约400万吨。")
    assert found["3.2%"].indicator == "粮食产量占全国"
    assert found["约400万吨"].indicator == "产量减少"


# ------------------------------------------------------------------ region of a paper's figures


def test_a_papers_study_area_stated_in_its_abstract_at_its_finest() -> None:
    text = "农户生计研究\n摘要：以甘肃省定西市安定区为例，分析农户生计。样本户均耕地4.6亩。"
    assert one(text).region_code == "621102"
    text = "甘肃农户生计研究\n摘要：以定西市安定区为例，分析农户生计。样本户均耕地4.6亩。"
    assert one(text).region_code == "621102"


def test_a_place_the_clause_names_wins_over_the_country_as_yardstick() -> None:
    text = "农业用水分区研究\n第3类地区为海南省，农业用水量与粮食产量分别占全国的0.9%和0.3%。"
    assert {m.region_code for m in extract(text)} == {"460000"}


def test_a_news_item_on_a_work_report_keeps_other_provinces_names_out() -> None:
    text = "近日，在日照市五莲县人民代表大会上，县长作政府工作报告。\n今年新增城区绿化面积28万平方米。"
    assert one(text).region_code == "371121"  # not 增城区 (广州) read inside 新增城区


def test_a_communique_page_without_its_title_takes_the_year_and_place_it_names_most() -> None:
    text = (
        "十、文化、旅游和卫生健康\n"
        "文化：2021年末全县有公共图书馆1个。全年接待游客120万人次，比上年增长12%。旅游收入15亿元，增长10%。\n"
        "卫生：年末全县卫生机构120个，增长3%。浦北县人民医院获评三级医院。"
    )
    assert {(m.period_year, m.region_code) for m in extract(text)} == {(2021, "450722")}


def test_this_district_is_the_district_named_before() -> None:
    text = "重庆市县域经济研究\n渝中区位于重庆市中心。该区常住人口66万人。\n全市人口3000万人。"
    found = by_mention(text)
    assert found["66万人"].region_code == "500103" and found["66万人"].indicator == "常住人口"
    assert found["3000万人"].region_code == "500000"


def test_the_indicators_named_above_are_the_list_before() -> None:
    text = (
        "第1类地区农业用水量和粮食产量分别占全国的13.3%和12.5%；"
        "第2类地区包括6省，上述2个指标分别为23.6%和20.3%。"
    )
    found = by_mention(text)
    assert found["23.6%"].indicator == "第1类地区农业用水量占全国"
    assert found["20.3%"].indicator == "粮食产量占全国"


def test_a_second_fenbie_goes_back_to_the_items_of_the_first() -> None:
    found = extract("城镇居民人均可支配收入和农民人均纯收入分别达到25000元和18817元，分别增长9%和11%。")
    assert [m.indicator for m in found] == [
        "城镇居民人均可支配收入",
        "农民人均纯收入",
        "城镇居民人均可支配收入增长",
        "农民人均纯收入增长",
    ]


def test_a_bare_figure_measures_the_clause_before_not_the_figure_before() -> None:
    found = by_mention("粮食产量仅占全国3.2%，其中新疆农业用水量最大，为557.7亿立方米。")
    assert found["557.7亿立方米"].indicator == "农业用水量"
    assert found["557.7亿立方米"].region_code == "650000"


def test_a_place_after_a_copula_or_in_a_cited_name_is_no_scope() -> None:
    text = (
        "甘肃夏河县草地研究\n"
        "夏河县地处甘南州西北部，是甘肃省重点牧业县之一，天然草原面积占土地总面积的80.1%。"
    )
    assert one(text).region_code == "623027"
    text = (
        "盐池县农户生计研究\n已有研究多关注生计资本[17]，李广东[18]则分析了生计策略。受访户中68.46%为纯农户。"
    )
    assert one(text).region_code == "640323"


def test_the_area_is_no_district() -> None:
    text = "宁夏海原县生态移民研究\n海原县地处宁夏中部。该区域年平均降水量为286毫米。"
    assert one(text).region_code == "640522"


def test_a_communique_first_page_without_its_title() -> None:
    text = (
        "2021年,是中国共产党成立100周年。全县生产总值61.9亿元,比上年增长9.8%。"
        "粮食产量5.4万吨,增长0.4%。\n2021年旌德县主要农产品产量"
    )
    assert {(m.period_year, m.region_code) for m in extract(text)} == {(2021, "341825")}


def test_a_communique_whose_first_line_is_its_issuer() -> None:
    text = "武城县统计局\n2018年,面对复杂形势,全县经济平稳增长。全县生产总值120亿元,比上年增长6.1%。"
    assert {(m.period_year, m.region_code) for m in extract(text)} == {(2018, "371428")}


def test_a_fenbie_after_figures_pairs_with_them() -> None:
    found = extract("全县生产总值92.51亿元，规上工业增加值10.74亿元，分别比增5.1%和15.3%。")
    assert [m.indicator for m in found][2:] == ["生产总值比增", "规上工业增加值比增"]


def test_a_list_of_items_then_a_list_of_values() -> None:
    found = extract(
        "民营经济户数、从业人员、注册资金为2.5万户、9.9万人和256.8亿元，分别增长13.7%、16.2%和32.1%。"
    )
    assert [m.indicator for m in found] == [
        "民营经济户数",
        "从业人员",
        "注册资金",
        "民营经济户数增长",
        "从业人员增长",
        "注册资金增长",
    ]


def test_an_abbreviation_in_brackets_does_not_hide_the_subject() -> None:
    found = by_mention("全县地区生产总值(GDP)实现927886万元。居民消费价格(CPI)比上年上涨1.7%。")
    assert found["927886万元"].indicator == "地区生产总值"
    assert found["1.7%"].indicator is not None and found["1.7%"].indicator.startswith("居民消费价格")


# Signs and percent signs as real input writes them: a minus glued to the number (a rate that
# fell below zero, a temperature), ℅ put for % by input methods and OCR; a dash after a digit,
# a letter or a bracket is a range or a code, not a sign.
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("全县人口自然增长率为-3.19‰。", [("-3.19‰", -3.19, "‰")]),
        ("一月平均气温-5.2℃。", [("-5.2℃", -5.2, "℃")]),
        ("工业增加值同比增长15℅。", [("15℅", 15.0, "%")]),
        ("2015-2019年粮食产量增长3%。", [("3%", 3.0, "%")]),
        ("受COVID-19影响，客运量下降12%。", [("12%", 12.0, "%")]),
    ],
)
def test_signs_and_percent_signs(text: str, want: list[tuple[str, float, str]]) -> None:
    got = [(m.mention, m.value, m.unit) for m in extract(text)]
    assert got == want
