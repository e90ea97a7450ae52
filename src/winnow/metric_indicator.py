"""A mention's indicator: the noun phrase naming what it measures.

:func:`_indicator` reads the mention's own clause: the phrase before it, or the noun after a
measure word, with 分别 lists (:func:`_fenbie`, :func:`_listed_places`), 占…的 ratios and
X户Y人 pairs handled.
"""

from __future__ import annotations

import re

from winnow import gazetteer
from winnow.metric_context import _clause_start, _clause_start_at, _Context, _strip_lead
from winnow.metric_patterns import (
    _ABBREVIATION,
    _ADVERB_BEFORE_SHARE,
    _ADVERBIAL,
    _BACK_REFERENCE,
    _CHANGE_ANY,
    _CHANGE_END,
    _CLAUSE_END,
    _COMPARISON,
    _CUT_ANY,
    _FENBIE_VERB,
    _GROWTH,
    _GROWTH_END,
    _HAN,
    _HEAD_YEAR_END,
    _ITEM_LIST,
    _LIST_SEP,
    _MAX_INDICATOR,
    _MEASURE_END,
    _NUMBER_TAIL,
    _OBJECT_VERBS,
    _PLACE_COUNT,
    _QI_WORDS,
    _RATIO_UNITS,
    _SHARE_OF,
    _SUPERLATIVE_END,
    _SUPERLATIVE_LAST,
    _TAIL_CHARS,
    _TAIL_LEAD,
    _TAIL_LEAD_FIRST,
    _TAIL_NOUN_STOP,
    _TAIL_STRIP,
    _TO_VERB,
    _TO_VERB_FIRST,
    _TO_WORD,
    _VALUE_START,
    _VERB_FIRST,
    _VERB_START,
)
from winnow.metric_quantities import _Quantity

_FROM_VALUE = re.compile(r"[从由][^，,；;。]{0,12}?[\d$]")
_COPULA_OR_SEP = ("为", "、", "和", "及")  # what stands before a value of 户数、人员为x、y和z


def _indicator(
    ctx: _Context, q: _Quantity, s_start: int, prev: list[tuple[int, str | None, int]]
) -> str | None:
    """The shortest noun phrase naming what the quantity measures."""
    folded = ctx.folded
    start = q.start
    prev_ind = prev[-1][1] if prev else None
    prev_end = prev[-1][2] if prev else s_start
    floor = max(s_start, prev_end)
    k = folded.rfind("分别", max(s_start, start - 60), start)
    width = 2
    if (
        k < 0
        and folded[start - 1 : start] in _COPULA_OR_SEP
        and (cop := _copula_list(ctx, start, s_start)) >= 0
    ):
        k, width = cop, 1  # 户数、从业人员、注册资金为2.5万户、9.9万人和…
    if k >= 0:
        listed = _fenbie(ctx, q, s_start, prev, k, width)
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
    cs = _clause_start_at(ctx, head_end, floor)
    head_raw = folded[cs:head_end]
    if cs > floor and folded[cs - 1] in ")）":
        # 地区生产总值(GDP)实现927886万元, 居民消费价格(CPI)比上年上涨1.7%: an abbreviation in
        # brackets between the subject and its verb is read through
        k = max(folded.rfind("(", max(floor, cs - 12), cs), folded.rfind("（", max(floor, cs - 12), cs))
        if k > floor and _ABBREVIATION.fullmatch(folded, k + 1, cs - 1):
            head_raw = folded[_clause_start_at(ctx, k, floor) : k] + head_raw
    if prev and prev_end == start and prev_ind:  # 679户2123人: the pair shares its indicator
        return prev_ind
    ratio = _ratio(head_raw)
    if ratio:
        if ratio == head_raw.strip()[:-1] and folded[cs - 1 : cs] in ("）", ")"):
            # 农业用水量（约3870亿m³）占总量的63.5%: the share's subject is before the aside
            return _cap(_aside_subject(ctx, cs - 1, s_start) + ratio)
        return ratio
    tail = _tail_noun(folded, q)
    if tail and q.unit in _RATIO_UNITS:
        change = _CHANGE_END.search(_strip_tail(head_raw.rstrip()))
        stop = _CLAUSE_END.search(folded, q.end, q.end + 24)
        if change and not _CHANGE_ANY.search(folded, q.end, stop.start() if stop else q.end + 24):
            # 减少约4%水分消耗: what changes follows the figure (not 早稻增产9.15% 晚稻平均增产5.96%,
            # a tail that goes on to its own change)
            return _cap(change.group() + tail)
    # 1248家扶贫车间, 416项行政审批事项; 30%的贫困户
    if tail and (
        q.unit not in _RATIO_UNITS or (q.unit == "%" and folded[q.end : q.end + 2].lstrip()[:1] == "的")
    ):
        return tail
    head = _clean_head(head_raw)
    if tail and not head:
        return tail
    if head and ctx.total and folded.startswith("其中", s_start):
        head = _with_measure(head, ctx.total)
    if "等" in head_raw and (head.endswith("等") or head_raw.rstrip().endswith("等")):
        head = _clean_head(folded[_clause_start(folded, start, floor, "，,；;。：:") : start])
    growth = bool(head) and _GROWTH.match(head) is not None
    if (growth or not head or (head_raw[:1] in _TO_VERB_FIRST and _TO_VERB.match(head_raw))) and (
        subject := _from_subject(ctx, start, floor)
    ):
        # 利用率从2000年0.44提高到2010年0.6，提高了约36%: the subject of the change
        return _cap(subject + head) if growth else subject
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
    if head:
        return head
    if prev_ind and folded[cs - 1 : cs] in ("(", "（"):
        return prev_ind  # 村民(7人)、村干部(2人): an aside after a figure shares its indicator
    # …，其中新疆农业用水量最大，为557.7亿m³: the clause before names it, not the figure before
    return _earlier_clause_subject(ctx, head_end, floor) or prev_ind


def _aside_subject(ctx: _Context, close: int, s_start: int) -> str:
    """The words before the aside that closes at ``close`` (…用水量（约3870亿m³）→ 用水量)."""
    folded = ctx.folded
    k = max(folded.rfind("（", s_start, close), folded.rfind("(", s_start, close))
    return _clean_head(folded[_clause_start_at(ctx, k, s_start) : k]) if k > s_start else ""


def _from_subject(ctx: _Context, start: int, floor: int) -> str | None:
    """The subject of a change 从 A 到 B that ends before ``start`` in the same sentence
    (单位能耗从0.9吨下降到0.7吨，下降了22%), read from the words before 从 or 由."""
    folded = ctx.folded
    k = max(folded.rfind("从", floor, start), folded.rfind("由", floor, start))
    # a value (or a year) follows 从 soon, then 到/至 (not 由于…达到)
    if k < 0 or not _FROM_VALUE.match(folded, k) or not _TO_WORD.search(folded, k + 1, start):
        return None
    head = _clean_head(folded[_clause_start_at(ctx, k, floor) : k])
    return head or None


def _with_measure(item: str, total: str) -> str:
    """其中，稻谷42.5千公顷 after 粮食播种面积…: an item named alone is measured as the total was."""
    if len(item) > 6 or _GROWTH.match(item):
        return item
    m = _MEASURE_END.search(total)
    if m is None or _MEASURE_END.search(item) or item.endswith(total[: m.start()]):
        return item
    return item + m.group().removeprefix("总")  # a part of 粮食总产量 is 稻谷产量


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
    if "占" in s:
        s = _ADVERB_BEFORE_SHARE.sub("", s)  # 粮食产量仅占全国 → 粮食产量占全国
    if s[-1:] in _SUPERLATIVE_LAST:
        s = _SUPERLATIVE_END.sub("", s)  # 新疆农业用水量最大 → 新疆农业用水量
    if s[:1] == "其" and s[1:2] not in _QI_WORDS:
        s = s[1:]  # 其产量 (its output) → 产量; not 其中, 其他
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


def _fenbie(
    ctx: _Context, q: _Quantity, s_start: int, prev: list[tuple[int, str | None, int]], k: int, width: int
) -> str | None:
    """A、B分别增长x%、y%, A、B、C为x、y和z: pair each value with its item (the list word at
    ``k``, ``width`` characters long)."""
    folded = ctx.folded
    k_abs = k
    lo = max(s_start, k - 80)  # the items before 分别, read the same for each of its values
    seg = folded[lo : q.start]
    k -= lo
    between = seg[k + width :]
    if _CLAUSE_END.search(between):
        return None
    c = max(seg.rfind(ch, 0, k) for ch in "，,；;：:")
    subject = _clean_head(seg[c + 1 : k]) if c >= 0 else _clean_head(seg[:k])
    back = False
    if not subject and c > 0:  # 农业用水量与粮食产量最低，分别占全国比例为…: the clause before
        c2 = max(seg.rfind(ch, 0, c) for ch in "，,；;：:")
        before = seg[c2 + 1 : c]
        if "分别" in before or _VALUE_START.search(before):
            back = True  # …分别达到25000元和18817元，分别增长18%和16.5%: the list before
        else:
            subject = _clean_head(before)
    verb = _FENBIE_VERB.match(between)
    verb_s = _strip_tail(verb.group()) if verb else ""  # 分别上涨 → 上涨; 分别为, 分别达 → ""
    share = _SHARE_OF.match(between) if not verb_s else None
    if share:  # 分别占全国农业用水量和粮食产量的13.3%和12.5%: each item's share of the whole
        verb_s = share.group(1)
    first_value = _VALUE_START.search(between)
    # the figure's place in the list of values (separators before the values name the whole)
    index = len(_LIST_SEP.findall(between, first_value.start())) if first_value else 0
    before_list = [p[1] for p in prev if p[2] <= k_abs] if back else []
    n = 0
    if len(before_list) >= 2:
        end = _CLAUSE_END.search(folded, q.start, q.start + 200)
        n = len(_LIST_SEP.findall(folded, lo + k + width, end.start() if end else q.start + 200)) + 1
    named_before = [x for x in before_list if x]
    items: list[str]
    if len(before_list) >= 2 and n == len(named_before) == len(before_list):
        # 生产总值92.51亿元，规上工业增加值10.74亿元，分别比增5.1%和15.3%: one value per figure before
        items = named_before
    elif (back or _BACK_REFERENCE.match(subject)) and ctx.last_items:  # 上述2个指标分别为…: the list before
        items, last_verb = ctx.last_items
        verb_s = verb_s or last_verb
    else:
        items = _fenbie_items(
            folded, subject, lo + k + width + (first_value.start() if first_value else len(between))
        )
        if len(items) >= 2:
            ctx.last_items = (items, verb_s)
    if len(items) >= 2 and index < len(items):
        item = items[index]
        last = items[-1]
        if len(item) <= 3 and len(last) > len(item):  # 第一、第三产业增加值 → 第一产业增加值
            item = item + last[len(items[index]) :] if last.startswith(item[:1]) else item + last[2:]
        return _cap(item + verb_s)
    return _cap(subject + verb_s) if subject else None


def _copula_list(ctx: _Context, start: int, floor: int) -> int:
    """Where the 为 of ``A、B、C为x、y和z`` is, for a figure of the values after it; -1 if not."""
    folded = ctx.folded
    lo = max(floor, start - 40)
    k = folded.rfind("为", lo, start)
    if k < 0 or folded.find("、", lo, k) < 0 or _CLAUSE_END.search(folded, k, start) is not None:
        return -1
    n = len(folded)
    m = _CLAUSE_END.search(ctx.reverse, n - k, n - lo)  # the clause's start, searched backwards
    cs = lo if m is None else n - m.start()
    return k if _ITEM_LIST.fullmatch(folded, cs, k) is not None else -1


def _fenbie_items(folded: str, subject: str, values_start: int) -> list[str]:
    """The items of a 分别 list, as many as its values where the text allows: an item may hold
    和 or 及 itself (食品、家庭设备用品及维修服务、医疗保健和个人用品…分别上涨…)."""
    items = [x for x in _LIST_SEP.split(subject) if x]
    end = _CLAUSE_END.search(folded, values_start, values_start + 200)
    values = folded[values_start : end.start() if end else values_start + 200]
    n = len(_LIST_SEP.findall(values)) + 1
    if len(items) == n or n < 2:
        return items
    if "、" not in subject:
        # 第4类和第5类地区合计农业用水量和粮食产量…分别为x和y: the list is the last n items
        return items[-n:] if len(items) > n else items
    by_comma = [x for x in subject.split("、") if x]
    if len(by_comma) == n:
        return by_comma
    last = by_comma[-1]
    cut = max(last.rfind(c) for c in "和及与")
    if cut > 0 and len(by_comma) + 1 == n:
        return [*by_comma[:-1], last[:cut], last[cut + 1 :]]
    return items


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
    for n, x in enumerate(items):
        p = _place_named(ctx, _PLACE_COUNT.sub("", x))
        if p is None and n == len(items) - 1 and n > 0:
            # 香洲区、金湾区地区生产总值分别为…: the last item is a place and then the measure
            length = gazetteer.leading_name_length(x)
            p = _place_named(ctx, x[:length]) if length else None
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
