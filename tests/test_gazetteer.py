"""The gazetteer: the division table from cpca's data file, aliases, and the one-pass matcher."""

from __future__ import annotations

import pytest

from winnow.gazetteer import find_regions, lookup, regions, regions_table
from winnow.numbers import fold_text


def test_regions_table_is_complete_and_consistent() -> None:
    rows = regions_table()
    assert len(rows) > 3000
    codes = {r[0] for r in rows}
    assert len(codes) == len(rows)
    levels = {r[3] for r in rows}
    assert levels == {"country", "province", "city", "county"}
    for code, name, short, level, parent in rows:
        assert len(code) == 6 and code.isdigit(), code
        assert name and short
        if level == "country":
            assert (code, name, parent) == ("100000", "全国", None)
        else:
            assert parent in codes, (code, name, parent)
    assert regions()["360922"].parent_code == "360900"  # 万载县 in 宜春市
    assert regions()["110105"].parent_code == "110000"  # a Beijing district hangs from the city-province


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("新余", "360500"),
        ("江西", "360000"),
        ("江西省", "360000"),
        ("萬载县", "360922"),
        ("环江县", "451226"),
        ("环江毛南族自治县", "451226"),
        ("广西", "450000"),
        ("红河州", "532500"),
        ("内蒙古", "150000"),
        ("全国", "100000"),
        ("玉环市", "331021"),  # 玉环县 in the data, a county-level city since 2017
        ("平泉市", "130823"),  # 平泉县 likewise
    ],
)
def test_aliases(name: str, code: str) -> None:
    region = lookup(fold_text(name))
    assert region is not None and region.code == code


@pytest.mark.parametrize("text", ["县", "市", "省", "全县", "城区", "来宾", "大同"])
def test_no_one_character_or_everyday_word_matches(text: str) -> None:
    assert lookup(text) is None


def test_find_regions_offsets_index_the_text() -> None:
    text = fold_text("至2020年底，赣州市发展产业扶贫基地，萬载县高村镇有12个村")
    found = find_regions(text)
    assert [(text[r.start : r.end], r.region.code) for r in found] == [
        ("赣州市", "360700"),
        ("万载县", "360922"),
    ]


def test_non_bmp_characters_keep_offsets_aligned() -> None:
    text = "𠀀𠀁江西省"
    (match,) = find_regions(text)
    assert text[match.start : match.end] == "江西省"
