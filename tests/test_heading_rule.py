"""One heading rule for plain text: ``winnow parse`` and ``winnow metrics`` see the same headings.

A heading's year dates the figures of its section, so a line that one command takes for a
heading and the other does not gives the same figure two different years.
"""

from __future__ import annotations

import pytest

from winnow.metrics import extract
from winnow.parse import parse_bytes
from winnow.textpage import is_heading

TITLE = "关于全省经济运行情况的报告"
FIGURES = "全省粮食产量达到500万吨，比上年增长2%。"

LINES = [
    ("一、2019年工作回顾", True),
    ("（三）2019年聚焦提供强大动力和制度保障进一步全面深化改革扩大开放", True),  # long, numbered
    ("第二章 2019年全省农业农村发展的主要做法和基本经验总结", True),
    ("2019年甘肃农业大学资源与环境学院的研究团队调查了全部的样本农户", False),  # long, unnumbered
    ("1.3 2019年特色生态产业培育与示范阶段的主要做法和成效", False),  # long, an Arabic number
    ("图4 2019年甘肃省耕地面积LISA聚集图和Moran散点图", False),  # a caption
    ("2019年全省经济运行稳中有进。", False),  # a sentence
    ("2019年主要指标、", False),  # ends mid-list
    ("2019年回顾！全省经济", False),  # holds a sentence end
]


@pytest.mark.parametrize(("line", "heading"), LINES)
def test_the_rule(line: str, heading: bool) -> None:
    assert is_heading(line) is heading
    assert is_heading(f"  {line}\u3000") is heading  # the rule reads the line stripped


@pytest.mark.parametrize(("line", "heading"), LINES)
def test_parse_and_metrics_agree(line: str, heading: bool) -> None:
    text = f"{TITLE}\n{line}\n{FIGURES}\n"
    parsed = parse_bytes(text.encode(), "report.txt")
    assert parsed.article is not None
    kinds = {b.text: b.kind for b in parsed.article.blocks}
    assert kinds[line] == ("heading" if heading else "paragraph")
    # the heading's year dates the figures after it, in both commands
    want = 2019 if heading else None
    assert [m.period_year for m in extract(text)] == [want, want]
    assert [m.period_year for m in parsed.metrics] == [want, want]
