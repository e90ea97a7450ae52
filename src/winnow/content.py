"""Main content of any web page: its title and the paragraphs of its article.

The cascade of ``extract``:

1. parse with lexbor (selectolax); pages nested deeper than ``MAX_DEPTH`` block
   elements are flattened first (the HTML tree builder is quadratic in depth);
2. drop furniture: scripts, styles, forms' controls, navigation, footers, asides, hidden
   elements, and elements whose class or id names furniture (menu, footer, ad, share …)
   unless they hold prose (an article inside ``img_share_area``);
3. cut the page into text units at block elements and ``<br>``, counting each unit's
   characters and linked characters (``cut_units`` does 2 and 3 in one walk);
4. score units like readability does (1 + commas + length), crediting the score to
   the unit's container and half of it to the container's parent;
5. pick the best container, weighted by ``1 - link density``, and add its siblings
   that score well on their own;
6. keep the units of the chosen containers that read as prose, not as link lists,
   dates, bylines or share bars.

Every walk over the tree is iterative: no recursion, whatever the nesting depth. The walk
runs Python code for every node of the page, so it does as little as it can there: it reads
tags as lexbor's integer ids (``tag_id``), not as names, lets lexbor skip whitespace-only
text nodes (``skip_empty``), and leaves the furniture found by a CSS query (in C) to lexbor.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Final

from selectolax.lexbor import LexborHTMLParser, LexborNode, create_tag

from winnow.records import Block

MAX_DEPTH: Final = 2000  # deeper block nesting is flattened before parsing
FLATTEN_CHECK_CHARS: Final = 20_000  # shorter pages cannot nest deep enough to slow the parser much
ANCESTOR_LEVELS: Final = 30  # how many ancestors of a unit are remembered (to find it under a container)
CANDIDATES: Final = 15  # containers with the best raw scores, weighed by their link density
BLOCK_TAGS: Final = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "caption",
    ]
)
PARAGRAPH_TAGS: Final = frozenset(
    ["p", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt", "blockquote"]
)
HEADING_TAGS: Final = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
DROP_TAGS: Final = [
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
    "nav",
    "footer",
    "aside",
    "menu",
    "head",
    "label",
    "map",
    "area",
    "video",
    "audio",
]
FURNITURE_RE: Final = re.compile(
    r"(?:^|[\s_\-])(?:nav|navbar|navi|menu|breadcrumbs?|crumbs?|topbar|footer|foot|copyright|"
    r"sidebar|aside|ads?|advert\w*|banner|sponsor|promo|share|social|toolbar|"
    r"btn|login|register|comments?|recommend|pager|pagination|search|modal|popup|cookie|qrcode|"
    r"subscribe|related|hot|rank|catlinks|editsection|printfooter)(?:$|[\s_\-\d])",
    re.IGNORECASE,
)
NEVER_DROP: Final = frozenset(("html", "body", "main", "article"))
NAMED_SELECTOR: Final = "[class], [id], [style*=none i], [style*=hidden i]"  # may name or hide furniture
HIDDEN_RE: Final = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
KEEP_CLASS_RE: Final = re.compile(r"(?:article|content|main|post|entry|text|body|detail)", re.IGNORECASE)
# Nesting is counted over every element that can hold others (void elements cannot), and a page
# nested too deep has every such tag but these flattened to a line break: any tag nested deep
# enough makes the tree's walk quadratic, not only the usual containers.
VOID_TAGS: Final = "br|hr|img|meta|link|input|wbr|area|base|col|embed|param|source|track|keygen"
KEEP_WHEN_FLAT: Final = "html|head|body|title|meta|script|style|h[1-6]|p|a|br"
DEPTH_TAG_RE: Final = re.compile(
    rf"<(/?)(?!(?:{VOID_TAGS})\b)[A-Za-z][\w:-]*\b[^>]*>"
)  # group: "/" of an end tag
DEPTH_STEP: Final = {"": 1, "/": -1}
FLATTEN_RE: Final = re.compile(rf"</?(?!(?:{KEEP_WHEN_FLAT})\b)[A-Za-z][\w:-]*\b[^>]*>")
PUNCT_RE: Final = re.compile(r"[，。,；;！？!?、：]")
TITLE_SPLIT_RE: Final = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s|--|——)\s*")
# Short lines that are page furniture even inside the article container: a line that is
# only buttons or only a date, or one holding a furniture word. Two patterns, not one: an
# alternation of literals alone lets the regex engine skip to the positions where one can
# start (an anchored branch among them makes it try every branch at every position).
FURNITURE_LINE_RE: Final = re.compile(
    r"^(?:[\[【(（]?\s*(?:打印|关闭|返回|顶部|收藏|分享|评论|推荐|举报|纠错|字号|大|中|小)\s*[\]】)）]?\s*)+$|"
    r"^\d{4}[-/年]\d{1,2}[-/月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
FURNITURE_WORDS_RE: Final = re.compile(
    r"责任编辑|编辑[:：]|来源[:：]|作者[:：]|发布时间|发表于|阅读次数|浏览次数|点击[:：数]|"
    r"上一篇|下一篇|上一页|下一页|相关阅读|相关新闻|相关链接|相关报道|相关文章|延伸阅读|热点推荐|"
    r"幻灯欣赏|本周.{0,6}推荐|发表评论|我要评论|Trackback|评论中可使用|分享到|扫一扫|二维码|版权所有|"
    r"Copyright|All Rights Reserved|ICP备"
)
# Paragraphs of any length that are site notices, not article text.
NOTICE_RE: Final = re.compile(
    r"^[\[【(（]?(?:免责声明|版权声明|特别声明)|"
    r"本文仅代表作者(?:本人)?观点|未经.{0,12}授权.{0,8}不得转载"
)
BULLETS: Final = "·•●▪◆■※-*>»"
DATE_WORDS_RE: Final = re.compile(
    r"\d+(?:st|nd|rd|th)?|[年月日时分秒号点周星期一二三四五六天:：/\-.,，()（）\s]|"
    r"\b(?:am|pm|AM|PM|Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\b|"
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b"
)
DIGIT_RE: Final = re.compile(r"\d")
EDIT_MARK_RE: Final = re.compile(r"\[(?:编辑|編輯|edit)\]$")
SIBLING_PARAGRAPH_CHARS: Final = 80
PROSE_MIN_PUNCT: Final = 15  # a furniture-named element with this many ，。 is kept, unless named as
ALWAYS_FURNITURE_RE: Final = re.compile(r"comment|reply|footer|copyright|nav|menu", re.IGNORECASE)
MIN_UNIT_CHARS: Final = 10  # units shorter than this add no score
SIBLING_SHARE: Final = 0.2  # a sibling joins the top container when it scores this share of it
MAX_LINK_DENSITY: Final = 0.5


def tag_ids(names: Iterable[str]) -> frozenset[int]:
    """lexbor's ids of standard HTML tags (fixed numbers, the same in every document)."""
    return frozenset(create_tag(name).tag_id for name in names)


def text_tag_id() -> int:
    """lexbor's id of the text nodes' tag (``-text``)."""
    p = LexborHTMLParser("<p>x</p>").css_first("p")
    assert p is not None and p.first_child is not None
    return p.first_child.tag_id


TEXT_ID: Final = text_tag_id()
BOUNDARY_IDS: Final = tag_ids(BLOCK_TAGS | {"br"})
BLOCK_NAMES: Final = {create_tag(name).tag_id: name for name in BLOCK_TAGS}  # lexbor's id → the tag
BLOCK_IDS: Final = frozenset(BLOCK_NAMES)
DROP_IDS: Final = tag_ids(DROP_TAGS)
NEVER_DROP_IDS: Final = tag_ids(NEVER_DROP)
A_ID: Final = create_tag("a").tag_id


@dataclass(slots=True)
class Unit:
    """A run of text between block boundaries, with the ids of its containers."""

    text: str
    link_chars: int
    tag: str  # the nearest block ancestor's tag
    ancestors: list[int]  # mem_ids from the nearest block ancestor upwards
    link_density: float  # link_chars / len(text): stored, not a property (read many times)


@dataclass(slots=True)
class Extracted:
    title: str | None
    blocks: list[Block] = field(default_factory=list)


def extract(html: str) -> Extracted:
    """The page's title and the blocks of its main content."""
    tree = LexborHTMLParser(flatten_if_deep(html))
    title = page_title(tree)
    root = tree.body or tree.root
    if root is None:
        return Extracted(title)
    units = cut_units(root)
    chosen = choose_containers(units)
    blocks = [to_block(u) for u in units if keep_unit(u, chosen)]
    return Extracted(title, drop_title_repeats(blocks, title, head_title(tree)))


def drop_title_repeats(blocks: list[Block], title: str | None, full_title: str) -> list[Block]:
    """Leading blocks that repeat the title (the page's headline above the article)."""
    repeats = {t for t in (title, full_title) if t}
    start = 0
    while start < min(len(blocks), 3):
        text = blocks[start].text
        if not (text in repeats or (len(text) >= 6 and full_title and text in full_title)):
            break
        start += 1
    return blocks[start:]


def head_title(tree: LexborHTMLParser) -> str:
    node = tree.css_first("title")
    return clean(node.text()) if node is not None else ""


def flatten_if_deep(html: str) -> str:
    """Replace block tags by ``<br>`` when their nesting is deeper than ``MAX_DEPTH``.

    Counting ``<`` that open a tag is a cheap bound: no page with fewer can nest deeper.
    The depth itself is a running sum over the tags' ``+1``/``-1`` steps, summed in C.
    """
    if len(html) < FLATTEN_CHECK_CHARS or html.count("<") - html.count("</") <= MAX_DEPTH:
        return html  # too few tags to nest that deep (or too short to hurt)
    steps = map(DEPTH_STEP.__getitem__, DEPTH_TAG_RE.findall(html))
    if max(accumulate(steps), default=0) > MAX_DEPTH:
        return FLATTEN_RE.sub("<br>", html)
    return html


def page_title(tree: LexborHTMLParser) -> str | None:
    """The page's title, from the first of these that has one.

    1. an <h1> (or <h2>) that agrees with <title>;
    2. the longest part of <title> (site names stand beside it after ``_``, ``|``, `` - ``);
    3. an <h1>; 4. ``og:title``; 5. the ``title`` attribute of a ``<text>`` wrapper.
    """
    head_title = tree.css_first("title")
    full = clean(head_title.text()) if head_title is not None else ""
    for sel in ("h1", "h2"):
        node = tree.css_first(sel)
        h = clean(node.text()) if node is not None else ""
        if h and (not full or h in full or full in h):
            return h
    if full:
        parts = [p for p in TITLE_SPLIT_RE.split(full) if p]
        return max(parts, key=len) if parts else full
    node = tree.css_first("h1")
    if node is not None and clean(node.text()):
        return clean(node.text())
    for sel, attr in (('meta[property="og:title"]', "content"), ("text[title]", "title")):
        node = tree.css_first(sel)
        value = clean(node.attributes.get(attr) or "") if node is not None else ""
        if value:
            return value
    return None


def clean(text: str) -> str:
    """Collapse runs of whitespace (HTML does not keep them) and trim."""
    if "\u200b" in text:
        text = text.replace("\u200b", "")
    return " ".join(text.split())


def cut_units(
    root: LexborNode, furniture: re.Pattern[str] = FURNITURE_RE, drop: frozenset[int] | None = None
) -> list[Unit]:
    """Drop the furniture under root and cut the rest into units, in document order.

    Elements named as furniture or hidden are found by one CSS query (lexbor walks the
    tree once, in C) and destroyed first. Furniture tags (scripts, navigation …) are met
    in the walk that cuts the units: their subtrees are skipped (the walk resumes at the
    node after them, see ``node_after``) and destroyed when the walk is over. Either way,
    the tree left behind is the page without its furniture. ``drop``: the lexbor ids of the
    furniture tags, when not ``DROP_IDS`` (a record's ``<label>`` is no furniture).
    """
    drop_ids = DROP_IDS if drop is None else drop
    remove_named_furniture(root, furniture)
    units: list[Unit] = []
    parts: list[str] = []
    link_chars = 0
    owner = NO_OWNER
    owners: dict[int, Owner] = {}  # text node's parent → the text's owner
    chains: dict[int, list[int]] = {}
    dropped: list[LexborNode] = []
    resume = 0  # while skipping a furniture tag's subtree: the mem_id the walk resumes at
    for node in root.traverse(include_text=True, skip_empty=True):
        if resume:
            if node.mem_id != resume:
                continue
            resume = 0
        tag_id = node.tag_id
        if tag_id == TEXT_ID:
            text = node.text_content
            if not text or text.isspace():
                continue
            up = node.parent
            key = up.mem_id if up is not None else 0
            found = owners.get(key)
            if found is None:
                found = owners[key] = owner_of(up, key, chains)
            if found[0] != owner[0] or found[0] < 0:
                if parts and owner[0] >= 0:
                    add_unit(units, parts, link_chars, owner)
                parts, link_chars, owner = [], 0, found
            parts.append(text)
            if found[3]:
                link_chars += len(text.strip())
        elif tag_id in drop_ids:  # before BOUNDARY_IDS: nav, aside, footer are both
            dropped.append(node)
            resume = node_after(node, root)
            if resume < 0:
                break  # nothing follows it under root
        elif tag_id in BOUNDARY_IDS and parts:  # (no parts: nothing to end)
            if owner[0] >= 0:
                add_unit(units, parts, link_chars, owner)
            parts, link_chars, owner = [], 0, NO_OWNER
    if parts and owner[0] >= 0:
        add_unit(units, parts, link_chars, owner)
    for node in dropped:  # disjoint subtrees: none lies inside another
        node.decompose()
    return units


def remove_named_furniture(root: LexborNode, furniture: re.Pattern[str]) -> None:
    """Destroy hidden elements and those whose class or id names furniture.

    Every element is judged on the page as parsed, before any is destroyed; then they are
    destroyed in reverse document order (lexbor answers a selector list in document order,
    an element once per selector it matches), descendants before their ancestors.
    """
    named = names_furniture(furniture)
    doomed: list[LexborNode] = []
    seen: set[int] = set()
    for node in root.css(NAMED_SELECTOR):
        key = node.mem_id
        if key in seen:
            continue
        seen.add(key)
        if node.tag_id not in NEVER_DROP_IDS and is_named_furniture(node, named):
            doomed.append(node)
    for node in reversed(doomed):
        node.decompose()


def is_named_furniture(node: LexborNode, named: Callable[[str], bool]) -> bool:
    """A hidden element, or one whose class or id names furniture (see ``is_furniture``)."""
    attrs = node.attributes
    style = attrs.get("style")
    if style and HIDDEN_RE.search(style):
        return True
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    return is_furniture(node, names, named)


def node_after(node: LexborNode, root: LexborNode) -> int:
    """mem_id of the first node after node's subtree that the walk of ``cut_units`` yields.

    That is the next sibling of the node or of its nearest ancestor that has one, passing
    over whitespace-only text (the walk skips it); -1 when nothing under root follows.
    """
    root_id = root.mem_id
    here: LexborNode | None = node
    while here is not None and here.mem_id != root_id:
        sibling = here.next
        while sibling is not None:
            if not sibling.is_empty_text_node:
                return sibling.mem_id
            sibling = sibling.next
        here = here.parent
    return -1


def is_furniture(node: LexborNode, names: str, named: Callable[[str], bool]) -> bool:
    """Named as furniture, unless it holds prose and is not named as comments or footer."""
    if not named(names):
        return False
    return bool(ALWAYS_FURNITURE_RE.search(names)) or not reads_as_prose(node)


def reads_as_prose(node: LexborNode) -> bool:
    """An element holding prose (an article in a container named share_area or the like)."""
    text = node.text(deep=True)
    return text.count("，") + text.count("。") >= PROSE_MIN_PUNCT


@lru_cache(maxsize=8)
def names_furniture(furniture: re.Pattern[str]) -> Callable[[str], bool]:
    """A memoised test of class and id names against ``furniture`` (a site repeats them).

    One memo per pattern, fetched once per page: a memo keyed by (names, pattern) would
    hash the compiled pattern, its whole code, at every look-up. Names are nearly always
    ASCII: lowered, they are matched by a case-sensitive copy of a pattern written in lower
    case, twice as fast as ignoring case and the same answer (only non-ASCII letters, such
    as the long s, fold onto ASCII ones under ``IGNORECASE``).
    """
    lower = furniture.pattern == furniture.pattern.lower() and bool(furniture.flags & re.IGNORECASE)
    folded = re.compile(furniture.pattern, furniture.flags & ~re.IGNORECASE) if lower else furniture

    @lru_cache(maxsize=4096)
    def named(names: str) -> bool:
        found = folded.search(names.lower()) if lower and names.isascii() else furniture.search(names)
        return found is not None and not KEEP_CLASS_RE.search(names)

    return named


# The owner of a text, the container of the text's unit (its nearest block ancestor): its
# mem_id (-1: the text has none and makes no unit), its tag, the mem_ids of it and its
# ancestors, and whether a link lies between the text and it. A tuple: one is made for
# most texts of a page, and a tuple is the cheapest to make.
Owner = tuple[int, str, list[int], bool]
NO_OWNER: Final[Owner] = (-1, "", [], False)


def owner_of(up: LexborNode | None, key: int, chains: dict[int, list[int]]) -> Owner:
    """The owner of the texts whose parent is up (whose mem_id is key): their nearest block
    ancestor, or the ancestor ``ANCESTOR_LEVELS`` steps up when none is nearer."""
    node = up
    linked = False
    steps = 0
    while node is not None and steps < ANCESTOR_LEVELS:
        tag_id = node.tag_id
        if tag_id in BLOCK_IDS:
            if node is not up:
                key = node.mem_id
            return (key, BLOCK_NAMES[tag_id], chain_of(node, key, chains), linked)
        linked = linked or tag_id == A_ID
        node = node.parent
        steps += 1
    if node is None:
        return (-1, "", [], linked)
    key = node.mem_id
    return (key, node.tag or "", chain_of(node, key, chains), linked)


def add_unit(units: list[Unit], parts: list[str], link_chars: int, owner: Owner) -> None:
    text = clean("".join(parts))
    if text:
        linked = min(link_chars, len(text))
        units.append(Unit(text, linked, owner[1], owner[2], linked / len(text)))


def chain_of(node: LexborNode, key: int, chains: dict[int, list[int]]) -> list[int]:
    """mem_ids of the node (whose mem_id is key) and its ancestors (``ANCESTOR_LEVELS``
    of them), memoised."""
    chain = chains.get(key)
    if chain is not None:
        return chain
    up = node.parent
    if up is not None:  # most often the parent's chain is known already (a sibling's)
        known = chains.get(up.mem_id)
        if known is not None:
            chain = chains[key] = [key, *known[: ANCESTOR_LEVELS - 1]]
            return chain
    walked = [key]
    while up is not None and len(walked) < ANCESTOR_LEVELS:
        up_key = up.mem_id
        known = chains.get(up_key)
        if known is not None:
            chain = walked + known
            break
        walked.append(up_key)
        up = up.parent
    else:
        chain = walked
    # memoise every node walked through: a sibling stops at the first one
    for i, k in enumerate(walked):
        chains[k] = chain[i : i + ANCESTOR_LEVELS]
    return chains[key]


def unit_score(unit: Unit) -> float:
    text = unit.text
    chars = len(text)
    if chars < MIN_UNIT_CHARS or unit.link_density == 1.0 or is_notice(text):
        return 0.0  # (all links: the score below would be 0 too, it is times 1 - link density)
    punct = len(PUNCT_RE.findall(text))
    return (1 + punct + min(chars / 100, 3)) * (1 - unit.link_density)


def choose_containers(units: list[Unit]) -> set[int]:
    """mem_ids of the containers that hold the main content."""
    scores: dict[int, float] = {}
    by_owner: dict[int, tuple[list[int], list[int]]] = {}  # owner → (ancestors, [chars, links])
    for u in units:
        chain = u.ancestors
        entry = by_owner.get(chain[0])
        if entry is None:
            entry = by_owner[chain[0]] = (chain, [0, 0])
        totals = entry[1]
        totals[0] += len(u.text)
        totals[1] += u.link_chars
        s = unit_score(u) if len(u.text) >= MIN_UNIT_CHARS else 0.0  # (0 too: spare the call)
        if s:
            first = 1 if u.tag in PARAGRAPH_TAGS else 0  # a paragraph scores for its container
            if len(chain) > first:
                scores[chain[first]] = scores.get(chain[first], 0.0) + s
                if len(chain) > first + 1:
                    scores[chain[first + 1]] = scores.get(chain[first + 1], 0.0) + s / 2
    if not scores:
        return set()
    candidates = sorted(scores, key=scores.__getitem__, reverse=True)[:CANDIDATES]
    density, parent = densities_and_parents(candidates, by_owner)
    weighted = {c: scores[c] * (1 - density[c]) for c in candidates}
    top = max(weighted, key=weighted.__getitem__)
    threshold = max(10.0, weighted[top] * SIBLING_SHARE)
    up = parent.get(top)
    siblings = {k for k, v in weighted.items() if v >= threshold and parent.get(k) == up}
    # paragraphs standing beside the top container (a lead paragraph, a standfirst)
    siblings |= {
        u.ancestors[0]
        for u in units
        if u.tag in PARAGRAPH_TAGS
        and len(u.text) > SIBLING_PARAGRAPH_CHARS
        and len(u.ancestors) > 1
        and u.ancestors[1] == up
        and u.link_density < 0.25
    }
    return {top} | siblings


def densities_and_parents(
    containers: list[int], by_owner: dict[int, tuple[list[int], list[int]]]
) -> tuple[dict[int, float], dict[int, int | None]]:
    """Each container's share of linked characters under it, and its parent.

    The parent is read from the first chain that holds the container (None when the
    container ends that chain: the root, or the last of ``ANCESTOR_LEVELS``).
    """
    totals = {c: [0, 0] for c in containers}
    parents: dict[int, int | None] = {}
    wanted = set(containers)
    for chain, (n, linked) in by_owner.values():
        for c in wanted.intersection(chain):
            total = totals[c]
            total[0] += n
            total[1] += linked
            if c not in parents:
                i = chain.index(c) + 1
                parents[c] = chain[i] if i < len(chain) else None
    return {c: links / (chars or 1) for c, (chars, links) in totals.items()}, parents


def keep_unit(unit: Unit, chosen: set[int]) -> bool:
    """A unit of the chosen containers that reads as prose, not as furniture."""
    if chosen.isdisjoint(unit.ancestors):
        return False
    text = unit.text
    density = unit.link_density
    if density > MAX_LINK_DENSITY or (density > 0.3 and text[0] in BULLETS):
        return False
    if is_notice(text):
        return False
    if len(text) >= 60:
        return True  # the tests below are for short lines
    if FURNITURE_LINE_RE.search(text) or FURNITURE_WORDS_RE.search(text):
        return False
    return not (len(text) < 3 and not PUNCT_RE.search(text)) and not is_date_line(text)


def is_notice(text: str) -> bool:
    """A site notice (disclaimer, copyright) standing as a paragraph.

    Each of NOTICE_RE's branches holds one of these words: looking for them first is cheap.
    """
    return ("声明" in text or "代表作者" in text or "转载" in text) and NOTICE_RE.search(text) is not None


def is_date_line(text: str) -> bool:
    """A line that only gives a date or a time (a byline's date, a post's timestamp)."""
    return len(text) < 60 and bool(DIGIT_RE.search(text)) and len(DATE_WORDS_RE.sub("", text)) <= 2


def to_block(unit: Unit) -> Block:
    text = unit.text
    if text.endswith("]"):  # units are trimmed already; only an edit mark leaves a tail
        text = EDIT_MARK_RE.sub("", text).rstrip()
    return Block("heading" if unit.tag in HEADING_TAGS else "paragraph", text)
