"""Reading quantities: each number candidate's value, multiplier, range, unit and qualifiers.

:func:`_quantities` finds the candidates of a folded text (``CANDIDATE``), reads each one
(:func:`_read_quantity`) and drops dates, ordinals, references, list markers and numbers
inside names (:func:`_is_metric`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from winnow.metric_patterns import (
    _APPROX_AFTER_NUM,
    _APPROX_FIRST,
    _BAD_AFTER,
    _BAD_AFTER_FIRST,
    _BAD_BEFORE,
    _BAD_BEFORE_LAST,
    _BARE_AFTER,
    _BARE_MULT,
    _CHENG,
    _FRACTION_SLASH,
    _LATEX_FIRST_PERCENT,
    _LATEX_POWER,
    _LATEX_QUANTITY,
    _LATEX_REF,
    _LATEX_UNIT_AFTER,
    _LATIN_FIRST,
    _LATIN_UNIT,
    _MULT,
    _MULT_FIRST,
    _PER_UNIT,
    _PERSON_TIMES,
    _PREFIX_BY_WORD,
    _PREFIX_LAST,
    _QUOTE_OPEN,
    _QUOTE_PAIRS,
    _RANGE,
    _RANGE_FIRST,
    _SENTENCE_PUNCT,
    _SIGN_BLOCKED,
    _SPACED_MULT,
    _SUFFIX_FIRST,
    _SUFFIX_QUAL,
    _SUPERSCRIPTS,
    _TABLE,
    _UNIT_FIRST,
    _YEAR_DIGITS,
    _YEAR_RANGE_END,
    CANDIDATE,
    LATEX_UNITS,
    NAME_PATTERNS,
    SUFFIX_QUALIFIERS,
)
from winnow.numbers import CN_DIGITS, MULTIPLIERS, latex_plain, parse_number
from winnow.records import Qualifier
from winnow.units import INDEX_POINT, LATIN_PER, LATIN_UNITS, NON_METRIC_UNITS, NOT_AFTER_UNIT, UNIT_WORD


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
            rg = _RANGE.match(folded, pos) if c in _RANGE_FIRST else None
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
                if nxt == "$" or (nxt == " " and folded[pos + 1 : pos + 2] == "$"):
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
    num_start = m.start()
    if (
        kind == "num"
        and not chinese
        and start == num_start
        and folded[start - 1 : start] == "-"
        and not _SIGN_BLOCKED.match(folded, start - 2 if start >= 2 else 0)
    ):
        # 增长率为-3.19‰, 气温-5.2℃: a minus glued to the number and after no digit, letter or
        # bracket (2015-2019, GB/T 1-2008, COVID-19 are no negative numbers)
        value, start, num_start = -value, start - 1, start - 1
    return _Quantity(start, pos, value, unit, qualifier, has_mult, chinese, num_end, num_start, latin)


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
    if c in _BAD_BEFORE_LAST and _BAD_BEFORE.search(folded, max(0, raw_start - 4), raw_start):
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
