"""The canonical-indicator step (winnow.indicators) and its vocabulary files (dbt/seeds)."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest

from winnow import indicators, landing
from winnow.indicators import Coded, classify
from winnow.metrics import extract
from winnow.records import Article, Block, ParseResult, RawFile
from winnow.units import UNIT_FAMILIES, UNITS, unit_family

SEEDS = Path(__file__).resolve().parent.parent / "dbt" / "seeds"


def _seed(name: str) -> list[dict[str, str]]:
    with (SEEDS / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _coded(text: str) -> list[tuple[str, str | None, str | None, float]]:
    """(mention, code, measure, signed value) of every metric the extractor reads in ``text``."""
    out = []
    for m in extract(text):
        c = classify(m.indicator, m.unit, m.unit_family, m.sentence, m.mention)
        out.append(
            (m.mention, c.code if c else None, c.measure if c else None, m.value * (c.direction if c else 1))
        )
    return out


# --- the vocabulary files ---------------------------------------------------------------------


def test_the_library_reads_the_file_dbt_seeds() -> None:
    assert indicators.vocab_file() == (SEEDS / "indicator_vocabulary.csv").read_text(encoding="utf-8")
    assert len(indicators.vocabulary().indicators) == len(_seed("indicator_vocabulary.csv")) >= 300


def test_every_indicator_is_well_formed() -> None:
    rows = _seed("indicator_vocabulary.csv")
    assert len({r["indicator_code"] for r in rows}) == len(rows)
    assert len({r["name_zh"] for r in rows}) == len(rows)
    for r in rows:
        assert r["indicator_code"].isascii() and r["indicator_code"] == r["indicator_code"].lower(), r
        assert r["unit_family"] in UNIT_FAMILIES, r
        assert r["measure_kind"] in indicators.MEASURE_KINDS, r
        assert r["name_en"] and r["domain"], r
        for unit in filter(None, r["units"].split("|")):
            assert unit_family(unit) == r["unit_family"], (r["indicator_code"], unit)


def test_one_synonym_names_one_indicator_of_a_unit_family() -> None:
    text = indicators.vocab_file().replace("地区生产总值|", "地区生产总值|工业增加值|", 1)
    with pytest.raises(ValueError, match="工业增加值"):
        indicators.load(text)
    # across families the unit decides: 稻谷 in 吨 is rice output, in 公顷 the area sown to rice
    assert classify("稻谷", "吨", "weight") == Coded("rice_output", "level", 1)
    assert classify("稻谷", "公顷", "area") == Coded("rice_sown_area", "level", 1)
    assert classify("稻谷增长", "%", "ratio", "稻谷39.5万吨,增长11.2%", "11.2%") == Coded(
        "rice_output", "growth_rate", 1
    )


def test_unit_conversions_cover_the_units_of_the_convertible_families() -> None:
    rows = {r["unit"]: r for r in _seed("unit_conversions.csv")}
    for unit, family in UNITS.items():
        if family in ("weight", "area", "length", "volume", "energy", "ratio", "money"):
            assert unit in rows, unit
            assert rows[unit]["unit_family"] == family, unit
    assert float(rows["斤"]["factor"]) == 0.0005 and rows["斤"]["unit_std"] == "吨"
    assert float(rows["亩"]["factor"]) == pytest.approx(1 / 15) and rows["亩"]["unit_std"] == "公顷"
    assert all(float(r["factor"]) > 0 for r in rows.values())


# --- the mapping ---------------------------------------------------------------------------------


def test_regional_and_national_gdp_growth_are_one_indicator() -> None:
    assert classify("地区生产总值增长", "%", "ratio") == Coded("gdp", "growth_rate", 1)
    assert classify("国内生产总值增长", "%", "ratio") == Coded("gdp", "growth_rate", 1)
    assert (
        classify("全縣地區生產總值", "元", "money") is None
    )  # the extractor folds; raw traditional text is not its input
    assert _coded("2024年全省地區生產總值增長5.5%。") == [("5.5%", "gdp", "growth_rate", 5.5)]


def test_a_growth_rate_filed_as_a_level_is_a_growth_rate() -> None:
    """城乡居民人均可支配收入 = 4.7 %: a percentage of an amount no word calls a share is its change."""
    assert classify("城乡居民人均可支配收入", "%", "ratio") == Coded(
        "disposable_income_per_capita", "growth_rate", 1
    )
    assert classify("城乡居民人均可支配收入", "元", "money") == Coded(
        "disposable_income_per_capita", "level", 1
    )


def test_measures() -> None:
    cases = {
        ("城镇化率", "%", "ratio"): ("urbanisation_rate", "level"),
        ("城镇化率提高", "个百分点", "ratio"): ("urbanisation_rate", "pp_change"),
        ("研发支出占国内生产总值比重", "%", "ratio"): ("rd_expenditure", "share"),
        ("人均地区生产总值", "元", "money"): ("gdp_per_capita", "level"),
        ("人均耕地面积", "亩", "area"): ("farmland", "per_capita"),
        ("每千人医疗床位数", "张", "count"): ("hospital_beds", "per_capita"),
        ("粮食增产", "斤", "weight"): ("grain_output", "change"),
        ("城镇新增就业", "人", "count"): ("urban_new_jobs", "count"),
        ("进出口总额增长", "倍", "multiple"): ("imports_exports", "multiple"),
        ("居民消费价格涨幅", "%", "ratio"): ("cpi", "growth_rate"),
    }
    for args, want in cases.items():
        got = classify(*args)
        assert got is not None and (got.code, got.measure) == want, (args, got)


def test_a_fall_is_a_negative_change() -> None:
    assert classify("单位国内生产总值能耗下降", "%", "ratio") == Coded("energy_intensity", "growth_rate", -1)
    assert classify("农村贫困人口减少", "人", "count") == Coded("poverty_headcount", "change", -1)
    assert classify("减税降费", "元", "money") == Coded("tax_cuts", "level", 1)  # 减 of a name is no fall


def test_the_unit_must_fit_the_indicator() -> None:
    assert classify("粮食产量", "公里", "length") is None
    assert classify("村", "个", "count") == Coded("admin_villages", "count", 1)
    assert classify("村", "户", "count") is None  # 848个村、11485户: the households are not villages
    assert classify("医院", "项", "count") is None
    assert classify("五千亿级支柱产业集群", "级", "count") is None  # a size class is no amount


def test_generic_words_name_an_indicator_only_alone() -> None:
    assert classify("项目", "个", "count") == Coded("major_projects", "count", 1)
    assert classify("中央政府定价项目减少", "%", "ratio") is None
    assert classify("县", "个", "count") == Coded("admin_counties", "count", 1)
    assert classify("县级医院", "家", "count") == Coded("medical_institutions", "count", 1)


def test_the_head_of_the_phrase_names_the_indicator() -> None:
    assert classify("规上工业企业研发经费投入增长", "%", "ratio") == Coded("rd_expenditure", "growth_rate", 1)
    assert classify("补充中小学教师", "名", "count") == Coded("teachers", "count", 1)
    assert classify("重点研发计划项目", "项", "count") == Coded("tech_projects", "count", 1)


def test_a_subject_is_carried_over_from_the_clause_before() -> None:
    assert _coded("2024年，全省地区生产总值5.5万亿元，增长5.2%。") == [
        ("5.5万亿元", "gdp", "level", 5.5e12),
        ("5.2%", "gdp", "growth_rate", 5.2),
    ]
    near = "全省地区生产总值5.5万亿元，增长5.2%。"
    assert classify("增长", "%", "ratio", near, "5.2%") == Coded("gdp", "growth_rate", 1)
    far = "全省地区生产总值达到5.5万亿元，各项社会事业全面进步，人民生活持续改善，增长5.2%。"
    assert classify("增长", "%", "ratio", far, "5.2%") is None  # a subject further back is another clause's


def test_listed_figures_count_the_noun_after_them() -> None:
    coded = _coded("在两年内完成了9个县市、78个乡镇、848个村、11485户及48991人的易地扶贫搬迁。")
    assert [c[1] for c in coded] == [
        "admin_counties",
        "admin_towns",
        "admin_villages",
        "relocation",
        "relocation",
    ]


def test_narrower_statistics_are_not_the_broad_indicator() -> None:
    """Synonyms mean the indicator, nothing narrower or wider (dbt/seeds/README.md)."""
    assert classify("农产品出口增长", "%", "ratio") is None  # a product's exports, not total exports
    assert classify("出口增长", "%", "ratio") == Coded("exports", "growth_rate", 1)
    assert classify("货物出口", "元", "money") == Coded("exports", "level", 1)
    assert classify("自然村组通硬化路", "个", "count") is None  # natural villages are no 行政村
    assert classify("营业收入", "元", "money") is None  # a bare 营业收入 is any revenue
    assert classify("农产品加工业营业收入", "元", "money") == Coded("agri_processing", "level", 1)
    assert classify("规上服务业营业收入", "元", "money") == Coded("services_revenue", "level", 1)
    assert classify("开工建设安置住房", "套", "count") is None  # any resettlement, not the relocation's
    assert classify("易地扶贫搬迁安置住房", "套", "count") == Coded("relocation_housing", "count", 1)
    # a group's employment rate is that group's share, the bare rate the labour market's
    assert classify("离校未就业高校毕业生就业率", "%", "ratio") == Coded("graduate_employment", "share", 1)
    assert classify("就业率", "%", "ratio") == Coded("employment_rate", "level", 1)
    assert classify("新型城镇化", "%", "ratio") is None
    assert classify("城镇化", "%", "ratio") == Coded("urbanisation_rate", "level", 1)


def test_a_name_negated_after_it_is_not_the_indicator() -> None:
    assert classify("秸秆未被利用率", "%", "ratio") is None
    assert classify("秸秆综合利用率", "%", "ratio") == Coded("straw_utilisation", "share", 1)


def test_a_counted_head_word_names_the_indicator() -> None:
    """^企业, ^家庭: the last word of the phrase is what a count counts, in the indicator's units."""
    assert classify("引导落地投产企业", "家", "count") == Coded("enterprises", "count", 1)
    assert classify("企业受益", "户", "count") == Coded("enterprises", "count", 1)
    assert classify("投产企业", "元", "money") is None  # money is no count of enterprises
    assert classify("文艺项目", "个", "count") is None  # 项目 is =marked: only a whole indicator


def test_output_words_pick_the_output_of_a_crop_not_its_area() -> None:
    sentence = "全年蔬菜播种面积3938公顷,比上年增长1.4%,产量106551吨,下降2.2%;果用瓜1107公顷,产量28408吨。"
    assert classify("产量", "吨", "weight", sentence, "106551吨") == Coded("vegetables", "level", 1)
    assert classify("产量下降", "%", "ratio", sentence, "2.2%") == Coded("vegetables", "growth_rate", -1)
    # after the semicolon the next item of the list begins: its subject is not carried over
    assert classify("产量", "吨", "weight", sentence, "28408吨") is None
    assert classify("早稻增产", "%", "ratio") == Coded("rice_output", "growth_rate", 1)


def test_asides_and_computation_notes_do_not_part_a_subject_from_its_figure() -> None:
    sentence = "全县实现农林牧渔业总产值(现价,下同)82.82亿元,按可比价计算比上年增长3.6%。"
    assert classify("按可比价计算", "%", "ratio", sentence, "3.6%") == Coded(
        "agri_output_value", "growth_rate", 1
    )
    sentence = "贫困发生率从1990年的47%下降到2015年的14%。"
    assert classify("从1990年", "%", "ratio", sentence, "47%") == Coded("poverty_incidence", "level", 1)


def test_a_figure_compared_with_last_year_is_a_change() -> None:
    sentence = "年末户籍人口273393人,比上年新增1547人。"
    assert classify("比上年", "人", "count", sentence, "1547人") == Coded(
        "registered_population", "change", 1
    )


def test_an_earlier_figures_verb_is_not_this_ones() -> None:
    sentence = "全年新登记注册企业增长21.6%，平均每天新增1.2万户。"
    assert classify("新登记注册企业增长", "%", "ratio", sentence, "21.6%") == Coded(
        "market_entities", "growth_rate", 1
    )
    assert classify("新登记注册企业增长", "户", "count", sentence, "1.2万户") == Coded(
        "market_entities", "count", 1
    )
    # 分别: one verb for several figures, no clause break between them (the second is the countryside's)
    sentence = "城乡居民人均可支配收入分别增长4.3%、6.1%。"
    assert classify("城乡居民人均可支配收入分别增长", "%", "ratio", sentence, "6.1%") == Coded(
        "rural_disposable_income_per_capita", "growth_rate", 1
    )


def test_research_paper_indicators() -> None:
    """What rural-economy papers measure, by the statistical yearbook's names where it has them."""
    cases = {
        ("农用化肥施用量", "万吨", "weight"): ("fertilizer_use", "level"),
        ("农药使用量", "吨", "weight"): ("pesticide_use", "level"),  # no fertiliser
        ("地膜使用量", "吨", "weight"): ("agri_film_use", "level"),
        ("有效灌溉面积", "公顷", "area"): ("irrigated_area", "level"),  # not water-saving irrigation
        ("高效节水灌溉面积", "亩", "area"): ("water_saving_irrigation", "level"),
        ("粮食单位面积产量", "千克/公顷", "weight"): ("grain_yield", "level"),
        ("农户家庭收入", "元", "money"): ("household_income", "level"),
        ("非农业收入", "元", "money"): ("nonfarm_income", "level"),
        ("纯农业收入", "元", "money"): ("farm_income", "level"),
        ("农村居民恩格尔系数", "%", "ratio"): ("engel_coefficient", "level"),
        ("贫困发生率", "%", "ratio"): ("poverty_incidence", "level"),
    }
    for args, want in cases.items():
        got = classify(*args)
        assert got is not None and (got.code, got.measure) == want, (args, got)
    assert classify("养殖收入", "元", "money") is None  # livestock income is narrower than farm income


def test_an_amount_per_hectare_or_per_day_is_no_amount() -> None:
    assert classify("化肥施用量", "千克/公顷", "weight") is None  # an intensity
    assert classify("生活垃圾处理能力", "吨/日", "weight") is None  # a capacity
    assert classify("亩产", "千克", "weight") == Coded("grain_yield", "level", 1)
    assert classify("粮食单产", "斤/亩", "weight") == Coded("grain_yield", "level", 1)  # a rate by name
    assert classify("城乡低保标准", "元/月", "money") == Coded("minimum_living_standard", "level", 1)


def test_other_statistics_than_the_named_indicator_get_no_code() -> None:
    """A contribution to growth, an output value against a value added, a loss, a sub-population,
    registered capital, total fiscal revenue, tea: other statistics (dbt/seeds/README.md)."""
    assert classify("第二产业对经济增长的贡献率", "%", "ratio") is None
    assert classify("三次产业对经济增长的拉动", "个百分点", "ratio") is None
    assert classify("消费对经济增长的贡献率", "%", "ratio") == Coded("consumption_contribution", "level", 1)
    assert classify("高新技术产业总产值增长", "%", "ratio") is None  # 产值, not 增加值
    assert classify("高新技术产业增加值增长", "%", "ratio") is not None
    assert classify("粮食损失", "千克", "weight") is None
    assert classify("男性人口", "人", "count") is None
    assert classify("死亡人口", "人", "count") is None
    assert classify("注册资金", "元", "money") is None
    assert classify("财政总收入", "元", "money") is None
    assert classify("茶叶产量", "吨", "weight") is None
    assert classify("猪牛羊禽肉总产量", "吨", "weight") == Coded("meat_output", "level", 1)  # no grain
    assert classify("油菜籽种植面积", "亩", "area") == Coded("oil_crops_area", "level", 1)
    assert classify("药材种植面积", "亩", "area") is None  # 种植面积 alone is no grain area
    assert classify("耕地总面积", "公顷", "area") == Coded("farmland", "level", 1)


def test_a_survey_samples_breakdown_is_no_statistic_of_a_place() -> None:
    sentence = "受访户中，文化程度为小学的占36.24%，从事养殖的家庭占65.10%。"
    assert classify("从事养殖的家庭占", "%", "ratio", sentence, "65.10%") is None
    sentence = "全市城镇调查失业率为5.2%。"  # 调查失业率 is a statistic, not a sample
    assert classify("城镇调查失业率", "%", "ratio", sentence, "5.2%") == Coded(
        "urban_survey_unemployment", "level", 1
    )


def test_figures_listed_after_fenbie_follow_the_subjects_listed_before() -> None:
    assert _coded(
        "2019年，全县地区生产总值92.5亿元，规模以上工业增加值10.7亿元，分别比上年增长5.1%和15.3%。"
    )[2:] == [
        ("5.1%", "gdp", "growth_rate", 5.1),
        ("15.3%", "industry_value_added_above_scale", "growth_rate", 15.3),
    ]
    # 城乡 lists the towns, then the countryside, where the vocabulary has both
    sentence = "城乡居民人均可支配收入分别达到27071元、12813元，分别增长8.6%、9.4%。"
    assert [c[1] for c in _coded(sentence)] == [
        "urban_disposable_income_per_capita",
        "rural_disposable_income_per_capita",
        "urban_disposable_income_per_capita",
        "rural_disposable_income_per_capita",
    ]
    # one subject for both figures: a rate of each (城乡低保标准 has no urban and rural parts)
    sentence = "城乡低保标准分别提高13.1%和9.2%。"
    assert {c[1] for c in _coded(sentence)} == {"minimum_living_standard"}


# --- in the landing rows ------------------------------------------------------------------------


def test_the_landing_rows_carry_the_code_and_reject_mentions_without_a_unit() -> None:
    text = "2024年全省地区生产总值增长5.5%，粮食产量达到1200万斤，帮扶14万困难群众，新增产能5万千升。"
    article = Article(title="t", blocks=[Block("paragraph", text)])
    result = ParseResult("a.txt", "s", "text", "utf-8", "ok", article=article, metrics=extract(text))
    rows = landing.rows(
        [result], {"a.txt": RawFile("a.txt", "s", 1, 1)}, run_id="r", now=datetime(2026, 1, 1), max_year=2026
    )
    kept = rows.tables["metrics"].to_pylist()
    got = {r["mention"]: (r["indicator_code"], r["measure"], r["direction"]) for r in kept}
    assert got["5.5%"] == ("gdp", "growth_rate", 1)
    assert got["1200万斤"] == ("grain_output", "level", 1)
    assert all(r["unit"] for r in kept)
    rejected = {r["mention"]: r["reason"] for r in rows.tables["rejected_metrics"].to_pylist()}
    assert rejected == {"14万": "no_unit", "5万": "unit_as_indicator"}
