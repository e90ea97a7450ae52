"""Canonical indicators: a mention's free-text indicator → (indicator_code, measure, direction).

The vocabulary is data, the dbt seed ``dbt/seeds/indicator_vocabulary.csv`` (read here through the
package's ``vocab`` folder, a link to that folder: one file, seeded by dbt and read by the
library). Each indicator has a code, Chinese and English names, a unit family, the measure
a figure in its own unit family has (``measure_kind``) and synonyms.

``classify(indicator, unit, unit_family, sentence, mention)`` runs this cascade:

1. find the vocabulary's names and synonyms in the indicator text (one Aho-Corasick pass),
   the longest first; a one-character synonym (县, 村) only when it is the whole indicator;
2. when the indicator names no subject (增长, 分别增长, 占, an empty one), take the nearest
   name before the mention in its own sentence: the subject the clause carries over;
3. keep the first candidate whose unit family fits the mention's (a percentage, a multiple
   or a point change fits any indicator: they measure change, share or rate);
4. the measure follows from the unit and the words: 个百分点 → pp_change, 倍 → multiple,
   % → growth_rate / share / level, other units → change, per_capita, level or count;
5. the direction is -1 for a fall (下降, 减少) measured as a change, so that value_std is
   signed and rises and falls chart on one axis.

Everything is compiled once per process (``vocabulary()``); a mention costs a few dictionary
look-ups and one automaton pass over a string of at most a few dozen characters.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Final

import ahocorasick

from winnow.numbers import fold_text

MEASURES: Final = ("level", "count", "per_capita", "growth_rate", "change", "share", "pp_change", "multiple")
MEASURE_KINDS: Final = ("level", "count", "growth_rate")  # what a figure in the indicator's own unit is

# Percentages and point changes measure change, share or rate of any quantity; a multiple
# compares two amounts of it: none of them needs the indicator's own unit family.
_ANY_FAMILY: Final = frozenset({"ratio", "multiple"})
_POINT_UNITS: Final = frozenset({"个百分点", "百分点"})
# Words that make a figure a change of the indicator (增长5.5%, 增加100亿元, 下降3%).
_GROWTH: Final = re.compile(r"增长|增速|增幅|涨幅|上涨|增加(?!值)|增产|提高|提升|上升|下降|降低|减少|回落|下跌|减产|压减|降幅|净增|缩减")
# …of which these say it fell: a fall is a negative change.
_DECLINE: Final = re.compile(r"下降|降低|减少|回落|下跌|减产|压减|降幅|缩减")
# 由X增加到Y, 从X提高到Y: both figures are levels, the change is between them.
_FROM_TO: Final = re.compile(r"[从由]$|[从由].{0,12}$|到$|至$")
# A percentage of a part in a whole (占全国, 比重, 占比): a share, when the indicator is not a rate.
_SHARE: Final = re.compile(r"占|比重|比例|份额")
_PER_CAPITA: Final = "人均"
# An indicator that names no subject once these are gone: the subject is in the clause before.
_FILLER: Final = re.compile(
    r"分别|同比|比上年|比去年|较上年|年均|累计|实际|名义|预期|目标|力争|达到|达|为|是|约|超过|超|近|共|总|其中|全年|"
    r"增长|增速|增幅|涨幅|上涨|增加(?!值)|提高|提升|上升|下降|降低|减少|回落|占比|占|比重|以上|左右|[，,、；;：:\s]"
)
_MAX_CONTEXT: Final = 60  # characters before the mention searched for a carried-over subject


@dataclass(frozen=True, slots=True)
class Indicator:
    code: str
    name_zh: str
    name_en: str
    domain: str
    unit_family: str
    measure_kind: str
    nbs_code: str | None
    synonyms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Coded:
    """What ``classify`` returns: the canonical indicator, its measure and the direction."""

    code: str
    measure: str
    direction: int  # -1: the text says the quantity fell (a signed change); else 1


@dataclass(slots=True)
class Vocabulary:
    indicators: dict[str, Indicator]
    automaton: ahocorasick.Automaton  # folded synonym → (synonym, code)
    singles: dict[str, str]  # one-character synonyms: whole-indicator matches only


def vocab_file(name: str = "indicator_vocabulary.csv") -> str:
    """The text of a vocabulary file (the dbt seeds folder, shipped as package data)."""
    return resources.files("winnow").joinpath("vocab", name).read_text(encoding="utf-8")


def load(text: str) -> Vocabulary:
    """The vocabulary of an ``indicator_vocabulary.csv`` text; raises ValueError on a malformed one."""
    indicators: dict[str, Indicator] = {}
    owner: dict[str, str] = {}
    for row in csv.DictReader(text.splitlines()):
        code = row["indicator_code"]
        if code in indicators:
            raise ValueError(f"indicator {code} is listed twice")
        if row["measure_kind"] not in MEASURE_KINDS:
            raise ValueError(f"indicator {code}: unknown measure_kind {row['measure_kind']!r}")
        names = [row["name_zh"], *filter(None, row["synonyms"].split("|"))]
        ind = Indicator(
            code, row["name_zh"], row["name_en"], row["domain"], row["unit_family"],
            row["measure_kind"], row["nbs_code"] or None, tuple(dict.fromkeys(names)),
        )  # fmt: skip
        indicators[code] = ind
        for name in ind.synonyms:
            key = fold_text(name)
            if owner.setdefault(key, code) != code:  # one name, one meaning: else the match is a coin toss
                raise ValueError(f"synonym {name!r} names both {owner[key]} and {code}")
    automaton = ahocorasick.Automaton()
    singles: dict[str, str] = {}
    for key, code in owner.items():
        if len(key) == 1:
            singles[key] = code
        else:
            automaton.add_word(key, (key, code))
    automaton.make_automaton()
    return Vocabulary(indicators, automaton, singles)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return load(vocab_file())


def classify(
    indicator: str | None, unit: str, unit_family: str, sentence: str = "", mention: str = ""
) -> Coded | None:
    """The canonical indicator of a mention, or None when the vocabulary has no fitting one."""
    v = vocabulary()
    text = (indicator or "").replace(" ", "")  # LaTeX-era papers space their characters (60 岁以上)
    found = _candidates(v, text)
    context = ""
    if not found and _names_no_subject(text):
        context = _context(sentence, mention)
        found = _nearest(v, context)
    for code in found:
        ind = v.indicators[code]
        if unit_family in _ANY_FAMILY or unit_family == ind.unit_family:
            measure = _measure(ind, text or context, unit, unit_family)
            words = text or context
            fell = measure in ("growth_rate", "change", "pp_change") and bool(_DECLINE.search(words))
            return Coded(code, measure, -1 if fell else 1)
    return None


def _candidates(v: Vocabulary, text: str) -> list[str]:
    """Codes named in ``text``, the longest name first (规模以上工业企业利润 before 规模以上工业企业);
    among names of one length the later one, the head of a Chinese noun phrase."""
    if not text:
        return []
    single = v.singles.get(text.strip())
    if single is not None:
        return [single]
    hits = sorted(((len(key), end, code) for end, (key, code) in v.automaton.iter(text)), reverse=True)
    return list(dict.fromkeys(code for _, _, code in hits))


def _nearest(v: Vocabulary, context: str) -> list[str]:
    """Codes named in ``context``, the one ending nearest its end (the mention) first."""
    hits = sorted(((end, len(key), code) for end, (key, code) in v.automaton.iter(context)), reverse=True)
    return list(dict.fromkeys(code for _, _, code in hits))


def _names_no_subject(text: str) -> bool:
    """True when ``text`` holds nothing but change, share and filler words (增长, 分别增长, 占)."""
    return not _FILLER.sub("", text)


def _context(sentence: str, mention: str) -> str:
    """The folded text of the sentence before the mention (at most _MAX_CONTEXT characters)."""
    at = sentence.find(mention) if mention else -1
    if at <= 0:
        return ""
    return fold_text(sentence[max(0, at - _MAX_CONTEXT) : at])


def _measure(ind: Indicator, words: str, unit: str, unit_family: str) -> str:
    if unit in _POINT_UNITS:
        return "pp_change"
    if unit_family == "multiple":
        return "multiple"
    from_to = bool(_FROM_TO.search(words))
    if unit_family == "ratio":
        if ind.unit_family == "ratio":  # a rate (城镇化率 65%) or a price change (居民消费价格上涨2%)
            return ind.measure_kind
        if _GROWTH.search(words) and not from_to:
            return "growth_rate"
        if _SHARE.search(words) or ind.unit_family == "count":
            # A percentage of counted things (农户采用 43%, 县级医院 80%) is a proportion of them.
            return "share"
        # A percentage of an amount that no word calls a share is its change: the extractor files
        # "城乡居民人均可支配收入分别增长4.7%和5.2%" with the subject and not the verb.
        return "growth_rate"
    if _GROWTH.search(words) and not from_to:
        return "change"
    if _PER_CAPITA in words and _PER_CAPITA not in ind.name_zh:
        return "per_capita"
    return ind.measure_kind
