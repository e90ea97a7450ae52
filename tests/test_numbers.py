"""Numeral normalisation: exact decimals, Chinese and mixed numerals, percentages, money, LaTeX.

The peer suites (Recognizers-Text Chinese Number/Percent/Currency specs, cn2an's pairs) are
read from ../shared/corpus/specs at test time; their pass rates must stay above the floors
in tests/floors.json.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from winnow.numbers import fold_text, latex_plain, parse_money, parse_number, parse_percent

FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("13 962.41", "13962.41"),
        ("1,234", "1234"),
        ("１２３", "123"),
        ("三千零五十八", "3058"),
        ("两", "2"),
        ("十五", "15"),
        ("5.72萬", "57200"),
        ("5.02万", "50200"),
        ("1.2万", "12000"),
        ("3.5亿", "350000000"),
        ("1.2万亿", "1200000000000"),
        ("九万四", "94000"),
        ("一百五", "150"),
        ("三分之一", "0.3333333333333333333333333333"),
        ("负十五", "-15"),
        ("二〇二〇", "2020"),
        ("1万600", "10600"),
        ("200亿零四千230", "20000004230"),
        ("三百五又三分之一", "350.3333333333333333333333333"),
    ],
)
def test_parse_number_is_exact(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "万万", "点", "三四五六点", "abc"])
def test_parse_number_rejects_non_numbers(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("90.9%", "90.9"),
        ("百分之五", "5"),
        ("两成", "20"),
        ("近两成"[1:], "20"),
        ("三分之一", "33.33333333333333333333333333"),
        ("4.5个百分点", "4.5"),
        ("八五折", "85"),
        ("七成六", "76"),
        ("千分之三", "0.3"),
    ],
)
def test_parse_percent(text: str, value: str) -> None:
    assert parse_percent(text) == Decimal(value)


def test_parse_money() -> None:
    assert parse_money("1200亿美元") == (Decimal("120000000000"), "USD")
    assert parse_money("50元6角三分") == (Decimal("50.63"), "CNY")
    assert parse_money("￥300") == (Decimal(300), "CNY")
    assert parse_money("三百个苹果") is None


def test_fold_keeps_length_and_folds_width_and_traditional() -> None:
    text = "萬载县５.７２萬户，兩成％"
    folded = fold_text(text)
    assert len(folded) == len(text)
    assert folded == "万载县5.72万户，两成%"


def test_latex_fragments() -> None:
    assert latex_plain(r"$20 \%$") == "20%"
    assert latex_plain(r"$1 5 \% { \sim } 2 0 \%$") == "15%~20%"
    assert latex_plain(r"$\textcircled { 5 }$") == "(5)"  # not eaten by the \text rule
    assert latex_plain(r"$\text { h m } ^ { 2 }$") == "hm^2"


# ---------------------------------------------------------------- peer suites


def _close(got: Decimal | None, expected: Decimal) -> bool:
    return got is not None and abs(got - expected) <= Decimal("1e-9") * max(Decimal(1), abs(expected))


def _recognizers_rate(path: Path, parse) -> tuple[int, int]:
    cases = json.loads(path.read_text(encoding="utf-8-sig"))
    ok = total = 0
    for case in cases:
        for result in case["Results"]:
            raw = str(result["Resolution"].get("value", "")).rstrip("%")
            try:
                expected = Decimal(raw)
            except ArithmeticError:
                continue
            total += 1
            ok += _close(parse(result["Text"]), expected)
    return ok, total


@pytest.mark.shared
@pytest.mark.parametrize(
    ("suite", "rel", "floor_key"),
    [
        ("number", "Number/Chinese/NumberModel.json", "metrics_spec_recognizers_number"),
        ("percent", "Number/Chinese/PercentModel.json", "metrics_spec_recognizers_percent"),
        ("currency", "NumberWithUnit/Chinese/CurrencyModel.json", "metrics_spec_recognizers_currency"),
    ],
)
def test_recognizers_text_specs(shared: Path, suite: str, rel: str, floor_key: str) -> None:
    parse = {
        "number": parse_number,
        "percent": parse_percent,
        "currency": lambda t: (parse_money(t) or (None,))[0],
    }[suite]
    ok, total = _recognizers_rate(shared / "corpus/specs/recognizers-text" / rel, parse)
    rate = ok / total
    print(f"Recognizers-Text {suite}: {ok}/{total} = {rate:.3f}")
    assert total > 30
    assert rate >= FLOORS[floor_key], f"{suite}: {ok}/{total}"


@pytest.mark.shared
def test_cn2an_pairs(shared: Path) -> None:
    pairs = json.loads((shared / "corpus/specs/cn2an/cn2an_test_pairs.json").read_text(encoding="utf-8"))
    data = pairs["cn2an_test.py"]
    ok = total = 0
    for key in ("strict_data_dict", "normal_data_dict", "smart_data_dict", "direct_data_dict"):
        for chinese, number in data[key]:
            total += 1
            ok += _close(parse_number(chinese), Decimal(str(number)))
    print(f"cn2an: {ok}/{total} = {ok / total:.3f}")
    assert ok / total >= FLOORS["metrics_spec_cn2an"]
    # inputs cn2an rejects in every mode are not numbers here either
    for bad in data["error_smart_datas"]:
        assert parse_number(bad) is None, bad
