"""Metric extraction: every statistic in a text with value, unit, indicator, region and year.

``extract(text)`` and ``extract_blocks(blocks)`` run the same cascade:

1. fold the text (traditional → simplified, full-width → ASCII; same length, so offsets hold);
2. one compiled regex pass finds number candidates, one Aho-Corasick pass finds places;
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
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from winnow import gazetteer
from winnow.numbers import CN_DIGITS, MULTIPLIERS, fold_text, latex_plain, parse_number, to_float
from winnow.records import Block, Metric, Qualifier
from winnow.units import NON_METRIC_UNITS, NOT_AFTER_UNIT, UNIT_PATTERN, UNITS, unit_family

# ---------------------------------------------------------------- patterns (module constants)

_CN_NUM = "零〇一二两三四五六七八九十百千万亿"
# A numeral in Chinese characters is a candidate only when a unit, 成 or a qualifier follows it.
_CN_UNIT_FIRST = re.escape(
    "".join(sorted({u[0] for u in (*UNITS, *NON_METRIC_UNITS)} | set("成余多来万亿%")))
)
_AR_NEXT = _CN_UNIT_FIRST + re.escape("‰十百千/-—–~～至到 $")
CANDIDATE = re.compile(
    rf"(?=[\d${_CN_NUM}])"
    r"(?:(?P<latex>\$[^$\n]{1,80}\$)"
    rf"|(?P<pcn>百分之[{_CN_NUM}点]+|千分之[{_CN_NUM}点]+)"
    rf"|(?P<frac>(?:\d+|[{_CN_NUM}]+)分之(?:\d+(?:\.\d+)?|[{_CN_NUM}点]+))"
    r"|(?P<num>(?<![\d.])(?!(?:19|20)\d\d\s?年(?!代))"  # a calendar year is never a candidate
    r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?: \d{3})+(?:\.\d+)?(?![\d.])|\d+(?:\.\d+)?)"
    rf"(?=[{_AR_NEXT}])"  # a unit, multiplier, range or qualifier must follow
    rf"|(?<![\d.])[{_CN_NUM}]+(?:点[零〇一二三四五六七八九]+)?(?=[{_CN_UNIT_FIRST}])))"
)
_MULT = re.compile(r"万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千(?![米瓦克伏])")
_APPROX_AFTER_NUM = re.compile(r"余|多|来(?=[万亿个人户家元])")
_RANGE = re.compile(
    r"\s?(?:%|个百分点)?\s?[-—–~～至到]{1,2}\s?"
    rf"(?P<hi>\d+(?:\.\d+)?|[{_CN_NUM}]+(?:点[零〇一二三四五六七八九]+)?)"
    r"(?P<himult>万亿|亿|万|千(?![米瓦克伏]))?"
)
_UNIT = re.compile(UNIT_PATTERN)
_UNIT_FIRST = frozenset(u[0] for u in (*UNITS, *NON_METRIC_UNITS)) | frozenset("成余多来万亿%")
_CHENG = re.compile(r"成(?![为本功立果效绩员就果长熟])")
_SUFFIX_QUAL = re.compile(r"以上|以下|以内|左右|上下|之多|有余|余|多")
_FRACTION_SLASH = re.compile(r"/(\d+)")
_LATEX_UNIT_AFTER = re.compile(r"\s?(\$[^$\n]{1,40}\$)")
_LATEX_QUANTITY = re.compile(
    r"^(?P<a>\d+(?:\.\d+)?)(?:×10\^(?P<exp>-?\d+))?(?P<pa>%)?(?:[~\-—至](?P<b>\d+(?:\.\d+)?)(?P<pb>%)?)?"
    r"(?P<u>km\^2|hm\^2|m\^2|m\^3|km|kg|t|m)?$"
)
LATEX_UNITS = {
    "km^2": "平方公里",
    "hm^2": "公顷",
    "m^2": "平方米",
    "m^3": "立方米",
    "km": "公里",
    "kg": "千克",
    "t": "吨",
    "m": "米",
}

PREFIX_QUALIFIERS: tuple[tuple[str, Qualifier], ...] = (
    ("不超过", "at_most"), ("不高于", "at_most"), ("不低于", "at_least"), ("不少于", "at_least"),
    ("至少", "at_least"), ("超过", "more_than"), ("超出", "more_than"), ("突破", "more_than"),
    ("多于", "more_than"), ("高于", "more_than"), ("逾", "more_than"), ("超", "more_than"),
    ("将近", "nearly"), ("接近", "nearly"), ("近", "nearly"), ("大约", "about"), ("约", "about"),
    ("不足", "less_than"), ("不到", "less_than"), ("低于", "less_than"), ("少于", "less_than"),
)  # fmt: skip
_PREFIX_BY_WORD: dict[str, Qualifier] = dict(PREFIX_QUALIFIERS)
SUFFIX_QUALIFIERS: dict[str, Qualifier] = {
    "余": "more_than", "多": "more_than", "有余": "more_than", "之多": "exact",
    "以上": "at_least", "以下": "at_most", "以内": "at_most", "左右": "about", "上下": "about",
    "来": "about",
}  # fmt: skip

# Names and slogans with numbers in them (十四五, 两个一百年 …); quoted short names are caught generally.
NAME_PATTERNS = re.compile(
    r"十[一二三四五]五|两个一百年|两不愁|三保障|三位一体|五位一体|四个全面|一带一路|"
    r"[一二两三四五六七八九十]个(?:一|全面|意识|自信|维护|坚持|确保|必须|务必|统筹|优先|定位)|"
    r"[一二两三四五六七八九]大(?:战略|工程|行动|攻坚|任务|体系|定位|功能|目标|片区)|"
    r"[一二两三四五六七八九]项(?:原则|制度|机制)|"
    r"[一二三四五六七八九十]+(?:五|届|中全会|次全会|大|化)"
)
# Just before a number: it is an ordinal, a reference or part of a code.
_BAD_BEFORE = re.compile(r"(?:第|节选|[图表式例附件号]|No\.|[\[【#+＋×*/^_]|[A-Za-z])\s?$")
_BAD_AFTER = re.compile(r"[A-Za-z+＋]|\.\d|\]")
_SENT_END = re.compile(r"[。！？!?\n　]| {2,}")  # two spaces: paragraphs flattened into one line
_CLAUSE_BREAK = "，,；;：:、。！？!?\n（）()《》"
_CLAUSE_BREAK_RE = re.compile("[" + re.escape(_CLAUSE_BREAK) + "]")
_YEAR = re.compile(
    r"(?=[12去今上明本过一])"
    r"(?:(?:19|20)\d{2}\s?[-—–~～至到]\s?)?(?P<y>(?:19|20)\d{2})\s?年(?P<suf>底|末|初|年底|年末|上半年|前三季度|度)?"
    r"|(?P<rel>去年|今年|上年|明年|本年|过去一年|一年来)"
)
_YEAR_BAD_BEFORE = re.compile(r"(?:比|较|超|同比|相比|与|对比|于|自|从|是|那|在)\s?$")
_YEAR_BAD_AFTER = re.compile(r"^\s?(?:以来|起|开始|出生|以前|相比|同期|水平)")
_NAME_AFTER_PLACE = re.compile(
    r"[\u4e00-\u9fff]{0,4}?(?:机场|大学|学院|银行|论坛|海关|自贸|自由贸易|国际|新区|都市圈|城市群|经济圈|博物馆|"
    r"纪念馆|医院|公司|集团|有限|研究|中心|火车站|高铁站|港口|沙漠|峡谷|遗址|景区|号)"
)
_OBJECT_BEFORE_PLACE = re.compile(
    r"(?:落户|入选|支持|推动|赴|前往|向|与|同|对口|援|帮扶|协作|超过|高于|低于|居|到|至|来自|辐射|走进|推广至|遍及|"
    r"和|及|、)$"
)
_NATIONAL_YARDSTICK = re.compile(
    r"首|第|前列|平均|领先|百强|率先|推广|示范|唯一|最|重点|文明|人大|政协|性|统一|优秀|模范|劳动|先进|排名"
)
_SCOPE_WORDS = re.compile(r"全国|全省|全区|全市|全州|全县|全旗|我省|我区|我市|我县|本省|本市|本县|全盟")
_SCOPE_LEVEL = {"省": "province", "区": "province", "市": "city", "州": "city", "盟": "city", "县": "county"}
_TARGET_WORDS = re.compile(
    r"力争|预期目标|主要目标|目标是|目标为|预期|争取|力求|规划到|计划到|目标任务|预计到"
)
_TARGET_SECTION = re.compile(r"目标|总体要求|主要任务|重点任务|工作安排|工作任务|工作重点|今后|展望|部署")
_PAST_WORDS = re.compile(r"过去|去年|上年|已经|已|累计|完成了|实现了|取得")
_TOP_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+[、.．]")
_REPORT_TITLE = re.compile(r"((?:19|20)\d{2})年.{0,20}(?:政府工作报告|工作报告|国民经济和社会发展)")

# Words that end the search for an indicator: what comes after them names the measure.
_CUT_WORDS = re.compile(
    r"(?:发展了|发展|建成了|建成|建设了|完成了|完成|实现了|实现|安排了|安排|出台了|出台|吸纳了|吸纳|"
    r"促成|选派|培育了|培育|带动了|带动|覆盖了|覆盖|低于|高于|相当于|打造了|打造|引进了|引进|实施了|实施|"
    r"新建了|新建|改造了|改造|开展了|开展|举办了|举办|召开了|召开|共有|拥有|其中|包括|有|建立了|建立|"
    r"认定了|认定|创建了|创建|组建了|组建|帮助|帮扶|资助|救助了|救助|培训了|培训|惠及|涉及|达到了|"
    r"投入了|投入|下达了|下达|争取到|落实了|落实|筹集|整合|新增了|新增|净增|招引|签约|推动|支持|设立|获得了|获得)$"
)
_COMPARISON = re.compile(r"(?:比|较|超过?|高于|低于|相比)(?:(?:19|20)\d\d年|上年|去年|同期)")
_CUT_ANY = re.compile(_CUT_WORDS.pattern[:-1] + r"(?![率面规水能资项])")
_LEAD_STRIP = re.compile(
    r"^(?:(?:19|20)\d{2}\s?年(?:底|末|初|以来|度)?|至|到|截至|截止|去年|今年|上年|全年|当年|近年来|"
    r"全国|全省|全区|全市|全州|全县|我省|我市|我区|本市|本省|各地|并|和|与|及|同时|此外|另外|其中|在|已|"
    r"共|总共|先后|一共|还|也|又|再|均|都|对|使|让|把|将|为|于|的|了|是|从而|进而|预计|"
    r"目前|现在|当前|截至目前|今后|今年以来|一年来|五年来|即|[,，、\s])+"
)
_TAIL_STRIP = re.compile(
    r"(?:达到了|达到|达|为|是|共计|合计|总计|累计|共|约|超过|超出|超|突破|逾|近|接近|将近|不足|不到|"
    r"至少|不低于|不少于|不超过|分别|增加到|提高到|提升到|下降到|降至|降到|增至|稳定在|保持在|控制在|"
    r"在|到|至|了|已|均|只有|仅|有|大约|多达|高达|等|\s)+$"
)
_GROWTH = re.compile(
    r"^(?:同比|比上年|较上年|年均|分别)?(?:增长|下降|提高|增加|减少|提升|上涨|回落|降低|增幅|降幅|扩大|缩小)$"
)
_TAIL_NOUN_STOP = re.compile(
    r"全部|实现|的|，|,|、|。|；|;|：|:|（|\(|以上|以下|左右|和|与|及|等(?![\u4e00-\u9fff])|均|都|已|被|获|通过|得到|达|进行|开展|在|\s"
    r"|\d|[一二两三四五六七八九十]+[个名家户人]"
)
_VERB_START = re.compile(
    r"^(?:全部|实现|以上|以下|左右|和|与|及|等|均|都|已|被|获|通过|得到|达|进行|开展|次|增长|下降|提高|"
    r"左右|是|为|占|的|用于|投入|以|在|向|从|到|之|中|内|后|前|来|时|上|下|间|多)"
)
_HAN = re.compile(r"[\u4e00-\u9fff]")

_QUOTE_PAIRS = {"“": "”", '"': '"', "「": "」", "‘": "’"}
_QUOTE_OPEN = re.compile('[“"「‘]')
_MAX_INDICATOR = 24
_TABLE = re.compile(r"<table.*?(?:</table>|\Z)", re.S)
_YEAR_RANGE_END = re.compile(r"\s?[-—–~～至到]{1,2}\s?(?:19|20)\d\d年")
_YEAR_DIGITS = re.compile(r"\s*(?:19|20)\d\d|[零〇一二三四五六七八九]{4}")
_TAIL_LEAD = re.compile(r"^\s*(?:的|实现|从事|用于|为|是)?\s*")
_CLAUSE_END = re.compile(r"[，,；;。]")
_FENBIE_VERB = re.compile(r"^[\u4e00-\u9fff]{0,4}?(?=\d|[一二两三四五六七八九十]|约|超|近|达)")
_LIST_SEP = re.compile(r"[、和及]")
_TARGET_PARAGRAPH = re.compile(r"预期目标|主要目标")
_LEVEL_RANK = {"country": 0, "province": 1, "city": 2, "county": 3, "town": 4}
_RATIO_UNITS = frozenset({"%", "‰", "个百分点", "百分点", "倍"})


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


@dataclass(slots=True)
class _Context:
    text: str
    folded: str
    paragraphs: list[tuple[int, int, bool]]  # (start, end, is_heading)
    title: str | None
    report_year: int | None = None
    doc_region: gazetteer.Region | None = None
    title_heading_year: int | None = None
    title_target: bool = False
    regions: list[gazetteer.RegionMatch] = field(default_factory=list)
    region_starts: list[int] = field(default_factory=list)
    years: list[tuple[int, int, int, str]] = field(default_factory=list)  # start, end, year, text
    year_starts: list[int] = field(default_factory=list)
    sent_ends: list[int] = field(default_factory=list)
    clause_breaks: list[int] = field(default_factory=list)
    target_marks: list[int] = field(default_factory=list)  # starts of 力争, 预期目标 …
    section_marks: list[int] = field(default_factory=list)  # starts of 预期目标, 主要目标
    past_marks: list[int] = field(default_factory=list)  # starts of 去年, 累计 …
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
            heading = _looks_like_heading(line)
            if i == 0 and title is None and _looks_like_title(line):
                title, heading = line.strip(), True
            paragraphs.append((pos, end, heading))
        pos = end + 1
    return _extract(text, paragraphs, title)


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
    return 0 < len(s) <= 80 and not re.search(r"[。！？!?；;]", s)


def _looks_like_heading(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 40:
        return False
    if s[-1] in "。！？!?；;，,：:":
        return False
    return not (len(s) > 25 and not _TOP_HEADING.match(s))


# ---------------------------------------------------------------- the cascade


def _extract(text: str, paragraphs: list[tuple[int, int, bool]], title: str | None) -> list[Metric]:
    ctx = _prepare(text, paragraphs, title)
    # HTML tables from PDF conversion have no sentences to read: their cells are left out.
    tables = [(m.start(), m.end()) for m in _TABLE.finditer(ctx.folded)] if "<table" in ctx.folded else []
    out: list[Metric] = []
    heading_state = _HeadingState(ctx)
    para_idx = 0
    sentence_metrics: list[tuple[int, str | None, int]] = []  # (sentence start, indicator, end)
    last_end = 0
    for m in CANDIDATE.finditer(ctx.folded):
        if m.start() < last_end or (tables and any(a <= m.start() < b for a, b in tables)):
            continue
        q = _read_quantity(ctx.folded, m)
        if q is None or not _is_metric(ctx.folded, q):
            continue
        last_end = q.end
        while para_idx + 1 < len(paragraphs) and paragraphs[para_idx + 1][0] <= q.start:
            para_idx += 1
        p_start, p_end, _ = paragraphs[para_idx] if paragraphs else (0, len(text), False)
        heading_state.advance(para_idx)
        s_start, s_end = _sentence_bounds(ctx, q.start, p_start, p_end)
        if sentence_metrics and sentence_metrics[-1][0] != s_start:
            sentence_metrics = []
        prev = sentence_metrics
        indicator = _indicator(ctx, q, s_start, prev)
        sentence_metrics.append((s_start, indicator, q.end))
        region = _region_for(ctx, q.start, s_start, p_start, heading_state)
        year, year_text = _year_for(ctx, q.start, s_start, p_start, heading_state)
        out.append(
            Metric(
                mention=text[q.start : q.end],
                char_start=q.start,
                char_end=q.end,
                sentence=text[s_start:s_end].strip(),
                value=to_float(q.value),
                unit=q.unit,
                unit_family=unit_family(q.unit),
                qualifier=q.qualifier,
                indicator=indicator,
                region=region.name if region else None,
                region_code=region.code if region and region.level != "town" else None,
                region_level=region.level if region else None,
                period_year=year,
                period_text=year_text,
                is_target=_is_target(ctx, q.start, s_start, p_start, heading_state),
            )
        )
    return out


def _prepare(text: str, paragraphs: list[tuple[int, int, bool]], title: str | None) -> _Context:
    folded = fold_text(text)
    ctx = _Context(text, folded, paragraphs, title)
    if title:
        ft = ctx.folded_title = fold_text(title)
        rm = _REPORT_TITLE.search(ft)
        if rm:
            ctx.report_year = int(rm.group(1))
        if any(a in ft for a in gazetteer.COUNTRY_ALIASES):
            ctx.doc_region = gazetteer.regions()[gazetteer.COUNTRY_CODE]
        else:
            found = [r.region for r in gazetteer.find_regions(ft) if r.region.level != "country"]
            found.sort(key=lambda r: _LEVEL_RANK[r.level])
            ctx.doc_region = found[-1] if found else None
        head = re.split(r"[：:）)]", ft, maxsplit=1)
        if len(head) == 2 and head[1]:
            ym = _YEAR.search(head[1])
            if ym:
                ctx.title_heading_year = _year_value(ctx, ym)
            ctx.title_target = bool(_TARGET_SECTION.search(head[1]))
    ctx.regions = _resolve_scopes(ctx, gazetteer.find_regions(folded))
    ctx.region_starts = [r.start for r in ctx.regions]
    for ym in _YEAR.finditer(folded):
        year = _year_value(ctx, ym)
        if year is None:
            continue
        if _YEAR_BAD_BEFORE.search(folded, max(0, ym.start() - 3), ym.start()):
            continue
        if _YEAR_BAD_AFTER.match(folded[ym.end() : ym.end() + 4]):
            continue
        ctx.years.append((ym.start(), ym.end(), year, text[ym.start() : ym.end()]))
    ctx.year_starts = [y[0] for y in ctx.years]
    ctx.sent_ends = [m.start() for m in _SENT_END.finditer(folded)]
    ctx.clause_breaks = [m.start() for m in _CLAUSE_BREAK_RE.finditer(folded)]
    ctx.target_marks = [m.start() for m in _TARGET_WORDS.finditer(folded)]
    ctx.section_marks = [m.start() for m in _TARGET_PARAGRAPH.finditer(folded)]
    ctx.past_marks = [m.start() for m in _PAST_WORDS.finditer(folded)]
    return ctx


def _marked(marks: list[int], lo: int, hi: int) -> bool:
    """Whether a word found by a whole-text pass starts in [lo, hi)."""
    i = bisect.bisect_left(marks, lo)
    return i < len(marks) and marks[i] < hi


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


def _resolve_scopes(ctx: _Context, found: list[gazetteer.RegionMatch]) -> list[gazetteer.RegionMatch]:
    """Add 全市/全县/我省 … as references to the last city/county/province named before them."""
    doc = ctx.doc_region
    out = []
    for r in found:
        if doc is not None and doc.level != "country":
            if r.region.code[:2] != doc.code[:2] and r.region.level != "country":
                continue  # a provincial text's figures are that province's: other provinces are comparisons
            if r.region.level == "country" and not _national_subject(ctx.folded, r.start, r.end):
                continue  # 居全国前列, 高于全国平均: 全国 as a yardstick, not as the scope
        if _NAME_AFTER_PLACE.match(ctx.folded, r.end) or _OBJECT_BEFORE_PLACE.search(
            ctx.folded, max(0, r.start - 4), r.start
        ):
            continue  # 上海自由贸易试验区, 落户汉中: a name or an object, not the scope of a figure
        out.append(r)
    scopes = list(_SCOPE_WORDS.finditer(ctx.folded))
    if not scopes:
        return out
    merged = sorted(
        out + [_scope_match(ctx, s, out) for s in scopes if s.group() != "全国"], key=lambda r: r.start
    )
    return [r for r in merged if r.region.code]


def _national_subject(folded: str, start: int, end: int) -> bool:
    """全国 opening its clause as the subject (全国累计完成…), not as a comparison."""
    if _NATIONAL_YARDSTICK.match(folded, end):
        return False
    before = folded[max(0, start - 8) : start]
    cut = max(before.rfind(c) for c in "，,；;。：:\n、（(")
    return _LEAD_STRIP.sub("", before[cut + 1 :]) == ""


def _scope_match(
    ctx: _Context, s: re.Match[str], named: list[gazetteer.RegionMatch]
) -> gazetteer.RegionMatch:
    level = _SCOPE_LEVEL.get(s.group()[-1], "city")
    best: gazetteer.Region | None = None
    for r in named:
        if r.start >= s.start():
            break
        if r.region.level == level:
            best = r.region
    if best is None and ctx.doc_region is not None and ctx.doc_region.level == level:
        best = ctx.doc_region
    if best is None and level == "province" and ctx.doc_region is not None:
        best = ctx.doc_region
    if best is None:
        best = gazetteer.Region("", "", "", "town", None)  # unresolved: dropped by the caller
    return gazetteer.RegionMatch(s.start(), s.end(), best)


class _HeadingState:
    """The heading in force for each paragraph: its region, its year, whether it is a targets section."""

    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self.idx = -1
        self.year: int | None = ctx.title_heading_year
        self.region: gazetteer.Region | None = None
        self.target = ctx.title_target
        self.para_year: int | None = None
        self.para_region: gazetteer.Region | None = None

    def advance(self, para_idx: int) -> None:
        while self.idx < para_idx:
            self.idx += 1
            start, end, heading = self.ctx.paragraphs[self.idx] if self.ctx.paragraphs else (0, 0, False)
            seg = self.ctx.folded[start:end]
            if heading and (self.idx > 0 or not self.ctx.title or seg.strip() != self.ctx.folded_title):
                self._enter_heading(seg, start)
            self.para_year = self._leading_year(start, end)

    def _enter_heading(self, seg: str, start: int) -> None:
        ym = _YEAR.search(seg)
        top = bool(_TOP_HEADING.match(seg))
        year = _year_value(self.ctx, ym) if ym else None
        if year is not None:
            self.year = year
        elif top:
            self.year = None
        if top or _TARGET_SECTION.search(seg):
            self.target = bool(_TARGET_SECTION.search(seg))
        regs = [r for r in self.ctx.regions if start <= r.start < start + len(seg)]
        if regs:
            self.region = regs[0].region

    def _leading_year(self, start: int, end: int) -> int | None:
        """A year that opens the paragraph ("2020年,宜春市…") dates the whole paragraph."""
        head = self.ctx.folded[start : min(end, start + 16)]
        i = bisect.bisect_left(self.ctx.year_starts, start)
        if i < len(self.ctx.years):
            y0, _, year, _ = self.ctx.years[i]
            if y0 < start + 6 and y0 - start <= head.find("年") + 1:
                return year
        return None


def _sentence_bounds(ctx: _Context, pos: int, p_start: int, p_end: int) -> tuple[int, int]:
    i = bisect.bisect_left(ctx.sent_ends, pos)
    s_end = ctx.sent_ends[i] + 1 if i < len(ctx.sent_ends) else len(ctx.text)
    s_start = ctx.sent_ends[i - 1] + 1 if i > 0 else 0
    return max(s_start, p_start), min(s_end, p_end if p_end > pos else s_end)


# ---------------------------------------------------------------- reading one quantity


def _read_quantity(folded: str, m: re.Match[str]) -> _Quantity | None:
    """Number, multiplier, range, unit and qualifiers of one candidate, or None."""
    start, pos = m.start(), m.end()
    qualifier: Qualifier = "exact"
    has_mult = False
    chinese = False
    unit = ""
    kind = m.lastgroup
    if kind == "latex":
        parsed = _latex_quantity(m.group())
        if parsed is None:
            return None
        value, unit, ranged = parsed
        if ranged:
            qualifier = "at_least"
        num_end = pos
        if not unit:  # $7.7931 \times 10^6$ 人: the unit follows the fragment
            um = _UNIT.match(folded, pos + (folded[pos : pos + 1] == " "))
            if um is None or um.group() in NON_METRIC_UNITS:
                return None
            unit, pos = um.group(), um.end()
    elif kind == "pcn":
        v = parse_number(m.group()[3:], folded=True)
        if v is None:
            return None
        value = v if m.group().startswith("百") else v / 10
        unit, chinese, num_end = "%", True, pos
    elif kind == "frac":
        den_s, _, num_s = m.group().partition("分之")
        den, numer = parse_number(den_s, folded=True), parse_number(num_s, folded=True)
        if den is None or numer is None or den == 0:
            return None
        value, unit, num_end = numer / den * 100, "%", pos
        chinese = not any(c.isdigit() for c in m.group())
    else:
        raw = m.group()
        chinese = not raw[0].isdigit()
        if chinese and len(raw) == 1 and raw in CN_DIGITS and folded[pos : pos + 1] != "成":
            return None  # 一个, 两类, 三项: small counts in words are phrasing, not statistics
        bare = raw in ("亿", "万", "千万", "百万", "万亿") and folded[start - 1 : start] in (
            "近",
            "超",
            "逾",
            "上",
        )
        if (
            chinese
            and not bare
            and (
                folded[pos : pos + 1] not in _UNIT_FIRST or not any(c in CN_DIGITS or c in "十" for c in raw)
            )
        ):
            return None  # no unit follows, or 万, 千 alone: 万名干部
        v = MULTIPLIERS[raw] if bare else parse_number(raw, folded=True)
        if v is None:
            return None
        if chinese and v < 10 and folded[pos : pos + 1] != "成":
            return None  # 一个, 两类, 三项: small counts in words are phrasing, not statistics
        value = v
        sl = _FRACTION_SLASH.match(folded, pos)
        if sl and not chinese:
            den = Decimal(sl.group(1))
            if den == 0:
                return None
            value, unit, pos = value / den * 100, "%", sl.end()
        num_end = pos
        if not unit:
            mm = _MULT.match(folded, pos)
            if mm and not chinese:
                value *= MULTIPLIERS[mm.group()]
                has_mult, pos = True, mm.end()
            elif chinese and raw[-1] in "万亿":
                has_mult = True
            am = _APPROX_AFTER_NUM.match(folded, pos)
            if am:
                qualifier = SUFFIX_QUALIFIERS[am.group()]
                pos = am.end()
                mm = _MULT.match(folded, pos)  # 1万余 → done; 10余万
                if mm and not has_mult and not chinese:
                    value *= MULTIPLIERS[mm.group()]
                    has_mult, pos = True, mm.end()
            rg = _RANGE.match(folded, pos)
            if rg and not _YEAR_RANGE_END.match(folded[pos : rg.end() + 1]):
                hi = parse_number(rg.group("hi"), folded=True)
                if hi is not None and (rg.group("himult") or not has_mult):
                    qualifier, pos = "at_least", rg.end()
                    if rg.group("himult") and not has_mult:
                        value *= MULTIPLIERS[rg.group("himult")]
                        has_mult = True
            um = _UNIT.match(folded, pos)
            if um is None and folded[pos : pos + 1] == " " and not chinese:
                um = _UNIT.match(folded, pos + 1)  # PDF text: "15 %", "1 321 公里" — not "1.1 轮作现状"
                if um and len(um.group()) == 1 and um.group() not in "%‰":
                    um = None
            if um is None and has_mult:  # 1671.1万 $\mathrm{hm}^2$: the unit is a LaTeX fragment
                lu = _LATEX_UNIT_AFTER.match(folded, pos)
                if lu and latex_plain(lu.group(1)) in LATEX_UNITS:
                    unit, pos = LATEX_UNITS[latex_plain(lu.group(1))], lu.end()
            if um:
                unit, pos = um.group(), um.end()
            elif _CHENG.match(folded, pos) and (chinese or value < 10):
                value, unit, pos = value * 10, "%", pos + 1
    if unit in NON_METRIC_UNITS or folded[pos : pos + 1] in NOT_AFTER_UNIT.get(unit, ""):
        return None
    if not unit and not has_mult:
        return None
    sq = _SUFFIX_QUAL.match(folded, pos)
    if sq is None and kind == "latex" and folded[pos : pos + 1] == " ":
        sq = _SUFFIX_QUAL.match(folded, pos + 1)
    if sq and not (sq.group() in ("余", "多") and qualifier != "exact"):
        if sq.group() in ("多",) and folded[sq.end() : sq.end() + 1] in ("元", "种", "样", "方", "次"):
            pass
        else:
            qualifier = SUFFIX_QUALIFIERS[sq.group()]
            pos = sq.end()
    if qualifier == "exact" or (qualifier == "at_least" and kind != "latex"):
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
    return _Quantity(start, pos, value, unit, qualifier, has_mult, chinese, num_end, m.start())


def _latex_quantity(fragment: str) -> tuple[Decimal, str, bool] | None:
    """Value, unit ("" when the unit follows the fragment) and whether it is a range."""
    m = _LATEX_QUANTITY.match(latex_plain(fragment))
    if not m:
        return None
    value = Decimal(m.group("a"))
    if m.group("exp"):
        value *= Decimal(10) ** int(m.group("exp"))
    unit = "%" if m.group("pa") or m.group("pb") else LATEX_UNITS.get(m.group("u") or "", "")
    return value, unit, m.group("b") is not None


def _is_metric(folded: str, q: _Quantity) -> bool:
    """Drop dates, ordinals, references, list markers and numbers inside names."""
    raw_start = q.num_start
    if q.unit == "年" and q.num_end - raw_start <= 5:
        digits = folded[raw_start : q.num_end]
        if _YEAR_DIGITS.fullmatch(digits):
            return False
    if _BAD_BEFORE.search(folded, max(0, raw_start - 4), raw_start):
        return False
    if q.unit in ("位", "名") and folded[raw_start - 1 : raw_start] in ("前", "第"):
        return False  # 前3位, 前10名: rankings
    if (raw_start == 0 or folded[raw_start - 1] == "\n") and folded[q.num_end : q.num_end + 1] == " ":
        return False  # a section number opening a line: "1.1 轮作现状"
    if _BAD_AFTER.match(folded, q.num_end):
        return False
    if q.chinese:  # 十四五, 两个一百年: names are written in Chinese numerals
        lo = max(0, raw_start - 6)
        for nm in NAME_PATTERNS.finditer(folded, lo, q.end + 6):
            if nm.start() < q.num_end and nm.end() > raw_start:
                return False
    return not _in_short_quote(folded, raw_start, q.end)


def _in_short_quote(folded: str, start: int, end: int) -> bool:
    lo = max(0, start - 12)
    left = folded[lo:start]
    if not _QUOTE_OPEN.search(left):
        return False
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
    prev_ind = prev[-1][1] if prev else None
    prev_end = prev[-1][2] if prev else s_start
    listed = _fenbie(folded, q, s_start)
    if listed:
        return listed
    i = bisect.bisect_left(ctx.clause_breaks, q.start) - 1
    c_start = max(ctx.clause_breaks[i] + 1 if i >= 0 else 0, s_start, prev_end)
    head_raw = folded[c_start : q.start]
    if prev and prev_end == q.start and prev_ind:  # 679户2123人: the pair shares its indicator
        return prev_ind
    head = _clean_head(head_raw)
    ratio = _ratio(head_raw)
    if ratio:
        return ratio
    tail = _tail_noun(folded, q)
    if q.unit == "%" and folded[q.end : q.end + 1] == "的" and tail:
        return tail
    if tail and (not head or q.unit not in _RATIO_UNITS):  # 1248家扶贫车间, 416项行政审批事项
        return tail
    if head.endswith("等") or head_raw.rstrip().endswith("等"):
        head = _clean_head(
            folded[_clause_start(folded, q.start, max(s_start, prev_end), "，,；;。：:") : q.start]
        )
    if head and _GROWTH.match(head) and prev_ind:
        return _cap(prev_ind + head)
    if head and not _GROWTH.match(head):
        return _cap(head)
    if tail:
        return tail
    if head and prev_ind:
        return _cap(prev_ind + head)
    return head or prev_ind


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
        s = _LEAD_STRIP.sub("", s)
        s = s[gazetteer.leading_name_length(s) :]
        if s == before:
            break
    cut = None
    for m in _CUT_ANY.finditer(s):
        cut = m.end()
    if cut is not None and cut < len(s) and not _GROWTH.match(s[cut:]):
        s = s[cut:]
    elif cut == len(s):
        s = ""
    cmp = _COMPARISON.search(s)
    if cmp and cmp.start() > 0:
        s = s[: cmp.start()]
    s = _TAIL_STRIP.sub("", s)
    s = _LEAD_STRIP.sub("", s)
    return s if _HAN.search(s) else ""


def _ratio(head_raw: str) -> str | None:
    """占外出务工贫困人口的30.5% → 占外出务工贫困人口."""
    if not head_raw.endswith("的"):
        return None
    i = head_raw.rfind("占")
    if i < 0:
        return None
    return head_raw[i:-1] or None


def _tail_noun(folded: str, q: _Quantity) -> str | None:
    rest = folded[q.end : q.end + 16]
    rest = _TAIL_LEAD.sub("", rest)
    if not rest or not _HAN.match(rest) or _VERB_START.match(rest):
        return None
    m = _TAIL_NOUN_STOP.search(rest)
    noun = rest[: m.start()] if m else rest
    noun = _TAIL_STRIP.sub("", noun)
    return noun if len(noun) >= 1 and _HAN.search(noun) else None


def _fenbie(folded: str, q: _Quantity, s_start: int) -> str | None:
    """A、B分别增长x%、y%: pair each value with its item."""
    lo = max(s_start, q.start - 60)
    seg = folded[lo : q.start]
    k = seg.rfind("分别")
    if k < 0:
        return None
    between = seg[k + 2 :]
    if _CLAUSE_END.search(between):
        return None
    c = max(seg.rfind(ch, 0, k) for ch in "，,；;：:")
    subject = _clean_head(seg[c + 1 : k]) if c >= 0 else _clean_head(seg[:k])
    verb = _FENBIE_VERB.match(between)
    verb_s = verb.group() if verb else ""
    index = len(re.findall(r"[、和及]", between))
    items = [x for x in _LIST_SEP.split(subject) if x]
    if len(items) >= 2 and index < len(items):
        item = items[index]
        last = items[-1]
        if len(item) <= 3 and len(last) > len(item):  # 第一、第三产业增加值 → 第一产业增加值
            item = item + last[len(items[index]) :] if last.startswith(item[:1]) else item + last[2:]
        return _cap(item + verb_s)
    return _cap(subject + verb_s) if subject else None


# ---------------------------------------------------------------- region, year, target


def _region_for(
    ctx: _Context, pos: int, s_start: int, p_start: int, hs: _HeadingState
) -> gazetteer.Region | None:
    i = bisect.bisect_left(ctx.region_starts, pos) - 1
    k = i
    while k >= 0 and ctx.regions[k].start >= s_start:  # sentence: a place that opens a clause, or 全市
        r = ctx.regions[k]
        if _opens_clause(ctx, r.start) or _SCOPE_WORDS.fullmatch(ctx.folded, r.start, r.end):
            return r.region
        k -= 1
    # paragraph: a place that opens one of the earlier sentences of this paragraph
    j = i
    while j >= 0 and ctx.regions[j].start >= p_start:
        r = ctx.regions[j]
        if _opens_sentence(ctx, r.start, p_start) and not _below_doc(ctx, r.region):
            return r.region
        j -= 1
    if hs.region is not None:
        return hs.region
    return ctx.doc_region


def _below_doc(ctx: _Context, region: gazetteer.Region) -> bool:
    """In a provincial text a city named in an earlier sentence does not scope later ones (nor 全国)."""
    doc = ctx.doc_region
    if doc is None or doc.level == "country":
        return False
    return region.level == "country" or _LEVEL_RANK[region.level] > _LEVEL_RANK[doc.level]


def _opens_clause(ctx: _Context, pos: int) -> bool:
    """赣州市发展…, 并在全市建成…: the place is the clause's subject, not an object or a name part."""
    k = bisect.bisect_left(ctx.clause_breaks, pos) - 1
    c0 = ctx.clause_breaks[k] + 1 if k >= 0 else 0
    return len(_LEAD_STRIP.sub("", ctx.folded[c0:pos])) <= 3


def _opens_sentence(ctx: _Context, pos: int, p_start: int) -> bool:
    k = bisect.bisect_left(ctx.sent_ends, pos)
    s0 = max(ctx.sent_ends[k - 1] + 1 if k > 0 else 0, p_start)
    lead = _LEAD_STRIP.sub("", ctx.folded[s0:pos])
    return len(lead) <= 3


def _year_for(
    ctx: _Context, pos: int, s_start: int, p_start: int, hs: _HeadingState
) -> tuple[int | None, str | None]:
    i = bisect.bisect_left(ctx.year_starts, pos) - 1
    if i >= 0 and ctx.years[i][0] >= s_start and ctx.years[i][1] <= pos:
        _, _, year, text = ctx.years[i]
        return year, text
    if hs.para_year is not None:
        return hs.para_year, None
    if hs.year is not None:
        return hs.year, None
    return None, None


def _is_target(ctx: _Context, pos: int, s_start: int, p_start: int, hs: _HeadingState) -> bool:
    if _marked(ctx.target_marks, s_start, pos):
        return True
    if ctx.report_year is not None:  # 到2027年 in a 2025 report: a plan
        i = bisect.bisect_left(ctx.year_starts, pos) - 1
        if i >= 0 and ctx.years[i][0] >= s_start and ctx.years[i][2] > ctx.report_year:
            return True
    if _marked(ctx.section_marks, p_start, pos):
        return True
    if hs.target:
        return not _marked(ctx.past_marks, s_start, pos)
    return False
