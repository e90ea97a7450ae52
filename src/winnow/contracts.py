"""Record-level contracts: what one page must satisfy to enter the warehouse.

A page that breaks one is quarantined with the contract's name as its reason (the rest of
the run goes on): its body holds site boilerplate, HTML tags or script text. The patterns are
those of the critical expectations on ``marts.articles.body`` (``expectations/articles.json``,
kept equal by a test), so the batch checks never block a run for a record they could have
quarantined; what they still judge is the batch (shares, drops, dbt's models).

The checks run where a batch's landing rows are made (a parse worker), on the final body.
"""

from __future__ import annotations

import re
from typing import Final

from winnow.records import Article

BOILERPLATE: Final = (
    "下载到本地",
    "更方便阅读",
    "版权归属",
    "内容提供方",
    "上传用户",
    "论文部分内容阅读",
    "其他文献",
)
HTML_TAG: Final = (
    r"(?i:<\s*/?\s*(?:p|div|span|br|a|img|table|tbody|tr|td|th|ul|ol|li|html|head|body|title|meta|link|"
    r"style|iframe|font|strong|em|b|i|u|h[1-6]|section|article|header|footer|nav)(?:\s[^<>]*)?/?\s*>)"
)
# Script text: each alternative with a literal it cannot match without (lower case), so that a
# body without any of them is passed by a few substring searches instead of the regex.
SCRIPT_PARTS: Final = (
    ("<script", r"<script"),
    ("</script", r"</script"),
    ("document.write", r"document\.write"),
    ("document.getelementbyid", r"document\.getElementById"),
    ("window.location", r"window\.location"),
    ("javascript:", r"javascript:"),
    ("function", r"function\s*\(\s*\)\s*\{"),
    ("$(document)", r"\$\(document\)"),
    ("var", r"var\s+[A-Za-z_$][\w$]*\s*=\s*(?:new|function|\[|\{)"),
)
SCRIPT: Final = "(?i:" + "|".join(part for _, part in SCRIPT_PARTS) + ")"
# (reason, the expectation's patterns, one compiled pattern, literals one of which a match holds)
CONTRACTS: Final = (
    ("body_boilerplate", BOILERPLATE, re.compile("|".join(map(re.escape, BOILERPLATE))), BOILERPLATE),
    ("body_html", (HTML_TAG,), re.compile(HTML_TAG), ("<",)),
    ("body_script", (SCRIPT,), re.compile(SCRIPT), tuple(needle for needle, _ in SCRIPT_PARTS)),
)
REASONS: Final = tuple(c[0] for c in CONTRACTS)


def violation(article: Article) -> tuple[str, str] | None:
    """The first contract the article's body breaks, as (reason, detail naming what was found)."""
    body = article.body
    lower = body.lower()
    for reason, _, pattern, needles in CONTRACTS:
        if not any(needle in lower for needle in needles):
            continue
        m = pattern.search(body)
        if m is not None:
            start = max(0, m.start() - 20)
            return reason, f"the body holds {m.group()!r} at {m.start()}: …{body[start : m.end() + 20]}…"
    return None
