"""A mention's indicator: the noun phrase naming what it measures.

:func:`_indicator` reads the mention's own clause: the phrase before it, or the noun after a
measure word, with 分别 lists (:func:`_fenbie`, :func:`_listed_places`), 占…的 ratios and
X户Y人 pairs handled.
"""

from __future__ import annotations

from winnow import gazetteer
from winnow.metric_context import _clause_start, _clause_start_at, _Context, _strip_lead
from winnow.metric_patterns import (
    _ADVERBIAL,
    _CLAUSE_END,
    _COMPARISON,
    _CUT_ANY,
    _FENBIE_VERB,
    _GROWTH,
    _GROWTH_END,
    _HAN,
    _HEAD_YEAR_END,
    _LIST_SEP,
    _MAX_INDICATOR,
    _NUMBER_TAIL,
    _OBJECT_VERBS,
    _PLACE_COUNT,
    _RATIO_UNITS,
    _TAIL_CHARS,
    _TAIL_LEAD,
    _TAIL_LEAD_FIRST,
    _TAIL_NOUN_STOP,
    _TAIL_STRIP,
    _VERB_FIRST,
    _VERB_START,
)
from winnow.metric_quantities import _Quantity


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
    if rest and rest[0] in _TAIL_LEAD_FIRST:
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
