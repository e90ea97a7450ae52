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
6. metrics of the body and of every related abstract (``winnow.metrics``, when present);
7. the body's near-duplicate signature (``winnow.neardup``).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from winnow import academic, content, faults, htmlpage, neardup, pagekind, textpage
from winnow.budget import TooSlow, time_limit
from winnow.decode import Decoded, Rejected, decode_bytes
from winnow.discover import sha256_file
from winnow.records import Article, Block, Format, Metric, ParseResult, Related
from winnow.settings import Budgets

DEFAULT_BUDGETS = Budgets()

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
HTML_SNIFF_RE = re.compile(r"<(?:!doctype\s+html|html|head|body|meta|div|p|table|title)\b", re.I)
TITLE_MAX_CHARS = 300  # a longer first line of a plain text is a paragraph, not a title


@dataclass(slots=True)
class Read:
    """What one read of a raw file saw: its bytes (at most the limit + 1) and, from the open
    file, its size and modification time; ``stable`` when neither changed while it was read."""

    data: bytes
    size: int
    mtime_ns: int
    stable: bool


class Refused(OSError):
    """A raw file not read: ``reason`` (a quarantine reason) and a detail for humans."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason, self.detail = reason, detail


_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)


def read_raw(path: Path, limit: int, *, expect: tuple[int, int] | None = None) -> Read:
    """The one way Winnow reads a raw file: at most ``limit`` + 1 bytes (more: the caller's
    too large), from a regular file only, and, given ``expect`` (the device and inode that
    discovery saw), only from that very file.

    Opened non-blocking, so a FIFO swapped in is refused at once instead of waiting for a
    writer; the kind and identity are taken from the open file (``fstat``), so a name switched
    to a link or another file after discovery cannot lead the read elsewhere. Raises
    FileNotFoundError, OSError, or Refused (``not_a_file``, ``replaced``).
    """
    fd = os.open(path, _OPEN_FLAGS)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = "FIFO" if stat.S_ISFIFO(st.st_mode) else "folder" if stat.S_ISDIR(st.st_mode) else "device"
            raise Refused("not_a_file", f"a {kind}, not a regular file: never read")
        if expect is not None and expect != (0, 0) and expect != (st.st_dev, st.st_ino):
            raise Refused("replaced", "the file was replaced (or became a link) after it was found")
        os.set_blocking(fd, True)
        data = _read_fd(fd, min(st.st_size, limit) + 1, limit)
        after = os.fstat(fd)
    finally:
        os.close(fd)
    stable = (after.st_size, after.st_mtime_ns) == (st.st_size, st.st_mtime_ns) and (
        len(data) == st.st_size or len(data) > limit
    )
    return Read(data, st.st_size, st.st_mtime_ns, stable)


def _read_fd(fd: int, want: int, limit: int) -> bytes:
    """Up to ``want`` bytes, read on to ``limit`` + 1 when the file turns out longer.

    The buffer is sized by the file's size: reading ``limit + 1`` at once allocates that much
    whatever the file holds (a fresh memory mapping per file, zero-filled and then unmapped).
    """
    parts: list[bytes] = []
    got = 0
    while got <= limit and (part := os.read(fd, want - got)):
        parts.append(part)
        got += len(part)
        if got == want:  # more than fstat said: read on to the limit
            want = limit + 1
    return b"".join(parts)


def read_capped(path: Path, limit: int) -> bytes:
    """The file's bytes, or its first ``limit`` + 1 when it holds more (the caller's too large)."""
    return read_raw(path, limit).data


def read_result(
    path: Path, name: str, budgets: Budgets, *, sha256: str = "", expect: tuple[int, int] | None = None
) -> tuple[Read | None, ParseResult | None]:
    """``read_raw`` of a raw file under ``budgets``: the read, or the quarantined result that
    replaces it (``vanished``, ``unreadable``, ``not_a_file``, ``replaced``, ``too_large``,
    ``growing``); ``sha256``: the file's hash if known (for the quarantine row)."""
    try:
        read = read_raw(path, budgets.max_file_bytes, expect=expect)
    except FileNotFoundError:
        return None, ParseResult.quarantined(
            name, sha256, "vanished", "the file disappeared before it was read"
        )
    except Refused as e:
        return None, ParseResult.quarantined(name, sha256, e.reason, e.detail)
    except OSError as e:
        return None, ParseResult.quarantined(name, sha256, "unreadable", f"{type(e).__name__}: {e}")
    if len(read.data) > budgets.max_file_bytes:
        detail = f"{read.size} bytes, limit {budgets.max_file_bytes}: not read"
        result = ParseResult.quarantined(name, sha256 or _sha256_or_empty(path), "too_large", detail)
    elif not read.stable:
        detail = "the file changed while it was read (still being written): read again by the next run"
        result = ParseResult.quarantined(name, hashlib.sha256(read.data).hexdigest(), "growing", detail)
    else:
        return read, None
    result.size, result.mtime_ns = read.size, read.mtime_ns
    return None, result


def read_text(source: Path | BinaryIO, budgets: Budgets) -> str:
    """UTF-8 text (a BOM dropped) of a file or a stream, within the budget of text bytes:
    ``winnow metrics``'s input. Raises ValueError (too large, not UTF-8) or OSError (Refused
    for a FIFO or a device, at once)."""
    limit = budgets.max_text_bytes
    data = read_raw(source, limit).data if isinstance(source, Path) else source.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"more than {limit} bytes (WINNOW_MAX_TEXT_BYTES)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ValueError(f"not UTF-8 text: {e}") from None


def _sha256_or_empty(path: Path) -> str:
    try:
        return sha256_file(path)
    except OSError:
        return ""


def parse_file(path: str | Path, *, metrics: bool = True, budgets: Budgets = DEFAULT_BUDGETS) -> ParseResult:
    """Read a file (within ``budgets``) and parse it."""
    read, refused = read_result(Path(path), str(path), budgets)
    if refused is not None:
        return refused
    assert read is not None
    result = parse_in_time(read.data, str(path), budgets, metrics=metrics)
    result.size, result.mtime_ns = read.size, read.mtime_ns
    return result


def parse_in_time(
    data: bytes,
    name: str,
    budgets: Budgets,
    *,
    sha256: str | None = None,
    metrics: bool = True,
    hard_after: float | None = None,
) -> ParseResult:
    """``parse_bytes`` within the time budget: over it, the file is quarantined ``too_slow``
    (``hard_after``: see ``budget.time_limit``)."""
    sha = sha256 or hashlib.sha256(data).hexdigest()
    try:
        with time_limit(budgets.parse_seconds, hard_after=hard_after):
            faults.point(f"parse {name}")  # the crash tests' way to kill (or hang) the process parsing it
            return parse_bytes(data, name, sha256=sha, metrics=metrics, budgets=budgets)
    except TooSlow:
        detail = f"parsing took more than the budget of {budgets.parse_seconds:g} s"
        return ParseResult.quarantined(name, sha, "too_slow", detail)


def parse_bytes(
    data: bytes,
    path: str,
    *,
    sha256: str | None = None,
    metrics: bool = True,
    budgets: Budgets = DEFAULT_BUDGETS,
) -> ParseResult:
    """Parse one file's bytes; ``path`` names it (its extension picks the format)."""
    sha = sha256 or hashlib.sha256(data).hexdigest()
    try:
        return parse_checked(data, path, sha, metrics=metrics, budgets=budgets)
    except Exception as e:  # a parser bug must quarantine the file, not stop the run
        return ParseResult.quarantined(path, sha, "parse_error", f"{type(e).__name__}: {e}"[:500])


def parse_checked(
    data: bytes, path: str, sha: str, *, metrics: bool, budgets: Budgets = DEFAULT_BUDGETS
) -> ParseResult:
    decoded = decode_bytes(data, name=path, limit=budgets.max_text_bytes)
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
    truncate_body(page.article, budgets.max_body_chars)
    result = ParseResult(path, sha, fmt, decoded.encoding, "ok", article=page.article, related=page.related)
    result.repaired = decoded.repaired
    if metrics:
        try:
            result.metrics = extract_metrics(page.article, page.related)
        except Exception as e:  # a metrics bug must not lose the page: keep it, say why
            result.detail = f"metrics failed: {type(e).__name__}: {e}"[:500]
        over = too_many_mentions(result.metrics, budgets)
        if over is not None:
            return ParseResult.quarantined(
                path, sha, "too_many_mentions", over, format=fmt, encoding=decoded.encoding
            )
    try:  # after the metrics: their fold of the body is reused
        result.minhash = neardup.signature(page.article.body)
    except Exception as e:  # a page without a signature is only never linked to its copies
        result.detail = f"{result.detail or ''} signature failed: {type(e).__name__}: {e}".strip()[:500]
    return result


def truncate_body(article: Article, max_chars: int) -> None:
    """Keep at most ``max_chars`` characters of the body (whole blocks, then part of the one
    that crosses the limit) and flag the article: a long report is loaded, shortened, not refused."""
    total = 0
    for i, block in enumerate(article.blocks):
        total += len(block.text) + (1 if i else 0)
        if total > max_chars:
            room = len(block.text) - (total - max_chars)
            article.blocks = article.blocks[:i] + ([Block(block.kind, block.text[:room])] if room > 0 else [])
            article.body_truncated = True
            return


def too_many_mentions(found: list[Metric], budgets: Budgets) -> str | None:
    """Why a page's metric mentions exceed their budget (per document, per sentence), or None.

    Every mention carries its sentence: a sentence of thousands of numbers would store itself
    thousands of times."""
    if len(found) > budgets.max_mentions:
        return f"{len(found)} metric mentions, limit {budgets.max_mentions} per document"
    # A sentence's mentions come one after another, each carrying the sentence's text; the
    # same text further on than its own length is a sentence repeated, counted apart.
    current: tuple[str, int | None, str] | None = None
    start = count = 0
    for m in found:
        key = (m.source, m.related_position, m.sentence)
        if key == current and m.char_start - start < len(m.sentence):
            count += 1
        else:
            current, start, count = key, m.char_start, 1
        if count > budgets.max_mentions_per_sentence:
            return f"more than {budgets.max_mentions_per_sentence} metric mentions in one sentence"
    return None


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
