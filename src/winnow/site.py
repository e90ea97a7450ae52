"""What Winnow knows about the document-sharing site, as data.

Every marker, type label and field pattern of the site's pages lives here, so that
a change on the site means a change in this one module. Patterns accept both ASCII
(``:`` ``,`` ``|``) and full-width (``：`` ``，`` ``｜``) punctuation and any spaces,
including the ideographic space U+3000, around them. Markers are matched in their
simplified form and in the traditional form of the site's Big5 pages.
"""

from __future__ import annotations

import re
from typing import Final

# Separators as written on the site's pages, ASCII or full-width.
COLON: Final = r"[:：]"
BAR: Final = r"[|｜]"
SP: Final = r"[ \t\u3000\xa0]*"

# The site's markers, simplified → traditional (the traditional form appears on Big5 pages).
TRADITIONAL: Final = {
    "下载到本地": "下載到本地",
    "更方便阅读": "更方便閱讀",
    "声明": "聲明",
    "本文档内容版权归属内容提供方": "本文檔內容版權歸屬內容提供方",
    "如果您对本文有版权争议": "如果您對本文有版權爭議",
    "可与客服联系进行内容授权或下架": "可與客服聯繫進行內容授權或下架",
    "版权归属": "版權歸屬",
    "内容提供方": "內容提供方",
    "客服": "客服",
    "论文部分内容阅读": "論文部分內容閱讀",
    "其他文献": "其他文獻",
    "来源": "來源",
    "被引量": "被引量",
    "次": "次",
    "上传用户": "上傳用戶",
    "作者简介": "作者簡介",
    "摘要": "摘要",
    "关键词": "關鍵詞",
    "期刊": "期刊",
    "学位论文": "學位論文",
    "会议论文": "會議論文",
    "报纸": "報紙",
    "专利": "專利",
    "图书": "圖書",
    "标准": "標準",
    "成果": "成果",
}


def forms(marker: str) -> tuple[str, ...]:
    """The marker as written on the site: simplified, and traditional when it differs."""
    trad = TRADITIONAL.get(marker, marker)
    return (marker,) if trad == marker else (marker, trad)


def alt(marker: str) -> str:
    """A regex group matching any written form of the marker."""
    return "(?:" + "|".join(map(re.escape, forms(marker))) + ")"


DOWNLOAD: Final = "下载到本地"
DECLARATION: Final = "声明"
COPYRIGHT: Final = "版权归属"
READ_PARTIAL: Final = "论文部分内容阅读"
RELATED_HEADER: Final = "其他文献"
SOURCE: Final = "来源"
CITATIONS: Final = "被引量"
UPLOADER: Final = "上传用户"
AUTHOR_NOTE: Final = "作者简介"
ABSTRACT: Final = "摘要"
KEYWORDS: Final = "关键词"

# Lines of site boilerplate: a line that starts with one of these is never article text.
BOILERPLATE_PREFIXES: Final = (*forms(DOWNLOAD), *forms(READ_PARTIAL))
# 声明 : 本文档内容版权归属内容提供方 … (only with the copyright words: 声明 alone may start a paragraph)
DECLARATION_RE: Final = re.compile(
    rf"^{SP}{alt(DECLARATION)}{SP}{COLON}.*(?:{alt(COPYRIGHT)}|{alt('内容提供方')}|客服)"
)
# The line after which the article text starts (everything above it is page furniture).
BODY_START_RE: Final = re.compile(rf"^{SP}{alt(READ_PARTIAL)}{SP}$")
RELATED_HEADER_RE: Final = re.compile(rf"^{SP}{alt(RELATED_HEADER)}{SP}{COLON}?{SP}$")
# Words whose presence makes a saved HTML page worth reading as the site's page.
PAGE_MARKERS: Final = (*forms(READ_PARTIAL), *forms(CITATIONS), *forms(UPLOADER))

# Document types the site prints under each related abstract (reported in simplified form).
DOC_TYPES: Final = ("期刊", "学位论文", "会议论文", "报纸", "专利", "图书", "标准", "成果")
DOC_TYPE_OF: Final = {form: t for t in DOC_TYPES for form in forms(t)}
DOC_TYPE_RE: Final = re.compile(rf"^{SP}({'|'.join(DOC_TYPE_OF)}){SP}$")

# 来源 :老区建设 | 被引量 : 0次 | 上传用户:guohl_sh   (any of the three parts may be missing)
SOURCE_LINE_RE: Final = re.compile(rf"^{SP}(?:{alt(SOURCE)}|{alt(CITATIONS)}|{alt(UPLOADER)}){SP}{COLON}")
JOURNAL_RE: Final = re.compile(rf"{alt(SOURCE)}{SP}{COLON}{SP}([^|｜]*?){SP}(?:{BAR}|$)")
CITATIONS_RE: Final = re.compile(rf"{alt(CITATIONS)}{SP}{COLON}{SP}(\d+){SP}次?")
UPLOADER_RE: Final = re.compile(rf"{alt(UPLOADER)}{SP}{COLON}{SP}([^|｜]*?){SP}(?:{BAR}|$)")

# 作者简介:赵华伟、史慧芳,江西省社联学术中心。
AUTHOR_NOTE_RE: Final = re.compile(rf"^{SP}[（(]?{SP}{alt(AUTHOR_NOTE)}{SP}{COLON}{SP}(.*?)[)）]?$")
ABSTRACT_RE: Final = re.compile(rf"^{SP}[\[【]?{SP}{alt(ABSTRACT)}{SP}[\]】]?{SP}{COLON}{SP}(.*)$")
KEYWORDS_RE: Final = re.compile(rf"^{SP}[\[【]?{SP}{alt(KEYWORDS)}{SP}[\]】]?{SP}{COLON}{SP}(.*)$")

# Separators inside the author note and the keyword list.
NOTE_TOKEN_RE: Final = re.compile(r"[^、,，;；/\s]+")
KEYWORD_SEP_RE: Final = re.compile(r"[;；,，、]|[ \t\u3000\xa0]+")
# A personal name as written in an author note: 2-4 Han characters (or a short Latin name).
NAME_RE: Final = re.compile(r"^(?:[\u4e00-\u9fff·]{2,5}|[A-Za-z][A-Za-z .\-]{1,30})$")
# Clauses of an author note that are neither names nor the affiliation.
NOTE_NOISE_RE: Final = re.compile(
    r"^(?:[男女]|[（(]?\d{4}[-—~～]?\d{0,4}[)）]?.*|.*(?:人|族)$|"
    r"(?:副?教授|讲师|講師|博士|硕士|碩士|研究员|研究員|副研究员|副研究員|助理研究员|助理研究員|"
    r"博士生|硕士生|碩士生|研究生|工程师|工程師).*)$"
)
# Words that make a short clause an institution rather than a name (simplified, traditional).
INSTITUTION_SUFFIXES: Final = (
    *("大学", "学院", "学校", "中心", "研究所", "研究院", "科学院", "社科院", "公司", "集团", "医院"),
    *("委员会", "政府", "党校", "局", "厅", "委", "办", "院", "所", "部", "站", "馆", "社", "会"),
    *("处", "室", "科", "队", "省", "市", "县", "区"),
    *("大學", "學院", "學校", "科學院", "集團", "醫院", "委員會", "黨校", "廳", "辦", "館", "會"),
    *("處", "隊", "縣", "區"),
)

# Related abstracts are cut by the site at this many characters.
RELATED_CUT_CHARS: Final = 200
SENTENCE_END: Final = "。！？!?…”」』.；;"

# Headings (textpage.is_heading): short lines that do not end or hold a sentence. A line longer
# than HEADING_UNNUMBERED_MAX_CHARS is one only when a Chinese section number opens it (第一章,
# 一、, （一）): unnumbered, it is more often a caption, a byline or a sentence cut by a line
# break; and an Arabic number opens affiliation lines (1中国科学院…) and list items as often.
HEADING_MAX_CHARS: Final = 40
HEADING_UNNUMBERED_MAX_CHARS: Final = 25
HEADING_END_FORBIDDEN: Final = "。！？!?；;，,、：:…"
SECTION_NUMBER_RE: Final = re.compile(
    r"\s*(?:(?:#\s*)?第[一二三四五六七八九十\d]+[章部篇]|[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）])"
)

# Saved HTML pages: class/id words of the page furniture (the tags of furniture, such as
# script, nav, footer and button, are dropped by winnow.content). The list of related
# abstracts is content here, so "related" is not furniture on the site's pages.
HTML_FURNITURE_RE: Final = re.compile(
    r"(?:^|[\s_\-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|header|topbar|footer|copyright|"
    r"sidebar|side|ads?|advert\w*|banner|sponsor|promo|share|social|tools?|toolbar|btn|button|"
    r"download|login|register|search|hot|rank|recommend|qrcode|popup|modal|statement)(?:$|[\s_\-\d])",
    re.IGNORECASE,
)
HTML_HEADER_SCAN_LINES: Final = 60  # leftover furniture may stand above the header of a saved page
