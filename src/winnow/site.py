"""What Winnow knows about the document-sharing site, as data.

Every marker, type label and field pattern of the site's pages lives here, so that
a change on the site means a change in this one module. Patterns accept both ASCII
(``:`` ``,`` ``|``) and full-width (``：`` ``，`` ``｜``) punctuation and any spaces,
including the ideographic space U+3000, around them.
"""

from __future__ import annotations

import re

# Separators as written on the site's pages, ASCII or full-width.
COLON = r"[:：]"
COMMA = r"[,，]"
BAR = r"[|｜]"
SP = r"[ \t\u3000\xa0]*"

# Lines of site boilerplate: a line that starts with one of these is never article text.
DOWNLOAD = "下载到本地"
DECLARATION = "声明"
COPYRIGHT = "版权归属"
READ_PARTIAL = "论文部分内容阅读"
RELATED_HEADER = "其他文献"
SOURCE = "来源"
CITATIONS = "被引量"
UPLOADER = "上传用户"
AUTHOR_NOTE = "作者简介"
ABSTRACT = "摘要"
KEYWORDS = "关键词"

BOILERPLATE_PREFIXES = (DOWNLOAD, READ_PARTIAL)
# 声明 : 本文档内容版权归属内容提供方 … (only with the copyright words: 声明 alone may start a paragraph)
DECLARATION_RE = re.compile(rf"^{SP}{DECLARATION}{SP}{COLON}.*({COPYRIGHT}|内容提供方|客服)")
# A line that marks where the article text starts (everything above it is page furniture).
BODY_START_RE = re.compile(rf"^{SP}{READ_PARTIAL}{SP}$")
RELATED_HEADER_RE = re.compile(rf"^{SP}{RELATED_HEADER}{SP}{COLON}?{SP}$")

# Document types the site prints under each related abstract.
DOC_TYPES = ("期刊", "学位论文", "会议论文", "报纸", "专利", "图书", "标准", "成果")
DOC_TYPE_RE = re.compile(rf"^{SP}({'|'.join(DOC_TYPES)}){SP}$")

# 来源 :老区建设 | 被引量 : 0次 | 上传用户:guohl_sh   (any of the three parts may be missing)
SOURCE_LINE_RE = re.compile(rf"^{SP}({SOURCE}|{CITATIONS}|{UPLOADER}){SP}{COLON}")
JOURNAL_RE = re.compile(rf"{SOURCE}{SP}{COLON}{SP}([^|｜]*?){SP}(?:{BAR}|$)")
CITATIONS_RE = re.compile(rf"{CITATIONS}{SP}{COLON}{SP}(\d+){SP}次?")
UPLOADER_RE = re.compile(rf"{UPLOADER}{SP}{COLON}{SP}([^|｜]*?){SP}(?:{BAR}|$)")

# 作者简介:赵华伟、史慧芳,江西省社联学术中心。
AUTHOR_NOTE_RE = re.compile(rf"^{SP}[（(]?{SP}{AUTHOR_NOTE}{SP}{COLON}{SP}(.*?)[)）]?$")
ABSTRACT_RE = re.compile(rf"^{SP}[\[【]?{SP}{ABSTRACT}{SP}[\]】]?{SP}{COLON}{SP}(.*)$")
KEYWORDS_RE = re.compile(rf"^{SP}[\[【]?{SP}{KEYWORDS}{SP}[\]】]?{SP}{COLON}{SP}(.*)$")

# Separators inside the author note and the keyword list.
AUTHOR_SEP_RE = re.compile(r"[、,，;；/]|[ \t\u3000\xa0]+")
NOTE_CLAUSE_RE = re.compile(r"[,，;；]")
KEYWORD_SEP_RE = re.compile(r"[;；,，、]|[ \t\u3000\xa0]{1,}")
# A personal name as written in an author note: 2-4 Han characters (or a short Latin name).
NAME_RE = re.compile(r"^(?:[\u4e00-\u9fff·]{2,5}|[A-Za-z][A-Za-z .\-]{1,30})$")
# Clauses of an author note that are neither names nor the affiliation.
NOTE_NOISE_RE = re.compile(
    r"^(?:[男女]|[（(]?\d{4}[-—~～]?\d{0,4}[)）]?.*|.*(?:人|族)$|"
    r"(?:副?教授|讲师|博士|硕士|研究员|副研究员|助理研究员|博士生|硕士生|研究生|工程师).*)$"
)
# Words that make a short clause an institution rather than a name.
INSTITUTION_SUFFIXES = (
    "大学",
    "学院",
    "学校",
    "中心",
    "研究所",
    "研究院",
    "科学院",
    "社科院",
    "公司",
    "集团",
    "医院",
    "委员会",
    "政府",
    "党校",
    "局",
    "厅",
    "委",
    "办",
    "院",
    "所",
    "部",
    "站",
    "馆",
    "社",
    "会",
    "处",
    "室",
    "科",
    "队",
    "省",
    "市",
    "县",
    "区",
)

# Related abstracts are cut by the site at this many characters.
RELATED_CUT_CHARS = 200
SENTENCE_END = "。！？!?…”」』.；;"

# Headings: short lines that do not end a sentence.
HEADING_MAX_CHARS = 40
HEADING_END_FORBIDDEN = "。！？!?；;，,、：:…"

# Saved HTML pages: furniture to drop before reading the page.
HTML_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "button",
    "select",
    "option",
    "textarea",
    "input",
    "form",
    "nav",
    "header",
    "footer",
    "aside",
    "menu",
    "head",
)
# class/id words of page furniture (navigation, ads, footers, share bars, sidebars, …).
FURNITURE_RE = re.compile(
    r"(?:^|[\s_\-])(?:nav|navbar|menu|breadcrumb|crumb|header|head|topbar|footer|foot|copyright|"
    r"sidebar|side|aside|ad|ads|advert|advertisement|banner|sponsor|promo|share|social|toolbar|"
    r"btn|button|download|login|register|comment|comments|related|recommend|hot|rank|tags?|"
    r"pager|pagination|search|modal|popup|cookie|qrcode|subscribe)(?:$|[\s_\-\d])",
    re.IGNORECASE,
)
