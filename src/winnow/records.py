"""The record types that flow through Winnow's stages.

RawFile (discover) → ParseResult holding an Article, its Related abstracts and
Metric mentions (parse, extract) → rows in ``landing.*`` (land).

They are plain dataclasses with slots; ``to_json`` gives the objects that
``winnow parse`` and ``winnow metrics`` print (see ../shared/docs/CONTRACT.md).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Format = Literal["text", "html"]
Status = Literal["ok", "quarantined"]
BlockKind = Literal["paragraph", "heading"]
Qualifier = Literal["exact", "more_than", "at_least", "nearly", "about", "less_than", "at_most"]
RegionLevel = Literal["country", "province", "city", "county", "town"]
Source = Literal["article", "related"]

QUARANTINE_REASONS = (
    "empty",
    "binary",
    "undecodable",
    "no_title",
    "no_body",
    "too_large",
    "unknown_format",
    "unreadable",
    "outside_raw",
    "vanished",
    "bad_gzip",
    "parse_error",  # a parser bug: the page is kept out, with the exception in the detail
    "parser_crash",  # the parsing process died on this file
    "broken_link",  # a dangling symbolic link, or a loop
    "not_a_file",  # a FIFO, socket or device: never opened
    "bad_name",  # a file name that is not UTF-8
    "replaced",  # the file became another file or a link between discovery and read: read again
    "growing",  # the file changed while it was read (still being written): read again
    "too_slow",  # parsing took longer than the time budget (the worker was stopped or replaced)
    "too_many_mentions",  # more metric mentions than the budget, per document or per sentence
    "body_boilerplate",  # record contracts (winnow.contracts): the body holds site boilerplate,
    "body_html",  # HTML tags,
    "body_script",  # or script text
    "not_an_article: search_results",  # a list of search results or of an issue's articles
    "not_an_article: error_page",  # a site's error page (404, 访问出错 …)
    "not_an_article: login_page",  # a login or access wall instead of the article
    "not_an_article: empty_page",  # a page shell with no text at all
    "not_an_article: script",  # a script (JavaScript) saved as a page
    "not_an_article: records",  # records printed as data (a crawler's dicts), not a page
    "not_a_page: json",  # an API reply (JSON) saved as a page
    "mojibake",  # text decoded with the wrong codec and saved again: not losslessly recoverable
    "replacement_characters",  # text whose characters were replaced by U+FFFD
)
DOC_TYPES = (
    "journal_article",
    "masters_thesis",
    "doctoral_thesis",
    "conference_paper",
    "report",
    "newspaper",
)


@dataclass(slots=True)
class RawFile:
    """One file version found under the raw folder."""

    path: str  # relative to the raw folder, POSIX separators
    sha256: str  # "" for a new file until its reader hashes it (discover)
    size: int
    mtime_ns: int
    dev: int = 0  # the device and inode discovery saw (0: not known); the reader reads only that file
    ino: int = 0


@dataclass(slots=True)
class Block:
    kind: BlockKind
    text: str


@dataclass(slots=True)
class Author:
    """One author in page order, with the affiliation the page pairs with them (if it does)."""

    name: str
    affiliation: str | None = None


@dataclass(slots=True)
class Article:
    title: str
    journal: str | None = None
    citations: int | None = None
    uploader: str | None = None
    authors: list[str] = field(default_factory=list)
    affiliation: str | None = None
    abstract: str | None = None
    keywords: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    body_truncated: bool = False  # the body was longer than the budget and was cut
    # Bibliographic fields of academic sites' pages (None / empty where the page has none).
    doi: str | None = None
    year: int | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    classification: list[str] = field(default_factory=list)  # 中图分类号 and the like
    fund: str | None = None
    doc_type: str | None = None  # one of DOC_TYPES
    degree: str | None = None  # 硕士 / 博士 of a thesis
    advisor: str | None = None  # a thesis's advisors, "、"-joined
    source_site: str | None = (
        None  # the profile that read the page (cnki, wanfang …), "seed" for the seed site
    )
    author_details: list[Author] = field(default_factory=list)  # authors with their affiliations

    @property
    def body(self) -> str:
        """The body as one string: blocks joined by newlines (metric offsets index into it)."""
        return "\n".join(b.text for b in self.blocks)


@dataclass(slots=True)
class Related:
    """An abstract of a related article listed under 其他文献."""

    position: int  # 1-based, in page order
    doc_type: str | None
    text: str
    title: str | None = None
    truncated: bool = False


@dataclass(slots=True)
class Metric:
    """One metric mention. Offsets index into the text the extractor was given."""

    mention: str
    char_start: int
    char_end: int
    sentence: str
    value: float
    unit: str
    unit_family: str
    qualifier: Qualifier = "exact"
    indicator: str | None = None
    region: str | None = None
    region_code: str | None = None
    region_level: RegionLevel | None = None
    period_year: int | None = None
    period_text: str | None = None
    is_target: bool = False
    source: Source = "article"
    related_position: int | None = None

    def to_json(self, *, with_source: bool = False) -> dict[str, Any]:
        d = asdict(self)
        if not with_source:
            d.pop("source")
            d.pop("related_position")
        return d


@dataclass(slots=True)
class ParseResult:
    """What ``winnow parse`` prints for one file."""

    path: str
    sha256: str
    format: Format | None
    encoding: str | None
    status: Status
    reason: str | None = None
    detail: str | None = None
    article: Article | None = None
    repaired: str | None = None  # how mis-decoded text was recovered ("gb18030>utf-8"), if it was
    related: list[Related] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    size: int | None = None  # as the reader saw the file (None: as discovery did)
    mtime_ns: int | None = None
    minhash: list[int] | None = None  # the body's near-duplicate signature (winnow.neardup); not printed

    @classmethod
    def quarantined(
        cls,
        path: str,
        sha256: str,
        reason: str,
        detail: str | None = None,
        *,
        format: Format | None = None,
        encoding: str | None = None,
    ) -> ParseResult:
        return cls(path, sha256, format, encoding, "quarantined", reason, detail)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "format": self.format,
            "encoding": self.encoding,
            "status": self.status,
            "reason": self.reason,
            "detail": self.detail,
            "repaired": self.repaired,
            "article": asdict(self.article) if self.article else None,
            "related": [asdict(r) for r in self.related],
            "metrics": [m.to_json(with_source=True) for m in self.metrics],
        }
