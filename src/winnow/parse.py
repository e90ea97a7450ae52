"""One raw file → ParseResult: decode, recognise the format, parse, clean, extract metrics.

``parse_bytes`` never raises for bad input: every failure becomes a quarantined result
with a machine-readable ``reason`` (see ``records.QUARANTINE_REASONS``) and a ``detail``
for humans.

1. decode (``winnow.decode``: gzip, BOM, UTF-8, declared charset, detector, GB18030);
2. format: by extension (``.txt``; ``.html``/``.htm``; both optionally ``.gz``), checked
   against the content (a ``.txt`` holding an HTML document is read as HTML);
3. page kind: an API reply in JSON is no page (``not_a_page: json``);
4. parse: the seed site's text layout (``winnow.textpage``) and saved HTML pages
   (``winnow.htmlpage``), then academic sites' pages (``winnow.academic``: embedded metadata,
   site profiles, labels), or any other web page's main content (``winnow.content``); lists
   of results, error and login pages are quarantined with their own reasons (``winnow.pagekind``);
5. quarantine ``no_title`` / ``no_body`` when nothing usable is left;
6. metrics of the body and of every related abstract (``winnow.metrics``, when present).
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from winnow import academic, content, htmlpage, pagekind, textpage
from winnow.decode import MAX_TEXT_BYTES, Decoded, Rejected, decode_bytes
from winnow.discover import sha256_file
from winnow.records import Article, Format, Metric, ParseResult, Related

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
HTML_SNIFF_RE = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|div|p|table|title)\b", re.I)
TITLE_MAX_CHARS = 300  # a longer first line of a plain text is a paragraph, not a title
MAX_FILE_BYTES = MAX_TEXT_BYTES  # parse_file never reads more than this (+1 to notice)


def parse_file(path: str | Path, *, metrics: bool = True) -> ParseResult:
    """Read a file (at most ``MAX_FILE_BYTES`` + 1 bytes) and parse it."""
    p = Path(path)
    try:
        data = read_capped(p, MAX_FILE_BYTES)
    except FileNotFoundError:
        return ParseResult.quarantined(str(path), "", "vanished", "the file disappeared before it was read")
    except OSError as e:
        return ParseResult.quarantined(str(path), "", "unreadable", f"{type(e).__name__}: {e}")
    if len(data) > MAX_FILE_BYTES:
        size = p.stat().st_size
        return ParseResult.quarantined(
            str(path), sha256_file(p), "too_large", f"{size} bytes, limit {MAX_FILE_BYTES}"
        )
    return parse_bytes(data, str(path), metrics=metrics)


def read_capped(path: Path, limit: int) -> bytes:
    """The file's bytes, or its first ``limit`` + 1 when it holds more (the caller's too large).

    The buffer is sized by the file's size: ``f.read(limit + 1)`` allocates ``limit + 1``
    bytes whatever the file holds (for a 32 MiB limit, a fresh memory mapping per file,
    zero-filled where the read writes and then unmapped: 0.03 ms a file against 0.01 ms).
    A file that grows while it is read is read on up to the limit; one that shrinks, to its end.
    """
    with path.open("rb", buffering=0) as f:
        want = min(os.fstat(f.fileno()).st_size, limit) + 1
        parts: list[bytes] = []
        got = 0
        while got <= limit and (part := f.read(want - got)):
            parts.append(part)
            got += len(part)
            if got == want:  # more than fstat said: read on to the limit
                want = limit + 1
        return b"".join(parts)


def parse_bytes(data: bytes, path: str, *, sha256: str | None = None, metrics: bool = True) -> ParseResult:
    """Parse one file's bytes; ``path`` names it (its extension picks the format)."""
    sha = sha256 or hashlib.sha256(data).hexdigest()
    try:
        return parse_checked(data, path, sha, metrics=metrics)
    except Exception as e:  # a parser bug must quarantine the file, not stop the run
        return ParseResult.quarantined(path, sha, "parse_error", f"{type(e).__name__}: {e}"[:500])


def parse_checked(data: bytes, path: str, sha: str, *, metrics: bool) -> ParseResult:
    decoded = decode_bytes(data, name=path)
    if isinstance(decoded, Rejected):
        return ParseResult.quarantined(path, sha, decoded.reason, decoded.detail)
    fmt = detect_format(path, decoded)
    if fmt is None:
        return ParseResult.quarantined(
            path,
            sha,
            "unknown_format",
            f"extension of {Path(path).name!r} is neither .txt nor .html",
            encoding=decoded.encoding,
        )
    not_page = pagekind.json_reply(decoded.text)
    parsed = parse_text_as(fmt, decoded.text) if not_page is None else not_page
    if isinstance(parsed, pagekind.NotArticle):
        return ParseResult.quarantined(
            path, sha, parsed.reason, parsed.detail, format=fmt, encoding=decoded.encoding
        )
    page = parsed
    quarantine = check_page(page)
    if quarantine:
        reason, detail = quarantine
        kind = no_article_kind(page, decoded.text, fmt)
        if kind is not None:
            reason, detail = kind.reason, kind.detail
        return ParseResult.quarantined(path, sha, reason, detail, format=fmt, encoding=decoded.encoding)
    assert page is not None
    result = ParseResult(path, sha, fmt, decoded.encoding, "ok", article=page.article, related=page.related)
    result.repaired = decoded.repaired
    if metrics:
        try:
            result.metrics = extract_metrics(page.article, page.related)
        except Exception as e:  # a metrics bug must not lose the page: keep it, say why
            result.detail = f"metrics failed: {type(e).__name__}: {e}"[:500]
    return result


def detect_format(path: str, decoded: Decoded) -> Format | None:
    name = path.lower().removesuffix(".gz")
    looks_html = bool(HTML_SNIFF_RE.search(decoded.text[:4096]))
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(TEXT_SUFFIXES):
        return "html" if looks_html and decoded.text.lstrip().startswith("<") else "text"
    return "html" if looks_html else None


def parse_text_as(fmt: Format, text: str) -> textpage.SitePage | pagekind.NotArticle | None:
    """The page of a decoded file: the seed site's, an academic site's, or any other page's."""
    if fmt == "text":
        lines = textpage.clean_lines(text)
        listed = pagekind.result_lines(text) if "被引" in text or "[" in text else None
        if listed is not None:
            return listed
        reader = academic.reader_of(text)
        if textpage.is_site_page(lines) and reader != "site":
            return seed_page(textpage.parse_site_lines(lines))
        found = academic.parse_text(text, gated=True) if reader else None
        if found is None:
            found = textpage.parse_plain_lines(lines)
        return found if isinstance(found, pagekind.NotArticle) else not_an_error(found, text)
    if "被引" in text:  # a saved list of results (or stdout) may look like the seed's header
        listed = pagekind.result_lines(text)
        if listed is not None:
            return listed
    reader = academic.reader_of(text)
    if reader == "site":  # an academic site's page may carry the seed's words (被引量：3)
        found = academic.parse_html(text, gated=True)
        if found is not None:
            return found if isinstance(found, pagekind.NotArticle) else not_an_error(found, text)
    page = htmlpage.parse_site_html(text)
    if page is not None:
        return seed_page(page)
    found = academic.parse_html(text, gated=True) if reader == "record" else None
    if found is not None:
        return found if isinstance(found, pagekind.NotArticle) else not_an_error(found, text)
    extracted = content.extract(text)
    if not extracted.title:
        return None
    article = Article(title=extracted.title, blocks=extracted.blocks, source_site="generic")
    article.headings = [b.text for b in extracted.blocks if b.kind == "heading"]
    return not_an_error(textpage.SitePage(article), text)


HEAD_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
TAG_RE = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]+>", re.I | re.S)
KIND_SCAN_CHARS = 2_000_000  # (only pages already quarantined are looked at)


def no_article_kind(page: textpage.SitePage | None, text: str, fmt: Format) -> pagekind.NotArticle | None:
    """Why a page without a title or body has none: an error or login page, a fragment of a
    result list, a script, a dump of records, an empty shell."""
    if len(text) > KIND_SCAN_CHARS:
        return None
    title = page.article.title if page is not None else None
    visible = text
    if fmt == "html":
        m = HEAD_TITLE_RE.search(text)
        title = title or (" ".join(m.group(1).split()) if m else None)
        visible = " ".join(TAG_RE.sub(" ", text).split())
    return pagekind.error_or_login(title, visible[:4000]) or pagekind.no_article(text, visible)


def seed_page(page: textpage.SitePage | None) -> textpage.SitePage | None:
    if page is not None:
        page.article.source_site = "seed"
        page.article.doc_type = "journal_article" if page.article.journal else None
    return page


def not_an_error(page: textpage.SitePage | None, text: str) -> textpage.SitePage | pagekind.NotArticle | None:
    """The page, unless it is an error or a login page (its title says so, or it has no text)."""
    if page is None:
        return None
    art = page.article
    body = art.body
    if len(body) <= pagekind.NO_ARTICLE_TEXT_CHARS:
        record = art.abstract or art.authors or art.keywords
        found = pagekind.error_or_login(art.title, "" if record else body)
        if found is not None:
            return found
    return page


def check_page(page: textpage.SitePage | None) -> tuple[str, str] | None:
    if page is None or not page.article.title:
        return "no_title", "no title line or title element was found"
    if len(page.article.title) > TITLE_MAX_CHARS:
        return "no_title", f"the first line has {len(page.article.title)} characters: not a title"
    if not page.article.blocks:
        return "no_body", "no article text is left after removing the page furniture"
    return None


def extract_metrics(article: Article, related: list[Related]) -> list[Metric]:
    """Metrics of the body and of each related abstract; empty when winnow.metrics is absent."""
    try:
        from winnow.metrics import extract, extract_blocks
    except ImportError:
        return []
    found = list(extract_blocks(article.blocks, title=article.title))
    for r in related:
        for m in extract(r.text, title=r.title):
            m.source = "related"
            m.related_position = r.position
            found.append(m)
    return found
