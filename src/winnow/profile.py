"""Site profiles: what Winnow knows about each academic site, as data (``profiles/*.toml``).

A profile says how the site's page is recognised (``markers``: words or hosts in the page;
``selectors``: elements only its pages have), where each field is (``fields``: CSS selectors,
the first that yields text wins), which container holds the full text (``body``), what is
furniture (``furniture.selectors`` removed from the page, ``furniture.lines``: a line holding one
of these words is never text), the suffixes of its page titles (``title_suffixes``), how its
result lists look (``search_titles``, ``search_selectors``) and the document type its page
says in its links (``doc_types``: a word of the page → a type, the earliest in the page wins).
Adding a site is adding a file; the parser does not change.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Final

from selectolax.lexbor import LexborHTMLParser

MARKER_SCAN_CHARS: Final = 200_000  # markers are looked for in this much of a page


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    markers: tuple[str, ...] = ()
    selectors: tuple[str, ...] = ()
    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    body: tuple[str, ...] = ()
    furniture_selectors: tuple[str, ...] = ()
    furniture_lines: tuple[str, ...] = ()
    title_suffixes: tuple[str, ...] = ()
    search_titles: tuple[str, ...] = ()
    search_selectors: tuple[str, ...] = ()
    doc_types: tuple[tuple[str, str], ...] = ()
    default_doc_type: str | None = None
    weak: bool = False  # recognised by generic signs only: any better match wins

    def doc_type_in(self, text: str) -> str | None:
        """The type named by the earliest of the profile's type words in the page."""
        best: tuple[int, str] | None = None
        for word, kind in self.doc_types:
            at = text.find(word)
            if at >= 0 and (best is None or at < best[0]):
                best = (at, kind)
        return best[1] if best else None


def load(data: dict[str, Any]) -> Profile:
    furniture = data.get("furniture", {})
    return Profile(
        name=data["name"],
        markers=tuple(data.get("markers", ())),
        selectors=tuple(data.get("selectors", ())),
        fields={k: tuple(v) for k, v in data.get("fields", {}).items()},
        body=tuple(data.get("body", ())),
        furniture_selectors=tuple(furniture.get("selectors", ())),
        furniture_lines=tuple(furniture.get("lines", ())),
        title_suffixes=tuple(data.get("title_suffixes", ())),
        search_titles=tuple(data.get("search_titles", ())),
        search_selectors=tuple(data.get("search_selectors", ())),
        doc_types=tuple(data.get("doc_types", {}).items()),
        default_doc_type=data.get("default_doc_type"),
        weak=bool(data.get("weak", False)),
    )


def load_all() -> tuple[Profile, ...]:
    folder = resources.files("winnow").joinpath("profiles")
    found = [
        load(tomllib.loads(f.read_text(encoding="utf-8")))
        for f in sorted(folder.iterdir(), key=lambda f: f.name)
        if f.name.endswith(".toml")
    ]
    return tuple(found)


PROFILES: Final = load_all()
# Every site's title suffix: any of them is cut from any title (a page saved from one site
# through another's proxy keeps both).
ALL_SUFFIXES: Final = tuple(sorted({s for p in PROFILES for s in p.title_suffixes}, key=len, reverse=True))
ALL_FURNITURE_LINES: Final = tuple(sorted({s for p in PROFILES for s in p.furniture_lines}))
ANY_MARKER_RE: Final = re.compile("|".join(re.escape(m) for p in PROFILES for m in p.markers if m))


def marker_score(profile: Profile, text: str) -> int:
    return sum(1 for m in profile.markers if m in text)


def match_text(text: str) -> Profile | None:
    """The profile whose markers a page's text (or a text dump) holds most of; None if none does."""
    head = text[:MARKER_SCAN_CHARS]
    if ANY_MARKER_RE.search(head) is None:
        return None
    scored = [(marker_score(p, head), p) for p in PROFILES if not p.weak]
    best = max(scored, key=lambda sp: sp[0], default=(0, None))
    return best[1] if best[0] > 0 else None


def match_html(html: str, tree: LexborHTMLParser) -> Profile | None:
    """The profile of a saved page: its own elements count twice its words; weak profiles last."""
    head = html[:MARKER_SCAN_CHARS]
    best: tuple[int, Profile] | None = None
    for p in PROFILES:
        score = 2 * sum(1 for s in p.selectors if tree.css_first(s) is not None)
        if score == 0 and p.weak:
            continue
        score += marker_score(p, head) if not p.weak else 0
        if score and (best is None or score > best[0] or (best[1].weak and not p.weak)):
            best = (score, p)
    return best[1] if best else None
