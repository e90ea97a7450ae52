"""What a decoded file is, when it is not an article: an API reply, a list of search results,
an error or a login page. Each has its own quarantine reason (``records.QUARANTINE_REASONS``).

The words are data: ``SEARCH_TITLE_RE`` (titles of result lists), ``ERROR_RE`` and ``LOGIN_RE``
(what error and login pages say in their title or their few lines of text).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Final

SEARCH_RESULTS: Final = "not_an_article: search_results"
ERROR_PAGE: Final = "not_an_article: error_page"
LOGIN_PAGE: Final = "not_an_article: login_page"
JSON_REPLY: Final = "not_a_page: json"
EMPTY_PAGE: Final = "not_an_article: empty_page"
SCRIPT: Final = "not_an_article: script"
RECORDS_DUMP: Final = "not_an_article: records"

JSON_START_RE: Final = re.compile(r'^\s*(?:\{\s*"|\[\s*[{"\[\d-]|\{\s*\}|\[\s*\])')
SEARCH_TITLE_RE: Final = re.compile(
    r"检索结果|搜索结果|查询结果|概览页|结果列表|高级检索|文献检索|search\s*results?|"
    r"找到.{0,12}条|共.{0,8}条(?:结果|记录)|本期目录|期刊目录|当期目录",
    re.I,
)
ERROR_RE: Final = re.compile(
    r"^(?:\d{3}\s*[-–—:：]?\s*)?(?:404|403|500|502|503)\b|页面不存在|页面未找到|找不到(?:该|此)?页面|"
    r"您访问的页面|访问出错|出错了|系统错误|服务器错误|服务器繁忙|文章不存在|文献不存在|记录不存在|"
    r"页面已删除|链接已失效|Not Found|Server Error|Bad Gateway|Service Unavailable|Access Denied|"
    r"访问受限|访问被拒绝|验证码|安全验证|请输入验证码|异常访问|访问频率",
    re.I,
)
LOGIN_RE: Final = re.compile(
    r"用户登录|请登录|请先登录|登录后|会员登录|账号登录|帐号登录|机构登录|统一身份认证|单点登录|"
    r"Sign\s*in|Log\s*in|login",
    re.I,
)
NO_ARTICLE_TEXT_CHARS: Final = 400  # an error or login page says little
# Elements of result lists on the academic sites (each site's own are in its profile too).
SEARCH_SELECTORS: Final = (
    "div.ResultList", "div.ResultCont", "table.GridTableContent", "div.result-item", "li.result-item",
    "div.search-result-item", "div.sc_content", "div.list-item-result",
)  # fmt: skip
SEARCH_MIN_ITEMS: Final = 5  # this many items of a result list make a page a list


@dataclass(frozen=True, slots=True)
class NotArticle:
    """A page that is not an article: the quarantine reason and a word for humans."""

    reason: str
    detail: str


def json_reply(text: str) -> NotArticle | None:
    """An API reply in JSON (whatever the file's name says)."""
    if not JSON_START_RE.match(text[:200]):
        return None
    stripped = text.strip()
    try:
        json.loads(stripped)
    except ValueError:
        if not (stripped.endswith(("}", "]")) and stripped.count('":') >= 3):
            return None
    return NotArticle(JSON_REPLY, "the file holds JSON (an API reply), not a page")


# A line of a result list: its counter of citations (被引量: 827) or its type tag ([期刊论文]).
RESULT_LINE_RE: Final = re.compile(
    r"被引(?:量|次数)?\s*(?:<[^<>]{0,80}>\s*){0,3}[:：]?\s*(?:<[^<>]{0,80}>\s*){0,3}\d+|"
    r"^\s*\[(?:期刊论文|学位论文|会议论文|报纸|专利)\]",
    re.M,
)
SEARCH_MIN_RESULT_LINES: Final = 3
# A row of a result table copied as text: its date, then its database (CNKI's 发表时间 and
# 数据库 columns: ``2020-03-31	期刊``, ``2026-06-24 09:14	期刊``), cells on one line or several.
RESULT_ROW_RE: Final = re.compile(
    r"[12][09]\d{2}-\d{2}-\d{2}(?:[ \t]+\d{1,2}:\d{2})?[ \t]*\n?[ \t]*"
    r"(?:期刊|特色期刊|学术辑刊|辑刊|硕士|博士|中国会议|国际会议|会议|报纸|年鉴|图书|成果|标准|专利)(?=\s|$)",
    re.M,
)


def result_lines(text: str) -> NotArticle | None:
    """A text (a dump, a saved stdout) whose lines are those of a list of results."""
    n = len(RESULT_LINE_RE.findall(text)) + len(RESULT_ROW_RE.findall(text))
    if n >= SEARCH_MIN_RESULT_LINES:
        return NotArticle(SEARCH_RESULTS, f"{n} lines of search results (citation counters, type tags)")
    return None


def search_title(title: str | None) -> bool:
    return bool(title) and SEARCH_TITLE_RE.search(title or "") is not None


LOGIN_TITLE_RE: Final = re.compile(
    r"^(?:用户|会员|账号|帐号|机构|个人|统一身份认证|请先?)?(?:登录|登陆)|^(?:sign\s*in|log\s*in)\b", re.I
)
TITLE_MAX_CHARS: Final = 40  # a title that says "error" or "login" is a short one


def error_or_login(title: str | None, text: str) -> NotArticle | None:
    """An error or login page: said by its (short) title, or by the little text it has."""
    if title and len(title) <= TITLE_MAX_CHARS:
        for words, reason in ((ERROR_RE, ERROR_PAGE), (LOGIN_TITLE_RE, LOGIN_PAGE)):
            if words.search(title):
                return NotArticle(reason, f"the page's title says so: {title[:80]}")
    if len(text) <= NO_ARTICLE_TEXT_CHARS:
        for words, reason in ((ERROR_RE, ERROR_PAGE), (LOGIN_RE, LOGIN_PAGE)):
            m = words.search(text)
            if m:
                return NotArticle(reason, f"the page's few lines say {m.group(0)!r}")
    return None


# Links to the detail pages of articles (CNKI, Wanfang, cqvip, 百度学术 …): a fragment of a result
# list has many and nothing else.
DETAIL_LINK_RE: Final = re.compile(
    r"kcms2?/(?:detail|article/abstract)|detail\.aspx|/details?/|[?&/]Detail\b|/Qikan/Article/Detail|"
    r"paper/show|/periodical/|/thesis/|/Article/Detail",
    re.I,
)
DETAIL_LINKS_MIN: Final = 5
# The count a result list prints above its rows: 共找到 11 条结果, 找到 14,855 条结果, 共找到417篇文章.
RESULT_COUNT_RE: Final = re.compile(
    r"(?:共|已)?找到\s*[\d,，]+\s*(?:条结果|条记录|篇文章|篇文献|条)|共\s*[\d,，]+\s*(?:条结果|条记录)"
)
RESULT_COUNT_SCAN_CHARS: Final = 4000
# The filters beside a result list, each with its count: 2017 (49681) 期刊 (1203) …
FACET_RE: Final = re.compile(r"(?:^|\s)[^\s()（）]{1,20}\s*[(（]\d{1,9}[)）]")
FACETS_MIN: Final = 8
SCRIPT_START_RE: Final = re.compile(
    r"^\s*(?:document\.write|function\s|var\s|let\s|const\s|\(function|window\.|jQuery|\$\()"
)
PY_RECORDS_RE: Final = re.compile(r"^\s*[\[{(]\s*['\"]?\w*['\"]?\s*:|^\s*\{'", re.M)
RECORDS_MIN: Final = 3


# A crawler's output of many records, one after another between rules of dashes or equal signs.
RULE_LINE_RE: Final = re.compile(r"^\s*(?:-{20,}|={20,}|\*{20,}|_{20,}|#{20,})")
RECORD_RULES_MIN: Final = 4


def records_between_rules(lines: list[str] | tuple[str, ...]) -> NotArticle | None:
    """Many records printed one after another between rules (``-----…``): no one article."""
    rules = sum(1 for ln in lines if ln and RULE_LINE_RE.match(ln))
    if rules >= RECORD_RULES_MIN:
        return NotArticle(RECORDS_DUMP, f"{rules} rules part the text into records: a crawler's list")
    return None


def no_article(text: str, visible: str) -> NotArticle | None:
    """Why a page that gave no title or no body is no article: a fragment of a result list, a
    script, a dump of records (Python or JSON-like), or a shell with no text at all."""
    links = len(DETAIL_LINK_RE.findall(text))
    if links >= DETAIL_LINKS_MIN:
        return NotArticle(SEARCH_RESULTS, f"{links} links to articles' detail pages and no article")
    count = RESULT_COUNT_RE.search(visible[:RESULT_COUNT_SCAN_CHARS])
    if count is not None:
        return NotArticle(
            SEARCH_RESULTS, f"the page counts its results ({count.group(0)}) and has no article"
        )
    facets = len(FACET_RE.findall(visible[:RESULT_COUNT_SCAN_CHARS]))
    if facets >= FACETS_MIN:
        return NotArticle(
            SEARCH_RESULTS, f"{facets} filters of a result list with their counts (2017 (49681))"
        )
    if SCRIPT_START_RE.match(text):
        return NotArticle(SCRIPT, "the file holds a script, not a page")
    if len(PY_RECORDS_RE.findall(text)) >= RECORDS_MIN:
        return NotArticle(RECORDS_DUMP, "the file holds records printed as data, not a page")
    if not visible.strip():
        return NotArticle(EMPTY_PAGE, "the page has no text: a shell of styles and scripts")
    return None
