"""Numeral normalisation with exact decimal arithmetic.

Everything here works on text that went through :func:`fold_text` first: a
length-preserving fold (traditional → simplified with OpenCC, full-width digits
and signs → ASCII), so offsets found in the folded text index the original.

- :func:`parse_number` reads one number in any form found in Chinese policy text:
  ``13 962.41``, ``1,234``, ``三千零五十八``, ``5.72万``, ``1.2万亿``, ``九万四``,
  ``三分之一``, ``负十五``, ``12.32e+14``.
- :func:`parse_percent` reads a percentage (``90.9%``, ``百分之五``, ``两成``, ``八五折``,
  ``4.5个百分点``) as its percent value.
- :func:`latex_plain` turns a LaTeX fragment from PDF conversion
  (``$1 5 \\% { \\sim } 2 0 \\%$``) into plain text (``15%~20%``).

Values are :class:`decimal.Decimal` so 5.02万 is exactly 50200.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Final, NamedTuple

import opencc

CN_DIGITS: Final[dict[str, int]] = {
    "零": 0, "〇": 0, "○": 0, "O": 0,
    "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
    "幺": 1, "貮": 2, "俩": 2, "仨": 3,
}  # fmt: skip
CN_SMALL_UNITS: Final[dict[str, int]] = {
    "十": 10,
    "拾": 10,
    "百": 100,
    "佰": 100,
    "千": 1000,
    "仟": 1000,
    "廿": 20,
}
CN_BIG_UNITS: Final[dict[str, int]] = {"万": 10_000, "亿": 100_000_000, "兆": 1_000_000_000_000}
CN_NUMERAL_CHARS: Final = "".join(CN_DIGITS) + "".join(CN_SMALL_UNITS) + "".join(CN_BIG_UNITS)

# Multipliers written after a number (万, 亿, 万亿, 千万 …) — folded into the value.
MULTIPLIERS: Final[dict[str, Decimal]] = {
    "万亿": Decimal(10) ** 12,
    "千亿": Decimal(10) ** 11,
    "百亿": Decimal(10) ** 10,
    "十亿": Decimal(10) ** 9,
    "亿": Decimal(10) ** 8,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "十万": Decimal(10) ** 5,
    "万": Decimal(10) ** 4,
    "千": Decimal(10) ** 3,
    "百": Decimal(10) ** 2,
}

# Full-width digits, letters and number signs → ASCII (one character for one, so offsets survive).
# Chinese punctuation (，：（）) is left alone: the rules below list both forms where it matters.
_WIDTH: Final = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_WIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_WIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_WIDTH.update(
    {"％": "%", "．": ".", "﹪": "%", "＋": "+", "－": "-", "～": "~", "／": "/", "＄": "$", "　": " "}
)
_WIDTH["℅"] = "%"  # care-of, what some input methods and OCR put for % (同比增长15℅)
_WIDTH.update({"萬": "万", "億": "亿", "兩": "两", "點": "点", "個": "个", "負": "负"})
_NEEDS_FOLD: Final = re.compile("[" + re.escape("".join(_WIDTH)) + "]")

_T2S: Final = opencc.OpenCC("t2s")

# Phrases of t2s's TSPhrases dictionary in which a character converting alone to itself
# changes (反覆 → 反复, 深沈 → 深沉) and no character converts alone. Read from OpenCC 1.4.2's
# dictionary; _T2S_DIGEST identifies it (with the t2s configuration): with another, every
# text goes through OpenCC.
_T2S_PHRASES: Final = re.compile(
    "一坏|一目瞭然|不瞭解|以免藉口|凌藉|函覆|反反覆覆|反覆|反覆思量|反覆性|回覆|土坏|坏土|坏子|坏布|"
    "墨沈沈|意志消沈|打坏|批覆|找藉口|折戟沈沙|折戟沈河|拉坏|拜覆|捏坏|明瞭|明覆|昏沈|暗沈沈|毛坏|沈下|"
    "沈冤|沈厚|沈吟|沈寂|沈思|沈思往事|沈浮|沈浸|沈湎|沈湎酒色|沈溺|沈甸甸|沈痛|沈痼|沈睡|沈睡不醒|"
    "沈砂池|沈筒|沈船|沈落|沈迷|沈迷不醒|沈醉|沈重|沈降|沈陷|沈香|沈默|沈默寡言|浮沈|海哩|深沈|"
    "深沈不露|滑藉|狐藉虎威|甦生|甦醒|申覆|瞭如|瞭如指掌|瞭然|瞭若指掌|瞭解|瞭解到|破釜沈舟|示覆|答覆|"
    "素藉|耳沈|英哩|茵藉|藉代|藉以|藉助|藉卉|藉口|藉喻|藉寇兵|藉手|藉故|藉方|藉槁|藉此|藉甚|藉由|藉着|"
    "藉端|藉端生事|衹得|覆信|覆呈|覆命|覆墓|覆按|覆文|覆校|重覆|陶坏|黑沈沈"
)
_T2S_PHRASE_CHARS: Final = "坏沈甦瞭藉衹覆哩"  # the one of these each phrase holds is where to look for it
_T2S_DIGEST: Final = "7774a9f9498b01f38e165bcb7569bc0638d70df7006b6864638df26280e9b3f4"


class _T2sChanges(NamedTuple):
    marks: re.Pattern[str]  # a character that converts alone, or one of _T2S_PHRASE_CHARS
    longest: int  # of _T2S_PHRASES


@lru_cache(maxsize=1)
def _t2s_changes() -> _T2sChanges | None:
    """What t2s may change: characters, phrases; a text with neither converts to itself.

    Most texts are simplified Chinese already, and OpenCC then costs as much as the rest of
    the fold. The characters are those that convert alone (found by converting every BMP
    character once) and any outside the BMP. None when the dictionary is not the one read.
    """
    share = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    try:
        digest = hashlib.sha256((share / "t2s.json").read_bytes() + (share / "TSPhrases.ocd2").read_bytes())
    except OSError:
        return None
    if digest.hexdigest() != _T2S_DIGEST:
        return None
    chars = [chr(c) for c in range(0x10000) if c != 0x0A and not 0xD800 <= c <= 0xDFFF]
    converted = _T2S.convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        return None
    changed = "".join(c for c, t in zip(chars, converted, strict=True) if t != c)
    phrases = _T2S_PHRASES.pattern.split("|")
    if set(changed) & set(_T2S_PHRASE_CHARS) or not all(set(p) & set(_T2S_PHRASE_CHARS) for p in phrases):
        return None
    marks = re.compile("[" + re.escape(changed + _T2S_PHRASE_CHARS) + "\U00010000-\U0010ffff]")
    return _T2sChanges(marks, max(map(len, phrases)))


def _t2s_may_change(text: str, changes: _T2sChanges) -> bool:
    """Whether the text holds a character that converts, or one of _T2S_PHRASES (looked for
    around its characters of _T2S_PHRASE_CHARS, which convert alone to themselves)."""
    for m in changes.marks.finditer(text):
        i = m.start()
        if m.group() not in _T2S_PHRASE_CHARS:
            return True
        if _T2S_PHRASES.search(text, max(0, i - changes.longest + 1), i + changes.longest):
            return True
    return False


@lru_cache(maxsize=4096)
def _t2s_char(c: str) -> str:
    s = _T2S.convert(c)
    return s if len(s) == 1 else c


# The last long text folded and its fold: a page's body is folded for its metrics and then
# again for its near-duplicate signature (winnow.neardup), in the same worker, one after the other.
_LONG_TEXT: Final = 1000
_last_fold: list[tuple[str, str]] = [("", "")]  # one (text, fold) pair, read and replaced whole


def fold_text(text: str) -> str:
    """Traditional → simplified and full-width → ASCII, keeping the length (offsets stay valid)."""
    if len(text) >= _LONG_TEXT:
        last_text, last_folded = _last_fold[0]
        if text == last_text:
            return last_folded
        folded = _fold(text)
        _last_fold[0] = (text, folded)
        return folded
    return _fold(text)


def _fold(text: str) -> str:
    changes = _t2s_changes()
    s = text
    if changes is None or _t2s_may_change(text, changes):
        s = _T2S.convert(text)
        if len(s) != len(text):  # a phrase conversion changed the length: fold one character at a time
            s = "".join(_t2s_char(c) for c in text)
    return _NEEDS_FOLD.sub(lambda m: _WIDTH[m.group()], s)


_TOKEN: Final = re.compile(r"\d+(?:\.\d+)?|.")


def _cn_integer(s: str) -> Decimal | None:
    """A Chinese (or mixed) integer numeral.

    三千零五十八, 四十五亿零四百零四万, 九万四 (colloquial: 94000), 一九零三 (digit by digit),
    200亿零四千230 and 1万600 (Arabic runs inside Chinese units).
    """
    if not s:
        return None
    if all(c in CN_DIGITS for c in s):  # digit by digit: 一九零三, 二〇二〇
        return Decimal("".join(str(CN_DIGITS[c]) for c in s))
    if all(c in CN_BIG_UNITS for c in s):  # 万万: units without a number
        return None
    zhao_part = Decimal(0)  # completed 兆 (10^12) group
    yi_part = Decimal(0)  # completed 亿 group
    wan_part = Decimal(0)  # completed 万 group
    section = Decimal(0)
    num: Decimal | None = None
    single = False  # the pending number is one Chinese digit (only then is 九万四 colloquial)
    last_unit = 0
    zero_seen = False
    for tok in _TOKEN.findall(s):
        if tok[0].isdigit():
            if num is not None:
                return None
            num, single = Decimal(tok), False
        elif tok in CN_DIGITS:
            d = CN_DIGITS[tok]
            if d == 0:
                zero_seen, num = True, None
                continue
            if num is not None:
                return None  # 三四 inside a unit numeral: not one number
            num, single = Decimal(d), True
        elif tok in CN_SMALL_UNITS:
            u = CN_SMALL_UNITS[tok]
            if tok == "廿":
                section, num, last_unit = section + 20, None, 10
                continue
            section += (num if num is not None else Decimal(1)) * u
            num, last_unit, zero_seen = None, u, False
        elif tok == "万":
            wan_part = (wan_part + section + (num or 0)) * 10_000
            section, num, last_unit, zero_seen = Decimal(0), None, 10_000, False
        elif tok == "亿":
            yi_part = (yi_part + wan_part + section + (num or 0)) * 100_000_000
            wan_part, section, num, last_unit, zero_seen = Decimal(0), Decimal(0), None, 100_000_000, False
        elif tok == "兆":
            zhao_part = (zhao_part + yi_part + wan_part + section + (num or 0)) * 10**12
            yi_part = wan_part = section = Decimal(0)
            num, last_unit, zero_seen = None, 10**12, False
        else:
            return None
    if num is not None:
        if single and last_unit >= 100 and not zero_seen:  # 一百五 = 150, 九万四 = 94000
            section += num * (last_unit // 10)
        else:
            section += num
    return zhao_part + yi_part + wan_part + section


_MIXED_FRACTION: Final = re.compile(r"^(\d+)\s+(\d+)/(\d+)$")
_SCI: Final = re.compile(r"^([+-]?\d+(?:\.\d+)?)[eE]([+-]?\d+)$")
_ARABIC: Final = re.compile(r"^\d+(?:\.\d+)?$")
_ARABIC_MULT: Final = re.compile(r"^(\d+(?:\.\d+)?)([十百千万亿兆]+)$")


_THOUSANDS: Final = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")
_DIGIT_SPACE: Final = re.compile(r"(?<=\d) (?=\d)")


def _clean_digits(s: str) -> str:
    """Drop thousands separators and the spaces PDF text puts between digit groups."""
    return _DIGIT_SPACE.sub("", _THOUSANDS.sub("", s))


def parse_number(raw: str, *, folded: bool = False) -> Decimal | None:
    """One number in Arabic, Chinese or mixed notation; None when it is not one.

    ``folded=True`` skips :func:`fold_text` for text that went through it already.
    """
    if raw.isascii() and _ARABIC.match(raw):  # the common case: 3155, 90.9
        return Decimal(raw)
    s = (raw if folded else fold_text(raw)).strip()
    mixed = _MIXED_FRACTION.match(s)
    if mixed:  # 1 3/5 = 1.6
        m_whole, m_num, m_den = (Decimal(g) for g in mixed.groups())
        return None if m_den == 0 else m_whole + m_num / m_den
    s = _APPROX_IN_NUMBER.sub("", "".join(_clean_digits(s).split()))
    if "又" in s:  # 三百五又三分之一, 负一又二分之一
        neg = s.startswith(("负", "-"))
        whole_s, _, frac_s = s.lstrip("负-").partition("又")
        whole, frac = parse_number(whole_s, folded=True), parse_number(frac_s, folded=True)
        if whole is None or frac is None:
            return None
        return -(whole + frac) if neg else whole + frac
    if s.endswith(("元整", "圆整", "元正", "圆正")) or (s[-1:] in "元圆角分" and len(s) > 1):
        money = parse_money(s)
        return money[0] if money else None
    if s[-1:] in "kK" and len(s) > 1:
        base = parse_number(s[:-1], folded=True)
        return None if base is None else base * 1000
    if not s:
        return None
    sign = 1
    if s[0] in "负-−":
        sign, s = -1, s[1:].lstrip()
    elif s[0] in "正+":
        s = s[1:]
    if "分之" in s:
        den_s, _, num_s = s.partition("分之")
        den, num = parse_number(den_s), parse_number(num_s)
        if den is None or num is None or den == 0:
            return None
        return sign * num / den
    if "/" in s:
        num_s, _, den_s = s.partition("/")
        num, den = parse_number(num_s), parse_number(den_s)
        if den is None or num is None or den == 0:
            return None
        return sign * num / den
    value = _parse_unsigned(s)
    return None if value is None else sign * value


# 十余万, 一千多万, 二十几万: the approximation word is dropped, the qualifier is the caller's business.
_APPROX_IN_NUMBER: Final = re.compile(r"(?<=[\d" + CN_NUMERAL_CHARS + r"])[余多几来](?=[万亿千百]*$)")


def _parse_unsigned(s: str) -> Decimal | None:
    if _ARABIC.match(s):
        return Decimal(s)
    m = _SCI.match(s)
    if m:
        return Decimal(m.group(1)) * Decimal(10) ** int(m.group(2))
    m = _ARABIC_MULT.match(s)
    if m:
        mult = _multiplier(m.group(2))
        return None if mult is None else Decimal(m.group(1)) * mult
    if "点" in s or "." in s:  # 八点五, 三点一四万
        head, _, tail = s.replace(".", "点").partition("点")
        mult_s = ""
        while tail and (tail[-1] in CN_BIG_UNITS or (tail[-1] in "千百十" and len(tail) > 1)):
            mult_s = tail[-1] + mult_s
            tail = tail[:-1]
        int_part = Decimal(head) if head.isdigit() else (_cn_integer(head) if head else Decimal(0))
        if int_part is None or not tail:
            return None
        frac_digits = "".join(str(CN_DIGITS[c]) if c in CN_DIGITS else c for c in tail)
        if not frac_digits.isdigit():
            return None
        value = int_part + Decimal("0." + frac_digits)
        if mult_s:
            mult = _multiplier(mult_s)
            if mult is None:
                return None
            value *= mult
        return value
    return _cn_integer(s)  # Chinese, or Arabic runs inside Chinese units: 3千, 2万3千, 1万600


def _multiplier(s: str) -> Decimal | None:
    if s in MULTIPLIERS:
        return MULTIPLIERS[s]
    value = Decimal(1)
    for c in s:
        u = CN_BIG_UNITS.get(c) or CN_SMALL_UNITS.get(c)
        if u is None:
            return None
        value *= u
    return value


_PERCENT_FORMS: Final = (
    (re.compile(r"^(?:百分之|%)(.+)$"), Decimal(1)),
    (re.compile(r"^千分之(.+)$"), Decimal("0.1")),
    (re.compile(r"^万分之(.+)$"), Decimal("0.01")),
    (re.compile(r"^(.+?)\s*(?:%|％|个百分点|百分点|pct)$"), Decimal(1)),
    (re.compile(r"^(.+?)\s*‰$"), Decimal("0.1")),
    (re.compile(r"^(.+?)成$"), Decimal(10)),
)


_CHENG_MIXED: Final = re.compile(r"^([" + "".join(CN_DIGITS) + r"])成([" + "".join(CN_DIGITS) + r"]|半)$")


def parse_percent(raw: str) -> Decimal | None:
    """A percentage as its percent value: 90.9% → 90.9, 百分之五 → 5, 两成 → 20, 八五折 → 85."""
    s = "".join(fold_text(raw).split()).replace("仟分之", "千分之").replace("佰分之", "百分之")
    if s in ("半成", "半折"):
        return Decimal(5) if s == "半成" else Decimal(50)
    m = _CHENG_MIXED.match(s)
    if m:  # 七成六 = 76%, 三成半 = 35%
        tens, rest = parse_number(m.group(1), folded=True), m.group(2)
        if tens is not None:
            extra = Decimal(5) if rest == "半" else parse_number(rest, folded=True)
            return None if extra is None else tens * 10 + extra
    if "分之" in s and not s.startswith(("百分之", "千分之", "万分之")):
        v = parse_number(s, folded=True)
        return None if v is None else v * 100
    if s.endswith("折"):
        body = s[:-1]
        if body in ("对", "对半"):
            return Decimal(50)
        if body and all(c in CN_DIGITS for c in body) and len(body) == 2:  # 五五折 = 55%
            return Decimal(CN_DIGITS[body[0]] * 10 + CN_DIGITS[body[1]])
        if body.isdigit() and len(body) == 2:
            return Decimal(body)
        v = parse_number(body)
        return None if v is None else v * 10
    for pattern, factor in _PERCENT_FORMS:
        m = pattern.match(s)
        if m:
            v = parse_number(m.group(1))
            if v is None:
                return None
            return v * factor
    return None


_LATEX_TILDE: Final = re.compile(r"(?<!\\)~")  # ~ is LaTeX's non-breaking space; \sim is the tilde
_LATEX_CMDS: Final = (  # each needs a backslash
    (re.compile(r"\\[ ,;:!]"), " "),
    (re.compile(r"\\%"), "%"),
    (re.compile(r"\{\s*\\sim\s*\}|\\sim|\\thicksim"), "~"),
    (re.compile(r"\\(?:times|cdot)"), "×"),
    (re.compile(r"\\(?:mathrm|text|textrm|mathbf|operatorname)(?![a-zA-Z])\s*"), ""),  # not \textcircled
    (re.compile(r"\\textcircled\s*\{?\s*(\d)\s*\}?"), r"(\1)"),
    (re.compile(r"\\[a-zA-Z]+"), ""),
)
_LATEX_DELIMITERS: Final = re.compile(r"[{}$]")
_SPACE_RUN: Final = re.compile(r"\s+")


def latex_plain(fragment: str) -> str:
    """Plain text for a LaTeX fragment: ``$1 5 \\% { \\sim } 2 0 \\%$`` → ``15%~20%``."""
    s = _LATEX_TILDE.sub(" ", fragment)
    if "\\" in s:
        for pattern, repl in _LATEX_CMDS:
            s = pattern.sub(repl, s)
    return _SPACE_RUN.sub("", _LATEX_DELIMITERS.sub("", s))


def to_float(value: Decimal) -> float:
    """The JSON value: exact decimals become the nearest float (50200 stays 50200.0)."""
    try:
        return float(value)
    except (InvalidOperation, OverflowError):  # pragma: no cover - Decimal → float does not raise
        return float("nan")


# currency word → (ISO code, factor of the main unit); the longest word wins.
CURRENCIES: Final[dict[str, tuple[str, Decimal]]] = {
    "美元": ("USD", Decimal(1)), "美圆": ("USD", Decimal(1)), "美金": ("USD", Decimal(1)),
    "美分": ("USD", Decimal("0.01")), "港元": ("HKD", Decimal(1)), "港币": ("HKD", Decimal(1)),
    "欧元": ("EUR", Decimal(1)), "日元": ("JPY", Decimal(1)), "英镑": ("GBP", Decimal(1)),
    "新台币": ("TWD", Decimal(1)), "台币": ("TWD", Decimal(1)), "韩元": ("KRW", Decimal(1)),
    "卢布": ("RUB", Decimal(1)), "人民币": ("CNY", Decimal(1)), "块钱": ("CNY", Decimal(1)),
    "瑞士法郎": ("CHF", Decimal(1)), "法郎": ("CHF", Decimal(1)), "奈拉": ("NGN", Decimal(1)),
    "加元": ("CAD", Decimal(1)), "澳元": ("AUD", Decimal(1)), "卢比": ("INR", Decimal(1)),
    "元": ("CNY", Decimal(1)), "圆": ("CNY", Decimal(1)), "块": ("CNY", Decimal(1)),
    "角": ("CNY", Decimal("0.1")), "毛": ("CNY", Decimal("0.1")), "分": ("CNY", Decimal("0.01")),
}  # fmt: skip
_CURRENCY_SYMBOLS: Final = {"$": "USD", "US$": "USD", "￥": "CNY", "¥": "CNY", "€": "EUR", "£": "GBP"}
_MONEY_PART: Final = re.compile(
    r"([\d.,"
    + CN_NUMERAL_CHARS
    + r"点]+)\s*("
    + "|".join(sorted(map(re.escape, CURRENCIES), key=len, reverse=True))
    + r")"
)


def parse_money(raw: str) -> tuple[Decimal, str] | None:
    """An amount of money and its ISO currency: 1200亿美元, 50元6角三分 (50.63 CNY), ￥300, $20."""
    s = "".join(fold_text(raw).split()).replace("又", "")
    s = re.sub(r"[整正]$", "", s)
    if s.startswith("人民币") and s[3:4].isdigit():  # 人民币 50元
        s = s[3:]
    if s.endswith(("元人民币", "元美元")):  # 8亿元人民币
        s = s[:-3]
    for sym in sorted(_CURRENCY_SYMBOLS, key=len, reverse=True):
        if s.startswith(sym):
            v = parse_number(s[len(sym) :], folded=True)
            return None if v is None else (v, _CURRENCY_SYMBOLS[sym])
    total, code, pos = Decimal(0), None, 0
    s = s.replace("又", "")
    for m in _MONEY_PART.finditer(s):
        if s[pos : m.start()].strip():
            return None
        v = parse_number(m.group(1), folded=True)
        if v is None:
            return None
        cur, factor = CURRENCIES[m.group(2)]
        if code is None or (cur != code and factor == 1):
            code = cur if code is None or factor == 1 else code
        total += v * factor
        pos = m.end()
    if code is None or s[pos:].strip():
        return None
    return total, code
