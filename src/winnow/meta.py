"""Embedded metadata of a saved page: the most reliable layer of an academic page's fields.

Read, in this order of trust, each field from the first source that has it:

1. Highwire Press ``citation_*`` tags (what Google Scholar asks journals for);
2. Dublin Core ``DC.*`` / ``dc.*`` tags;
3. JSON-LD ``ScholarlyArticle`` (and its kin) in ``<script type="application/ld+json">``;
4. Open Graph ``og:*`` (a title and a description only: sites put their own name there too).

The names of the tags are the table ``TAGS`` (field → tag names, most trusted first).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Final

from selectolax.lexbor import LexborHTMLParser

# field → meta names, most trusted first (matched without regard to case).
TAGS: Final[dict[str, tuple[str, ...]]] = {
    "title": ("citation_title", "dc.title", "eprints.title", "prism.title"),
    "authors": ("citation_author", "dc.creator", "dc.contributor", "eprints.creators_name"),
    "affiliation": ("citation_author_institution", "citation_dissertation_institution"),
    "journal": ("citation_journal_title", "citation_conference_title", "prism.publicationname", "dc.source"),
    "abstract": ("citation_abstract", "dc.description", "dcterms.abstract", "description"),
    "keywords": ("citation_keywords", "dc.subject", "keywords"),
    "doi": ("citation_doi", "dc.identifier", "prism.doi"),
    "date": ("citation_publication_date", "citation_date", "citation_online_date", "dc.date", "dcterms.issued"),  # noqa: E501
    "year": ("citation_year",),
    "volume": ("citation_volume", "prism.volume"),
    "issue": ("citation_issue", "prism.number"),
    "first_page": ("citation_firstpage", "prism.startingpage"),
    "last_page": ("citation_lastpage", "prism.endingpage"),
    "publisher": ("citation_publisher", "dc.publisher"),
    "institution": ("citation_dissertation_institution",),
    "doc_type": ("dc.type",),
    "conference": ("citation_conference_title",),
}  # fmt: skip
# Tags whose value lists several items in one tag (else every tag is one item).
SPLIT_TAGS: Final = frozenset(("citation_keywords", "keywords", "dc.subject"))
LIST_FIELDS: Final = frozenset(("authors", "keywords", "affiliation"))
# Names only generic pages use: they say nothing of an article unless a citation tag is there too.
WEAK_TAGS: Final = frozenset(("description", "keywords"))
JSONLD_TYPES: Final = frozenset(
    ("ScholarlyArticle", "Article", "Thesis", "Report", "CreativeWork", "MedicalScholarlyArticle")
)
JSONLD_SCRIPT: Final = 'script[type="application/ld+json"]'
DOI_RE: Final = re.compile(r"10\.\d{4,9}/[^\s\"'<>]+")
KEYWORD_SEP_RE: Final = re.compile(r"\s*[;；,，、]\s*")


@dataclass(slots=True)
class Embedded:
    """field → values read from the page's metadata; ``strong``: a citation/DC/JSON-LD record."""

    values: dict[str, list[str]] = field(default_factory=dict)
    weak: dict[str, list[str]] = field(default_factory=dict)  # from generic tags (description, keywords)
    strong: bool = False
    og_title: str | None = None
    site_name: str | None = None

    def first(self, name: str) -> str | None:
        v = self.values.get(name)
        return v[0] if v else None


def read(tree: LexborHTMLParser) -> Embedded:
    """The metadata of a parsed page."""
    found = Embedded()
    by_name: dict[str, list[str]] = {}
    for node in tree.css("meta[name], meta[property]"):
        attrs = node.attributes
        name = (attrs.get("name") or attrs.get("property") or "").strip().lower()
        content = " ".join((attrs.get("content") or "").split())
        if not content:
            continue
        if name == "og:title":
            found.og_title = found.og_title or content
        elif name == "og:site_name":
            found.site_name = found.site_name or content
        by_name.setdefault(name, []).append(content)
    for fname, names in TAGS.items():
        for name in names:
            values = by_name.get(name)
            if not values:
                continue
            if name in SPLIT_TAGS:
                values = [k for v in values for k in KEYWORD_SEP_RE.split(v) if k]
            kept = values if fname in LIST_FIELDS else values[:1]
            if name in WEAK_TAGS:
                found.weak[fname] = kept
            else:
                found.values[fname] = kept
                found.strong = True
            break
    read_jsonld(tree, found)
    tidy(found)
    return found


def read_jsonld(tree: LexborHTMLParser, found: Embedded) -> None:
    """Fields of a JSON-LD scholarly record, where the tags did not give them."""
    for node in tree.css(JSONLD_SCRIPT):
        try:
            data = json.loads(node.text(deep=True) or "null")
        except ValueError:
            continue
        for item in jsonld_items(data):
            if not JSONLD_TYPES.intersection(as_list(item.get("@type"))):
                continue
            found.strong = True
            put(found, "title", text_of(item.get("headline") or item.get("name")))
            put(found, "abstract", text_of(item.get("description") or item.get("abstract")))
            put_list(
                found,
                "authors",
                [text_of(a.get("name") if isinstance(a, dict) else a) for a in as_list(item.get("author"))],
            )
            kw = item.get("keywords")
            put_list(
                found,
                "keywords",
                KEYWORD_SEP_RE.split(kw) if isinstance(kw, str) else [text_of(k) for k in as_list(kw)],
            )
            put(found, "doi", text_of(item.get("doi") or item.get("identifier")))
            put(found, "date", text_of(item.get("datePublished")))
            part = item.get("isPartOf")
            if isinstance(part, dict):
                put(found, "journal", text_of(part.get("name")))
            return


def jsonld_items(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [x for x in data if isinstance(x, dict)]
    if isinstance(data, dict):
        graph = data.get("@graph")
        return [data, *jsonld_items(graph)] if graph else [data]
    return []


def as_list(v: Any) -> list[Any]:
    return v if isinstance(v, list) else [] if v is None else [v]


def text_of(v: Any) -> str:
    return " ".join(str(v).split()) if isinstance(v, str | int | float) else ""


def put(found: Embedded, name: str, value: str) -> None:
    if value and name not in found.values:
        found.values[name] = [value]


def put_list(found: Embedded, name: str, values: list[str]) -> None:
    values = [v.strip() for v in values if v and v.strip()]
    if values and name not in found.values:
        found.values[name] = values


def tidy(found: Embedded) -> None:
    """A DOI only where dc.identifier holds one; no DC type that is not a document type."""
    doi = found.first("doi")
    if doi is not None:
        m = DOI_RE.search(doi)
        if m:
            found.values["doi"] = [m.group(0).rstrip(".,;")]
        else:
            del found.values["doi"]
