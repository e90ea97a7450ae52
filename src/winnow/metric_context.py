"""What a mention belongs to: the text's context, and each mention's region, year and target flag.

:func:`_prepare` reads what the mentions of a text share (its kind, title year and region,
its years); :class:`_HeadingState` follows the heading in force; :func:`_region_for`,
:func:`_year_for` and :func:`_is_target` assign a mention's scope from its sentence, then its
paragraph, heading and title.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

from winnow import gazetteer
from winnow.metric_patterns import (
    _CITED_NAME,
    _CLAUSE_BREAK,
    _CLAUSE_BREAK_RE,
    _CLAUSE_END,
    _COMMUNIQUE_TITLE,
    _COPULAS,
    _DATE_LINE,
    _HEADING_RANKS,
    _IS_BEFORE,
    _ISSUE_DATE,
    _ISSUER,
    _LEAD_FIRST,
    _LEAD_STRIP,
    _LIST_AFTER,
    _LONG_NAME_AFTER_PLACE,
    _MEETING_DATE,
    _MET_GOAL,
    _MULTI_YEAR,
    _NAME_AFTER_PLACE,
    _NAMED_AS,
    _NATIONAL_YARDSTICK,
    _OBJECT_BEFORE_PLACE,
    _OPENING_YEAR,
    _PAPER_MARKS,
    _PAST_WORDS,
    _POSTCODE_AFTER_PLACE,
    _REPORT_MARKS,
    _REPORT_TITLE,
    _RUNNING_HEADER,
    _SCOPE_LEVEL,
    _SCOPE_WORDS,
    _SENT_END,
    _STUDY_REACH,
    _SURVEY_WORDS,
    _SURVEY_YEAR,
    _TARGET_PARAGRAPH,
    _TARGET_SECTION,
    _TARGET_WORDS,
    _TITLE_HEAD_END,
    _TITLE_YEAR,
    _TOP_HEADING,
    _WORD_CHAR,
    _YARDSTICK_BEFORE,
    _YEAR,
    _YEAR_BAD_AFTER,
    _YEAR_BAD_BEFORE,
    _YEAR_REACH,
)
from winnow.metric_quantities import _Quantity
from winnow.numbers import fold_text

_Year = tuple[int, int, int, str]  # start, end, year, text
_RANGE_YEAR: Final = 0  # the year of a range of years averaged over, which dates no figure
_RANGE_AVERAGE: Final = re.compile(r"\s?(?:的|间|期间)?\s?(?:多年)?(?:平均|年均)")
# A figure after a range or a list of years (2016-2019年, 2016年、2017年) is their total, dated
# by the last, only where a verb says it adds up; otherwise (超采量为…, 128个行政村) no one year.
_TOTAL_VERB: Final = re.compile(r"完成|累计|共|合计|总计|新增|新建|建成|搬迁|脱贫|减贫|转移|投入")
# 由A减少为B after a range of years: B follows the change verb
_CHANGE_TO: Final = re.compile(r"(?:减少|增加|下降|上升|提高|扩张|扩大|缩小|调整|增|降|变)(?:为|到|至)")
_FROM_YEAR: Final = re.compile(r"[从由](?:19|20)\d\d\s?年")  # 从2000年0.44提高到2010年0.6
_TO_BEFORE: Final = re.compile(r"(?:到|至)\s?$")
_TO_CHARS: Final = ("到", "至", "")  # the character before a year that _TO_BEFORE can match (or a space)


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
    survey: tuple[int, int, int] | None = None  # start, end, year: the paragraph stating a paper's survey
    doc_region: gazetteer.Region | None = None
    doc_word: str = ""  # the title's name for doc_region (玉环市 for 玉环县, renamed since the data)
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
    total: str | None = None  # the first indicator of the last sentence not opened by 其中
    last_items: tuple[list[str], str] | None = None  # the items and verb of the last 分别 list
    ranges: set[int] = field(default_factory=set)  # starts of the years that are ranges (2016-2019年)


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
        elif _ISSUER.search(ft) and len(ft) <= 20:
            ctx.kind = "communique"  # 武城县统计局, no date: dated by the year its figures name most
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
            matches = [
                r
                for r in gazetteer.find_title_regions(ft)
                if r.region.level != "country" and not _LONG_NAME_AFTER_PLACE.match(ft, r.end)
            ]
            matches.sort(key=lambda r: gazetteer.LEVEL_RANK[r.region.level])
            if matches:
                ctx.doc_region, ctx.doc_word = matches[-1].region, ft[matches[-1].start : matches[-1].end]
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
    if ctx.doc_region is None and ctx.kind == "paper" and folded.find("政府工作报告", 0, 300) >= 0:
        # a news item on a work report (在日照市五莲县…人民代表大会上，县长作政府工作报告): its place
        # is its opening's, and places of other provinces are comparisons, as in the report itself
        ctx.kind = "report"
        ctx.report_year = _meeting_year(folded)
        ctx.doc_region = _opening_region(ctx, 0, min(len(folded), 400))
    if ctx.kind == "paper" and (ctx.doc_region is None or ctx.doc_region.level != "county"):
        area = _study_area(ctx)  # 摘要：以定西市安定区为例 in a paper titled 甘肃农户生计研究
        doc = ctx.doc_region
        if area is not None and (
            doc is None
            or (
                area.code.startswith(doc.code[: 2 if doc.level == "province" else 4])
                and gazetteer.LEVEL_RANK[area.level] > gazetteer.LEVEL_RANK[doc.level]
            )
        ):
            ctx.doc_region = area
    if ctx.folded_title and paragraphs:
        start, end, _ = paragraphs[0]
        ctx.title_is_first = end - start < len(ctx.folded_title) + 8 and (
            folded[start:end].strip() == ctx.folded_title
        )
    if ctx.kind == "paper" and ctx.default_year is None and _communique_page(folded):
        ctx.kind = "communique"  # a later page of a communiqué: its section heading is its first line
    if ctx.kind == "paper" and ctx.default_year is None:
        survey = _survey_year(folded)
        if survey is not None:
            # the survey's (or base year's) figures in the paragraph stating it carry its year;
            # other paragraphs only where they name a year themselves (the gold's decision)
            survey_year, at = survey
            end = folded.find("\n", at)
            ctx.survey = (folded.rfind("\n", 0, at) + 1, end if end >= 0 else len(folded), survey_year)
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
        elif ym.group("y") and ym.start("y") > ym.start():
            ctx.ranges.add(ym.start())
        ctx.years.append((ym.start(), ym.end(), year, text[ym.start() : ym.end()]))
    ctx.year_starts = [y[0] for y in ctx.years]
    if ctx.kind == "communique" and ctx.default_year is None:
        ctx.default_year = _main_year(ctx)
    if ctx.kind == "communique" and ctx.doc_region is None:
        ctx.doc_region = _main_place(ctx)
    return ctx


def _main_place(ctx: _Context) -> gazetteer.Region | None:
    """The place a communiqué page without its title names most (浦北县人民医院…, 全县…), if one is
    named more than any other."""
    counts: dict[str, int] = {}
    by_code: dict[str, gazetteer.Region] = {}
    for r in gazetteer.find_regions(ctx.folded):
        if r.region.level in ("city", "county"):
            counts[r.region.code] = counts.get(r.region.code, 0) + 1
            by_code[r.region.code] = r.region
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return by_code[ranked[0][0]]


def _communique_page(folded: str) -> bool:
    """A page of a statistical communiqué without its title (十、文化、旅游和卫生健康 / 文化:2021年末
    全县有公共图书馆1个…; 2021年,是…): opened by a numbered section heading or by a year, figures
    set against last year's, and none of a paper's or a work report's parts."""
    return (
        (_TOP_HEADING.match(folded) is not None or _OPENING_YEAR.match(folded) is not None)
        and folded.count("比上年") + folded.count("增长") >= 3
        and _REPORT_MARKS.search(folded, 0, 3000) is None
        and _SCOPE_WORDS.search(folded, 0, 2000) is not None
        and _PAPER_MARKS.search(folded, 0, 2000) is None
    )


def _main_year(ctx: _Context) -> int | None:
    """The year most of a text's dated figures name, if most do (a communiqué page: 2021年末…)."""
    counts: dict[int, int] = {}
    for _, _, year, _ in ctx.years:
        if year != _RANGE_YEAR:
            counts[year] = counts.get(year, 0) + 1
    if not counts:
        return None
    year, n = max(counts.items(), key=lambda kv: kv[1])
    return year if n * 2 > sum(counts.values()) else None


def _study_area(ctx: _Context) -> gazetteer.Region | None:
    """The place a paper's opening says it studies (以陕西省佳县为例, 研究区位于…), at its finest."""
    folded = ctx.folded
    k = folded.find("为例", 0, _STUDY_REACH)
    while k >= 0:
        i = folded.rfind("以", max(0, k - 20), k)
        if i >= 0:
            found = [r for r in gazetteer.find_regions(folded, i + 1, k) if r.region.level != "country"]
            if found:
                return _finest_adjacent(found, 0, len(found) - 1)
        k = folded.find("为例", k + 2, _STUDY_REACH)
    return None


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
            m = _SURVEY_YEAR.search(folded, max(0, k - 96), k + 16)
            if m:
                return int(next(g for g in m.groups() if g)), m.start()
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
        or (ctx.folded[r.end : r.end + 1] == "[" and _CITED_NAME.match(ctx.folded, r.start - 1))
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
    if s.group()[0] == "该":  # 渝中区…。该区常住人口…: the last place of that kind named before
        kind = s.group()[-1]
        found = next(
            (r.region for r in reversed(_named(ctx, idx, s.start())) if r.region.name[-1] == kind), None
        )
        if found is None and ctx.doc_region is not None and ctx.doc_region.name[-1] == kind:
            found = ctx.doc_region
        return gazetteer.RegionMatch(s.start(), s.end(), found or gazetteer.Region("", "", "", "town", None))
    level = _SCOPE_LEVEL.get(s.group()[-1], "city")
    doc = ctx.doc_region
    if (
        doc is not None
        and doc.level in ("city", "county")
        and s.group()[-1] in (doc.name[-1], ctx.doc_word[-1:])
    ):
        level = doc.level  # 全区 in a paper about 徐水区, 全市 in one about a county-level city
    elif level == "province" and doc is not None and doc.level in ("city", "county"):
        # 香洲区…。全区…: in a city's text 全区 is the district named before it, else the city
        level = "county"
    best: gazetteer.Region | None = None
    for r in reversed(_named(ctx, idx, s.start())):  # the last place of that level named before
        if r.start < s.start() and r.region.level == level:
            best = r.region
            break
    if best is None:
        best = _last_named(ctx, level, idx - 1)  # however far back
    if best is None and ctx.doc_region is not None and ctx.doc_region.level == level:
        best = ctx.doc_region
    if (
        best is None
        and ctx.doc_region is not None
        and (
            level == "province"
            or (level == "county" and s.group()[-1] == "区" and ctx.doc_region.level == "city")
        )
    ):
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


def _clause_start(folded: str, pos: int, floor: int, breaks: str = _CLAUSE_BREAK) -> int:
    i = pos - 1
    while i >= floor and folded[i] not in breaks:
        i -= 1
    return max(i + 1, floor)


def _strip_lead(s: str) -> str:
    """``s`` without the lead words of _LEAD_STRIP; the regex runs only when one can open it."""
    if s and s[0] in _LEAD_FIRST:
        return _LEAD_STRIP.sub("", s)
    return s


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
    named: gazetteer.Region | None = None
    while k >= 0 and regions[k].start >= s_start:  # sentence: a place that opens a clause, or 全市
        r = regions[k]
        if r.region.level == "country" and not _national_at(ctx, r):
            # 其中新疆农业用水量在全国最高: 全国 is the yardstick where another place is the subject
            yardstick = yardstick or r.region
        elif _opens_clause(ctx, r.start) or _SCOPE_WORDS.fullmatch(ctx.folded, r.start, r.end):
            return _finest_adjacent(regions, k, i)
        elif (
            named is None
            and ctx.folded[r.start - 1 : r.start] in _IS_BEFORE
            and _NAMED_AS.match(ctx.folded, r.end)
        ):
            named = r.region  # 第3类地区为海南省，…分别占全国的0.9%: the place the clause names
        k -= 1
    if yardstick is not None:
        return named or yardstick
    # paragraph: a place that opens one of the earlier sentences of this paragraph
    j = i
    while j >= 0:
        r = regions[j]
        if _opens_sentence(ctx, r.start, p_start) and (
            not _below_doc(ctx, r.region) or (ctx.kind == "communique" and _opens_paragraph(ctx, r, p_start))
        ):
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


def _opens_paragraph(ctx: _Context, r: gazetteer.RegionMatch, p_start: int) -> bool:
    """香洲区全年实现…。规模以上工业…: a district opening a communiqué's paragraph scopes all of it."""
    return r.region.level != "country" and _sentence_start(ctx, r.start, p_start) == p_start


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
        lead = ctx.folded[_clause_start_at(ctx, pos) : pos]
        # 是甘肃省重点牧业县之一: the place after a copula is the complement, not the subject
        got = ctx.opens_clause[pos] = len(_strip_lead(lead)) <= 3 and not lead.endswith(_COPULAS)
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
        # a communiqué's figures are its year's, whatever else is named, but for a figure of
        # another year it revises (经普查修订，2021年全县生产总值为…)
        if ctx.folded.find("修", s_start, pos) >= 0 or ctx.folded.find("核实", s_start, pos) >= 0:
            i = bisect.bisect_left(ctx.year_starts, pos) - 1
            if (
                i >= 0
                and ctx.years[i][0] >= s_start
                and ctx.years[i][2] not in (ctx.default_year, _RANGE_YEAR)
            ):
                return ctx.years[i][2], ctx.years[i][3]
        return ctx.default_year, None
    folded = ctx.folded
    k = folded.find("年均", max(s_start, pos - 12), pos)
    if k < 0 and ctx.kind == "paper":
        k = folded.find("每年", max(s_start, pos - 12), pos)  # 每年即可节约400亿m³: a yearly rate
    if k >= 0 and not _CLAUSE_END.search(folded, k, pos):
        return None, None  # 截止2016年底…，年均增长9.5%: a rate over several years, none of them named
    i = bisect.bisect_left(ctx.year_starts, pos) - 1
    if i >= 0 and ctx.years[i][0] >= s_start and ctx.years[i][1] <= pos:
        listed_before = i > 0 and ctx.years[i - 1][0] >= s_start
        if listed_before:
            listed = _listed_year(ctx, i, q, s_start, prev)
            if listed is not None:
                return listed
        y0, y1, year, text = ctx.years[i]
        if year == _RANGE_YEAR:
            return None, None
        several = y0 in ctx.ranges or (
            listed_before
            and y0 - ctx.years[i - 1][1] <= 3
            and folded[ctx.years[i - 1][1] : y0].strip(" 、和与及,，") == ""
        )
        if several and not _TOTAL_VERB.search(
            folded, y1, (ce.start() if (ce := _CLAUSE_END.search(folded, pos, pos + 40)) else pos + 40)
        ):
            if y0 in ctx.ranges and (k := max(folded.rfind("由", y1, pos), folded.rfind("从", y1, pos))) >= 0:
                # 2000—2018年，生产用地由A减少为B: A is the first year's, B the last's
                if _CHANGE_TO.search(folded, k, pos) is None:
                    return int(text.lstrip()[:4]), text
                return year, text
            return None, None
        if (
            folded[y0 - 1 : y0].strip() in _TO_CHARS
            and _TO_BEFORE.search(folded, max(s_start, y0 - 2), y0)
            and _CLAUSE_END.search(folded, y1, pos)
            and _FROM_YEAR.search(folded, s_start, y0)
        ):
            return None, None  # 从2000年0.44提高到2010年0.6，提高了约36%: a change over years
        return year, text
    if hs.para_year is not None:
        return hs.para_year, None
    if hs.year is not None:
        return hs.year, None
    if hs.multi or hs.para_multi:
        return None, None  # 过去五年: several years, none of them named
    if ctx.default_year is not None and pos >= ctx.default_from:
        return ctx.default_year, None
    if ctx.survey is not None and ctx.survey[0] <= pos < ctx.survey[1]:
        return ctx.survey[2], None
    if ctx.kind == "report" and ctx.report_year is not None:  # the year X report reviews X-1, plans X
        return (ctx.report_year if target else ctx.report_year - 1), None
    return None, None


def _is_target(ctx: _Context, pos: int, s_start: int, s_end: int, p_idx: int, hs: _HeadingState) -> bool:
    if _first_target_word(ctx, s_start, s_end) < pos:
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
        got = end
        k = ctx.folded.find("目标", start + 2, end)
        while k >= 0:
            m = _TARGET_PARAGRAPH.search(ctx.folded, k - 2, end)
            if m is None:
                break
            if not _met_goal(ctx.folded, m.start()):
                got = m.start()
                break
            k = ctx.folded.find("目标", m.end(), end)
        ctx.section_marks[start] = got
    return got


def _first_target_word(ctx: _Context, start: int, end: int) -> int:
    """Where a target word first appears in the sentence [start, end) (``end`` if not), a met
    预期目标 / 主要目标 (_MET_GOAL) not counting."""
    got = ctx.target_words.get(start)
    if got is None:
        got = end
        at = start
        while (m := _TARGET_WORDS.search(ctx.folded, at, end)) is not None:
            if not (m.group().endswith("目标") and _met_goal(ctx.folded, m.start())):
                got = m.start()
                break
            at = m.end()
        ctx.target_words[start] = got
    return got


def _met_goal(folded: str, at: int) -> bool:
    return _MET_GOAL.search(folded, max(0, at - 16), at) is not None


def _first(seen: dict[int, int], pattern: re.Pattern[str], folded: str, start: int, end: int) -> int:
    """Where ``pattern`` first matches in the sentence [start, end) (``end`` if not).

    What a pass over the whole text finds there: none of the words spans a sentence end.
    """
    got = seen.get(start)
    if got is None:
        m = pattern.search(folded, start, end)
        got = seen[start] = m.start() if m else end
    return got
