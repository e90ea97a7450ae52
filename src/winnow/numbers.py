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

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import opencc

CN_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "O": 0,
    "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
    "幺": 1, "貮": 2, "俩": 2, "仨": 3,
}  # fmt: skip
CN_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000, "廿": 20}
CN_BIG_UNITS: dict[str, int] = {"万": 10_000, "亿": 100_000_000, "兆": 1_000_000_000_000}
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL_UNITS) + "".join(CN_BIG_UNITS)

# Multipliers written after a number (万, 亿, 万亿, 千万 …) — folded into the value.
MULTIPLIERS: dict[str, Decimal] = {
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
_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_WIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_WIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_WIDTH.update(
    {"％": "%", "．": ".", "﹪": "%", "＋": "+", "－": "-", "～": "~", "／": "/", "＄": "$", "　": " "}
)
_WIDTH.update({"萬": "万", "億": "亿", "兩": "两", "點": "点", "個": "个", "負": "负"})
_NEEDS_FOLD = re.compile("[" + re.escape("".join(_WIDTH)) + "]")

_T2S = opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def _t2s_char(c: str) -> str:
    s = _T2S.convert(c)
    return s if len(s) == 1 else c


def fold_text(text: str) -> str:
    """Traditional → simplified and full-width → ASCII, keeping the length (offsets stay valid)."""
    s = _T2S.convert(text)
    if len(s) != len(text):  # a phrase conversion changed the length: fold one character at a time
        s = "".join(_t2s_char(c) for c in text)
    return _NEEDS_FOLD.sub(lambda m: _WIDTH[m.group()], s)


_TOKEN = re.compile(r"\d+(?:\.\d+)?|.")


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


_MIXED_FRACTION = re.compile(r"^(\d+)\s+(\d+)/(\d+)$")
_SCI = re.compile(r"^([+-]?\d+(?:\.\d+)?)[eE]([+-]?\d+)$")
_ARABIC = re.compile(r"^\d+(?:\.\d+)?$")
_ARABIC_MULT = re.compile(r"^(\d+(?:\.\d+)?)([十百千万亿兆]+)$")


_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")
_DIGIT_SPACE = re.compile(r"(?<=\d) (?=\d)")


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
_APPROX_IN_NUMBER = re.compile(r"(?<=[\d" + CN_NUMERAL_CHARS + r"])[余多几来](?=[万亿千百]*$)")


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


_PERCENT_FORMS = (
    (re.compile(r"^(?:百分之|%)(.+)$"), Decimal(1)),
    (re.compile(r"^千分之(.+)$"), Decimal("0.1")),
    (re.compile(r"^万分之(.+)$"), Decimal("0.01")),
    (re.compile(r"^(.+?)\s*(?:%|％|个百分点|百分点|pct)$"), Decimal(1)),
    (re.compile(r"^(.+?)\s*‰$"), Decimal("0.1")),
    (re.compile(r"^(.+?)成$"), Decimal(10)),
)


_CHENG_MIXED = re.compile(r"^([" + "".join(CN_DIGITS) + r"])成([" + "".join(CN_DIGITS) + r"]|半)$")


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


_LATEX_CMDS = (
    (re.compile(r"(?<!\\)~"), " "),  # ~ is LaTeX's non-breaking space; \sim is the tilde
    (re.compile(r"\\[ ,;:!]"), " "),
    (re.compile(r"\\%"), "%"),
    (re.compile(r"\{\s*\\sim\s*\}|\\sim|\\thicksim"), "~"),
    (re.compile(r"\\(?:times|cdot)"), "×"),
    (re.compile(r"\\(?:mathrm|text|textrm|mathbf|operatorname)\s*"), ""),
    (re.compile(r"\\textcircled\s*\{?\s*(\d)\s*\}?"), r"(\1)"),
    (re.compile(r"\\[a-zA-Z]+"), ""),
    (re.compile(r"[{}$]"), ""),
)


def latex_plain(fragment: str) -> str:
    """Plain text for a LaTeX fragment: ``$1 5 \\% { \\sim } 2 0 \\%$`` → ``15%~20%``."""
    s = fragment
    for pattern, repl in _LATEX_CMDS:
        s = pattern.sub(repl, s)
    s = re.sub(r"(?<=[\d.])\s+(?=[\d.])", "", s)
    return re.sub(r"\s+", "", s)


def to_float(value: Decimal) -> float:
    """The JSON value: exact decimals become the nearest float (50200 stays 50200.0)."""
    try:
        return float(value)
    except (InvalidOperation, OverflowError):  # pragma: no cover - Decimal → float does not raise
        return float("nan")


# currency word → (ISO code, factor of the main unit); the longest word wins.
CURRENCIES: dict[str, tuple[str, Decimal]] = {
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
_CURRENCY_SYMBOLS = {"$": "USD", "US$": "USD", "￥": "CNY", "¥": "CNY", "€": "EUR", "£": "GBP"}
_MONEY_PART = re.compile(
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
