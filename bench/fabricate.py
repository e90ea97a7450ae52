"""Build page dumps in the site's format, with the fields a parser must find in them.

Deterministic: the same ``Page`` and ``Style`` always give the same bytes.

    page = Page(title="…", blocks=[("paragraph", "…"), ("heading", "…")], authors=["赵华伟"], …)
    data = make_page(page, Style(fmt="html", encoding="gb18030", gzip=True))
    want = expected(page)          # {"article": {...}, "related": [...]} as `winnow parse` prints

``Style`` picks the variant: text dump or saved HTML page (with navigation, scripts,
styles, buttons, ads and a footer that repeat the site's markers), the encoding
(``utf-8``, ``utf-8-sig``, ``gb18030``, ``gbk``, ``big5``, ``utf-16``), line ends,
paragraph indentation, ASCII or full-width punctuation in the site's wrapper, the
separator between authors, traditional markers (Big5 pages), gzip.
``make_page`` raises ``UnicodeEncodeError`` when the page's text does not fit the
encoding (Big5 holds traditional characters only: see ``Style.traditional``).
``page_from_text`` turns a plain text (title line + paragraphs) into a ``Page``.
"""

from __future__ import annotations

import gzip as gzip_module
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from winnow import site

Kind = Literal["paragraph", "heading"]
SENTENCE_END = "。！？"
# Words of the HTML wrapper that are not site markers, in traditional form for Big5 pages.
FURNITURE_TRADITIONAL = {"文档分享": "文檔分享", "首页": "首頁", "搜索": "搜尋"}


@dataclass(frozen=True, slots=True)
class Page:
    """What a page says: the article, its wrapper's fields and the related abstracts."""

    title: str
    blocks: Sequence[tuple[Kind, str]]
    journal: str | None = "老区建设"
    citations: int | None = 0
    uploader: str | None = "guohl_sh"
    authors: Sequence[str] = ()
    affiliation: str | None = None
    abstract: str | None = None
    keywords: Sequence[str] = ()
    related: Sequence[tuple[str, str]] = ()  # (doc_type, the abstract's full text)


@dataclass(frozen=True, slots=True)
class Style:
    """How the page is written down."""

    fmt: Literal["text", "html"] = "text"
    encoding: str = "utf-8"
    newline: str = "\n"
    indent: str = "  "  # before each body line: "", spaces, ideographic spaces, a tab
    fullwidth: bool = False  # the wrapper's punctuation: ASCII `: , |` or full-width `： ， ｜`
    author_sep: str = "、"
    traditional: bool = False  # markers in traditional characters (as on Big5 pages)
    declared_charset: str | None = None  # HTML <meta charset>; None → the true one
    gzip: bool = False


@dataclass(frozen=True, slots=True)
class Marks:
    """The site's words and punctuation for one style."""

    colon: str
    comma: str
    bar: str
    words: dict[str, str] = field(default_factory=dict)

    def w(self, word: str) -> str:
        return self.words.get(word, word)


def marks(style: Style) -> Marks:
    words = {**site.TRADITIONAL, **FURNITURE_TRADITIONAL} if style.traditional else {}
    if style.fullwidth:
        return Marks("：", "，", "｜", words)
    return Marks(":", ",", "|", words)


def make_page(page: Page, style: Style = Style()) -> bytes:
    """The page as bytes of a text dump or saved HTML page in the given style."""
    text = text_dump(page, style) if style.fmt == "text" else html_page(page, style)
    if style.newline != "\n":
        text = text.replace("\n", style.newline)
    data = encode(text, style.encoding)
    return gzip_module.compress(data, mtime=0) if style.gzip else data


def encode(text: str, encoding: str) -> bytes:
    if encoding.lower().replace("_", "-") == "utf-16":
        return text.encode("utf-16")  # with a BOM, little-endian
    return text.encode(encoding)


def expected(page: Page) -> dict[str, Any]:
    """The fields ``winnow parse`` must report for the page, in its JSON's shape."""
    blocks = [{"kind": k, "text": t} for k, t in page.blocks]
    return {
        "article": {
            "title": page.title,
            "journal": page.journal,
            "citations": page.citations,
            "uploader": page.uploader,
            "authors": list(page.authors),
            "affiliation": page.affiliation if page.authors else None,
            "abstract": page.abstract,
            "keywords": list(page.keywords),
            "headings": [t for k, t in page.blocks if k == "heading"],
            "blocks": blocks,
        },
        "related": [
            {
                "position": i,
                "doc_type": doc_type,
                "title": None,
                "text": cut(text),
                "truncated": len(text) >= site.RELATED_CUT_CHARS or text[-1] not in site.SENTENCE_END,
            }
            for i, (doc_type, text) in enumerate(page.related, 1)
        ],
    }


def cut(text: str) -> str:
    """The site shows the first RELATED_CUT_CHARS characters of a related abstract."""
    return text[: site.RELATED_CUT_CHARS].strip()


def source_line(page: Page, m: Marks) -> str | None:
    parts = []
    if page.journal is not None:
        parts.append(f"{m.w('来源')} {m.colon}{page.journal}")
    if page.citations is not None:
        parts.append(f"{m.w('被引量')} {m.colon} {page.citations}{m.w('次')}")
    if page.uploader is not None:
        parts.append(f"{m.w('上传用户')}{m.colon}{page.uploader}")
    return f" {m.bar} ".join(parts) if parts else None


def boilerplate(m: Marks) -> list[str]:
    return [
        f"{m.w('下载到本地')} {m.comma} {m.w('更方便阅读')}",
        f"{m.w('声明')} {m.colon} {m.w('本文档内容版权归属内容提供方')} {m.comma} "
        f"{m.w('如果您对本文有版权争议')} {m.comma} {m.w('可与客服联系进行内容授权或下架')}",
    ]


def author_note(page: Page, style: Style, m: Marks) -> str | None:
    if not page.authors:
        return None
    names = style.author_sep.join(page.authors)
    where = f"{m.comma}{page.affiliation}" if page.affiliation else ""
    return f"{m.w('作者简介')}{m.colon}{names}{where}。"


def front_matter(page: Page, m: Marks) -> list[str]:
    lines = []
    if page.abstract:
        lines.append(f"{m.w('摘要')}{m.colon}{page.abstract}")
    if page.keywords:
        lines.append(f"{m.w('关键词')}{m.colon}" + ("；" if m.colon == "：" else ";").join(page.keywords))
    return lines


def text_dump(page: Page, style: Style) -> str:
    m = marks(style)
    lines = [page.title, ""]
    src = source_line(page, m)
    if src:
        lines.append(src)
    lines += boilerplate(m)
    lines.append(m.w("论文部分内容阅读"))
    body = front_matter(page, m) + [t for _, t in page.blocks]
    note = author_note(page, style, m)
    if note:
        body.append(note)
    lines += [style.indent + line for line in body]
    if page.related:
        lines.append(m.w("其他文献"))
        for doc_type, text in page.related:
            lines += [cut(text), m.w(doc_type)]
    return "\n".join(lines) + "\n"


def html_page(page: Page, style: Style) -> str:
    """A saved page: the article among navigation, scripts, styles, buttons, ads, footer."""
    m = marks(style)
    e = html.escape
    charset = style.declared_charset or ("utf-8" if style.encoding.startswith("utf") else style.encoding)
    nav_links = "".join(
        f'<li><a href="/list/{i}">{e(m.w(t))}</a></li>'
        for i, t in enumerate(("期刊", "学位论文", "会议论文", "报纸", "其他文献"))
    )
    src = source_line(page, m)
    body = "".join(f"<p>{e(style.indent + line)}</p>\n" for line in front_matter(page, m))
    for kind, text in page.blocks:
        body += f"<h3>{e(text)}</h3>\n" if kind == "heading" else f"<p>{e(style.indent + text)}</p>\n"
    note = author_note(page, style, m)
    if note:
        body += f"<p>{e(style.indent + note)}</p>\n"
    related = "".join(
        f'<li class="item"><p class="abstract">{e(cut(text))}</p><span class="type">{e(m.w(t))}</span></li>\n'
        for t, text in page.related
    )
    related_block = (
        f'<div class="related-docs"><h2>{e(m.w("其他文献"))}</h2><ul>\n{related}</ul></div>'
        if related
        else ""
    )
    download = f"{m.w('下载到本地')} {m.comma} {m.w('更方便阅读')}"
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{e(charset)}">
<title>{e(page.title)} - {e(m.w("期刊"))} - {e(m.w("文档分享"))}</title>
<style>.btn-download:after {{ content: "{e(download)}"; }}
.related-docs h2 {{ font-size: 16px; }}</style>
<script>var tips = "{e(download)}";
var labels = ["{e(m.w("来源"))}", "{e(m.w("被引量"))}", "{e(m.w("上传用户"))}"];
document.title = "{e(m.w("其他文献"))}";</script>
</head>
<body>
<div class="header"><div class="logo"><a href="/">{e(m.w("文档分享"))}</a></div>
<ul class="nav">{nav_links}</ul>
<form class="search-form"><input type="text" placeholder="{e(m.w("来源"))} / {e(m.w("上传用户"))}">
<button type="submit">{e(m.w("搜索"))}</button></form></div>
<div class="main">
<div class="crumb"><a href="/">{e(m.w("首页"))}</a> &gt;
<a href="/qk">{e(m.w("期刊"))}</a> &gt; {e(page.title)}</div>
<div class="doc">
<h1 class="doc-title">{e(page.title)}</h1>
{f'<div class="doc-info">{e(src)}</div>' if src else ""}
<div class="toolbar"><button class="btn-download">{e(download)}</button>
<a class="btn" href="#">{e(m.w("被引量"))}</a></div>
<div class="doc-declare">{e(boilerplate(m)[1])}</div>
<div class="doc-body">
<div class="doc-body-title">{e(m.w("论文部分内容阅读"))}</div>
{body}</div>
{related_block}
</div>
<div class="sidebar"><div class="ad-box"><a href="/vip">{e(download)}</a>
<p>{e(m.w("期刊"))} {e(m.w("学位论文"))} {e(m.w("会议论文"))}</p></div>
<div class="hot-list"><h4>{e(m.w("其他文献"))}</h4>
<ul><li><a href="/d/1">{e(m.w("作者简介"))}</a></li></ul></div></div>
</div>
<div class="footer"><p>{e(boilerplate(m)[1])}</p>
<p>{e(m.w("版权归属"))} &copy; {e(m.w("文档分享"))} {e(m.w("客服"))}</p></div>
<script>console.log("{e(m.w("上传用户"))}");</script>
</body>
</html>
"""


LINE_RE = re.compile(r"\s+")


def page_from_text(text: str, *, seed: int = 0, related_pool: Sequence[str] = ()) -> Page:
    """A plain text (title line, then one paragraph per line) as a page of the site.

    Headings are made from the first clause of some paragraphs; authors, affiliation,
    abstract, keywords, citations and related abstracts are picked by ``seed`` from
    fixed lists and ``related_pool`` (texts to use as related abstracts).
    """
    lines = [LINE_RE.sub(" ", ln).strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    title = lines[0]
    paragraphs = [ln for ln in lines[1:] if is_plain_paragraph(ln)]
    blocks: list[tuple[Kind, str]] = []
    for i, para in enumerate(paragraphs):
        head = heading_from(para)
        if head and (i + seed) % 3 == 1:
            blocks.append(("heading", head))
        blocks.append(("paragraph", para))
    names = AUTHORS[seed % len(AUTHORS)]
    related = [
        (site.DOC_TYPES[(seed + i) % 4], r)
        for i, r in enumerate(related_pool[seed % 3 : seed % 3 + 1 + seed % 4])
    ]
    return Page(
        title=title,
        blocks=blocks,
        journal=JOURNALS[seed % len(JOURNALS)],
        citations=(seed * 7) % 23,
        uploader=UPLOADERS[seed % len(UPLOADERS)],
        authors=names if seed % 5 else (),
        affiliation=AFFILIATIONS[seed % len(AFFILIATIONS)] if seed % 5 else None,
        abstract=paragraphs[0][:120] + "。" if paragraphs and seed % 4 == 0 else None,
        keywords=KEYWORDS[seed % len(KEYWORDS)] if seed % 4 == 0 else (),
        related=related,
    )


def is_plain_paragraph(line: str) -> bool:
    """A long line ending a sentence, that none of the site's markers could claim."""
    markers = (
        site.ABSTRACT_RE,
        site.KEYWORDS_RE,
        site.AUTHOR_NOTE_RE,
        site.SOURCE_LINE_RE,
        site.DECLARATION_RE,
    )
    return (
        line[-1] in SENTENCE_END
        and len(line) > site.HEADING_MAX_CHARS
        and not line.startswith(site.BOILERPLATE_PREFIXES)
        and not any(p.match(line) for p in markers)
    )


def translate(page: Page, convert: Callable[[str], str]) -> Page:
    """The page with every text converted (e.g. simplified → traditional); doc types stay."""
    return Page(
        title=convert(page.title),
        blocks=[(k, convert(t)) for k, t in page.blocks],
        journal=convert(page.journal) if page.journal else page.journal,
        citations=page.citations,
        uploader=convert(page.uploader) if page.uploader else page.uploader,
        authors=[convert(a) for a in page.authors],
        affiliation=convert(page.affiliation) if page.affiliation else None,
        abstract=convert(page.abstract) if page.abstract else None,
        keywords=[convert(k) for k in page.keywords],
        related=[(t, convert(text)) for t, text in page.related],
    )


def heading_from(paragraph: str) -> str | None:
    """The first clause of a paragraph, when it is short enough to stand as a heading."""
    clause = re.split(r"[，。；：！？,;:]", paragraph, maxsplit=1)[0].strip()
    return clause if 4 <= len(clause) <= 20 and not clause[0].isdigit() else None


JOURNALS = ("老区建设", "农村经济", "中国农村观察", "经济研究参考", "乡村振兴")
UPLOADERS = ("guohl_sh", "wenku_2021", "李明", "data-user", "zhang.san")
AUTHORS = (("赵华伟", "史慧芳"), ("王强",), ("李小红", "陈刚", "欧阳明"), ("张伟", "刘洋"), ("周敏",))
AFFILIATIONS = ("江西省社联学术中心", "南昌大学经济管理学院", "中国社会科学院农村发展研究所", "江西农业大学")
KEYWORDS = (("乡村振兴", "脱贫攻坚", "有效衔接"), ("产业扶贫", "就业"), ("政府工作报告", "经济增长"))
