"""The site's pages as lines of text → Article and related abstracts.

A page reads, top to bottom (see ``winnow.site`` for the exact markers):

1. the title line;
2. the header: ``来源 :journal | 被引量 : N次 | 上传用户:user``, ``下载到本地 …``, ``声明 : …``,
   ``论文部分内容阅读`` (the body starts after the last header line);
3. the body: paragraphs and headings, maybe ``摘要:`` / ``关键词:`` lines, and the author
   note ``作者简介:names,affiliation``;
4. ``其他文献`` and the related abstracts, each followed by its type line (``期刊`` …).

``parse_site_lines`` reads that layout from lines (the HTML parser feeds it too);
``parse_plain_lines`` reads any other text: first line the title, the rest the body.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from winnow import pagekind, site
from winnow.records import Article, Block, Related

HEADER_SCAN_LINES: Final = 25  # the 来源 line must appear within the first lines of a page
TRAILING_PUNCT: Final = "。.;；,，、 \t\u3000"
SENTENCE_PUNCT_RE: Final = re.compile(r"[。！？!?]")
PAREN_RE: Final = re.compile(r"[（(][^）)]*[)）]")


@dataclass(slots=True)
class SitePage:
    article: Article
    related: list[Related] = field(default_factory=list)


def clean_lines(text: str) -> list[str]:
    """Split on any line break (CRLF, CR, LF, U+2028 …) and trim every line."""
    return [line.strip().lstrip("\ufeff").strip() for line in text.splitlines()]


def is_site_page(lines: Sequence[str], *, scan: int = HEADER_SCAN_LINES) -> bool:
    """True when the lines carry the site's header (a 来源/被引量 line or 论文部分内容阅读)."""
    head = [ln for ln in lines if ln][:scan]
    return any(site.SOURCE_LINE_RE.match(ln) or site.BODY_START_RE.match(ln) for ln in head)


def parse_text(text: str) -> SitePage | pagekind.NotArticle | None:
    """A text dump → its page, whether in the site's layout or plain; None without a title."""
    lines = clean_lines(text)
    if is_site_page(lines):
        return parse_site_lines(lines)
    return parse_plain_lines(lines)


def parse_site_lines(
    lines: Sequence[str],
    *,
    title: str | None = None,
    headings: set[str] | frozenset[str] = frozenset(),
    scan: int = HEADER_SCAN_LINES,
    untyped_tail: bool = True,
) -> SitePage | None:
    """Read the site's layout from trimmed lines.

    ``title`` overrides the title line; ``headings`` are lines known to be headings (from
    the markup) besides those that look like one; ``scan`` is how many non-empty lines
    the header may take; ``untyped_tail`` keeps text after the last type line as an
    abstract (see ``read_related``).
    """
    header_end, source_lines, title_at = find_header(lines, scan)
    if title is None:
        title = lines[title_at] if title_at is not None else None
    if not title:
        return None
    article = Article(title=title)
    for i in source_lines:
        read_source_line(lines[i], article)
    related_at = find_related_header(lines, header_end)
    read_body(lines[header_end:related_at], article, skip=title, headings=headings)
    related = (
        read_related(lines[related_at + 1 :], untyped_tail=untyped_tail) if related_at < len(lines) else []
    )
    return SitePage(article, related)


def parse_plain_lines(lines: Sequence[str]) -> SitePage | pagekind.NotArticle | None:
    """Any other text: the first non-empty line is the title, the others are the body (unless
    rules part it into many records: a crawler's list, no article)."""
    texts = [ln for ln in lines if ln]
    if not texts:
        return None
    listed = pagekind.records_between_rules(texts)
    if listed is not None:
        return listed
    article = Article(title=texts[0])
    read_body(texts[1:], article)
    return SitePage(article)


def find_header(lines: Sequence[str], scan: int) -> tuple[int, list[int], int | None]:
    """(index where the body starts, indexes of the 来源/被引量/上传用户 lines, of the title).

    The body starts after 论文部分内容阅读, else after the last header line among the
    first ``scan`` non-empty lines; the title is the line above the first header line.
    """
    window = [i for i, line in enumerate(lines) if line][:scan]
    marked = next((i for i in window if site.BODY_START_RE.match(lines[i])), None)
    source_lines: list[int] = []
    body_start = first_header = None
    for i in window:
        line = lines[i]
        is_source = bool(site.SOURCE_LINE_RE.match(line))
        if is_source or is_boilerplate(line):
            source_lines += [i] if is_source else []
            first_header = i if first_header is None else first_header
            body_start = i + 1
        elif first_header is not None and marked is None:
            break  # without 论文部分内容阅读 the header is one run of lines
        if i == marked:
            break
    return body_start or 0, source_lines, title_line(lines, first_header)


def title_line(lines: Sequence[str], before: int | None) -> int | None:
    """The last non-empty, non-marker line before the header; else the first non-empty line."""
    end = before if before is not None else 0
    for i in range(end - 1, -1, -1):
        if lines[i] and not is_boilerplate(lines[i]) and not site.SOURCE_LINE_RE.match(lines[i]):
            return i
    return next((i for i, ln in enumerate(lines) if ln), None)


def find_related_header(lines: Sequence[str], start: int) -> int:
    """Index of the 其他文献 line that opens the related list, or len(lines).

    The first one after the body start that a type line (期刊 …) follows; else the last.
    """
    headers = [i for i in range(start, len(lines)) if site.RELATED_HEADER_RE.match(lines[i])]
    if not headers:
        return len(lines)
    typed = [i for i, line in enumerate(lines) if i > headers[0] and site.DOC_TYPE_RE.match(line)]
    return next((h for h in headers if typed and h < typed[-1]), headers[-1])


def is_boilerplate(line: str) -> bool:
    return (
        line.startswith(site.BOILERPLATE_PREFIXES)
        or bool(site.DECLARATION_RE.match(line))
        or bool(site.BODY_START_RE.match(line))
    )


def read_source_line(line: str, article: Article) -> None:
    """来源 :老区建设 | 被引量 : 0次 | 上传用户:guohl_sh → journal, citations, uploader.

    The three parts may also stand on lines of their own; a part already read is kept.
    """
    if article.journal is None and (m := site.JOURNAL_RE.search(line)):
        article.journal = m.group(1).strip() or None
    if article.citations is None and (m := site.CITATIONS_RE.search(line)):
        article.citations = int(m.group(1))
    if article.uploader is None and (m := site.UPLOADER_RE.search(line)):
        article.uploader = m.group(1).strip() or None


def read_body(
    lines: Sequence[str],
    article: Article,
    *,
    skip: str | None = None,
    headings: set[str] | frozenset[str] = frozenset(),
) -> None:
    """Fill blocks, headings, authors, affiliation, abstract and keywords from body lines."""
    for line in lines:
        if not line or is_boilerplate(line) or site.DOC_TYPE_RE.match(line):
            continue
        if skip is not None and line == skip and not article.blocks:
            continue  # the title repeated at the top of the body
        if m := site.AUTHOR_NOTE_RE.match(line):
            if not article.authors and article.affiliation is None:
                article.authors, article.affiliation = parse_author_note(m.group(1))
            continue
        if (m := site.ABSTRACT_RE.match(line)) and article.abstract is None:
            article.abstract = m.group(1).strip() or None
            continue
        if (m := site.KEYWORDS_RE.match(line)) and not article.keywords:
            article.keywords = split_keywords(m.group(1))
            continue
        if line in headings or is_heading(line):
            article.blocks.append(Block("heading", line))
            article.headings.append(line)
        else:
            article.blocks.append(Block("paragraph", line))


def is_heading(line: str) -> bool:
    """A heading line of plain text: short, not ending or holding a sentence, and when longer
    than ``site.HEADING_UNNUMBERED_MAX_CHARS``, opened by a section number (一、, （一）).

    The one rule of plain text: ``winnow parse`` makes heading blocks by it and ``winnow metrics``
    (``winnow.metrics.extract``) reads sections by it, so both see the same headings.
    """
    s = line.strip()
    return (
        0 < len(s) <= site.HEADING_MAX_CHARS
        and s[-1] not in site.HEADING_END_FORBIDDEN
        and not SENTENCE_PUNCT_RE.search(s)
        and (len(s) <= site.HEADING_UNNUMBERED_MAX_CHARS or site.SECTION_NUMBER_RE.match(s) is not None)
    )


def parse_author_note(note: str) -> tuple[list[str], str | None]:
    """赵华伟、史慧芳,江西省社联学术中心。 → (["赵华伟", "史慧芳"], "江西省社联学术中心")."""
    authors: list[str] = []
    for m in site.NOTE_TOKEN_RE.finditer(note):
        token = PAREN_RE.sub("", m.group(0)).strip(TRAILING_PUNCT)
        if not token:
            continue
        if is_name(token) and not authors_done(note, m.start(), authors):
            authors.append(token)
        elif site.NOTE_NOISE_RE.match(token):
            continue
        else:
            affiliation = note[m.start() :].strip().rstrip(TRAILING_PUNCT).strip()
            return authors, affiliation or None
    return authors, None


def authors_done(note: str, at: int, authors: list[str]) -> bool:
    """Names come first: once a non-name clause was skipped, later names are not authors."""
    return bool(authors) and bool(re.search(r"[男女]|\d", note[:at]))


def is_name(token: str) -> bool:
    if not site.NAME_RE.match(token):
        return False
    if len(token) <= 3 or not "\u4e00" <= token[0] <= "\u9fff":
        return True
    return len(token) <= 4 and not token.endswith(site.INSTITUTION_SUFFIXES)


def split_keywords(text: str) -> list[str]:
    words = (w.strip(TRAILING_PUNCT) for w in site.KEYWORD_SEP_RE.split(text))
    return [w for w in words if w]


def read_related(lines: Sequence[str], *, untyped_tail: bool = True) -> list[Related]:
    """Abstract lines, each run closed by its type line (期刊 …).

    Text after the last type line is an abstract whose type line is missing when
    ``untyped_tail`` (text dumps); on HTML pages it is what was left of the page's footer.
    """
    related: list[Related] = []
    buffer: list[str] = []

    def close(doc_type: str | None) -> None:
        text = "\n".join(buffer).strip()
        buffer.clear()
        if text:
            related.append(Related(len(related) + 1, doc_type, text, truncated=is_truncated(text)))

    for line in lines:
        if not line or is_boilerplate(line):
            continue
        if m := site.DOC_TYPE_RE.match(line):
            close(site.DOC_TYPE_OF[m.group(1)])
        else:
            buffer.append(line)
    if untyped_tail or not related:
        close(None)
    return related


def is_truncated(text: str) -> bool:
    """The site cuts related abstracts at a fixed length; a cut text ends mid-sentence."""
    return len(text) >= site.RELATED_CUT_CHARS or text[-1] not in site.SENTENCE_END
