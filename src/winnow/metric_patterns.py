"""The patterns of metric extraction: the candidate regex, unit and qualifier tables, word lists.

Module constants only, compiled once at import; the other ``metric_*`` modules and
``winnow.metrics`` read them. The names with a leading underscore are shared among those
modules, not a public API.
"""

from __future__ import annotations

import re
import re._constants as sre_c
import re._parser as sre_p
from typing import Any, Final

from winnow.records import Qualifier
from winnow.units import NON_METRIC_UNITS, PER_UNITS, UNITS

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


_SPACES: Final = "".join(c for c in map(chr, range(0x3001)) if c.isspace())  # what \s matches


def first_chars(pattern: re.Pattern[str]) -> frozenset[str]:
    """Every character a non-empty match of ``pattern`` can start with.

    The guard sets of the extractor are made by it: ``c in first_chars(p)`` is tested before
    ``p.match(text, pos)`` where ``c`` is the character at ``pos``, a set look-up being much
    cheaper than starting the regex engine. The set is read from the parsed pattern (look-arounds
    are not followed, so it may hold characters where a match then fails, never too few); a
    pattern whose first character can be anything (``.``, ``\\d``, ``[^…]``) raises ValueError.
    """
    return _end_chars(pattern, last=False)


def last_chars(pattern: re.Pattern[str]) -> frozenset[str]:
    """Every character a non-empty match of ``pattern`` can end with (see :func:`first_chars`)."""
    return _end_chars(pattern, last=True)


def _end_chars(pattern: re.Pattern[str], *, last: bool) -> frozenset[str]:
    if pattern.flags & re.IGNORECASE:
        raise ValueError(f"{pattern.pattern!r} ignores case: no guard set is made for it")
    return _ends(sre_p.parse(pattern.pattern, pattern.flags), last, pattern.pattern)[0]


def _ends(seq: Any, last: bool, source: str) -> tuple[frozenset[str], bool]:
    """The characters a match of the parsed sequence ``seq`` can start (or end) with, and
    whether it can match the empty string."""
    out: set[str] = set()
    for op, av in reversed(list(seq)) if last else seq:
        if op is sre_c.LITERAL:
            return frozenset(out | {chr(av)}), False
        if op is sre_c.IN:
            return frozenset(out | _in_set(av, source)), False
        if op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
            continue  # zero width
        if op is sre_c.SUBPATTERN:
            if av[1] & re.IGNORECASE:  # (?i:…)
                raise ValueError(f"{source!r} ignores case: no guard set is made for it")
            chars, empty = _ends(av[3], last, source)
        elif op is sre_c.BRANCH:
            got = [_ends(b, last, source) for b in av[1]]
            chars, empty = frozenset().union(*(g[0] for g in got)), any(g[1] for g in got)
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT):
            chars, empty = _ends(av[2], last, source)
            empty = empty or av[0] == 0
        elif op is sre_c.ATOMIC_GROUP:
            chars, empty = _ends(av, last, source)
        else:
            raise ValueError(f"{source!r}: no guard set for {op}")
        out |= chars
        if not empty:
            return frozenset(out), False
    return frozenset(out), True


def _in_set(items: Any, source: str) -> frozenset[str]:
    out: set[str] = set()
    for op, av in items:
        if op is sre_c.LITERAL:
            out.add(chr(av))
        elif op is sre_c.RANGE:
            out.update(map(chr, range(av[0], av[1] + 1)))
        elif op is sre_c.CATEGORY and av is sre_c.CATEGORY_SPACE:
            out.update(_SPACES)
        else:  # a negated set, \d, \w: too many characters to list
            raise ValueError(f"{source!r}: no guard set for {op} {av}")
    return frozenset(out)


# What can follow a number that is a candidate: the first character of a unit, 成 or a
# qualifier. A numeral in Chinese characters is a candidate only when one follows it.
_UNIT_FIRST: Final = frozenset(u[0] for u in (*UNITS, *NON_METRIC_UNITS)) | frozenset("成余多来万亿%")
_CN_UNIT_FIRST: Final = re.escape("".join(sorted(_UNIT_FIRST)))
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
_MULT_FIRST: Final = first_chars(_MULT)
_APPROX_AFTER_NUM: Final = re.compile(r"余|多|来(?=[万亿个人户家元])")
_APPROX_FIRST: Final = first_chars(_APPROX_AFTER_NUM)
_BARE_MULT: Final = frozenset(("亿", "万", "千万", "百万", "万亿"))
_BARE_AFTER: Final = frozenset("近超逾上")
_RANGE: Final = re.compile(
    r"\s?(?:%|个百分点)?\s?[-—–~～至到]{1,2}\s?"
    rf"(?P<hi>\d+(?:\.\d+)?|[{_CN_NUM}]+(?:点[零〇一二三四五六七八九]+)?)"
    r"(?P<himult>万亿|亿|万|千(?![米瓦克伏]))?"
)
_RANGE_FIRST: Final = first_chars(_RANGE)
_CHENG: Final = re.compile(r"成(?![为本功立果效绩员就果长熟])")
_SUFFIX_QUAL: Final = re.compile(r"以上|以下|以内|左右|上下|之多|有余|余|多")
_SUFFIX_FIRST: Final = first_chars(_SUFFIX_QUAL)
_FRACTION_SLASH: Final = re.compile(r"/(\d+)")
_LATEX_UNIT_AFTER: Final = re.compile(r"\s?(\$[^$\n]{1,40}\$)")
# 12656.69$\times 1 0 ^ { 8 }$ 元: a power of ten in LaTeX after a plain number.
_LATEX_POWER: Final = re.compile(r"\s?\$\s*\\times[\s{]*1\s*0\s*\^\s*\{?\s*(-?\s*\d)\s*\}?\s*\$")
# A Latin unit after a number (PDF text): 120.5 hm², 350 kg·hm⁻², 2.5万t, 3.2亿m³, 5 t/hm2.
_SUPERSCRIPTS: Final = str.maketrans({"²": "2", "³": "3", "¹": "1", "⁻": "-", "−": "-", "—": "-"})
_LATIN_SYMBOL: Final = (
    r"(?P<u>min|[kKhHcmMgGtlL][mMgWwaA]?[hH]?(?:\^?\{?[23²³]\}?)?)"
    r"(?:\s?(?:[·•/]|\\cdot)\s?(?P<per>[hHkKmadsh]{1,2}(?:\^?\{?[-⁻−]?[123¹²³]\}?)?|人|亩))?"
    r"(?![A-Za-z\d])"
)
_LATIN_UNIT: Final = re.compile(r"\s?" + _LATIN_SYMBOL)
_LATIN_FIRST: Final = first_chars(re.compile(_LATIN_SYMBOL))  # after one space at most
_PER_UNIT: Final = re.compile(
    "/(?:" + "|".join(sorted(map(re.escape, PER_UNITS), key=len, reverse=True)) + ")"
)
_PERSON_TIMES: Final = re.compile(r"[(（]次[)）]")  # 500余人（次）: 人次
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
_BAD_BEFORE_LAST: Final = last_chars(_BAD_BEFORE)
_BAD_AFTER: Final = re.compile(r"[A-Za-z+＋]|\.\d|\]")
_BAD_AFTER_FIRST: Final = first_chars(_BAD_AFTER)
# A sentence end, or two spaces or more (paragraphs flattened into one line); written to open
# with a set, so the regex engine skips other characters without trying the pattern.
_SENT_END: Final = re.compile(r"[。！？!?\n　 ](?:(?<! )| +)")
_CLAUSE_BREAK: Final = "，,；;：:、。！？!?\n（）()《》"
_CLAUSE_BREAK_RE: Final = re.compile("[" + re.escape(_CLAUSE_BREAK) + "]")
# Every match holds 年, at most 12 characters after its start and 5 before its end (_years_in relies on it).
_YEAR: Final = re.compile(
    r"(?=[12去今上明本过一])"
    r"(?:(?:19|20)\d{2}\s?[-—–~～至到一]\s?)?(?P<y>(?:19|20)\d{2})\s?年(?P<suf>底|末|初|年底|年末|上半年|前三季度|度)?"
    r"|(?P<rel>去年|今年|上年|明年|本年|过去一年|一年来)"
)
_YEAR_REACH: Final = 6 + 24  # _leading_year's reach after a paragraph start, and more than a year's length
_YEAR_BAD_BEFORE: Final = re.compile(
    r"(?:比|较|超|同比|相比|与|对比|于|自|按|是|那|在|获)\s?$"
)  # 获2016年…奖: a name
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
# 李广东[18]: a cited author whose given name is a place name
_CITED_NAME: Final = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff]{2}\[\d")
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
_COPULAS: Final = ("是", "为", "属", "属于")
_IS_BEFORE: Final = ("为", "是")
_NAMED_AS: Final = re.compile(r"\s?[，,；;]")
_SCOPE_WORDS: Final = re.compile(
    r"全国|全省|全区|全市|全州|全县|全旗|我省|我区|我市|我县|本省|本市|本县|本区|全盟|该[省市县区州旗](?![域场份级])"
)
_SCOPE_LEVEL: Final = {
    "省": "province",
    "区": "province",
    "市": "city",
    "州": "city",
    "盟": "city",
    "县": "county",
    "旗": "county",
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
_ISSUE_DATE: Final = re.compile(  # 2012年3月19日, (2018年4月16日)
    r"^\s*[(（]?\s*((?:19|20)\d{2})\s?年\s?(\d{1,2})\s?月\s?\d{1,2}\s?日\s*[)）]?\s*$", re.M
)
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
_STUDY_REACH: Final = 3000  # where a paper's title, abstract and study-area statement are
_OPENING_YEAR: Final = re.compile(r"\s*(?:19|20)\d\d\s?年[,，]")  # 2021年,是…: a communiqué's opening
_REPORT_MARKS: Final = re.compile(r"政府工作报告|各位代表|人民代表大会")
_PAPER_MARKS: Final = re.compile(r"摘\s?要|关键词|参考文献|[Aa]bstract|引言")
_SURVEY_WORDS: Final = ("调查", "调研", "问卷", "基准", "基期")
_SURVEY_YEAR: Final = re.compile(  # a survey that collected the paper's data, or its base year, and its year
    r"((?:19|20)\d{2})\s?年[^。；;\n]{0,24}?\d+\s?(?:户|份|名|位|个|家)[^。；;\n]{0,10}?(?:调查|调研|问卷)"
    r"|((?:19|20)\d{2})\s?年[^。；;\n]{0,20}?(?:问卷调查|入户调查|抽样调查|实地调查|田野调查|实地调研|入户调研)"
    r"|(?:调查|调研)时间(?:为|是)\s?((?:19|20)\d{2})\s?年"
    # 2017年3—6月，…赴某县…，进行了实地调研: a survey dated by its months, the sentence on
    r"|((?:19|20)\d{2})\s?年\s?\d{1,2}\s?(?:[-—–~～至到一]\s?\d{1,2}\s?)?月[^。；;\n]{0,60}?(?:调查|调研|问卷)"
    # 以2013年为基准年, 基准年为2013年: the year of the data the paper studies
    r"|以((?:19|20)\d{2})\s?年为(?:研究)?(?:基准年|基期|基准)"
    r"|(?:基准年|基期)(?:为|是|选取|选定为)\s?((?:19|20)\d{2})\s?年"
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
    "仅为", "仅", "此次", "本次", "该省", "该市", "该县", "该区",
)  # fmt: skip
_LEAD_STRIP: Final = re.compile(
    r"^(?:(?:19|20)\d{2}\s?年(?:底|末|初|以来|度)?|" + _by_first(_LEAD_WORDS) + r"|[,，、\s])+"
)
_LEAD_FIRST: Final = first_chars(_LEAD_STRIP)
# Verbs and qualifiers that end a head before the number (达到, 约, 增加到 …): stripped.
_TAIL_WORDS: Final = (
    "达到了", "达到", "达", "为", "是", "共计", "合计", "总计", "累计", "共", "约", "超过", "超出",
    "超", "突破", "逾", "近", "接近", "将近", "不足", "不到", "至少", "不低于", "不少于", "不超过",
    "分别", "增加到", "提高到", "提升到", "下降到", "降至", "降到", "增至", "稳定在", "保持在",
    "控制在", "在", "到", "至", "了", "已", "均", "只有", "仅", "有", "大约", "多达", "高达", "等",
    "从", "由", "收于", "收报", "只有", "只需要", "只需", "需要", "仅为", "仅占", "可达", "即可", "约为",
    "约占", "只", "的", "一直", "出现",
)  # fmt: skip
_TAIL_STRIP: Final = re.compile("(?:" + _by_first(_TAIL_WORDS) + r"|\s)+$")
_TAIL_CHARS: Final = "".join(sorted(set("".join(_TAIL_WORDS)))) + _SPACES
_GROWTH: Final = re.compile(
    r"^(?:同比|比上年|较上年|比上年末|较上年末|年均|分别)*"
    r"(?:增长|下降|提高|增加|减少|提升|上涨|回落|降低|增幅|降幅|扩大|缩小)了?$"
)
_GROWTH_END: Final = re.compile(r"(?:增长|下降|提高|增加|减少|提升|上涨|回落|降低|增幅|降幅|扩大|缩小)$")
# Where a noun after the number stops: 全部|实现|的|，|…|以上|…|等(?!Han)|…|\s|\d|三个…, written
# (like CANDIDATE) to open with the set of first characters.
_TAIL_NOUN_STOP: Final = re.compile(
    r"[全实以左等通得进开一二两三四五六七八九十的，,、。；;：:（(和与及均都已被获达在且只同\s\d]"
    r"(?:(?<=全)部|(?<=实)现|(?<=以)[上下]|(?<=左)右|(?<=等)(?![\u4e00-\u9fff])|(?<=通)过|(?<=得)到"
    r"|(?<=进)行|(?<=开)展|(?<=[一二两三四五六七八九十])[一二两三四五六七八九十]*[个名家户人]"
    r"|(?<=只)(?=[能有是需])|(?<=同)时"  # 缺口只能…, 水分消耗同时增产
    r"|(?<=[的，,、。；;：:（(和与及均都已被获达在且\s\d]))"
)
_VERB_START: Final = re.compile(
    r"^(?:全部|实现|以上|以下|左右|和|与|及|等|均|都|已|被|获|通过|得到|达|进行|开展|次|增长|下降|提高|"
    r"左右|是|为|占|的|用于|投入|以|在|向|从|到|之|中|内|后|前|来|时|上|下|间|多)"
)
_VERB_FIRST: Final = first_chars(_VERB_START)
_HAN: Final = re.compile(r"[\u4e00-\u9fff]")

_QUOTE_PAIRS: Final = {"“": "”", '"': '"', "「": "」", "‘": "’"}
_QUOTE_OPEN: Final = re.compile('[“"「‘]')
_MAX_INDICATOR: Final = 24
_TABLE: Final = re.compile(r"<table.*?(?:</table>|\Z)", re.S)
_YEAR_RANGE_END: Final = re.compile(r"\s?[-—–~～至到]{1,2}\s?(?:19|20)\d\d年")
_YEAR_DIGITS: Final = re.compile(r"\s*(?:19|20)\d\d|[零〇一二三四五六七八九]{4}")
_TAIL_LEAD: Final = re.compile(r"^\s*(?:的|实现|从事|用于|为|是)?\s*")
_TAIL_LEAD_FIRST: Final = first_chars(_TAIL_LEAD)  # it strips nothing from a text opening otherwise
_CLAUSE_END: Final = re.compile(r"[，,；;。]")
_FENBIE_VERB: Final = re.compile(r"^[\u4e00-\u9fff]{0,4}?(?=\d|[一二两三四五六七八九十]|约|超|近|达|\Z)")
_LIST_SEP: Final = re.compile(r"[、和及与]")
# The items before a copula and a list of values (户数、从业人员、注册资金为2.5万户、9.9万人和256.8亿元)
_ITEM_LIST: Final = re.compile(r"[\u4e00-\u9fff]+(?:、[\u4e00-\u9fff]+)+")
_ABBREVIATION: Final = re.compile(r"[A-Za-z&]{2,8}")
_SHARE_OF: Final = re.compile(r"(占(?:全国|全省|全市|全区|全县|全州)?)[\u4e00-\u9fff]*?的?\s?(?=[\d$]|\Z)")
_VALUE_START: Final = re.compile(r"[\d$]")
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
# 预期目标 / 主要目标 as the object of a completion verb ends a review's clause: the year's targets
# were met (统筹实现多重预期目标, 顺利完成…主要目标) and the figures after them are results. A
# verb after 为/要/将/确保/力争/努力/争取 is still a plan (为实现预期目标, 确保完成主要目标).
_MET_GOAL: Final = re.compile(r"(?<![为要将保争力取])(?:实现|完成|达到|达成)[^，。；！？,;：:]{0,12}$")
_SIGN_BLOCKED: Final = re.compile(r"[0-9A-Za-z)\]）】.~\-+/_%]|$")  # what a range or code dash follows
_TARGET_PARAGRAPH: Final = re.compile(r"预期目标|主要目标")  # both end in 目标 (_target_mark relies on it)
_RATIO_UNITS: Final = frozenset({"%", "‰", "个百分点", "百分点", "倍"})
_CHANGE_END: Final = re.compile(r"(?:减少|节约|节省|增加|降低|提高|减产|增产|下降|上升)$")
_ADVERB_BEFORE_SHARE: Final = re.compile(r"[仅只均约也都还](?=占)")
_SUPERLATIVE_END: Final = re.compile(
    r"(?:在全国|在全省)?(?:最高|最低|最大|最小|最多|最少|较高|较低|较大|较小)$"
)
_SUPERLATIVE_LAST: Final = frozenset("高低大小多少")
_BACK_REFERENCE: Final = re.compile(r"^(?:上述|以上|这|两者|二者)")
_QI_WORDS: Final = frozenset("中他余它次实")
_CHANGE_ANY: Final = re.compile(r"减少|节约|节省|增加|降低|提高|减产|增产|下降|上升|增长|平均")
_TO_WORD: Final = re.compile(r"到|至")
_TO_VERB_FIRST: Final = frozenset("降下减增提升上扩缩")
_TO_VERB: Final = re.compile(
    r"\s*(?:降至|降到|下降到|减少到|减至|增加到|增至|提高到|提升到|升至|上升到|扩大到|缩小到)"
)
# What a total measures, at the end of its indicator (粮食播种面积 → 播种面积).
_MEASURE_END: Final = re.compile(
    r"(?:增加值|播种面积|总产量|产量|总产值|产值|面积|营业收入|收入|支出|投资|零售额|销售额|进出口总额|出口额|"
    r"进口额|营业额|人数|余额|利润|存栏|出栏)$"
)
