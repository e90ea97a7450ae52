"""Canonical indicators: a mention's free-text indicator → (indicator_code, measure, direction).

The vocabulary is data, the dbt seed ``dbt/seeds/indicator_vocabulary.csv`` (read here through the
package's ``vocab`` folder, a link to that folder: one file, seeded by dbt and read by the
library). Each indicator has a code, Chinese and English names, a unit family, the measure
a figure in its own unit family has (``measure_kind``) and synonyms.

``classify(indicator, unit, unit_family, sentence, mention)`` runs this cascade:

1. find the vocabulary's names in the indicator text (one Aho-Corasick pass over the folded
   text), the name ending last first (the head of a Chinese noun phrase), a short head
   yielding to a long name before it (重点研发计划项目); before 占 only (研发支出占GDP比重
   is research spending); not a name negated (非贫困户, 秸秆未被利用率); one-character names
   (县, 村) and names marked ``=`` (项目) only when they are the whole indicator, names marked
   ``^`` (企业) also when they end it (the thing counted: 引导落地投产企业500家);
2. when the indicator names no subject (增长, 分别增长, 占…, 总数, none at all), take the
   nearest name at most a dozen Chinese characters (asides and 按可比价计算 left out) before
   the mention and after the last semicolon: the subject its clause carries over; and for
   counts no name fits, the noun right after the figures (848个村、11485户及48991人的易地扶贫搬迁);
3. keep the first candidate the unit can measure: a percentage, point change or multiple
   any indicator; another unit its own family, and of that family its own units where the
   vocabulary lists them (医院 in 家 or 所, not 项);
4. the measure follows from the unit and the words: 个百分点 → pp_change, 倍 → multiple,
   % → level of a rate, share (占, 比重, a rate of an amount) or growth_rate; another unit →
   change (增加, 减少 in or after the name, 比上年新增), per_capita (人均, 每千人), else level
   or count; an indicator carried past another figure and a clause break lends its name, not
   its verb (…增长21.6%，平均每天新增1.2万户: a count);
5. the direction is -1 for a fall (下降, 减少) measured as a change, so that value_std is
   signed and rises and falls chart on one axis.

Everything is compiled once per process (``vocabulary()``), and the answer for an
indicator, unit and the words before the number is kept: a mention whose answer is known
costs one find and one dictionary look-up.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Final, NamedTuple

import ahocorasick

from winnow.numbers import fold_text
from winnow.units import UNIT_WORD, UNITS

MEASURES: Final = ("level", "count", "per_capita", "growth_rate", "change", "share", "pp_change", "multiple")
MEASURE_KINDS: Final = ("level", "count", "growth_rate")  # what a figure in the indicator's own unit is

# Percentages and point changes measure change, share or rate of any quantity; a multiple
# compares two amounts of it: none of them needs the indicator's own unit family.
_ANY_FAMILY: Final = frozenset({"ratio", "multiple"})
# Families of amounts (as against money, counts and rates): a rate unit of one is no amount.
_AMOUNTS: Final = frozenset({"weight", "volume", "energy", "area", "length"})
_POINT_UNITS: Final = frozenset({"个百分点", "百分点"})
# A size class (五千亿级 cluster, 5A级): not an amount of anything.
_NOT_AMOUNTS: Final = frozenset({"级"})
# Words that make a figure a change of the indicator (增长5.5%, 增加100亿元, 下降3%).
_GROWTH: Final = re.compile(
    r"增收|增长|增速|增幅|涨幅|上涨|增加(?!值)|增产|提高|提升|上升|下降|降低|减少|回落|下跌|减产|压减|降幅|净增|缩减"
)
# …of which these say it fell: a fall is a negative change.
_DECLINE: Final = re.compile(r"下降|降低|减少|回落|下跌|减产|压减|降幅|缩减")
# A figure compared with an earlier one (比上年新增1547人, 较上年多3万户) is their difference.
_COMPARED: Final = re.compile(r"[比较](?:上年|去年|年初|上年末|上年同期)|同比")
# 由X增加到Y, 从X提高到Y, 增加到Y, 达到Y: the figures are levels, the change is between them.
_FROM_TO: Final = re.compile(r"[从由到至]")
# A rate's own growth (城镇化水平年均增速0.3%), as against its rise in points or to a level.
_RATE_GROWTH: Final = re.compile(r"增速|增长率|增幅|年均增长")
# An indicator ending in 率 is itself a rate (签订率, 普及率).
_RATE_END: Final = re.compile(r"率$")
# A percentage of a part in a whole (占全国, 比重, 占比): a share, when the indicator is not a rate.
_SHARE: Final = re.compile(r"占|比重|比例|份额|用于|强度")  # 研发投入强度: research spending / GDP
# 人均, 每千人, 每万人口: per person (or per so many people).
_PER_CAPITA: Final = re.compile(r"人均|每[十百千万]?人")
# An indicator that names no subject once these are gone: the subject is in the clause before.
_FILLER: Final = re.compile(
    r"分别|同比|比上年|比去年|较上年|比增|多增|少增|新增|两年平均|年均|平均|可比|累计|实际|名义|预期|目标|力争|"
    r"达到|达|为|是|约|超过|超|近|共|总|其中|全年|"
    r"增长|增速|增幅|涨幅|上涨|增加(?!值)|提高|提升|上升|下降|降低|减少|回落|压减|缩减|增收|占比|占|比重|以上|左右|"
    r"(?:19|20)\d\d年(?:底|末|初)?的?|[从由到至]|"  # 从1990年的47%下降到2015年的14%: when, not what
    r"按可比价格?(?:计算)?|按现价(?:计算)?|按可比口径|"  # how the figure was computed, not of what
    r"[，,、；;：:\s]"
)
_MAX_CONTEXT: Final = 60  # characters before the mention searched for a carried-over subject
_IN_SHARE: Final = re.compile(r"在.{1,12}中的(?:比重|占比|比例)")
# Words before a name that make it a part or a remainder (其他服务业, 男性人口, 死亡人口: a
# sub-population, not the population), and after it a complement or a loss.
_PART_OF: Final = frozenset({"其他", "男性", "女性", "死亡"})
_NOT_AFTER: Final = ("未", "损失")
_SHORT, _LONG = 2, 4  # a head name this short yields to an earlier name at least this long
# Who benefits, after what is counted (600万个家庭受益, 惠及1.7万个家庭).
_BENEFIT: Final = re.compile(r"(?:受益|惠及|受惠)$")
# Words that say how much of something, not of what (the extractor leaves them when the
# subject is in an earlier clause: 高新技术企业…, 总数达1.2万家).
_GENERIC: Final = re.compile(
    r"总数|总量|数量|规模|总额|金额|产量|产值|增加值|总值|收入|费用|人次|件次|强度|水平|比例|占比|率|数|量|值"
)
# Figures listed after the mention (及48991人, 、4755人): skipped to reach the noun they share.
_LISTED: Final = re.compile(r"(?:[、及和与]?[\d.]+[万亿千百]*(?:人次|户|人|个|家|名|所|亩|元)?)*")
# A name at most this far after them, past a verb only (开展了, 进行), is what they count; past
# punctuation it is the next item's (已脱贫村民(7人)、第一书记(1人)).
_AFTER: Final = 6
_HAN_ONLY: Final = re.compile(r"[\u4e00-\u9fff]*")
_CLAUSE_END: Final = re.compile(r"[，,；;。：:！？!?\n]")
# A survey's own sample: respondents, questionnaires, households surveyed (not 城镇调查失业率 or
# 抽样调查, which are statistics of a place).
_SAMPLE: Final = re.compile(
    r"受访|受调查|被调查|调研户|调研样本|调查样本|调查户|调查农户|调查对象|问卷|样本户|样本农户"
)
# 城乡居民人均可支配收入分别达到27071元、12813元: the first figure is the towns', the second the
# countryside's, where the vocabulary has both.
_SPLIT: Final = {
    "disposable_income_per_capita": (
        "urban_disposable_income_per_capita", "rural_disposable_income_per_capita",
    ),
}  # fmt: skip
_EACH: Final = re.compile(r"[\d.]+")
_CONTRIBUTION: Final = re.compile(r"贡献|拉动")
_CLAUSE_BREAK: Final = re.compile(r"[，,；;]")
_FIGURE: Final = re.compile(r"\d")
_HAN: Final = re.compile(r"[\u4e00-\u9fff]")
# Asides ((现价,下同)) and notes on how a figure was computed (按可比价计算): they name nothing.
_ASIDE: Final = re.compile(r"[(（][^()（）]*[)）]|按可比价格?(?:计算)?|按现价(?:计算)?|按可比口径")
_NEAR: Final = 12  # how far before the mention a carried-over subject may end
# Words that name the measured property (an area, an output value, a length, an output in
# kind) after the name: 稻谷产量 and 早稻增产 are outputs, never the area sown to rice.
_OUTPUT: Final = frozenset({"weight", "volume", "energy", "count"})
_PROPERTY: Final = {
    "面积": frozenset({"area"}), "产值": frozenset({"money"}), "里程": frozenset({"length"}),
    "产量": _OUTPUT, "增产": _OUTPUT, "减产": _OUTPUT,
    "收入": frozenset({"money"}), "金额": frozenset({"money"}),  # 实现收入4140亿元: revenue, not visitors
}  # fmt: skip
_PROPERTY_WORD: Final = re.compile("|".join(_PROPERTY))
_LEAD: Final = 6  # characters before the mention read for its verb (分别下降, 比上年增长)


@dataclass(frozen=True, slots=True)
class Indicator:
    code: str
    name_zh: str
    name_en: str
    domain: str
    unit_family: str
    measure_kind: str
    units: frozenset[str]  # the units that count it (家 for enterprises); empty: any unit of the family
    nbs_code: str | None
    synonyms: tuple[str, ...]


class Coded(NamedTuple):
    """What ``classify`` returns: the canonical indicator, its measure and the direction (a
    named tuple: one is made per mention, and a tuple is the cheapest record to make)."""

    code: str
    measure: str
    direction: int  # -1: the text says the quantity fell (a signed change); else 1


@dataclass(slots=True)
class Vocabulary:
    indicators: dict[str, Indicator]
    automaton: ahocorasick.Automaton  # folded synonym → (synonym, its codes: one per unit family)
    singles: dict[str, tuple[str, ...]]  # one-character, =marked and ^marked names: whole indicators
    heads: dict[str, tuple[str, ...]]  # ^marked synonyms: also the last word (head) of an indicator


def vocab_file(name: str = "indicator_vocabulary.csv") -> str:
    """The text of a vocabulary file (the dbt seeds folder, shipped as package data)."""
    return resources.files("winnow").joinpath("vocab", name).read_text(encoding="utf-8")


def load(text: str) -> Vocabulary:
    """The vocabulary of an ``indicator_vocabulary.csv`` text; raises ValueError on a malformed one."""
    indicators: dict[str, Indicator] = {}
    owner: dict[tuple[str, str], str] = {}  # (folded name, unit family) → code
    whole: set[str] = set()
    heads: set[str] = set()
    for row in csv.DictReader(text.splitlines()):
        code = row["indicator_code"]
        if code in indicators:
            raise ValueError(f"indicator {code} is listed twice")
        if row["measure_kind"] not in MEASURE_KINDS:
            raise ValueError(f"indicator {code}: unknown measure_kind {row['measure_kind']!r}")
        names = [row["name_zh"], *filter(None, row["synonyms"].split("|"))]
        exact = {n[1:] for n in names if n[:1] in "=^"}  # =项目: only the whole indicator is the name
        head = {n[1:] for n in names if n.startswith("^")}  # ^企业: or the head of its noun phrase
        names = [n[1:] if n[:1] in "=^" else n for n in names]
        ind = Indicator(
            code, row["name_zh"], row["name_en"], row["domain"], row["unit_family"], row["measure_kind"],
            frozenset(filter(None, row["units"].split("|"))), row["nbs_code"] or None,
            tuple(dict.fromkeys(names)),
        )  # fmt: skip
        indicators[code] = ind
        for name in ind.synonyms:
            key = fold_text(name)
            # One name, one meaning within a unit family (else the match is a coin toss); across
            # families the unit decides: 稻谷 in 吨 is rice output, in 公顷 the area sown to rice.
            other = owner.setdefault((key, ind.unit_family), code)
            if other != code:
                raise ValueError(f"synonym {name!r} names both {other} and {code}")
            if name in exact:
                whole.add(key)
            if name in head:
                heads.add(key)
    codes: dict[str, tuple[str, ...]] = {}
    for (key, _), code in owner.items():
        codes[key] = (*codes.get(key, ()), code)
    automaton = ahocorasick.Automaton()
    singles: dict[str, tuple[str, ...]] = {}
    for key, named in codes.items():
        # One character (县, 村) or a word marked = (项目: 定价项目 and 报销项目 are no projects)
        # names the indicator only when it is the whole of it.
        if len(key) == 1 or key in whole:
            singles[key] = named
        else:
            automaton.add_word(key, (key, named))
    automaton.make_automaton()
    return Vocabulary(indicators, automaton, singles, {k: singles[k] for k in heads})


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return load(vocab_file())


def classify(
    indicator: str | None, unit: str, unit_family: str, sentence: str = "", mention: str = ""
) -> Coded | None:
    """The canonical indicator of a mention, or None when the vocabulary has no fitting one."""
    at = sentence.find(mention) if mention else -1
    lo = at - _LEAD
    key = (indicator or "", unit, unit_family, sentence[lo if lo > 0 else 0 : at] if at > 0 else "")
    known = _memo.get(key, _UNKNOWN)
    if known is not _UNKNOWN:  # the common case: kept to a look-up
        return known  # type: ignore[return-value]
    if unit in _NOT_AMOUNTS:
        return None
    folded = _fold(sentence) if at >= 0 else ""  # same length as the sentence: offsets hold
    lead = folded[max(0, at - _LEAD) : max(0, at)]  # 分别下降, 比上年增长, 增加到
    v = vocabulary()
    text = key[0].replace(" ", "")  # LaTeX-era papers space their characters (60 岁以上)
    found, share = _candidates(text)
    own = True  # the answer follows from the indicator, unit and lead alone: it may be kept
    if not found and (text.startswith("占") or _names_no_subject(text)):
        # 增长5.5%, 占总耕地面积的12%, 总数达1.2万家, or no indicator at all: the subject is the
        # clause's before (before the 占: what follows it is the whole)
        context = folded[max(0, at - _MAX_CONTEXT) : max(0, at)]
        found = tuple(
            (c, 0) for c in _nearest(v, context[: context.rfind("占")] if text.startswith("占") else context)
        )
        own = False
    if (
        unit_family == "count"
        and at >= 0
        and not any(_fits(v.indicators[c], unit, unit_family) for c, _ in found)
    ):
        found = found + tuple((c, 0) for c in _after(v, folded[at + len(mention) :]))
        own = False
    verbs = True  # the indicator's own verbs (增长, 增加) apply to this figure
    if found and at > 0 and _GROWTH.search(text) and (ind_at := folded.rfind(_fold(key[0]), 0, at)) >= 0:
        # 新登记注册企业增长21.6%，平均每天新增1.2万户: the indicator, and its 增长, were the
        # earlier figure's; past another figure and a clause break only the words before this
        # one say what it measures
        between = folded[ind_at + len(key[0]) : at]
        if _FIGURE.search(between) and _CLAUSE_BREAK.search(between):
            verbs, own = False, False
    if at > 0 and (listed := _respectively(v, folded, at)):
        found, own = listed, False
    if found and unit_family == "ratio" and at >= 0 and _SAMPLE.search(folded):
        # 受访户中89.93%的家庭养羊, 占调研样本的68.46%, 文化程度为小学的占36.24%: a paper's
        # breakdown of its survey sample, no statistic of a place
        found, own = (), False
    if found and at > 0 and _SPLIT.get(found[0][0]) and "城乡" in text:
        found, own = _urban_or_rural(found, folded[:at]), False
    coded = _code(v, found, share, text, lead, unit, unit_family, verbs)
    if own:
        if len(_memo) >= _MEMO_SIZE:
            _memo.clear()
        _memo[key] = coded
    return coded


def _code(
    v: Vocabulary,
    found: tuple[tuple[str, int], ...],
    share: bool,
    text: str,
    lead: str,
    unit: str,
    unit_family: str,
    verbs: bool = True,
) -> Coded | None:
    """The first candidate whose unit fits, with its measure and direction (``verbs``: whether
    the change words of ``text`` are this figure's)."""
    said = text if verbs else _GROWTH.sub("", text)
    words = said + lead  # the verb may stand between the indicator and the number (分别下降12.4%)
    if unit_family in _ANY_FAMILY and len(found) > 1:
        # One name in two families (稻谷: output and area): a percentage is of the quantity whose
        # unit came just before it (稻谷39.5万吨,增长11.2%).
        before = {UNITS.get(u) for u in UNIT_WORD.findall(lead)}
        found = tuple(sorted(found, key=lambda f: v.indicators[f[0]].unit_family not in before))
    contribution = _CONTRIBUTION.search(text) is not None
    for code, start in found:
        ind = v.indicators[code]
        if not _fits(ind, unit, unit_family) or not _same_property(ind, text[start:]):
            continue
        if contribution and "贡献" not in ind.name_zh:
            # 第二产业对经济增长的贡献率, 三次产业拉动经济增长…个百分点: a sector's contribution to
            # the growth, not the growth; only a contribution indicator is that
            return None
        if share and unit_family == "ratio" and ind.unit_family != "ratio":
            measure: str | None = "share"
        else:
            # a verb before the name acts on it (新建和改造提升高标准农田335万亩: a level); one
            # in or after it, or between it and the number, says how it changed (粮食增产10亿斤)
            after = (text[start:] if verbs else _GROWTH.sub("", text[start:])) + lead
            measure = _measure(ind, text, words, after, unit, unit_family)
        if measure is None:
            return None
        fell = measure in ("growth_rate", "change", "pp_change") and bool(_DECLINE.search(words))
        return Coded(code, measure, -1 if fell else 1)
    return None


# A sentence holds several mentions, and an indicator text recurs across pages: both are worked
# out once (per parse worker) and looked up after; so is the answer for an indicator, unit and
# the words before the number, when nothing else in the sentence went into it.
_fold = lru_cache(maxsize=256)(fold_text)
_memo: dict[tuple[str, str, str, str], Coded | None] = {}
_MEMO_SIZE: Final = 1 << 16
_UNKNOWN: Final = object()


def _respectively(v: Vocabulary, folded: str, at: int) -> tuple[tuple[str, int], ...]:
    """X、Y分别增长a、b: the k-th figure after 分别 is the k-th subject named before it in the
    sentence (全县生产总值92.51亿元,规上工业增加值10.74亿元,分别比增5.1%和15.3%); () when the
    sentence lists no such pairs, or as many subjects as figures cannot be told apart."""
    k = folded.rfind("分别", 0, at)
    if k < 0:
        return ()
    start = max(folded.rfind(c, 0, k) for c in "。；;") + 1
    stop = min((i for i in (folded.find(c, at) for c in "。；;，,") if i >= 0), default=len(folded))
    if "$" in folded[k:stop] or _CLAUSE_BREAK.search(folded, k, at):
        return ()
    figures = len(_EACH.findall(folded, k, stop))
    index = len(_EACH.findall(folded, k, at))
    if figures < 2 or index >= figures:
        return ()
    names: list[tuple[int, int, tuple[str, ...]]] = []  # (start, end, codes), the longest of each span
    for end, (key, named) in v.automaton.iter(folded[start:k]):
        first = end + 1 - len(key)
        names = [n for n in names if not (first <= n[0] and n[1] <= end)]
        if not any(n[0] <= first and end <= n[1] for n in names):
            names.append((first, end, named))
    names.sort()
    if len(names) != figures or len({n[2] for n in names}) != figures:
        return ()
    return tuple((code, 0) for code in names[index][2])


def _urban_or_rural(found: tuple[tuple[str, int], ...], before: str) -> tuple[tuple[str, int], ...]:
    """After 分别, the figures of 城乡 are the towns' then the countryside's: the candidate
    split by how many figures come between 分别 and this one (``before``: the folded sentence up
    to the mention); as it was when no 分别 lists them or the figure is past the second."""
    at = before.rfind("分别")
    if at < 0:
        return found
    index = len(_EACH.findall(before, at))
    parts = _SPLIT[found[0][0]]
    return ((parts[index], found[0][1]), *found[1:]) if index < len(parts) else found


def _same_property(ind: Indicator, rest: str) -> bool:
    """The indicator text from the name on measures what the indicator measures: 蔬菜产值 is
    money and 棉花面积 an area, whatever the percentage that follows says of them; the words of
    the name itself are its own (单位面积产量 is a yield, not an area)."""
    if "产值" in rest and "增加值" in ind.name_zh:  # 高新技术产业总产值: an output value, no value added
        return False
    if not _PROPERTY_WORD.search(rest):  # the common case: no property word at all
        return True
    name = max((n for n in ind.synonyms if rest.startswith(n)), key=len, default="")
    return all(ind.unit_family in _PROPERTY[m.group()] for m in _PROPERTY_WORD.finditer(rest, len(name)))


def _fits(ind: Indicator, unit: str, unit_family: str) -> bool:
    """The mention's unit can measure the indicator: a percentage, point change or multiple any
    indicator; another unit its own family, and of that family its own units where it lists
    them (hospitals are counted in 家 and 所, not 项; divisions in 个, so a 户 or 人 figure
    beside 村 counts households or people)."""
    if unit_family in _ANY_FAMILY:
        return True
    if "/" in unit and unit_family in _AMOUNTS and unit not in ind.units:
        # an amount per hectare, per year or per day (施肥量300千克/公顷, 处理能力500吨/日, 灌溉
        # 定额400立方米/亩) is an intensity or a capacity, another statistic than the amount;
        # an indicator that is such a rate lists its units (粮食单产 in 千克/公顷)
        return False
    return unit_family == ind.unit_family and (not ind.units or unit in ind.units)


@lru_cache(maxsize=1 << 15)
def _candidates(text: str) -> tuple[tuple[tuple[str, int], ...], bool]:
    """Codes named in ``text``, the one ending last first (the head of a Chinese noun phrase:
    规上工业企业研发经费投入 is research spending, 补充中小学教师 teachers), the longer first
    among those ending together; and whether the text makes the figure a share.

    In 研发支出占国内生产总值比重 what follows 占 is the whole the subject is a share of: a
    name after 占 counts only when it spans the 占 itself (新能源装机占比)."""
    if not text:
        return (), False
    v = vocabulary()
    cut = _share_cut(text)
    single = v.singles.get(text) or v.singles.get(_FILLER.sub("", text))
    if single is None and cut > 0:  # 总面积占全国的: the subject of a share is what comes before 占
        single = v.singles.get(text[:cut]) or v.singles.get(_FILLER.sub("", text[:cut]))
        if single is not None:
            return tuple((code, 0) for code in single), True
    if single is not None:
        return tuple((code, 0) for code in single), False
    hits: list[tuple[int, int, str]] = []
    for end, (key, named) in v.automaton.iter(text):
        if (
            (cut < 0 or end < cut or "占" in key)
            and not _negated(text, end + 1 - len(key))
            and not _negated_after(text, end + 1)
        ):
            hits.extend((end, len(key), code) for code in named)
    if not hits:
        # A name marked ^ (企业, 家庭: things counted, unlike 项目, whose 文艺项目 and 定价项目
        # are no investment projects) that ends the text is the head of its noun phrase, what the
        # figure counts (引导落地投产企业500家, 600万户企业受益) when the unit fits (_fits).
        head = _BENEFIT.sub("", text)
        for size in range(_LONG, 1, -1):
            for code in v.heads.get(head[-size:], ()) if len(head) >= size else ():
                hits.append((len(text) - 1, size, code))
    hits.sort(reverse=True)
    if hits and hits[0][1] <= _SHORT:
        # A short head (项目, 品种, 债务) yields to a long name before it: 重点研发计划项目 are
        # research projects, 集中带量采购品种 drugs, 地方政府债券置换存量债务 bonds.
        start = hits[0][0] - hits[0][1]
        hits.sort(key=lambda h: (h[1] >= _LONG and h[0] <= start, h[0], h[1]), reverse=True)
    first: dict[str, int] = {}
    for end, size, code in hits:
        first.setdefault(code, end + 1 - size)  # where the name starts
    return tuple(first.items()), cut >= 0


def _nearest(v: Vocabulary, context: str) -> list[str]:
    """Codes named in ``context`` with at most _NEAR Chinese characters between them and its
    end (the mention), the nearest first: 地区生产总值5.5万亿元、增长5.5% carries its subject
    over; a name further back is another clause's subject, and one after 占 in its clause the
    whole of an earlier share (占总人口的53%). Only Chinese characters count, so
    that a formula ($1 2 3 4 ~ \\mathrm { h m } ^ { 2 }$) between them is no distance."""
    hits: list[tuple[int, int, str]] = []
    # a subject carries over commas, not a semicolon or a full stop: there the next item of a
    # list begins (蔬菜…;果用瓜1107公顷,增长1.9%,产量28408吨 is the melons' output)
    context = context[max(context.rfind(c) for c in "；;。") + 1 :]
    reach = -1  # the end of the longest name so far that is near enough
    for end, (key, named) in sorted(v.automaton.iter(context), key=lambda h: (h[0] - len(h[1][0]), -h[0])):
        start = end + 1 - len(key)
        clause = context[max((context.rfind(c, 0, start) for c in "，,；;。、"), default=-1) + 1 : start]
        # a name inside a longer one is as near as it (蔬菜 in 蔬菜播种面积: the crop is the
        # subject of the clause's 产量 too)
        near = end <= reach or _distance(context, end + 1) <= _NEAR
        if near and not _negated(context, start) and "占" not in clause:
            reach = max(reach, end)
            hits.extend((end, len(key), code) for code in named)
    hits.sort(reverse=True)
    return list(dict.fromkeys(code for _, _, code in hits))


def _distance(context: str, end: int) -> int:
    """Chinese characters between a name ending at ``end`` and the mention, leaving out asides
    ((现价,下同)) and notes on the computation (按可比价计算): they carry no other subject."""
    return len(_HAN.findall(_ASIDE.sub("", context[end:])))


def _negated(text: str, start: int) -> bool:
    """The name starting at ``start`` is negated or a remainder (非贫困户 are the households that
    are not poor, 其他服务业 the services not named), or follows 占 (占总人口的: the whole a share
    is of, not its subject)."""
    return start > 0 and (text[start - 1] in "非占未" or text[max(0, start - 2) : start] in _PART_OF)


def _negated_after(text: str, end: int) -> bool:
    """The name ending before ``end`` is negated by what follows it: 秸秆未被利用率 is the share
    of straw not used, 参保人员未… those not insured: the complement of the indicator; 粮食损失
    is grain lost, not grain output."""
    return text.startswith(_NOT_AFTER, end)


def _share_cut(text: str) -> int:
    """Where the whole of a share begins: at 占 (研发支出占国内生产总值比重), or at 在 before
    中的比重 (服务业在国内生产总值中的比重); -1 when the indicator is no share of a whole."""
    at = text.find("占")
    if at >= 0:
        return at
    m = _IN_SHARE.search(text)
    return m.start() if m else -1


def _names_no_subject(text: str) -> bool:
    """True when ``text`` holds nothing but change, share, filler and generic words (增长,
    分别增长, 占, 总数, 产量)."""
    return not _GENERIC.sub("", _FILLER.sub("", text))


def _after(v: Vocabulary, rest: str) -> list[str]:
    """Codes named right after the mention (``rest``: the folded sentence after it), past the
    figures listed with it: in "809个村、7741户及33510人开展了易地扶贫搬迁" the households and
    people are the relocation's."""
    if m := _CLAUSE_END.search(rest):
        rest = rest[: m.start()]
    rest = rest[_LISTED.match(rest).end() :]  # type: ignore[union-attr]
    hits = [(end - len(key) + 1, code) for end, (key, named) in v.automaton.iter(rest) for code in named]
    return [code for start, code in sorted(hits) if start <= _AFTER and _HAN_ONLY.fullmatch(rest[:start])]


def _measure(ind: Indicator, text: str, words: str, after: str, unit: str, unit_family: str) -> str | None:
    """The measure of the figure (``words``: the indicator and the few characters before the
    number; ``after``: those after the indicator's name); None when the figure is a rate of
    something the indicator is not."""
    if unit in _POINT_UNITS:
        return "pp_change"
    if unit_family == "multiple":
        return "multiple"
    from_to = bool(_FROM_TO.search(words))
    if unit_family == "ratio":
        if ind.unit_family == "ratio":  # a rate (城镇化率 65%) or a price change (居民消费价格上涨2%)
            return "growth_rate" if _RATE_GROWTH.search(words) and not from_to else ind.measure_kind
        if _RATE_END.search(text):
            # A rate of an amount (土地流转合同签订率 76.9%) is the share that has it; a rate of
            # counted things (企业反映问题办结率) and a contribution to growth (第一产业对GDP增长的
            # 贡献率) are other statistics, unless the indicator's name is that rate.
            if any(n in text for n in ind.synonyms if _RATE_END.search(n)):
                return "share"
            return None if ind.unit_family == "count" or text.endswith("贡献率") else "share"
        if _GROWTH.search(words) and not from_to:
            return "growth_rate"
        if _SHARE.search(words) or ind.unit_family == "count":
            return "share"  # a percentage of counted things (农户采用 43%, 县级医院 80%) is a proportion
        # A percentage of an amount that no word calls a share is its change: the extractor files
        # "城乡居民人均可支配收入分别增长4.7%和5.2%" with the subject and not the verb.
        return "growth_rate"
    if (_GROWTH.search(after) or _COMPARED.search(words)) and not _FROM_TO.search(after):
        return "change"
    if _PER_CAPITA.search(words) and not _PER_CAPITA.search(ind.name_zh) and "标准" not in words:
        return "per_capita"  # a standard (补助标准人均280元) is per person by definition: its level
    return ind.measure_kind
