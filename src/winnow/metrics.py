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
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Final

from winnow import gazetteer
from winnow.numbers import CN_DIGITS, MULTIPLIERS, fold_text, latex_plain, parse_number, to_float
from winnow.records import Block, Metric, Qualifier
from winnow.units import (
    INDEX_POINT,
    LATIN_PER,
    LATIN_UNITS,
    NON_METRIC_UNITS,
    NOT_AFTER_UNIT,
    PER_UNITS,
    UNIT_WORD,
    UNITS,
    unit_family,
)

# ---------------------------------------------------------------- patterns (module constants)

_CN_NUM: Final = "零〇一二两三四五六七八九十百千万亿"


def _by_first(words: tuple[str, ...]) -> str:
    """The alternation of ``words``, grouped by first character (发(?:展了|展)|建(?:成了|成)…).

    It matches what ``"|".join(words)`` matches, trying the words in the same order; but the
    regex engine tries one group per position instead of every word.
    """
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault(w[0], []).append(re.escape(w[1:]))
    return "|".join(
        re.escape(c) + ("(?:" + "|".join(rest) + ")" if rest != [""] else "") for c, rest in groups.items()
    )


# A numeral in Chinese characters is a candidate only when a unit, 成 or a qualifier follows it.
_CN_UNIT_FIRST: Final = re.escape(
    "".join(sorted({u[0] for u in (*UNITS, *NON_METRIC_UNITS)} | set("成余多来万亿%")))
)
_AR_NEXT: Final = _CN_UNIT_FIRST + re.escape("‰十百千/-—–~～至到 $") + "hkmtgKT"
# The first character is matched first, as a set, and each form goes on from it (checking it
# with a look-behind): a pattern that opens with a set lets the regex engine skip every
# position that cannot start a candidate without trying the pattern there. In that set \d is
# spelled out (and every character outside the BMP let in, for the look-behinds to turn away):
# a set of characters is tested faster than a Unicode category.
_DIGITS: Final = "".join(c for c in map(chr, range(0x10000)) if c.isdecimal())
CANDIDATE: Final = re.compile(
    rf"[{_DIGITS}\U00010000-\U0010ffff${_CN_NUM}]"
    r"(?:(?P<latex>(?<=\$)[^$\n]{1,80}\$)"  # $…$
    rf"|(?P<pcn>(?<=百)分之[{_CN_NUM}点]+|(?<=千)分之[{_CN_NUM}点]+)"  # 百分之…, 千分之…
    rf"|(?P<frac>(?:(?<=\d)\d*+|(?<=[{_CN_NUM}])[{_CN_NUM}]*+)分之(?:\d+(?:\.\d+)?|[{_CN_NUM}点]+))"
    r"|(?P<num>(?<=\d)(?<![\d.].)"
    r"(?!(?<=1)9\d\d\s?年(?!代)|(?<=2)0\d\d\s?年(?!代))"  # a calendar year is never a candidate
    r"(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d{0,2}(?: \d{3})+(?:\.\d+)?(?![\d.])|\d*(?:\.\d+)?)"
    rf"(?=[{_AR_NEXT}])"  # a unit, multiplier, range or qualifier must follow
    # In Chinese numerals; one digit alone only before 成 (一个, 两类, 三项: small counts in words
    # are phrasing, not statistics; 三成 is 30%).
    rf"|(?<=[零〇一二两三四五六七八九])(?<![\d.].)"
    rf"(?:[{_CN_NUM}]+(?:点[零〇一二三四五六七八九]+)?|点[零〇一二三四五六七八九]+|(?=成))(?=[{_CN_UNIT_FIRST}])"
    rf"|(?<=[十百千万亿])(?<![\d.].)[{_CN_NUM}]*(?:点[零〇一二三四五六七八九]+)?(?=[{_CN_UNIT_FIRST}])))"
)
_MULT: Final = re.compile(r"万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千(?![米瓦克伏])")
_MULT_FIRST: Final = frozenset("万千百十亿")
_APPROX_AFTER_NUM: Final = re.compile(r"余|多|来(?=[万亿个人户家元])")
_APPROX_FIRST: Final = frozenset("余多来")
_BARE_MULT: Final = frozenset(("亿", "万", "千万", "百万", "万亿"))
_BARE_AFTER: Final = frozenset("近超逾上")
_RANGE_FIRST: Final = frozenset("%个-—–~～至到")  # and spaces
_RANGE: Final = re.compile(
    r"\s?(?:%|个百分点)?\s?[-—–~～至到]{1,2}\s?"
    rf"(?P<hi>\d+(?:\.\d+)?|[{_CN_NUM}]+(?:点[零〇一二三四五六七八九]+)?)"
    r"(?P<himult>万亿|亿|万|千(?![米瓦克伏]))?"
)
_UNIT_FIRST: Final = frozenset(u[0] for u in (*UNITS, *NON_METRIC_UNITS)) | frozenset("成余多来万亿%")
_CHENG: Final = re.compile(r"成(?![为本功立果效绩员就果长熟])")
_SUFFIX_QUAL: Final = re.compile(r"以上|以下|以内|左右|上下|之多|有余|余|多")
_SUFFIX_FIRST: Final = frozenset("以左上之有余多")
_FRACTION_SLASH: Final = re.compile(r"/(\d+)")
_LATEX_UNIT_AFTER: Final = re.compile(r"\s?(\$[^$\n]{1,40}\$)")
# 12656.69$\times 1 0 ^ { 8 }$ 元: a power of ten in LaTeX after a plain number.
_LATEX_POWER: Final = re.compile(r"\s?\$\s*\\times[\s{]*1\s*0\s*\^\s*\{?\s*(-?\s*\d)\s*\}?\s*\$")
# A Latin unit after a number (PDF text): 120.5 hm², 350 kg·hm⁻², 2.5万t, 3.2亿m³, 5 t/hm2.
_SUPERSCRIPTS: Final = str.maketrans({"²": "2", "³": "3", "¹": "1", "⁻": "-", "−": "-", "—": "-"})
_LATIN_UNIT: Final = re.compile(
    r"\s?(?P<u>min|[kKhHcmMgGtlL][mMgWwaA]?[hH]?(?:\^?\{?[23²³]\}?)?)"
    r"(?:\s?(?:[·•/]|\\cdot)\s?(?P<per>[hHkKmadsh]{1,2}(?:\^?\{?[-⁻−]?[123¹²³]\}?)?|人|亩))?"
    r"(?![A-Za-z\d])"
)
_PER_UNIT: Final = re.compile(
    "/(?:" + "|".join(sorted(map(re.escape, PER_UNITS), key=len, reverse=True)) + ")"
)
_PERSON_TIMES: Final = re.compile(r"[(（]次[)）]")  # 500余人（次）: 人次
_LATIN_FIRST: Final = frozenset("hkmtgclKHMGTL")
_LATEX_REF: Final = re.compile(r"\[[\d,\-–]+\]")
_LATEX_FIRST_PERCENT: Final = re.compile(r"^\(?(\d+(?:\.\d+)?)%[.、,，;；]\d")
_SPACED_MULT: Final = re.compile(r" (万亿|亿|万)(?=[\s$\u4e00-\u9fffa-zA-Z])")
_LATEX_QUANTITY: Final = re.compile(
    r"^\(?(?P<a>\d+(?:\.\d+)?)(?:×10\^(?P<exp>-?\d+))?(?P<pa>[%‰])?"
    r"(?:[~\-—至](?P<b>\d+(?:\.\d+)?)(?P<pb>[%‰])?)?"
    r"(?P<u>[a-zA-Z][a-zA-Z\d^×·/\-]{0,12})?\)?(?:\^\[[\d,\-–]+\])?$"  # (75.69%), 47%^[1]: a reference
)
LATEX_UNITS: Final = {
    "km^2": "平方公里",
    "hm^2": "公顷",
    "m^2": "平方米",
    "m^3": "立方米",
    "km": "公里",
    "kg": "千克",
    "t": "吨",
    "m": "米",
}

PREFIX_QUALIFIERS: Final[tuple[tuple[str, Qualifier], ...]] = (
    ("不超过", "at_most"), ("不高于", "at_most"), ("不低于", "at_least"), ("不少于", "at_least"),
    ("至少", "at_least"), ("超过", "more_than"), ("超出", "more_than"), ("突破", "more_than"),
    ("多于", "more_than"), ("高于", "more_than"), ("逾", "more_than"), ("超", "more_than"),
    ("将近", "nearly"), ("接近", "nearly"), ("近", "nearly"), ("大约", "about"), ("约", "about"),
    ("约为", "about"), ("约有", "about"), ("约占", "about"), ("约达", "about"),
    ("不足", "less_than"), ("不到", "less_than"), ("低于", "less_than"), ("少于", "less_than"),
)  # fmt: skip
_PREFIX_BY_WORD: Final[dict[str, Qualifier]] = dict(PREFIX_QUALIFIERS)
_PREFIX_LAST: Final = frozenset(w[-1] for w, _ in PREFIX_QUALIFIERS)
SUFFIX_QUALIFIERS: Final[dict[str, Qualifier]] = {
    "余": "more_than", "多": "more_than", "有余": "more_than", "之多": "exact",
    "以上": "at_least", "以下": "at_most", "以内": "at_most", "左右": "about", "上下": "about",
    "来": "about",
}  # fmt: skip

# Names and slogans with numbers in them (十四五, 两个一百年 …); quoted short names are caught generally.
NAME_PATTERNS: Final = re.compile(
    r"十[一二三四五]五|两个一百年|两不愁|三保障|三位一体|五位一体|四个全面|一带一路|"
    r"[一二两三四五六七八九十]个(?:一|全面|意识|自信|维护|坚持|确保|必须|务必|统筹|优先|定位)|"
    r"[一二两三四五六七八九]大(?:战略|工程|行动|攻坚|任务|体系|定位|功能|目标|片区)|"
    r"[一二两三四五六七八九]项(?:原则|制度|机制)|"
    r"[一二三四五六七八九十]+(?:五|届|中全会|次全会|大|化)"
)
# Just before a number: it is an ordinal, a reference or part of a code.
_BAD_BEFORE: Final = re.compile(r"(?:第|节选|[图表式例附件号]|No\.|[\[【#+＋×*/^_]|[A-Za-z])\s?$")
_ASCII_LETTERS: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_BAD_BEFORE_LAST: Final = frozenset("第选图表式例附件号.[【#+＋×*/^_") | _ASCII_LETTERS  # and spaces
_BAD_AFTER: Final = re.compile(r"[A-Za-z+＋]|\.\d|\]")
_BAD_AFTER_FIRST: Final = frozenset("+＋.]") | _ASCII_LETTERS
# A sentence end, or two spaces or more (paragraphs flattened into one line); written to open
# with a set, so the regex engine skips other characters without trying the pattern.
_SENT_END: Final = re.compile(r"[。！？!?\n　 ](?:(?<! )| +)")
_CLAUSE_BREAK: Final = "，,；;：:、。！？!?\n（）()《》"
_CLAUSE_BREAK_RE: Final = re.compile("[" + re.escape(_CLAUSE_BREAK) + "]")
# Every match holds 年, at most 12 characters after its start and 5 before its end (_years_in relies on it).
_YEAR: Final = re.compile(
    r"(?=[12去今上明本过一])"
    r"(?:(?:19|20)\d{2}\s?[-—–~～至到]\s?)?(?P<y>(?:19|20)\d{2})\s?年(?P<suf>底|末|初|年底|年末|上半年|前三季度|度)?"
    r"|(?P<rel>去年|今年|上年|明年|本年|过去一年|一年来)"
)
_YEAR_REACH: Final = 6 + 24  # _leading_year's reach after a paragraph start, and more than a year's length
_YEAR_BAD_BEFORE: Final = re.compile(r"(?:比|较|超|同比|相比|与|对比|于|自|从|由|按|是|那|在)\s?$")
_YEAR_BAD_AFTER: Final = re.compile(r"^\s?(?:以来|起|开始|出生|以前|以后|之后|后|相比|同期|水平)")
# A journal's running header (2017年·第32卷·第1期, Vol.32 No.1): not a section, dates nothing.
_RUNNING_HEADER: Final = re.compile(r"第\s?\d+\s?[卷期]|[Vv]ol\.\s?\d|No\.\s?\d")
# What follows a place in a name: 上海自由贸易试验区, 赣州火车站, 江西农业大学 …
_NAME_WORDS: Final = (
    "机场", "大学", "学院", "银行", "论坛", "海关", "自贸", "自由贸易", "国际", "新区", "都市圈", "城市群",
    "经济圈", "博物馆", "纪念馆", "医院", "公司", "集团", "有限", "研究", "中心", "火车站", "高铁站",
    "港口", "沙漠", "峡谷", "遗址", "景区", "号", "科学院", "工程院", "特色", "梦", "式", "人民银行",
    "人民大学", "共产党", "制造", "代表处", "办事处",
)  # fmt: skip
# 北京100101: a postal address (an author's affiliation), not a scope.
_POSTCODE_AFTER_PLACE: Final = re.compile(r"\s?\d{6}(?!\d)")
_NAME_AFTER_PLACE: Final = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:" + _by_first(_NAME_WORDS) + ")")
# A company or institution name runs longer before its last word (山西漳电大唐塔山发电有限公司).
_LONG_NAME_WORDS: Final = ("有限公司", "有限责任公司", "股份", "集团", "大学", "研究院", "研究所", "公司")
_LONG_NAME_AFTER_PLACE: Final = re.compile(r"[\u4e00-\u9fff]{0,14}?(?:" + _by_first(_LONG_NAME_WORDS) + ")")
_OBJECT_BEFORE_PLACE: Final = re.compile(
    r"(?:落户|入选|支持|推动|赴|前往|向|与|同|对口|援|帮扶|协作|超过|高于|低于|居|到|至|来自|辐射|走进|推广至|遍及|"
    r"和|及|、)$"
)
# 占全省的23%, 居全市第一: the scope word is what the figure is measured against.
_YARDSTICK_BEFORE: Final = re.compile(r"(?:占|居|比|较|于|高于|低于|超过|达到)$")
_NATIONAL_YARDSTICK: Final = re.compile(
    r"首|第|前列|平均|领先|百强|率先|推广|示范|唯一|最|重点|文明|人大|政协|性|统一|优秀|模范|劳动|先进|排名"
)
_SCOPE_WORDS: Final = re.compile(
    r"全国|全省|全区|全市|全州|全县|全旗|我省|我区|我市|我县|本省|本市|本县|全盟"
)
_SCOPE_LEVEL: Final = {
    "省": "province",
    "区": "province",
    "市": "city",
    "州": "city",
    "盟": "city",
    "县": "county",
}
_TARGET_WORDS: Final = re.compile(
    r"力争|预期目标|主要目标|目标是|目标为|预期|争取|力求|规划到|计划到|目标任务|预计到|"
    # 计划 as a verb, not 行动计划 (written with the look-behind after 计, so the pattern still
    # opens with literal characters: a leading look-behind makes every search several times slower)
    r"计(?<![动技才划展作年]计)划(?=[招投建新实开引推安培改种筹发完])|拟(?=[安投建新实])|"
    r"比上年(?:年初)?预算|预算(?:安排|拟安排|草案)"  # 比上年年初预算增加1800亿元: this year's budget
)
_TARGET_SECTION: Final = re.compile(
    r"目标|总体要求|主要任务|重点任务|工作安排|工作任务|工作重点|今后|展望|部署"
)
_PAST_WORDS: Final = re.compile(r"过去|去年|上年|已经|已|累计|完成了|实现了|取得")
_TOP_HEADING: Final = re.compile(r"^\s*[一二三四五六七八九十]+[、.．]")
_SENTENCE_PUNCT: Final = re.compile(r"[。！？!?；;]")
_FLAT_BREAK: Final = re.compile(r" {3,}")
_WORD_CHAR: Final = re.compile(r"[\w\u4e00-\u9fff]")
_DATE_LINE: Final = re.compile(r"[(（]?(?:19|20)\d{2}\s?年\s?\d{1,2}\s?月\s?\d{1,2}\s?日[)）]?")
# A communiqué without its title: issued by a statistics bureau, on a date early in the next year.
_ISSUER: Final = re.compile(r"统计局|调查队")
_ISSUE_DATE: Final = re.compile(r"^\s*((?:19|20)\d{2})\s?年\s?(\d{1,2})\s?月\s?\d{1,2}\s?日\s*$", re.M)
_TITLE_HEAD_END: Final = re.compile(
    r"[：:）)]"
)  # 2025年工作报告：一、主要目标 — the part after it names a section
_REPORT_TITLE: Final = re.compile(
    r"((?:19|20)\d{2})年.{0,20}(?:政府工作报告|工作报告|国民经济和社会发展|统计公报|预算)"
)
# A statistical communiqué reports its title's year throughout; a work report of year X reviews
# X-1 and plans X; anything else (a paper) is dated by its title's one year or its survey's.
_COMMUNIQUE_TITLE: Final = re.compile(r"统计公报|国民经济和社会发展")
_TITLE_YEAR: Final = re.compile(r"(?<![\d—–~\-至到])((?:19|20)\d{2})\s?年(?!\s?[—–~\-至到])")
_SURVEY_WORDS: Final = ("调查", "调研", "问卷")
_SURVEY_YEAR: Final = re.compile(  # a survey that collected the paper's data, and its year
    r"((?:19|20)\d{2})\s?年[^。；;\n]{0,24}?\d+\s?(?:户|份|名|位|个|家)[^。；;\n]{0,10}?(?:调查|调研|问卷)"
    r"|((?:19|20)\d{2})\s?年[^。；;\n]{0,20}?(?:问卷调查|入户调查|抽样调查|实地调查|田野调查|实地调研|入户调研)"
    r"|(?:调查|调研)时间(?:为|是)\s?((?:19|20)\d{2})\s?年"
)
_MEETING_DATE: Final = re.compile(
    r"((?:19|20)\d{2})\s?年\s?(\d{1,2})\s?月\s?\d{1,2}\s?日\s?在[^。\n]{0,30}?(?:人民代表大会|人代会|人大)"
)
# A section or paragraph reviewing several years (过去五年, "十三五"时期) has no single year.
_MULTI_YEAR: Final = re.compile(
    r"过去[三四五十]年|[三四五十]年来|近[三四五十]年|十[一二三四五]五.?(?:时期|期间|以来)|本届政府"
)
# Heading numbering, from the highest level: 第一章, 一、, （一）, 1 / 1., 1.1; unnumbered last.
_HEADING_RANKS: Final = (  # its length + 1 is title_target_rank's default
    re.compile(r"\s*(?:#\s*)?第[一二三四五六七八九十\d]+[章部篇]"),
    _TOP_HEADING,
    re.compile(r"\s*[(（][一二三四五六七八九十]+[)）]"),
    re.compile(r"\s*\d{1,2}(?![\d.．])"),
    re.compile(r"\s*\d{1,2}[.．]\d"),
)

# Words that end the search for an indicator: what comes after them names the measure.
_CUT_WORDS: Final = (
    "发展了", "发展", "建成了", "建成", "建设了", "完成了", "完成", "实现了", "实现", "安排了", "安排",
    "出台了", "出台", "吸纳了", "吸纳", "促成", "选派", "培育了", "培育", "带动了", "带动", "覆盖了",
    "覆盖", "低于", "高于", "相当于", "打造了", "打造", "引进了", "引进", "实施了", "实施", "新建了",
    "新建", "改造了", "改造", "开展了", "开展", "举办了", "举办", "召开了", "召开", "共有", "拥有",
    "其中", "包括", "有", "建立了", "建立", "认定了", "认定", "创建了", "创建", "组建了", "组建",
    "帮助", "帮扶", "资助", "救助了", "救助", "培训了", "培训", "惠及", "涉及", "达到了", "投入了",
    "投入", "下达了", "下达", "争取到", "落实了", "落实", "筹集", "整合", "新增了", "新增", "净增",
    "招引", "签约", "推动", "支持", "设立", "获得了", "获得",
)  # fmt: skip
_COMPARISON: Final = re.compile(r"(?:比|较|超过?|高于|低于|相比)(?:(?:19|20)\d\d年|上年|去年|同期)")
_CUT_ANY: Final = re.compile("(?:" + _by_first(_CUT_WORDS) + r")(?![率面规水能资项效限])")
# Words that open a clause before its subject (years, scope words, conjunctions): stripped.
_LEAD_WORDS: Final = (
    "至", "到", "截至", "截止", "去年", "今年", "上年", "全年", "当年", "近年来", "全国", "全省",
    "全区", "全市", "全州", "全县", "我省", "我市", "我区", "本市", "本省", "各地", "并", "和", "与",
    "及", "同时", "此外", "另外", "其中", "在", "已", "共", "总共", "先后", "一共", "还", "也", "又",
    "再", "均", "都", "对", "使", "让", "把", "将", "为", "于", "的", "了", "是", "从而", "进而",
    "预计", "目前", "现在", "当前", "截至目前", "今后", "今年以来", "一年来", "五年来", "即",
)  # fmt: skip
_LEAD_STRIP: Final = re.compile(
    r"^(?:(?:19|20)\d{2}\s?年(?:底|末|初|以来|度)?|" + _by_first(_LEAD_WORDS) + r"|[,，、\s])+"
)
_LEAD_FIRST: Final = frozenset("12,，、") | frozenset(
    w[0] for w in _LEAD_WORDS
)  # what _LEAD_STRIP can start with
# Verbs and qualifiers that end a head before the number (达到, 约, 增加到 …): stripped.
_TAIL_WORDS: Final = (
    "达到了", "达到", "达", "为", "是", "共计", "合计", "总计", "累计", "共", "约", "超过", "超出",
    "超", "突破", "逾", "近", "接近", "将近", "不足", "不到", "至少", "不低于", "不少于", "不超过",
    "分别", "增加到", "提高到", "提升到", "下降到", "降至", "降到", "增至", "稳定在", "保持在",
    "控制在", "在", "到", "至", "了", "已", "均", "只有", "仅", "有", "大约", "多达", "高达", "等",
    "从", "由", "收于", "收报", "只有", "只需要", "只需", "需要", "仅为", "仅占", "可达", "即可", "约为",
    "约占", "只", "的",
)  # fmt: skip
_TAIL_STRIP: Final = re.compile("(?:" + _by_first(_TAIL_WORDS) + r"|\s)+$")
_SPACES: Final = "".join(c for c in map(chr, range(0x3001)) if c.isspace())  # what \s matches
_TAIL_CHARS: Final = "".join(sorted(set("".join(_TAIL_WORDS)))) + _SPACES
_GROWTH: Final = re.compile(
    r"^(?:同比|比上年|较上年|比上年末|较上年末|年均|分别)*"
    r"(?:增长|下降|提高|增加|减少|提升|上涨|回落|降低|增幅|降幅|扩大|缩小)了?$"
)
_GROWTH_END: Final = re.compile(r"(?:增长|下降|提高|增加|减少|提升|上涨|回落|降低|增幅|降幅|扩大|缩小)$")
# Where a noun after the number stops: 全部|实现|的|，|…|以上|…|等(?!Han)|…|\s|\d|三个…, written
# (like CANDIDATE) to open with the set of first characters.
_TAIL_NOUN_STOP: Final = re.compile(
    r"[全实以左等通得进开一二两三四五六七八九十的，,、。；;：:（(和与及均都已被获达在\s\d]"
    r"(?:(?<=全)部|(?<=实)现|(?<=以)[上下]|(?<=左)右|(?<=等)(?![\u4e00-\u9fff])|(?<=通)过|(?<=得)到"
    r"|(?<=进)行|(?<=开)展|(?<=[一二两三四五六七八九十])[一二两三四五六七八九十]*[个名家户人]"
    r"|(?<=[的，,、。；;：:（(和与及均都已被获达在\s\d]))"
)
_VERB_START: Final = re.compile(
    r"^(?:全部|实现|以上|以下|左右|和|与|及|等|均|都|已|被|获|通过|得到|达|进行|开展|次|增长|下降|提高|"
    r"左右|是|为|占|的|用于|投入|以|在|向|从|到|之|中|内|后|前|来|时|上|下|间|多)"
)
_VERB_FIRST: Final = frozenset(w[0] for w in _VERB_START.pattern[4:-1].split("|"))
_HAN: Final = re.compile(r"[\u4e00-\u9fff]")

_QUOTE_PAIRS: Final = {"“": "”", '"': '"', "「": "」", "‘": "’"}
_QUOTE_OPEN: Final = re.compile('[“"「‘]')
_MAX_INDICATOR: Final = 24
_TABLE: Final = re.compile(r"<table.*?(?:</table>|\Z)", re.S)
_YEAR_RANGE_END: Final = re.compile(r"\s?[-—–~～至到]{1,2}\s?(?:19|20)\d\d年")
_YEAR_DIGITS: Final = re.compile(r"\s*(?:19|20)\d\d|[零〇一二三四五六七八九]{4}")
_TAIL_LEAD: Final = re.compile(r"^\s*(?:的|实现|从事|用于|为|是)?\s*")
_TAIL_LEAD_FIRST: Final = frozenset("的实从用为是")
_CLAUSE_END: Final = re.compile(r"[，,；;。]")
_FENBIE_VERB: Final = re.compile(r"^[\u4e00-\u9fff]{0,4}?(?=\d|[一二两三四五六七八九十]|约|超|近|达)")
_LIST_SEP: Final = re.compile(r"[、和及]")
# 地区生产总值完成21.1亿元: a verb's subject is what the figure measures, except for a verb
# whose object is (基本药物制度覆盖80%以上村卫生室)
_OBJECT_VERBS: Final = frozenset(("覆盖",))
_ADVERBIAL: Final = re.compile(r"^(?:平均|每|基本|累计|全年|共|已|新|再)|(?:每天|每年|每月)$")
_HEAD_YEAR_END: Final = re.compile(r"(?:19|20)\d\d\s?年的?$")
_NUMBER_TAIL: Final = re.compile(r"[\d.]+.*$")  # 实现地区生产总值863.48亿元、… → 实现地区生产总值
_PLACE_COUNT: Final = re.compile(
    r"(?:[一二两三四五六七八九十\d]+个)(?:行政区|县区|县市|区县|市县|县|区|市|乡镇)$"
)
_LIST_AFTER: Final = frozenset("、和及与")
_TARGET_PARAGRAPH: Final = re.compile(r"预期目标|主要目标")  # both end in 目标 (_target_mark relies on it)
_RATIO_UNITS: Final = frozenset({"%", "‰", "个百分点", "百分点", "倍"})


@dataclass(slots=True)
class _Quantity:
    start: int
    end: int
    value: Decimal
    unit: str
    qualifier: Qualifier
    has_multiplier: bool
    chinese: bool  # written in Chinese numerals only
    num_end: int  # end of the number itself (before the unit)
    num_start: int  # start of the number itself (after a prefix qualifier)
    latin: bool = False  # its unit is a Latin symbol (120 hm²): letters after the number are no code


_Year = tuple[int, int, int, str]  # start, end, year, text
_RANGE_YEAR: Final = 0  # the year of a range of years averaged over, which dates no figure
_RANGE_AVERAGE: Final = re.compile(r"\s?(?:的|间|期间)?\s?(?:多年)?(?:平均|年均)")


@dataclass(slots=True)
class _Read:
    """The places of a paragraph starting before ``upto``; names after it start at ``resume`` or later."""

    upto: int
    resume: int
    places: list[gazetteer.RegionMatch]


@dataclass(slots=True)
class _Context:
    """One text and what is known about it.

    Work is done where a mention needs it, and kept. Places are looked for per paragraph: in
    one holding mentions up to its last, in a heading, and back from a 全市 to the place it
    stands for; no place name spans a line break, so a paragraph read alone gives what a pass
    over the whole text finds in it. Sentence and clause starts are searched for from each
    mention (backwards in ``reverse``), target words once per sentence or paragraph.
    """

    text: str
    folded: str
    paragraphs: list[tuple[int, int, bool]]  # (start, end, is_heading)
    title: str | None
    reverse: str = ""  # folded, reversed
    report_year: int | None = None
    kind: str = "paper"  # "report" (a work report), "communique", "paper" (anything else)
    default_year: int | None = None  # the year of figures nothing else dates (communiqué, paper)
    default_from: int = 0  # … starting here
    doc_region: gazetteer.Region | None = None
    lede_region: gazetteer.Region | None = None  # when the title names none: see _lede_region
    lede_read: bool = False
    title_is_first: bool = False  # the first paragraph is the title
    title_heading_year: int | None = None
    title_target: bool = False
    title_target_rank: int = 6  # len(_HEADING_RANKS) + 1: no heading set it
    reach: dict[int, int] = field(default_factory=dict)  # by paragraph: start of its last mention
    named: dict[int, _Read] = field(default_factory=dict)  # by paragraph
    regions: dict[int, tuple[int, list[gazetteer.RegionMatch]]] = field(default_factory=dict)
    years: list[_Year] = field(default_factory=list)
    year_starts: list[int] = field(default_factory=list)
    target_words: dict[int, int] = field(default_factory=dict)  # by sentence start: first 力争 …
    past_words: dict[int, int] = field(default_factory=dict)  # by sentence start: first 去年, 累计 …
    section_marks: dict[int, int] = field(default_factory=dict)  # by paragraph start: first 预期目标 …
    opens_clause: dict[int, bool] = field(default_factory=dict)  # by place start
    opens_sentence: dict[int, bool] = field(default_factory=dict)  # by place start
    national: dict[int, bool] = field(default_factory=dict)  # by place start: 全国 as the subject
    # by the position of a 分别: the places listed before it (see _list_of_places)
    listed: dict[int, tuple[int, list[gazetteer.Region]]] = field(default_factory=dict)
    # by (level, paragraph): the last place of that level named up to that paragraph
    last_named: dict[tuple[str, int], gazetteer.Region | None] = field(default_factory=dict)
    folded_title: str = ""


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
            heading = _looks_like_heading(line)
            if i == 0 and title is None and _looks_like_title(line):
                title, heading = line.strip(), True
            paragraphs.append((pos, end, heading))
        pos = end + 1
    return _extract(text, paragraphs, title)


def _flattened_paragraphs(line: str, pos: int, paragraphs: list[tuple[int, int, bool]]) -> None:
    start = 0
    for m in _FLAT_BREAK.finditer(line):
        if line[start : m.start()].strip():
            paragraphs.append((pos + start, pos + m.start(), _looks_like_heading(line[start : m.start()])))
        start = m.end()
    if line[start:].strip():
        paragraphs.append((pos + start, pos + len(line), _looks_like_heading(line[start:])))


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


def _looks_like_heading(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 40:
        return False
    if s[-1] in "。！？!?；;，,：:":
        return False
    return not (len(s) > 25 and not _TOP_HEADING.match(s))


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
    for q, idx in zip(quantities, in_paragraph, strict=True):
        if idx != para_idx:
            para_idx = idx
            p_start, p_end, _ = _bounds(ctx, idx)
            s_stop = 0
            heading_state.advance(para_idx)
        if not s_start <= q.start < s_stop:
            s_start, s_end, s_stop = _sentence_bounds(ctx, q.start, p_start, p_end)
            sentence = text[s_start:s_end].strip()
        if sentence_metrics and sentence_metrics[-1][0] != s_start:
            sentence_metrics = []
        prev = sentence_metrics
        indicator = _indicator(ctx, q, s_start, prev)
        sentence_metrics.append((s_start, indicator, q.end))
        listed = _listed_places(ctx, q, s_start) if folded.find("分别", s_start, q.start) >= 0 else None
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


def _quantities(folded: str) -> list[_Quantity]:
    """The quantities of the text that are metrics, in order."""
    # HTML tables from PDF conversion have no sentences to read: their cells are left out.
    tables = [(m.start(), m.end()) for m in _TABLE.finditer(folded)] if "<table" in folded else []
    out: list[_Quantity] = []
    last_end = 0
    for m in CANDIDATE.finditer(folded):
        start = m.start()
        if start < last_end or (tables and any(a <= start < b for a, b in tables)):
            continue
        q = _read_quantity(folded, m)
        if q is None or not _is_metric(folded, q):
            continue
        last_end = q.end
        out.append(q)
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


def _prepare(
    text: str, folded: str, paragraphs: list[tuple[int, int, bool]], title: str | None, last: int
) -> _Context:
    """What the mentions of a text share: its title's year, region and section, its years.

    ``last`` is where the last mention starts: years are looked for only as far as one can
    date a mention (one opening the paragraph of the last mention starts before last + 6).
    """
    ctx = _Context(text, folded, paragraphs, title, folded[::-1])
    if title:
        ft = ctx.folded_title = fold_text(title)
        rm = _REPORT_TITLE.search(ft)
        if rm:
            ctx.report_year = int(rm.group(1))
            ctx.kind = "communique" if _COMMUNIQUE_TITLE.search(ft) else "report"
            if ctx.kind == "communique":
                ctx.default_year = ctx.report_year
            else:  # the session's date says which year it plans better than a file's title
                ctx.report_year = _meeting_year(folded) or ctx.report_year
        elif _ISSUER.search(ft) and (dm := _ISSUE_DATE.search(folded, 0, 200)) is not None:
            ctx.kind = "communique"
            issued, month = int(dm.group(1)), int(dm.group(2))
            ctx.report_year = ctx.default_year = issued - 1 if month <= 9 else issued
        elif "工作报告" in ft:
            ctx.kind = "report"
            ctx.report_year = _meeting_year(folded)
        else:
            ty = _TITLE_YEAR.findall(ft)
            if len(set(ty)) == 1:
                ctx.default_year = int(ty[0])
        if any(a in ft for a in gazetteer.COUNTRY_ALIASES):
            ctx.doc_region = gazetteer.regions()[gazetteer.COUNTRY_CODE]
        else:
            # the finest place the title names, not inside a company's name (山西…发电有限公司)
            found = [
                r.region
                for r in gazetteer.find_title_regions(ft)
                if r.region.level != "country" and not _LONG_NAME_AFTER_PLACE.match(ft, r.end)
            ]
            found.sort(key=lambda r: gazetteer.LEVEL_RANK[r.level])
            ctx.doc_region = found[-1] if found else None
        if ctx.doc_region is None and ctx.kind != "paper":
            # 政府工作报告 / (2018年12月26日在兴文县第十六届人民代表大会…): the place of its opening
            ctx.doc_region = _opening_region(ctx, 0, min(len(folded), 400))
        head = _TITLE_HEAD_END.split(ft, maxsplit=1)
        if len(head) == 2 and head[1]:
            ym = _YEAR.search(head[1])
            if ym:
                ctx.title_heading_year = _year_value(ctx, ym)
            ctx.title_target = bool(_TARGET_SECTION.search(head[1]))
            if ctx.title_target:
                ctx.title_target_rank = _heading_rank(head[1].lstrip("：: "))
    if ctx.folded_title and paragraphs:
        start, end, _ = paragraphs[0]
        ctx.title_is_first = end - start < len(ctx.folded_title) + 8 and (
            folded[start:end].strip() == ctx.folded_title
        )
    if ctx.kind == "paper" and ctx.default_year is None:
        survey = _survey_year(folded)
        if survey is not None:
            # the survey's figures are reported from where the paper states it (its data
            # section) on; an introduction or a study area's description before it is not dated
            ctx.default_year, ctx.default_from = survey
            ctx.default_from = folded.rfind("\n", 0, ctx.default_from) + 1
    for ym in _years_in(folded, 0, min(len(folded), last + _YEAR_REACH)):
        year = _year_value(ctx, ym)
        if year is None:
            continue
        if _YEAR_BAD_BEFORE.search(folded, max(0, ym.start() - 3), ym.start()):
            continue
        if _YEAR_BAD_AFTER.match(folded[ym.end() : ym.end() + 4]):
            continue
        if ym.group("y") and ym.start("y") > ym.start() and _RANGE_AVERAGE.match(folded, ym.end()):
            year = _RANGE_YEAR  # 2000—2014年的多年平均值: an average over a range has no single year
        ctx.years.append((ym.start(), ym.end(), year, text[ym.start() : ym.end()]))
    ctx.year_starts = [y[0] for y in ctx.years]
    return ctx


def _meeting_year(folded: str) -> int | None:
    """The year a work report without one in its title plans: from the date of the session it
    was delivered at ((2018年12月26日在兴文县第十六届人民代表大会…): a session late in a year
    reviews that year and plans the next)."""
    m = _MEETING_DATE.search(folded, 0, 400)
    if m is None:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    return year + 1 if month >= 9 else year


def _survey_year(folded: str) -> tuple[int, int] | None:
    """The year of a paper's own survey (2016年对473户农户的调查, 调研时间为2019年) and where it
    is stated, if the paper states one.

    Looked for around the survey words only (str.find skips to them; most texts have none).
    """
    for word in _SURVEY_WORDS:
        k = folded.find(word)
        seen = 0
        while k >= 0 and seen < 8:
            m = _SURVEY_YEAR.search(folded, max(0, k - 48), k + 12)
            if m:
                return int(m.group(1) or m.group(2) or m.group(3)), m.start()
            k = folded.find(word, k + 2)
            seen += 1
    return None


def _bounds(ctx: _Context, idx: int) -> tuple[int, int, bool]:
    """Paragraph ``idx``; a text without paragraphs is one."""
    return ctx.paragraphs[idx] if ctx.paragraphs else (0, len(ctx.text), False)


def _year_value(ctx: _Context, ym: re.Match[str]) -> int | None:
    if ym.group("y"):
        return int(ym.group("y"))
    rel = ym.group("rel")
    if ctx.report_year is None:
        return None
    last = ctx.report_year - 1
    return {"去年": last, "上年": last, "过去一年": last, "一年来": last, "明年": ctx.report_year + 1}.get(
        rel, ctx.report_year
    )


def _years_in(folded: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """``_YEAR.finditer(folded, start, end)``, trying _YEAR only around a 年.

    Every year holds 年 (2020年, 去年, 过去一年, 一年来); the first 年 of one is at most 12
    characters after its start (2019 - 2020年) and at most 5 before its end (2020年前三季度).
    So the year that holds the next 年 is found in a window around it, and none starts before
    it: str.find skips the text between 年s several times faster than the regex engine skips
    characters that are not among _YEAR's first ones.
    """
    pos = start
    while (k := folded.find("年", pos, end)) >= 0:
        ym = _YEAR.search(folded, max(pos, k - 12), min(end, k + 5))
        if ym is not None and ym.start() <= k:
            yield ym
            pos = ym.end()
        else:  # this 年 is in no year (三年, 年底)
            pos = k + 1


def _para_regions(ctx: _Context, idx: int, upto: int) -> list[gazetteer.RegionMatch]:
    """Places of paragraph ``idx`` (at least those starting before ``upto``); 全市/全县/我省 …
    stand for the last city/county/province named before them."""
    got = ctx.regions.get(idx)
    if got is not None and got[0] >= upto:
        return got[1]
    named = _named(ctx, idx, upto)
    start, end, _ = _bounds(ctx, idx)
    scopes = [
        s
        for s in _SCOPE_WORDS.finditer(ctx.folded, start, min(end, upto + 1))
        if s.start() < upto
        and s.group() != "全国"
        and not _YARDSTICK_BEFORE.search(ctx.folded, max(0, s.start() - 3), s.start())
    ]
    found = named
    if scopes:
        merged = sorted(named + [_scope_match(ctx, s, idx) for s in scopes], key=lambda r: r.start)
        found = [r for r in merged if r.region.code]
    ctx.regions[idx] = (upto, found)
    return found


def _named(ctx: _Context, idx: int, upto: int) -> list[gazetteer.RegionMatch]:
    """Places named in paragraph ``idx`` before ``upto`` that can scope a figure.

    A paragraph is read no further than a name starting before ``upto`` can end: after the
    last figure of a paragraph no place is needed, unless for a later 全市. Read further
    later, it is read on from where the places it holds end.
    """
    got = ctx.named.get(idx)
    if got is not None and got.upto >= upto:
        return got.places
    start, end, _ = _bounds(ctx, idx)
    read = got if got is not None else _Read(start, start, [])
    stop = min(end, upto + gazetteer.longest_name() - 1)
    covered = end if stop == end else upto
    found = [r for r in gazetteer.find_regions(ctx.folded, read.resume, stop) if r.start < covered]
    places = read.places + [r for r in found if _scopes(ctx, r)]
    ctx.named[idx] = _Read(covered, max(covered, found[-1].end if found else read.resume), places)
    return places


def _scopes(ctx: _Context, r: gazetteer.RegionMatch) -> bool:
    doc = ctx.doc_region
    if doc is not None and doc.level != "country":
        if ctx.kind != "paper" and r.region.level != "country":
            if r.region.code[:2] != doc.code[:2]:
                return False  # a provincial report's figures are the province's: others are comparisons
            if gazetteer.LEVEL_RANK[r.region.level] < gazetteer.LEVEL_RANK[doc.level]:
                return False  # 上传安徽文化云活动672个 in a county's communiqué: the county's figure
        if r.region.level == "country" and not _national_subject(ctx.folded, r.start, r.end):
            return False  # 居全国前列, 高于全国平均: 全国 as a yardstick, not as the scope
    # 上海自由贸易试验区, 落户汉中: a name or an object, not the scope of a figure
    return not (
        _NAME_AFTER_PLACE.match(ctx.folded, r.end)
        or _LONG_NAME_AFTER_PLACE.match(ctx.folded, r.end)
        or _POSTCODE_AFTER_PLACE.match(ctx.folded, r.end)
        or _OBJECT_BEFORE_PLACE.search(ctx.folded, max(0, r.start - 4), r.start)
    )


def _national_at(ctx: _Context, r: gazetteer.RegionMatch) -> bool:
    """:func:`_national_subject` for a place of the text, kept by its start."""
    got = ctx.national.get(r.start)
    if got is None:
        got = ctx.national[r.start] = _national_subject(ctx.folded, r.start, r.end)
    return got


def _national_subject(folded: str, start: int, end: int) -> bool:
    """全国 opening its clause as the subject (全国累计完成…), not as a comparison."""
    if _NATIONAL_YARDSTICK.match(folded, end):
        return False
    before = folded[max(0, start - 8) : start]
    cut = max(before.rfind(c) for c in "，,；;。：:\n、（(")
    return _strip_lead(before[cut + 1 :]) == ""


def _scope_match(ctx: _Context, s: re.Match[str], idx: int) -> gazetteer.RegionMatch:
    level = _SCOPE_LEVEL.get(s.group()[-1], "city")
    doc = ctx.doc_region
    if doc is not None and doc.level in ("city", "county") and doc.name[-1] == s.group()[-1]:
        level = doc.level  # 全区 in a paper about 徐水区, 全市 in one about a county-level city
    best: gazetteer.Region | None = None
    for r in reversed(_named(ctx, idx, s.start())):  # the last place of that level named before
        if r.start < s.start() and r.region.level == level:
            best = r.region
            break
    if best is None:
        best = _last_named(ctx, level, idx - 1)  # however far back
    if best is None and ctx.doc_region is not None and ctx.doc_region.level == level:
        best = ctx.doc_region
    if best is None and level == "province" and ctx.doc_region is not None:
        best = ctx.doc_region
    if best is None:
        best = gazetteer.Region("", "", "", "town", None)  # unresolved: dropped by the caller
    return gazetteer.RegionMatch(s.start(), s.end(), best)


def _last_named(ctx: _Context, level: str, idx: int) -> gazetteer.Region | None:
    """The last place of ``level`` named in paragraphs 0…idx, searched back from idx.

    Each paragraph passed on the way keeps the answer: the next 全市 stops there.
    """
    found: gazetteer.Region | None = None
    k = idx
    while k >= 0:
        if (level, k) in ctx.last_named:
            found = ctx.last_named[(level, k)]
            break
        found = next(
            (r.region for r in reversed(_named(ctx, k, _bounds(ctx, k)[1])) if r.region.level == level), None
        )
        if found is not None:
            break
        k -= 1
    for j in range(max(k, 0), idx + 1):
        ctx.last_named[(level, j)] = found
    return found


def _heading_rank(seg: str) -> int:
    """The level of a heading by its numbering (0 for 第一章 … len(_HEADING_RANKS) unnumbered)."""
    for rank, pattern in enumerate(_HEADING_RANKS):
        if pattern.match(seg):
            return rank
    return len(_HEADING_RANKS)


class _HeadingState:
    """The heading in force for each paragraph: its region, its year, whether it is a targets section."""

    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self.idx = -1
        self.year: int | None = ctx.title_heading_year
        self.region: gazetteer.Region | None = None
        self.target = ctx.title_target
        # the rank of the heading that set ``target`` (the title's section: 节选5/7：三、…)
        self.target_rank = ctx.title_target_rank
        self.multi = False  # in a section reviewing several years (过去五年)
        self.year_rank = len(_HEADING_RANKS)  # the rank of the heading that set ``year``
        self.para_year: int | None = None
        self.para_multi = False

    def advance(self, para_idx: int) -> None:
        if self.idx >= para_idx:
            return
        ctx = self.ctx
        while self.idx < para_idx:
            self.idx += 1
            start, end, heading = ctx.paragraphs[self.idx] if ctx.paragraphs else (0, 0, False)
            if heading:
                seg = ctx.folded[start:end]
                if self.idx > 0 or not ctx.title or seg.strip() != ctx.folded_title:
                    self._enter_heading(seg, self.idx)
        self.para_year = self._leading_year(para_idx)
        self.para_multi = False
        if self.para_year is None and ctx.paragraphs:
            start = ctx.paragraphs[para_idx][0]
            self.para_multi = _MULTI_YEAR.search(ctx.folded, start, start + 12) is not None

    def _enter_heading(self, seg: str, idx: int) -> None:
        if _RUNNING_HEADER.search(seg) or not _WORD_CHAR.search(seg) or _DATE_LINE.fullmatch(seg.strip()):
            return  # a journal's running header; a line of zero-width spaces; a date of issue
        ym = _YEAR.search(seg)
        top = bool(_TOP_HEADING.match(seg))
        year = _year_value(self.ctx, ym) if ym else None
        multi = _MULTI_YEAR.search(seg) is not None
        rank = _heading_rank(seg)
        if year is not None and not multi:
            # an unnumbered heading naming a year opens a part (2018年工作回顾) above numbered ones
            self.year, self.multi = year, False
            self.year_rank = 0 if rank == len(_HEADING_RANKS) else rank
        elif multi:
            self.year, self.multi, self.year_rank = None, True, rank
        elif top and rank <= self.year_rank:
            self.year, self.multi = None, False
        is_target = _TARGET_SECTION.search(seg) is not None
        # A heading as high as the one that opened a targets section closes it (六、… after
        # 五、展望; 参考文献 after 5 展望); a lower one inside it keeps it.
        if is_target:
            if not self.target or rank < self.target_rank:
                self.target, self.target_rank = True, rank
        elif self.target and (
            rank <= self.target_rank or (rank == len(_HEADING_RANKS) and self.target_rank >= 3)
        ):
            self.target, self.target_rank = False, len(_HEADING_RANKS) + 1
        regs = _para_regions(self.ctx, idx, _bounds(self.ctx, idx)[1])
        if regs:
            self.region = regs[0].region

    def _leading_year(self, idx: int) -> int | None:
        """A year that opens the paragraph ("2020年,宜春市…") dates the whole paragraph."""
        start, end, _ = self.ctx.paragraphs[idx] if self.ctx.paragraphs else (0, 0, False)
        i = bisect.bisect_left(self.ctx.year_starts, start)
        if i < len(self.ctx.years):
            y0, _, year, _ = self.ctx.years[i]
            nian = self.ctx.folded.find("年", start, min(end, start + 16))
            if y0 < start + 6 and y0 - start <= (nian - start if nian >= 0 else -1) + 1:
                return year if year != _RANGE_YEAR else None
        return None


def _sentence_bounds(ctx: _Context, pos: int, p_start: int, p_end: int) -> tuple[int, int, int]:
    """Start and end of the sentence around ``pos`` within its paragraph, and where it stops."""
    folded, n = ctx.folded, len(ctx.folded)
    hi = p_end if p_end > pos else n
    m = _SENT_END.search(folded, pos, hi)
    if m is None:
        return _sentence_start(ctx, pos, p_start), hi, hi
    return _sentence_start(ctx, pos, p_start), m.start() + 1, m.start()


def _sentence_start(ctx: _Context, pos: int, floor: int = 0) -> int:
    """Just after the last sentence end before ``pos`` (searched no further back than ``floor``)."""
    n = len(ctx.folded)
    m = _SENT_END.search(ctx.reverse, n - pos, n - floor)
    if m is None:
        return floor
    # A run of spaces ends a sentence at its first space (where a forward pass finds it).
    return n - m.end() + 1 if m.group()[0] == " " else n - m.start()


def _clause_start_at(ctx: _Context, pos: int, floor: int = 0) -> int:
    """Just after the last clause break before ``pos`` (searched no further back than ``floor``)."""
    n = len(ctx.folded)
    m = _CLAUSE_BREAK_RE.search(ctx.reverse, n - pos, n - floor)
    return floor if m is None else n - m.start()


# ---------------------------------------------------------------- reading one quantity


def _read_quantity(folded: str, m: re.Match[str]) -> _Quantity | None:
    """Number, multiplier, range, unit and qualifiers of one candidate, or None."""
    start, pos = m.span()
    qualifier: Qualifier = "exact"
    has_mult = False
    chinese = False
    unit = ""
    latin = False
    kind = m.lastgroup
    if kind == "num":
        # Each regex below runs only when the character at pos (c, kept up to date as pos
        # moves) can start what it looks for.
        raw = m.group()
        c = folded[pos : pos + 1]
        chinese = not raw[0].isdigit()
        if chinese:
            # 近亿, 超万: the multiplier alone is the figure
            bare = raw in _BARE_MULT and folded[start - 1 : start] in _BARE_AFTER
            if not bare and (c not in _UNIT_FIRST or not any(d in CN_DIGITS or d in "十" for d in raw)):
                return None  # no unit follows, or 万, 千 alone: 万名干部
            v = MULTIPLIERS[raw] if bare else _chinese_number(raw)
            if v is None or (v < 10 and c != "成"):
                return None  # 一个, 两类, 三项: small counts in words are phrasing, not statistics
            if folded[start - 1 : start] in ("数", "几") or raw[-1:] == "几":
                return None  # 数十公顷, 几百人, 十几个: a vague amount
            value = v
        else:
            if raw[:2] == "0 ":
                return None  # "0 200 400 km": a map's scale bar, not 400
            if raw.isascii() and "," not in raw and " " not in raw:
                value = Decimal(raw)  # 3155, 90.9: what parse_number's first test lets through
            else:
                v = parse_number(raw, folded=True)
                if v is None:
                    return None
                value = v
            sl = _FRACTION_SLASH.match(folded, pos) if c == "/" else None
            if sl and len(raw) == 4 and raw[:2] in ("19", "20") and len(sl.group(1)) <= 2:
                return None  # 2019/07/29: a date
            if sl:
                divisor = Decimal(sl.group(1))
                if divisor == 0:
                    return None
                value, unit, pos = value / divisor * 100, "%", sl.end()
        num_end = pos
        if c == "$" or (c == " " and folded[pos + 1 : pos + 2] == "$"):
            pw = _LATEX_POWER.match(folded, pos)  # 12656.69$\times 10^{8}$ 元
            if pw:
                value *= Decimal(10) ** int(pw.group(1).replace(" ", ""))
                has_mult, pos = True, pw.end()
                c = folded[pos : pos + 1]
        if not unit:
            mm = _MULT.match(folded, pos) if c in _MULT_FIRST else None
            if mm is None and c == " " and not chinese and folded[pos + 1 : pos + 2] in ("万", "亿"):
                mm = _SPACED_MULT.match(folded, pos)  # PDF text: "7.2 万 $\mathrm{hm}^2$"
            if mm and not chinese:
                value *= MULTIPLIERS[mm.group().strip()]
                has_mult, pos = True, mm.end()
                c = folded[pos : pos + 1]
            elif chinese and raw[-1] in "万亿":
                has_mult = True
            am = _APPROX_AFTER_NUM.match(folded, pos) if c in _APPROX_FIRST else None
            if am:
                qualifier = SUFFIX_QUALIFIERS[am.group()]
                pos = am.end()
                mm = _MULT.match(folded, pos)  # 1万余 → done; 10余万
                if mm and not has_mult and not chinese:
                    value *= MULTIPLIERS[mm.group()]
                    has_mult, pos = True, mm.end()
                c = folded[pos : pos + 1]
            rg = _RANGE.match(folded, pos) if c in _RANGE_FIRST or c.isspace() else None
            if rg and not _YEAR_RANGE_END.match(folded[pos : rg.end() + 1]):
                hi = parse_number(rg.group("hi"), folded=True)
                if hi is not None and (rg.group("himult") or not has_mult):
                    qualifier, pos = "at_least", rg.end()
                    c = folded[pos : pos + 1]
                    if rg.group("himult") and not has_mult:
                        value *= MULTIPLIERS[rg.group("himult")]
                        has_mult = True
            u = _unit_at(folded, pos)
            u_start = pos
            if not u and c == " " and not chinese:
                u_start = pos + 1  # PDF text: "15 %", "1 321 公里", "500 份" — not "1.1 轮作现状"
                u = _unit_at(folded, u_start)
                if (
                    len(u) == 1
                    and u not in "%‰"
                    and not has_mult
                    and ("." in raw or folded[start - 1 : start].isspace())
                ):
                    u = ""
            if not u and not chinese and (c == "$" or (c == " " and folded[pos + 1 : pos + 2] == "$")):
                lu = _LATEX_UNIT_AFTER.match(folded, pos)  # 1671.1万 $\mathrm{hm}^2$: a LaTeX unit
                if lu:
                    lunit = _latex_unit(latex_plain(lu.group(1)))
                    if lunit:
                        unit, pos, latin = lunit, lu.end(), True
            if (
                not u
                and not unit
                and not chinese
                and (c in _LATIN_FIRST or (c == " " and folded[pos + 1 : pos + 2] in _LATIN_FIRST))
            ):
                lm = _LATIN_UNIT.match(folded, pos)  # 120.5 hm², 350 kg·hm⁻², 2.5万t
                lunit = _latin_unit(lm) if lm else ""
                if lunit and lm:
                    unit, pos, latin = lunit, lm.end(), True
            if u:
                unit, pos = u, u_start + len(u)
                nxt = folded[pos : pos + 1]
                if nxt in " $":
                    lu = _LATEX_UNIT_AFTER.match(folded, pos)  # 341块 $\cdot \mathrm{km}^{-2}$
                    if lu:
                        plain = latex_plain(lu.group(1))
                        denom = LATIN_PER.get(_unit_key(plain[1:])) if plain[:1] in "×·/" else None
                        if denom:
                            unit, pos = unit + "/" + denom, lu.end()
                if nxt == "/":
                    per = _PER_UNIT.match(folded, pos)  # 元/人, 吨/日, 平方米/人
                    if per:
                        unit, pos = unit + per.group(), per.end()
                elif nxt in "(（" and u in ("人", "家", "户") and _PERSON_TIMES.match(folded, pos):
                    unit, pos = u + "次", pos + 3  # 500余人（次）
                elif u == INDEX_POINT and (
                    "." not in raw or "指数" not in folded[max(0, start - 24) : start]
                ):
                    return None  # 8点, 三点意见; 849.8点 only where an index is named
            elif folded[pos : pos + 1] == "成" and _CHENG.match(folded, pos) and (chinese or value < 10):
                value, unit, pos = value * 10, "%", pos + 1
    elif kind == "latex":
        parsed = _latex_quantity(m.group())
        if parsed is None:
            return None
        value, unit, ranged = parsed
        if ranged:
            qualifier = "at_least"
        num_end = pos
        if not unit:  # $7.7931 \times 10^6$ 人: the unit follows the fragment
            after = pos + (folded[pos : pos + 1] == " ")
            unit = _unit_at(folded, after)
            if unit in NON_METRIC_UNITS:
                return None
            if unit:
                pos = after + len(unit)
            elif "10^" in latex_plain(m.group()):
                has_mult = True  # 总人口为$5.29\times10^5$: a power of ten is a multiplier
            else:
                return None
    elif kind == "pcn":
        v = parse_number(m.group()[3:], folded=True)
        if v is None:
            return None
        value = v if m.group().startswith("百") else v / 10
        unit, chinese, num_end = "%", True, pos
    else:  # frac
        den_s, _, num_s = m.group().partition("分之")
        den, numer = parse_number(den_s, folded=True), parse_number(num_s, folded=True)
        if den is None or numer is None or den == 0:
            return None
        value, unit, num_end = numer / den * 100, "%", pos
        chinese = not any(c.isdigit() for c in m.group())
    c = folded[pos : pos + 1]
    if unit in NON_METRIC_UNITS or (c and c in NOT_AFTER_UNIT.get(unit, "")):  # "" is in every str
        return None
    if chinese and unit == "分":
        return None  # 十分严峻: 十分 is "very"
    if not unit and not has_mult:
        return None
    sq = _SUFFIX_QUAL.match(folded, pos) if c in _SUFFIX_FIRST else None
    if sq is None and kind == "latex" and c == " ":
        sq = _SUFFIX_QUAL.match(folded, pos + 1)
    if sq and not (sq.group() in ("余", "多") and qualifier != "exact"):
        if sq.group() in ("多",) and folded[sq.end() : sq.end() + 1] in ("元", "种", "样", "方", "次"):
            pass
        else:
            qualifier = SUFFIX_QUALIFIERS[sq.group()]
            pos = sq.end()
    if (qualifier == "exact" or (qualifier == "at_least" and kind != "latex")) and (
        kind == "latex" or folded[start - 1 : start] in _PREFIX_LAST
    ):
        before = folded[max(0, start - 4) : start]
        gap = len(before) - len(before.rstrip(" ")) if kind == "latex" else 0  # 约 $441 000$
        before = before[: len(before) - gap]
        for n in (3, 2, 1):  # the longest qualifier word wins: 不超过 before 超过 before 超
            q = _PREFIX_BY_WORD.get(before[-n:])
            if q is not None:
                if qualifier == "exact":
                    qualifier = q
                start -= n + gap
                break
    return _Quantity(start, pos, value, unit, qualifier, has_mult, chinese, num_end, m.start(), latin)


@lru_cache(maxsize=256)
def _chinese_number(raw: str) -> Decimal | None:
    """``parse_number(raw, folded=True)`` of a candidate in Chinese numerals, kept: the same few
    come back in every text (千, 十, 二十, 万亿 …; 48 distinct in 7,400 on the bench), and each
    costs parse_number's whole cascade of regexes."""
    return parse_number(raw, folded=True)


def _unit_at(folded: str, pos: int) -> str:
    """The longest unit (or word written like one, 月, 届 …) at ``pos``; "" when none is."""
    u = UNIT_WORD.match(folded, pos)
    return u.group() if u else ""


def _latin_unit(m: re.Match[str]) -> str:
    """The Chinese name of a Latin unit symbol (kg·hm⁻² → 千克/公顷), "" when it is none."""
    base = LATIN_UNITS.get(_unit_key(m.group("u")), "")
    per = m.group("per")
    if not base or not per:
        return base
    denom = LATIN_PER.get(_unit_key(per), "")
    return base + "/" + denom if denom else ""


def _unit_key(symbol: str) -> str:
    return symbol.translate(_SUPERSCRIPTS).replace("^", "").replace("{", "").replace("}", "").lower()


def _latex_unit(plain: str) -> str:
    """A LaTeX unit fragment's Chinese name ($\\mathrm{hm}^2$ → 公顷), "" when it is none."""
    if "[" in plain:
        plain = _LATEX_REF.sub("", plain)  # hm^2[2]: a reference mark inside the superscript
    got = LATEX_UNITS.get(plain)
    if got is not None:
        return got
    lm = _LATIN_UNIT.fullmatch(plain.replace("×", "·"))
    return _latin_unit(lm) if lm else ""


def _latex_quantity(fragment: str) -> tuple[Decimal, str, bool] | None:
    """Value, unit ("" when the unit follows the fragment) and whether it is a range."""
    plain = latex_plain(fragment)
    m = _LATEX_QUANTITY.match(plain)
    if m is None:
        first = _LATEX_FIRST_PERCENT.match(plain)  # $5 7 . 0 7 \% . 2 . 8 6 \%$: a list run together
        if first:
            return Decimal(first.group(1)), "%", False
    if not m or (plain[0] == "(" and not (m.group("pa") or m.group("pb"))):
        return None  # $\textcircled{3}$ → (3): a list marker
    value = Decimal(m.group("a"))
    if m.group("exp"):
        value *= Decimal(10) ** int(m.group("exp"))
    pct = m.group("pa") or m.group("pb")
    if pct:
        unit = pct
    elif m.group("u"):
        unit = _latex_unit(m.group("u"))
        if not unit:
            return None  # a symbol, not a unit: $5x$
    else:
        unit = ""
    return value, unit, m.group("b") is not None


def _is_metric(folded: str, q: _Quantity) -> bool:
    """Drop dates, ordinals, references, list markers and numbers inside names."""
    raw_start, num_end = q.num_start, q.num_end
    if q.unit == "年" and num_end - raw_start <= 5:
        digits = folded[raw_start:num_end]
        if _YEAR_DIGITS.fullmatch(digits):
            return False
    c = folded[raw_start - 1] if raw_start else ""  # the character before the number, read once
    if (c in _BAD_BEFORE_LAST or c.isspace()) and _BAD_BEFORE.search(
        folded, max(0, raw_start - 4), raw_start
    ):
        return False
    if q.unit in ("位", "名") and c in ("前", "第"):
        return False  # 前3位, 前10名: rankings
    after = folded[num_end : num_end + 1]
    if c in ("", "\n"):
        if after == " ":
            return False  # a section number opening a line: "1.1 轮作现状"
        if (
            num_end - raw_start <= 2
            and not q.has_multiplier
            and q.qualifier == "exact"
            and q.start == raw_start
        ):
            line_end = folded.find("\n", num_end, num_end + 30)
            line = folded[num_end : line_end if line_end >= 0 else num_end + 30]
            if (line_end >= 0 or num_end + 30 >= len(folded)) and not _SENTENCE_PUNCT.search(line):
                return False  # "2支撑体系", "3研究方法": a section number glued to its heading
    if after in _BAD_AFTER_FIRST and not q.latin and _BAD_AFTER.match(folded, num_end):
        return False
    if q.chinese:  # 十四五, 两个一百年: names are written in Chinese numerals
        lo = max(0, raw_start - 6)
        for nm in NAME_PATTERNS.finditer(folded, lo, q.end + 6):
            if nm.start() < num_end and nm.end() > raw_start:
                return False
    lo = max(0, raw_start - 12)
    return _QUOTE_OPEN.search(folded, lo, raw_start) is None or not _in_short_quote(folded, raw_start, q.end)


def _in_short_quote(folded: str, start: int, end: int) -> bool:
    lo = max(0, start - 12)
    left = folded[lo:start]
    for open_q, close_q in _QUOTE_PAIRS.items():
        i = left.rfind(open_q)
        if i < 0 or (close_q in left[i + 1 :] and open_q != close_q):
            continue
        j = folded.find(close_q, end, end + 12)
        if j >= 0 and j - (lo + i) <= 14:
            return True
    return False


# ---------------------------------------------------------------- indicator


def _indicator(
    ctx: _Context, q: _Quantity, s_start: int, prev: list[tuple[int, str | None, int]]
) -> str | None:
    """The shortest noun phrase naming what the quantity measures."""
    folded = ctx.folded
    start = q.start
    prev_ind = prev[-1][1] if prev else None
    prev_end = prev[-1][2] if prev else s_start
    floor = max(s_start, prev_end)
    if folded.rfind("分别", max(s_start, start - 60), start) >= 0:
        listed = _fenbie(folded, q, s_start)
        if listed:
            return listed
    head_end = start
    if folded[start - 1 : start] in (")", "）"):  # 地区生产总值(GDP)1403.24亿元: skip an aside
        k = max(
            folded.rfind("(", max(floor, start - 12), start),
            folded.rfind("（", max(floor, start - 12), start),
        )
        if k > floor:
            head_end = k
    head_raw = folded[_clause_start_at(ctx, head_end, floor) : head_end]
    if prev and prev_end == start and prev_ind:  # 679户2123人: the pair shares its indicator
        return prev_ind
    ratio = _ratio(head_raw)
    if ratio:
        return ratio
    tail = _tail_noun(folded, q)
    # 1248家扶贫车间, 416项行政审批事项; 30%的贫困户
    if tail and (
        q.unit not in _RATIO_UNITS or (q.unit == "%" and folded[q.end : q.end + 2].lstrip()[:1] == "的")
    ):
        return tail
    head = _clean_head(head_raw)
    if tail and not head:
        return tail
    if "等" in head_raw and (head.endswith("等") or head_raw.rstrip().endswith("等")):
        head = _clean_head(folded[_clause_start(folded, start, floor, "，,；;。：:") : start])
    growth = bool(head) and _GROWTH.match(head) is not None
    if growth and prev_ind:
        if _GROWTH_END.search(prev_ind) or prev_ind.endswith(head):
            return prev_ind  # 增长…，增长: one growth word, not 增长增长
        return _cap(prev_ind + head)
    if head and not growth:
        return _cap(head)
    if tail:
        return tail
    if head and prev_ind:
        return _cap(prev_ind + head)
    return head or prev_ind or _earlier_clause_subject(ctx, head_end, floor)


def _earlier_clause_subject(ctx: _Context, pos: int, floor: int) -> str | None:
    """中国淡水资源总量丰富，达28000亿m³; 农业用水量（约3870亿m³）: a figure whose clause names
    nothing measures the subject of the clause (or the words) just before it."""
    folded = ctx.folded
    cs = _clause_start_at(ctx, pos, floor)
    if cs <= floor or folded[cs - 1] not in "，,（(" or _strip_tail(folded[cs:pos].strip()):
        return None  # the clause names something (节能降碳改造100万千瓦), not only 达, 为 …
    head = _clean_head(folded[_clause_start_at(ctx, cs - 1, floor) : cs - 1])
    return _cap(head) if head else None


def _cap(s: str) -> str:
    return s[-_MAX_INDICATOR:]


def _clause_start(folded: str, pos: int, floor: int, breaks: str = _CLAUSE_BREAK) -> int:
    i = pos - 1
    while i >= floor and folded[i] not in breaks:
        i -= 1
    return max(i + 1, floor)


def _clean_head(head: str) -> str:
    # strip places named at the front (江西, 赣州市 …) and what _LEAD_STRIP lists
    s = head[head.rfind("$") + 1 :]  # a LaTeX fragment before the indicator is not part of it
    for _ in range(3):
        before = s
        s = _strip_lead(s)
        s = s[gazetteer.leading_name_length(s) :]
        if s == before:
            break
    cut = cut_start = None
    for m in _CUT_ANY.finditer(s):
        cut, cut_start = m.end(), m.start()
    if cut is not None and cut < len(s) and not _GROWTH.match(s[cut:]):
        s = s[cut:]
    elif cut == len(s) and cut_start is not None and s[cut_start:cut].rstrip("了") not in _OBJECT_VERBS:
        # 地区生产总值完成21.1亿元: the verb ends the head, what it completes comes before it
        before = _strip_tail(s[:cut_start])
        k = -1
        for m in _CUT_ANY.finditer(before):
            k = m.end()
        s = before[k:] if k >= 0 and k < len(before) else ("" if k >= 0 else before)
        if len(s) <= 2 or _ADVERBIAL.search(s):
            s = ""  # 基本建成, 平均每天新增: no measure before the verb
    elif cut == len(s):
        s = ""  # 基本建成544万套: what the verb makes follows it (the tail noun) or went before
    cmp = _COMPARISON.search(s)
    if cmp and cmp.start() > 0:
        s = s[: cmp.start()]
    if "年" in s[-3:]:
        s = _HEAD_YEAR_END.sub("", s)  # 降至2009年的62%: the year is not the measure
    s = _strip_lead(_strip_tail(s))
    return s if _HAN.search(s) else ""


def _strip_lead(s: str) -> str:
    """``s`` without the lead words of _LEAD_STRIP; the regex runs only when one can open it."""
    if s and (s[0] in _LEAD_FIRST or s[0].isspace()):
        return _LEAD_STRIP.sub("", s)
    return s


def _strip_tail(s: str) -> str:
    """``s`` without its longest tail made of _TAIL_WORDS and spaces (…达到, …约, …增加到).

    Such a tail holds none but their characters: the regex is tried only from where the
    text's last run of them starts, not from every position of the text.
    """
    q = len(s.rstrip(_TAIL_CHARS))
    if q == len(s):
        return s
    m = _TAIL_STRIP.search(s, q)
    return s if m is None else s[: m.start()]


def _ratio(head_raw: str) -> str | None:
    """占外出务工贫困人口的30.5% → 占外出务工贫困人口."""
    head_raw = head_raw.rstrip()
    if not head_raw.endswith("的"):
        return None
    i = head_raw.rfind("占")
    if i < 0:
        return None
    return head_raw[i:-1] or None


def _tail_noun(folded: str, q: _Quantity) -> str | None:
    rest = folded[q.end : q.end + 16]
    if rest and (rest[0] in _TAIL_LEAD_FIRST or rest[0].isspace()):
        rest = rest[_TAIL_LEAD.match(rest).end() :]  # type: ignore[union-attr]  # it matches ""
    if (
        not rest
        or not "\u4e00" <= rest[0] <= "\u9fff"
        or (rest[0] in _VERB_FIRST and _VERB_START.match(rest))
    ):
        return None
    m = _TAIL_NOUN_STOP.search(rest)
    noun = _strip_tail(rest[: m.start()] if m else rest)
    return noun if noun and _HAN.search(noun) else None


def _fenbie(folded: str, q: _Quantity, s_start: int) -> str | None:
    """A、B分别增长x%、y%: pair each value with its item."""
    lo = max(s_start, q.start - 60)
    k = folded.rfind("分别", lo, q.start)
    if k < 0:
        return None
    seg = folded[lo : q.start]
    k -= lo
    between = seg[k + 2 :]
    if _CLAUSE_END.search(between):
        return None
    c = max(seg.rfind(ch, 0, k) for ch in "，,；;：:")
    subject = _clean_head(seg[c + 1 : k]) if c >= 0 else _clean_head(seg[:k])
    verb = _FENBIE_VERB.match(between)
    verb_s = verb.group() if verb else ""
    index = len(_LIST_SEP.findall(between))
    items = [x for x in _LIST_SEP.split(subject) if x]
    if len(items) >= 2 and index < len(items):
        item = items[index]
        last = items[-1]
        if len(item) <= 3 and len(last) > len(item):  # 第一、第三产业增加值 → 第一产业增加值
            item = item + last[len(items[index]) :] if last.startswith(item[:1]) else item + last[2:]
        return _cap(item + verb_s)
    return _cap(subject + verb_s) if subject else None


def _listed_places(ctx: _Context, q: _Quantity, s_start: int) -> tuple[gazetteer.Region, str] | None:
    """香洲、金湾和斗门三个行政区分别实现地区生产总值863.48亿元、351.27亿元和188.49亿元: each
    figure is its place's, and measures what follows 分别 (地区生产总值; …，分别增长 → …增长).

    The places are the doc region's subdivisions or names the gazetteer knows; None when the
    items are not all places.
    """
    folded = ctx.folded
    k = folded.rfind("分别", s_start, q.start)
    if k < 0:
        return None
    between = folded[k + 2 : q.start]
    if _CLAUSE_END.search(between):
        return None
    index = len(_LIST_SEP.findall(between))
    got = ctx.listed.get(k)
    if got is None:
        got = ctx.listed[k] = _list_of_places(ctx, k, s_start)
    first, places = got
    if index >= len(places):
        return None  # not a list of places (none), or more figures than places
    region = places[index]
    what = _clean_head(_NUMBER_TAIL.sub("", between))
    if first != k:  # …，分别增长: the measure of the earlier list, then this verb
        end = _CLAUSE_END.search(folded, first + 2, k)
        earlier = folded[first + 2 : end.start() if end else k]
        what = _clean_head(_NUMBER_TAIL.sub("", earlier)) + what
    return region, _cap(what)


def _list_of_places(ctx: _Context, k: int, s_start: int) -> tuple[int, list[gazetteer.Region]]:
    """The places listed before the 分别 at ``k`` (or before an earlier 分别 of the sentence,
    at the position returned with them: …，分别增长); no places when the items are not all places."""
    folded = ctx.folded
    first = k
    while True:
        c = max(folded.rfind(ch, s_start, first) for ch in "，,；;：:")
        subject = folded[(c + 1 if c >= 0 else s_start) : first]
        if subject.strip() or c < 0:
            break
        first = folded.rfind("分别", s_start, c)
        if first < 0:
            return k, []
    items = [x for x in _LIST_SEP.split(_strip_lead(subject.strip())) if x]
    if len(items) < 2:
        return k, []
    places: list[gazetteer.Region] = []
    for x in items:
        p = _place_named(ctx, _PLACE_COUNT.sub("", x))
        if p is None:
            return k, []
        places.append(p)
    return first, places


def _place_named(ctx: _Context, name: str) -> gazetteer.Region | None:
    found = gazetteer.lookup(name)
    if found is not None:
        return found
    doc = ctx.doc_region
    return gazetteer.children_by_short_name(doc.code).get(name) if doc is not None else None


# ---------------------------------------------------------------- region, year, target


def _region_for(
    ctx: _Context, pos: int, s_start: int, p_idx: int, p_start: int, hs: _HeadingState
) -> gazetteer.Region | None:
    if p_idx == 0 and ctx.doc_region is not None and ctx.title_is_first:
        return ctx.doc_region  # a figure in the title: the title's place, read as a whole
    regions = _para_regions(ctx, p_idx, ctx.reach[p_idx])
    i = len(regions) - 1
    while i >= 0 and regions[i].start >= pos:
        i -= 1
    k = i
    yardstick: gazetteer.Region | None = None
    while k >= 0 and regions[k].start >= s_start:  # sentence: a place that opens a clause, or 全市
        r = regions[k]
        if r.region.level == "country" and not _national_at(ctx, r):
            # 其中新疆农业用水量在全国最高: 全国 is the yardstick where another place is the subject
            yardstick = yardstick or r.region
        elif _opens_clause(ctx, r.start) or _SCOPE_WORDS.fullmatch(ctx.folded, r.start, r.end):
            return _finest_adjacent(regions, k, i)
        k -= 1
    if yardstick is not None:
        return yardstick
    # paragraph: a place that opens one of the earlier sentences of this paragraph
    j = i
    while j >= 0:
        r = regions[j]
        if _opens_sentence(ctx, r.start, p_start) and not _below_doc(ctx, r.region):
            return _finest_adjacent(regions, j, i)
        j -= 1
    if hs.region is not None:
        return hs.region
    if ctx.doc_region is None and not ctx.lede_read:
        ctx.lede_read = True
        ctx.lede_region = _lede_region(ctx)
    return ctx.doc_region or ctx.lede_region


def _lede_region(ctx: _Context) -> gazetteer.Region | None:
    """A text without a title naming a place (a news item) is about the first place its first
    paragraph names (在日照市五莲县第十七届人民代表大会… → 五莲县)."""
    if not ctx.paragraphs:
        return None
    start, end, _ = ctx.paragraphs[0]
    return _opening_region(ctx, start, min(end, start + 200))


def _opening_region(ctx: _Context, start: int, end: int) -> gazetteer.Region | None:
    """The first place named in ``folded[start:end]`` that can scope figures, at its finest."""
    found = [r for r in gazetteer.find_regions(ctx.folded, start, end) if r.region.level != "country"]
    found = [r for r in found if _scopes(ctx, r)]
    return _finest_adjacent(found, 0, len(found) - 1) if found else None


def _finest_adjacent(regions: list[gazetteer.RegionMatch], k: int, last: int) -> gazetteer.Region:
    """河南滑县, 山西省大同市: a place followed at once by one inside it names the inner one."""
    r = regions[k]
    while k < last:
        nxt = regions[k + 1]
        code = r.region.code
        prefix = code[:2] if r.region.level == "province" else code[:4]
        if (
            nxt.start != r.end
            or r.region.level not in ("province", "city")
            or nxt.region.code[: len(prefix)] != prefix
        ):
            break
        r, k = nxt, k + 1
    return r.region


def _below_doc(ctx: _Context, region: gazetteer.Region) -> bool:
    """In a provincial text a city named in an earlier sentence does not scope later ones (nor 全国)."""
    doc = ctx.doc_region
    if doc is None or doc.level == "country":
        return False
    return region.level == "country" or gazetteer.LEVEL_RANK[region.level] > gazetteer.LEVEL_RANK[doc.level]


def _opens_clause(ctx: _Context, pos: int) -> bool:
    """赣州市发展…, 并在全市建成…: the place is the clause's subject, not an object or a name part."""
    got = ctx.opens_clause.get(pos)
    if got is None:
        got = ctx.opens_clause[pos] = len(_strip_lead(ctx.folded[_clause_start_at(ctx, pos) : pos])) <= 3
    return got


def _opens_sentence(ctx: _Context, pos: int, p_start: int) -> bool:
    got = ctx.opens_sentence.get(pos)
    if got is None:
        lead = _strip_lead(ctx.folded[_sentence_start(ctx, pos, p_start) : pos])
        got = ctx.opens_sentence[pos] = len(lead) <= 3
    return got


def _listed_year(
    ctx: _Context, i: int, q: _Quantity, s_start: int, prev: list[tuple[int, str | None, int]]
) -> tuple[int, str] | None:
    """2004年、2008年投资总额分别为783.5亿元和1088.2亿元: the n-th figure of a clause after a
    list of years (ending with year ``i``) is the n-th year's."""
    folded = ctx.folded
    # the figure's place in its clause's list (783.5亿元和1088.2亿元 → 0, 1); ``prev`` ends with it
    clause = _clause_start(folded, q.start, s_start, "，,；;。")
    order = sum(1 for p in prev[:-1] if p[2] > clause)
    if order == 0 and folded[q.end : q.end + 1] not in _LIST_AFTER and "分别" not in folded[clause : q.start]:
        return None  # one figure after 2016年、2017年: the years' total, dated by the last
    j = i
    while j > 0 and ctx.years[j - 1][0] >= s_start:
        gap = ctx.folded[ctx.years[j - 1][1] : ctx.years[j][0]]
        if len(gap) > 3 or gap.strip(" 、和与及,，") != "":
            break
        j -= 1
    if j == i or order > i - j:
        return None
    _, _, year, text = ctx.years[j + order]
    return (year, text) if year != _RANGE_YEAR else None


def _year_for(
    ctx: _Context,
    q: _Quantity,
    s_start: int,
    hs: _HeadingState,
    target: bool,
    prev: list[tuple[int, str | None, int]],
) -> tuple[int | None, str | None]:
    pos = q.start
    if ctx.kind == "communique" and ctx.default_year is not None:
        return ctx.default_year, None  # a communiqué's figures are its year's, whatever else is named
    k = ctx.folded.find("年均", max(s_start, pos - 12), pos)
    if k >= 0 and not _CLAUSE_END.search(ctx.folded, k, pos):
        return None, None  # 截止2016年底…，年均增长9.5%: a rate over several years, none of them named
    i = bisect.bisect_left(ctx.year_starts, pos) - 1
    if i >= 0 and ctx.years[i][0] >= s_start and ctx.years[i][1] <= pos:
        if i > 0 and ctx.years[i - 1][0] >= s_start:
            listed = _listed_year(ctx, i, q, s_start, prev)
            if listed is not None:
                return listed
        _, _, year, text = ctx.years[i]
        if year == _RANGE_YEAR:
            return None, None
        return year, text
    if hs.para_year is not None:
        return hs.para_year, None
    if hs.year is not None:
        return hs.year, None
    if hs.multi or hs.para_multi:
        return None, None  # 过去五年: several years, none of them named
    if ctx.default_year is not None and pos >= ctx.default_from:
        return ctx.default_year, None
    if ctx.kind == "report" and ctx.report_year is not None:  # the year X report reviews X-1, plans X
        return (ctx.report_year if target else ctx.report_year - 1), None
    return None, None


def _is_target(ctx: _Context, pos: int, s_start: int, s_end: int, p_idx: int, hs: _HeadingState) -> bool:
    if _first(ctx.target_words, _TARGET_WORDS, ctx.folded, s_start, s_end) < pos:
        return True
    if ctx.report_year is not None:  # 到2027年 in a 2025 report: a plan
        i = bisect.bisect_left(ctx.year_starts, pos) - 1
        if i >= 0 and ctx.years[i][0] >= s_start and ctx.years[i][2] > ctx.report_year:
            return True
    start, end, _ = _bounds(ctx, p_idx)
    if _target_mark(ctx, start, end) < pos:
        return True
    if hs.target:
        return _first(ctx.past_words, _PAST_WORDS, ctx.folded, s_start, s_end) >= pos
    return False


def _target_mark(ctx: _Context, start: int, end: int) -> int:
    """Where 预期目标 or 主要目标 first appears in the paragraph [start, end) (``end`` if not).

    Both end in 目标: str.find skips to it several times faster than the regex engine tries
    every character as a first one (most paragraphs have neither).
    """
    got = ctx.section_marks.get(start)
    if got is None:
        k = ctx.folded.find("目标", start + 2, end)
        m = _TARGET_PARAGRAPH.search(ctx.folded, k - 2, end) if k >= 0 else None
        got = ctx.section_marks[start] = m.start() if m else end
    return got


def _first(seen: dict[int, int], pattern: re.Pattern[str], folded: str, start: int, end: int) -> int:
    """Where ``pattern`` first matches in the sentence [start, end) (``end`` if not).

    What a pass over the whole text finds there: none of the words spans a sentence end.
    """
    got = seen.get(start)
    if got is None:
        m = pattern.search(folded, start, end)
        got = seen[start] = m.start() if m else end
    return got
