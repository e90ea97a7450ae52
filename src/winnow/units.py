"""Units and measure words, as data: what may follow a number and what family it belongs to.

A metric's ``unit`` is written without its multiplier (10万元 → 100000, 元); the families
are the contract's list: count, money, ratio, multiple, area, length, weight, volume,
energy, age, duration, other.
"""

from __future__ import annotations

import re
from typing import Final

UNIT_FAMILIES: Final = (
    "count", "money", "ratio", "multiple", "area", "length", "weight",
    "volume", "energy", "age", "duration", "other",
)  # fmt: skip

# unit → family. Longer units win in the pattern (个百分点 before 个, 平方公里 before 公里).
UNITS: Final[dict[str, str]] = {
    # count: measure words for things, people, places and events
    **{
        u: "count"
        for u in (
            "个",
            "户",
            "人",
            "家",
            "项",
            "条",
            "所",
            "座",
            "名",
            "位",
            "件",
            "套",
            "辆",
            "台",
            "头",
            "只",
            "羽",
            "株",
            "棵",
            "篇",
            "部",
            "本",
            "批",
            "场",
            "期",
            "间",
            "处",
            "类",
            "支",
            "种",
            "宗",
            "艘",
            "架",
            "列",
            "张",
            "份",
            "例",
            "栋",
            "幢",
            "片",
            "段",
            "粒",
            "匹",
            "口",
            "对",
            "块",
            "首",
            "幅",
            "门",
            "道",
            "级",
            "人次",
            "户次",
            "床",
            "所次",
            "次",
            "起",
            "笔",
            "单",
            "根",
            "盏",
            "眼",
            "组",
            "支队",
            "家次",
            "个次",
            "场次",
            "轮",
            "枚",
            "批次",
            "架次",
            "车次",
            "班次",
            "大",
            "册",
            "卷",
            "辆次",
            "艘次",
            "人日",
            "工日",
        )
    },
    # money
    **{
        u: "money"
        for u in (
            "元",
            "美元",
            "港元",
            "港币",
            "欧元",
            "日元",
            "英镑",
            "台币",
            "人民币",
            "块钱",
            "美金",
            "卢布",
        )
    },
    # ratio
    "%": "ratio",
    "‰": "ratio",
    "个百分点": "ratio",
    "百分点": "ratio",
    # multiple
    "倍": "multiple",
    # area
    **{
        u: "area"
        for u in ("亩", "公顷", "平方公里", "平方千米", "平方米", "平米", "平方英里", "平方", "亩次")
    },
    # length
    **{u: "length" for u in ("公里", "千米", "米", "厘米", "毫米", "延米", "里")},
    # weight
    **{u: "weight" for u in ("吨", "公斤", "千克", "克", "斤", "吨标准煤", "吨标煤", "毫克")},
    # volume
    **{u: "volume" for u in ("立方米", "方", "升", "毫升", "标准箱", "标箱", "立方", "重量箱")},
    # energy and power
    **{u: "energy" for u in ("千瓦", "千瓦时", "瓦", "兆瓦", "吉瓦", "度", "千伏安", "千伏", "兆瓦时")},
    # age
    "岁": "age",
    "周岁": "age",
    # duration
    **{
        u: "duration"
        for u in ("年", "个月", "天", "小时", "分钟", "个工作日", "工作日", "周", "个季度", "季度")
    },
    # other
    **{u: "other" for u in ("分", "兆帕", "摄氏度", "℃", "马力", "人公里", "吨公里", "点")},
}

# Units written like units but never a metric after a number: calendar, ordinals, names.
NON_METRIC_UNITS: Final = frozenset(
    {"月", "日", "号", "时", "周年", "届", "中全会", "次会议", "世纪", "年代", "级台风"}
)
# 点 after a number is a time of day (8点) or a list (三点意见), except index points (849.8点):
# kept only after a decimal number or where the clause names an index.
INDEX_POINT: Final = "点"

# Per-units after a slash (元/人, 吨/日, 平方米/人): the denominators written after "/".
PER_UNITS: Final = (
    "人", "户", "月", "年", "日", "天", "亩", "公顷", "吨", "平方米", "平方公里", "公里", "千克", "公斤",
    "小时", "次", "个", "头", "只", "家", "床", "人次", "人年", "人日", "张", "间", "套", "辆",
)  # fmt: skip

# Latin unit symbols as PDF conversion writes them, by their folded ASCII form (superscripts
# become digits, "·" and "/" join a compound): the Chinese name published for each, the same as
# LaTeX units get (the scorer counts both as one).
LATIN_UNITS: Final[dict[str, str]] = {
    "hm2": "公顷", "ha": "公顷", "km2": "平方公里", "m2": "平方米", "m3": "立方米", "km": "公里",
    "kg": "千克", "t": "吨", "m": "米", "cm": "厘米", "mm": "毫米", "g": "克", "mg": "毫克",
    "kw": "千瓦", "kwh": "千瓦时", "mw": "兆瓦", "gw": "吉瓦", "l": "升", "min": "分钟",
}  # fmt: skip
LATIN_PER: Final[dict[str, str]] = {
    "hm2": "公顷", "hm-2": "公顷", "ha": "公顷", "ha-1": "公顷", "km2": "平方公里", "km-2": "平方公里",
    "m2": "平方米", "m-2": "平方米", "m3": "立方米", "a": "年", "a-1": "年", "d": "日", "d-1": "日",
    "h": "小时", "h-1": "小时", "s": "秒", "s-1": "秒", "人": "人", "亩": "亩",
}  # fmt: skip

# A unit followed by one of these characters is part of another word: 9方面 (aspects), 3大类.
# 2支撑, 5部分 (a section number glued to its heading), 十分严峻 (十分 is "very").
NOT_AFTER_UNIT: Final[dict[str, str]] = {
    "方": "面式法案向针位阵舱", "大": "类项块", "道": "路", "门": "类", "支": "撑持援柱", "部": "分署门",
    "分": "严重重要之明显析配布别享散工级期钟类", "点": "钟半多",
}  # fmt: skip


def _longest_first(words: set[str]) -> str:
    """The alternation of ``words`` grouped by first character, longest first in each group
    (个(?:工作日|百分点|季度|月|次|)): at a position it matches the longest word starting there."""
    groups: dict[str, list[str]] = {}
    for w in sorted(words, key=lambda w: (-len(w), w)):
        groups.setdefault(w[0], []).append(re.escape(w[1:]))
    return "|".join(re.escape(c) + "(?:" + "|".join(rest) + ")" for c, rest in groups.items())


# Units and the words written like them: the match at a position is the unit there (个百分点
# before 个, 平方公里 before 平方). One regex call instead of a Python loop of startswith over
# the words that share the first character (six for 个).
UNIT_WORD: Final = re.compile(_longest_first(set(UNITS) | NON_METRIC_UNITS))


def unit_family(unit: str) -> str:
    """The contract family of a unit ("" → count: a bare 万/亿 figure counts things)."""
    if not unit:
        return "count"
    family = UNITS.get(unit)
    if family is None and "/" in unit:  # 元/人, 平方米/人: the family of what is counted
        family = UNITS.get(unit.partition("/")[0])
    return family or "other"
