"""Chinese administrative divisions: names, six-digit codes, levels and parents.

The division list is the ``cpca`` package's data file (``cpca/resources/adcodes.csv``,
12-digit adcodes), read as package data; 全国 (100000) is added as the country.
Aliases let the text name a place as people write it:

- short names of provinces and prefecture-level cities (江西 → 江西省, 新余 → 新余市,
  广西 → 广西壮族自治区, 红河州 → 红河哈尼族彝族自治州);
- autonomous counties by their old short form (环江县 → 环江毛南族自治县);
- traditional characters (萬载县 → 万载县): the matcher runs over folded text.

One-character names never match, short names that are everyday words (大同, 来宾 …) are
left out, and a name shared by several divisions is kept only for the highest level.
:func:`find_regions` is one Aho-Corasick pass over the text (or one paragraph of it).
"""

from __future__ import annotations

import csv
import importlib.util
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final, NamedTuple

import ahocorasick

from winnow.records import RegionLevel

COUNTRY_CODE: Final = "100000"
COUNTRY_NAME: Final = "全国"

# Rows of the data file that are bookkeeping, not places.
PSEUDO_NAMES: Final = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
# Short names that are ordinary words or other things more often than places.
STOP_ALIASES: Final = frozenset(
    {
        "来宾", "白银", "长治", "安康", "大庆", "普洱", "朝阳", "四平", "大同", "开封", "新乡",
        "海口", "日照", "中山", "文山", "阿里", "海东", "海北", "海西", "黄南", "玉树", "果洛",
        "黄山", "和田", "兴安", "红河", "怒江", "城区", "郊区", "矿区", "东区", "西区", "市中区",
        "新县", "南县", "和县", "文县", "云县", "高县", "宁县", "兴县", "成县", "单县", "代县",
        "理县", "道县", "环县", "户县", "临县", "古县", "随县", "富县", "景县", "荣县", "威县",
        "康县", "夏县", "吉县", "易县", "青县", "新城区", "城关区", "白云", "南山", "江北",
        "鼓楼", "普陀", "宝山", "青山", "长安", "西湖", "永定",
    }
)  # fmt: skip
# Words that name the whole country where a figure is scoped (中国淡水资源总量…, 我国节水灌溉…).
COUNTRY_WORDS: Final = ("全国", "中国", "我国")
# Words that name the whole country in a title or sentence.
COUNTRY_ALIASES: Final = ("全国", "中华人民共和国", "国务院")

_SUFFIXES_PROVINCE: Final = ("特别行政区", "自治区", "省", "市")
_SUFFIXES_CITY: Final = ("自治州", "地区", "盟", "市")


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str
    short_name: str
    level: RegionLevel
    parent_code: str | None


class RegionMatch(NamedTuple):
    """A place named at ``start:end`` (a named tuple: tens of thousands are made per second of
    parsing, and a frozen dataclass takes twice as long to make)."""

    start: int
    end: int
    region: Region


def _data_path() -> Path:
    spec = importlib.util.find_spec("cpca")
    if spec is None or spec.origin is None:
        raise RuntimeError("the cpca package is not installed")
    return Path(spec.origin).parent / "resources"


@lru_cache(maxsize=1)
def _nations() -> tuple[str, ...]:
    path = _data_path() / "56_nations.csv"
    names = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    short = [n[:-1] for n in names if n.endswith("族") and len(n) > 2]
    return tuple(sorted(set(names) | set(short), key=len, reverse=True))


def _strip_ethnic(base: str) -> str:
    """广西壮族 → 广西, 环江毛南族 → 环江, 红河哈尼族彝族 → 红河."""
    changed = True
    while changed:
        changed = False
        for n in _nations():
            if base.endswith(n) and len(base) - len(n) >= 2:
                base = base[: -len(n)]
                changed = True
                break
    return base


def _short_name(name: str, level: RegionLevel) -> str:
    suffixes: tuple[str, ...] = _SUFFIXES_PROVINCE if level == "province" else _SUFFIXES_CITY
    if level == "county":
        suffixes = ("自治县", "自治旗", "县", "市", "区", "旗")
    for suf in suffixes:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return _strip_ethnic(name[: -len(suf)])
    return name


@lru_cache(maxsize=1)
def regions() -> dict[str, Region]:
    """Every division by six-digit code, 全国 included."""
    rows = list(csv.DictReader((_data_path() / "adcodes.csv").open(encoding="utf-8")))
    names = {r["adcode"][:6]: r["name"] for r in rows}
    out: dict[str, Region] = {COUNTRY_CODE: Region(COUNTRY_CODE, COUNTRY_NAME, COUNTRY_NAME, "country", None)}
    for code, name in sorted(names.items()):
        if name in PSEUDO_NAMES:
            continue
        level: RegionLevel
        if code.endswith("0000"):
            level, parent = "province", COUNTRY_CODE
        elif code.endswith("00"):
            level, parent = "city", code[:2] + "0000"
        else:
            level = "county"
            city = code[:4] + "00"
            parent = city if names.get(city, "市辖区") not in PSEUDO_NAMES else code[:2] + "0000"
        out[code] = Region(code, name, _short_name(name, level), level, parent)
    return out


def regions_table() -> list[tuple[str, str, str, str, str | None]]:
    """(region_code, name, short_name, level, parent_code) for ``landing.regions``."""
    return [(r.code, r.name, r.short_name, r.level, r.parent_code) for r in regions().values()]


# Levels from the widest: one ranking for the matcher and for metrics (which place is finer).
LEVEL_RANK: Final = {"country": 0, "province": 1, "city": 2, "county": 3, "town": 4}


def _aliases(r: Region) -> list[str]:
    names = [r.name]
    if r.level in ("province", "city"):
        names.append(r.short_name)
        if r.name.endswith("自治州"):
            names.append(r.short_name + "州")
    if r.level == "county" and r.name.endswith(("自治县", "自治旗")):
        names.append(r.short_name + r.name[-1])  # 环江县, 莫力达瓦旗
    return [n for n in names if len(n) >= 2 and n not in STOP_ALIASES]


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    by_alias: dict[str, Region] = {}
    for r in regions().values():
        if r.level == "country":
            continue
        for alias in _aliases(r):
            old = by_alias.get(alias)
            if (
                old is None
                or LEVEL_RANK[r.level] < LEVEL_RANK[old.level]
                or (old.name != alias and r.name == alias)
            ):
                by_alias[alias] = r
    # A county made a county-level city after the data's date (玉环县 → 玉环市, 2017) is named
    # by the new name too, where no division has it and its short name is no other county's.
    short = Counter(r.short_name for r in regions().values() if r.level == "county")
    for r in regions().values():
        city_name = r.short_name + "市"
        if (
            r.level == "county"
            and r.name.endswith("县")
            and short[r.short_name] == 1
            and len(r.short_name) >= 2
            and city_name not in by_alias
            and r.short_name not in STOP_ALIASES
        ):
            by_alias[city_name] = r
    # A full name shared by divisions in several provinces (朝阳区) is ambiguous: drop it.
    names = Counter(r.name for r in regions().values())
    shared = {n for n in by_alias if names[n] > 1}
    auto = ahocorasick.Automaton()
    for alias, r in by_alias.items():
        if alias not in shared:
            auto.add_word(_utf8(alias), (len(alias), len(alias.encode("utf-8")), r))
    for name in COUNTRY_WORDS:
        auto.add_word(_utf8(name), (2, 6, regions()[COUNTRY_CODE]))
    auto.make_automaton()
    return auto


def _utf8(text: str) -> str:
    """The text's UTF-8 bytes, one character per byte (read as Latin-1).

    The automaton walks this form: its root then branches on the six lead bytes of CJK
    characters, not on ~1,300 first characters (3× slower) or ~80 high bytes of UTF-16 (1.7×
    slower); UTF-8 is self-synchronising, so a match never starts inside a character.
    """
    return text.encode("utf-8", "surrogatepass").decode("latin-1")


def find_regions(folded: str, start: int = 0, end: int | None = None) -> list[RegionMatch]:
    """Place names in ``folded[start:end]`` (text already folded to simplified characters).

    Leftmost-longest: of the names found, the one that starts first wins, the longest of those
    that start there; names overlapping it are dropped. Offsets index ``folded``. No name spans
    a line break, so a paragraph searched alone gives what a search of the whole text finds in it.
    """
    seg = folded[start:end] if start or end is not None else folded
    raw = seg.encode("utf-8", "surrogatepass")
    if len(raw) == len(seg):  # ASCII only: no place name
        return []
    hits = list(_automaton().iter(raw.decode("latin-1")))
    if not hits:  # most paragraphs name no place: skip the sorting and offset work
        return []
    # The automaton reports every name found (江西 and 江西省, 赣州 and 赣州市): by first byte, longest first.
    found = sorted((last + 1 - nbytes, -nbytes, length, region) for last, (length, nbytes, region) in hits)
    out: list[RegionMatch] = []
    chars = start  # character offset of byte ``done``
    done = stop = 0
    for first, minus_nbytes, length, region in found:
        if first < stop:
            continue
        chars += len(raw[done:first].decode("utf-8", "surrogatepass"))
        done, stop = first, first - minus_nbytes
        out.append(RegionMatch(chars, chars + length, region))
    return out


def lookup(name: str) -> Region | None:
    """The division a name or alias stands for (江西 → 江西省), if any."""
    found = find_regions(name)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(name):
        return found[0].region
    return None


@lru_cache(maxsize=1)
def _alias_prefixes() -> frozenset[str]:
    return frozenset(_automaton_keys_prefix2())


def _automaton_keys_prefix2() -> set[str]:
    out = set(COUNTRY_WORDS)
    for r in regions().values():
        out.update(a[:2] for a in _aliases(r))
    return out


def leading_name_length(folded: str) -> int:
    """Length of the place name that opens the text (江西经过… → 2), 0 when none does."""
    if folded[:2] not in _alias_prefixes():
        return 0
    longest = 0
    for last, (length, nbytes, _region) in _automaton().iter(_utf8(folded[: longest_name()])):
        if last + 1 == nbytes:  # starts at 0
            longest = max(longest, length)
    return longest


@lru_cache(maxsize=1)
def longest_name() -> int:
    """Characters in the longest name the matcher knows."""
    return max(length for length, _nbytes, _region in _automaton().values())


@lru_cache(maxsize=1)
def _stop_alias_regions() -> dict[str, Region]:
    """Names a title may use that the text matcher leaves out: short names that are everyday
    words (大同, 大庆 …), by the division they name (the highest level, as for every alias), and
    county-level cities by their short name (寿光 for 寿光市) where no other division has it."""
    out: dict[str, Region] = {}
    for r in regions().values():
        if r.level in ("province", "city") and r.short_name in STOP_ALIASES:
            old = out.get(r.short_name)
            if old is None or LEVEL_RANK[r.level] < LEVEL_RANK[old.level]:
                out[r.short_name] = r
    taken = {a for r in regions().values() for a in _aliases(r)} | STOP_ALIASES
    short = Counter(r.short_name for r in regions().values() if r.level == "county" and r.name.endswith("市"))
    for r in regions().values():
        s = r.short_name
        if r.level == "county" and r.name.endswith("市") and len(s) >= 2 and short[s] == 1 and s not in taken:
            out[s] = r
    return out


def find_title_regions(folded_title: str) -> list[RegionMatch]:
    """Places named in a title: :func:`find_regions`, and the short names left out of the
    text matcher as everyday words (a paper titled 大同…研究 is about 大同市): a title is short
    and names its subject."""
    found = find_regions(folded_title)
    names = _stop_alias_regions()
    for m in _title_names().finditer(folded_title):
        k = m.start()
        if not any(r.start <= k < r.end for r in found):
            found.append(RegionMatch(k, m.end(), names[m.group()]))
    return sorted(found)


@lru_cache(maxsize=1)
def _title_names() -> re.Pattern[str]:
    """One pattern for the names of :func:`_stop_alias_regions` (longest first), not one
    str.find per name."""
    words = sorted(_stop_alias_regions(), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


@lru_cache(maxsize=256)
def children_by_short_name(parent_code: str) -> dict[str, Region]:
    """The divisions directly under ``parent_code`` by full and short name (香洲区 and 香洲 under
    珠海市): a text about a city names its districts as people there do."""
    out: dict[str, Region] = {}
    for r in regions().values():
        if r.parent_code == parent_code:
            out[r.name] = r
            if len(r.short_name) >= 2:
                out.setdefault(r.short_name, r)
    return out
