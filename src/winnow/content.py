"""Main content of any web page: its title and the paragraphs of its article.

The cascade of ``extract``:

1. parse with lexbor (selectolax); pages nested deeper than ``MAX_DEPTH`` block
   elements are flattened first (the HTML tree builder is quadratic in depth);
2. drop furniture: scripts, styles, forms' controls, navigation, footers, asides, hidden
   elements, and elements whose class or id names furniture (menu, footer, ad, share …)
   unless they hold prose (an article inside ``img_share_area``);
3. cut the page into text units at block elements and ``<br>`` (``units_of``),
   counting each unit's characters, linked characters and punctuation;
4. score units like readability does (1 + commas + length), crediting the score to
   the unit's container and half of it to the container's parent;
5. pick the best container, weighted by ``1 - link density``, and add its siblings
   that score well on their own;
6. keep the units of the chosen containers that read as prose, not as link lists,
   dates, bylines or share bars.

Every walk over the tree is iterative: no recursion, whatever the nesting depth.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from winnow.records import Block

MAX_DEPTH = 2000  # deeper block nesting is flattened before parsing
FLATTEN_CHECK_CHARS = 100_000  # shorter pages cannot nest deep enough to slow the parser much
ANCESTOR_LEVELS = 30  # how many ancestors of a unit are remembered (to find it under a container)
CANDIDATES = 15  # containers with the best raw scores, weighed by their link density
BLOCK_TAGS = frozenset(
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
PARAGRAPH_TAGS = frozenset(["p", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt", "blockquote"])
HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
DROP_TAGS = [
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
FURNITURE_RE = re.compile(
    r"(?:^|[\s_\-])(?:nav|navbar|navi|menu|breadcrumbs?|crumbs?|topbar|footer|foot|copyright|"
    r"sidebar|aside|ads?|advert\w*|banner|sponsor|promo|share|social|toolbar|"
    r"btn|login|register|comments?|recommend|pager|pagination|search|modal|popup|cookie|qrcode|"
    r"subscribe|related|hot|rank|catlinks|editsection|printfooter)(?:$|[\s_\-\d])",
    re.IGNORECASE,
)
NEVER_DROP = frozenset(("html", "body", "main", "article"))
DROP_TAG_SET = frozenset(DROP_TAGS)
FURNITURE_SELECTOR = ", ".join([*DROP_TAGS, "[class]", "[id]", "[style*=none i]", "[style*=hidden i]"])
HIDDEN_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
KEEP_CLASS_RE = re.compile(r"(?:article|content|main|post|entry|text|body|detail)", re.IGNORECASE)
DEPTH_TAGS = [
    "div",
    "section",
    "article",
    "table",
    "tbody",
    "tr",
    "td",
    "ul",
    "ol",
    "li",
    "p",
    "span",
    "font",
    "center",
    "blockquote",
]
OPEN_BLOCK_RE = re.compile(rf"<(?:{'|'.join(DEPTH_TAGS)})\b", re.I)
DEPTH_TAG_RE = re.compile(rf"<(/?)({'|'.join(DEPTH_TAGS)})\b[^>]*>", re.I)
FLATTEN_RE = re.compile(
    r"</?(?:div|section|article|table|tbody|tr|td|ul|ol|li|span|font|center|blockquote)\b[^>]*>", re.I
)
PUNCT_RE = re.compile(r"[，。,；;！？!?、：]")
TITLE_SPLIT_RE = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s|--|——)\s*")
# Short lines that are page furniture even inside the article container.
FURNITURE_LINE_RE = re.compile(
    r"^(?:[\[【(（]?\s*(?:打印|关闭|返回|顶部|收藏|分享|评论|推荐|举报|纠错|字号|大|中|小)\s*[\]】)）]?\s*)+$|"
    r"责任编辑|编辑[:：]|来源[:：]|作者[:：]|发布时间|发表于|阅读次数|浏览次数|点击[:：数]|"
    r"上一篇|下一篇|上一页|下一页|相关阅读|相关新闻|相关链接|相关报道|相关文章|延伸阅读|热点推荐|"
    r"幻灯欣赏|本周.{0,6}推荐|发表评论|我要评论|Trackback|评论中可使用|分享到|扫一扫|二维码|版权所有|"
    r"Copyright|All Rights Reserved|ICP备|"
    r"^\d{4}[-/年]\d{1,2}[-/月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
# Paragraphs of any length that are site notices, not article text.
NOTICE_RE = re.compile(
    r"^[\[【(（]?(?:免责声明|版权声明|特别声明)|"
    r"本文仅代表作者(?:本人)?观点|未经.{0,12}授权.{0,8}不得转载"
)
NOTICE_WORDS = ("声明", "代表作者", "转载")  # cheap test before NOTICE_RE
BULLETS = "·•●▪◆■※-*>»"
DATE_WORDS_RE = re.compile(
    r"\d+(?:st|nd|rd|th)?|[年月日时分秒号点周星期一二三四五六天:：/\-.,，()（）\s]|"
    r"\b(?:am|pm|AM|PM|Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\b|"
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b"
)
DIGIT_RE = re.compile(r"\d")
EDIT_MARK_RE = re.compile(r"\[(?:编辑|編輯|edit)\]$")
SIBLING_PARAGRAPH_CHARS = 80
PROSE_MIN_PUNCT = 15  # a furniture-named element with this many ，。 is kept, unless named as
ALWAYS_FURNITURE_RE = re.compile(r"comment|reply|footer|copyright|nav|menu", re.IGNORECASE)
MIN_UNIT_CHARS = 10  # units shorter than this add no score
SIBLING_SHARE = 0.2  # a sibling joins the top container when it scores this share of it
MAX_LINK_DENSITY = 0.5


@dataclass(slots=True)
class Unit:
    """A run of text between block boundaries, with the ids of its containers."""

    text: str
    link_chars: int
    tag: str  # the nearest block ancestor's tag
    ancestors: list[int]  # mem_ids from the nearest block ancestor upwards

    @property
    def link_density(self) -> float:
        return self.link_chars / (len(self.text) or 1)


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
    remove_furniture(root)
    units = list(units_of(root))
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
    """Replace block tags by ``<br>`` when their nesting is deeper than ``MAX_DEPTH``."""
    if len(html) < FLATTEN_CHECK_CHARS or len(OPEN_BLOCK_RE.findall(html)) <= MAX_DEPTH:
        return html  # too few block tags to nest that deep (or too short to hurt)
    depth = deepest = 0
    for m in DEPTH_TAG_RE.finditer(html):
        depth += -1 if m.group(1) else 1
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
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


def remove_furniture(root: LexborNode, furniture: re.Pattern[str] | None = None) -> None:
    """Drop furniture tags and elements whose class/id names furniture, or that are hidden.

    Nodes are destroyed in reverse document order, descendants before their ancestors, so
    that no node is touched after an ancestor freed it.
    """
    doomed: list[LexborNode] = []
    seen: set[int] = set()
    for node in root.css(FURNITURE_SELECTOR):
        key = node.mem_id
        if key in seen:
            continue  # the selector list yields a node once per selector it matches
        seen.add(key)
        tag = node.tag
        if tag in DROP_TAG_SET:
            doomed.append(node)
        elif tag not in NEVER_DROP:
            attrs = node.attrs
            names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
            if HIDDEN_RE.search(attrs.get("style") or "") or is_furniture(node, names, furniture):
                doomed.append(node)
    for node in reversed(doomed):
        node.decompose()


def is_furniture(node: LexborNode, names: str, furniture: re.Pattern[str] | None) -> bool:
    """Named as furniture, unless it holds prose and is not named as comments or footer."""
    if not names_furniture(names, furniture or FURNITURE_RE):
        return False
    return bool(ALWAYS_FURNITURE_RE.search(names)) or not reads_as_prose(node)


def reads_as_prose(node: LexborNode) -> bool:
    """An element holding prose (an article in a container named share_area or the like)."""
    text = node.text(deep=True)
    return text.count("，") + text.count("。") >= PROSE_MIN_PUNCT


@lru_cache(maxsize=4096)
def names_furniture(names: str, furniture: re.Pattern[str]) -> bool:
    return bool(furniture.search(names)) and not KEEP_CLASS_RE.search(names)


def units_of(root: LexborNode) -> Iterator[Unit]:
    """Cut the text under root into units at block elements and <br>, in document order."""
    parts: list[str] = []
    link_chars = 0
    owner: LexborNode | None = None
    owner_id = -1
    chains: dict[int, list[int]] = {}
    parents: dict[int, tuple[LexborNode | None, int, bool]] = {}
    for node in root.traverse(include_text=True):
        tag = node.tag
        if tag == "-text":
            text = node.text_content
            if not text or text.isspace():
                continue
            up = node.parent
            key = up.mem_id if up is not None else 0
            found = parents.get(key)
            if found is None:
                block, linked = block_parent(node)
                found = parents[key] = (block, block.mem_id if block is not None else -1, linked)
            parent, parent_id, linked = found
            if parent_id != owner_id or parent is None:
                if parts and owner is not None:
                    unit = make_unit(parts, link_chars, owner, chains)
                    if unit:
                        yield unit
                parts, link_chars, owner, owner_id = [], 0, parent, parent_id
            parts.append(text)
            if linked:
                link_chars += len(text.strip())
        elif tag == "br" or tag in BLOCK_TAGS:
            if parts and owner is not None:
                unit = make_unit(parts, link_chars, owner, chains)
                if unit:
                    yield unit
            parts, link_chars, owner, owner_id = [], 0, None, -1
    if parts and owner is not None:
        unit = make_unit(parts, link_chars, owner, chains)
        if unit:
            yield unit


def make_unit(
    parts: list[str], link_chars: int, owner: LexborNode, chains: dict[int, list[int]]
) -> Unit | None:
    text = clean("".join(parts))
    if not text:
        return None
    return Unit(text, min(link_chars, len(text)), owner.tag or "", chain_of(owner, chains))


def chain_of(node: LexborNode, chains: dict[int, list[int]]) -> list[int]:
    """mem_ids of the node and its ancestors (``ANCESTOR_LEVELS`` of them), memoised."""
    key = node.mem_id
    chain = chains.get(key)
    if chain is not None:
        return chain
    walked = [key]
    up = node.parent
    while up is not None and len(walked) < ANCESTOR_LEVELS:
        known = chains.get(up.mem_id)
        if known is not None:
            chain = walked + known
            break
        walked.append(up.mem_id)
        up = up.parent
    else:
        chain = walked
    # memoise every node walked through: a sibling stops at the first one
    for i, k in enumerate(walked):
        chains[k] = chain[i : i + ANCESTOR_LEVELS]
    return chains[key]


def block_parent(node: LexborNode) -> tuple[LexborNode | None, bool]:
    """The nearest block ancestor of a text node, and whether a link lies on the way."""
    parent = node.parent
    linked = False
    steps = 0
    while parent is not None and steps < ANCESTOR_LEVELS:
        tag = parent.tag
        if tag in BLOCK_TAGS:
            return parent, linked
        linked = linked or tag == "a"
        parent = parent.parent
        steps += 1
    return parent, linked


def unit_score(unit: Unit) -> float:
    chars = len(unit.text)
    if chars < MIN_UNIT_CHARS or is_notice(unit.text):
        return 0.0
    punct = len(PUNCT_RE.findall(unit.text))
    return (1 + punct + min(chars / 100, 3)) * (1 - unit.link_density)


def choose_containers(units: list[Unit]) -> set[int]:
    """mem_ids of the containers that hold the main content."""
    scores: dict[int, float] = {}
    by_owner: dict[int, tuple[list[int], list[int]]] = {}  # owner → (ancestors, [chars, links])
    for u in units:
        s = unit_score(u)
        levels = u.ancestors[1:] if u.tag in PARAGRAPH_TAGS else u.ancestors
        if s and levels:
            scores[levels[0]] = scores.get(levels[0], 0.0) + s
            if len(levels) > 1:
                scores[levels[1]] = scores.get(levels[1], 0.0) + s / 2
        entry = by_owner.setdefault(u.ancestors[0], (u.ancestors, [0, 0]))
        entry[1][0] += len(u.text)
        entry[1][1] += u.link_chars
    if not scores:
        return set()
    candidates = sorted(scores, key=scores.__getitem__, reverse=True)[:CANDIDATES]
    density = link_densities(candidates, by_owner)
    weighted = {c: scores[c] * (1 - density[c]) for c in candidates}
    top = max(weighted, key=weighted.__getitem__)
    threshold = max(10.0, weighted[top] * SIBLING_SHARE)
    up = parent_of(top, by_owner)
    siblings = {k for k, v in weighted.items() if v >= threshold and parent_of(k, by_owner) == up}
    # paragraphs standing beside the top container (a lead paragraph, a standfirst)
    siblings |= {
        u.ancestors[0]
        for u in units
        if len(u.text) > SIBLING_PARAGRAPH_CHARS
        and u.tag in PARAGRAPH_TAGS
        and len(u.ancestors) > 1
        and u.ancestors[1] == up
        and u.link_density < 0.25
    }
    return {top} | siblings


def link_densities(
    containers: list[int], by_owner: dict[int, tuple[list[int], list[int]]]
) -> dict[int, float]:
    """Share of linked characters among the characters under each container."""
    totals = {c: [0, 0] for c in containers}
    wanted = set(containers)
    for chain, (n, linked) in by_owner.values():
        for c in wanted.intersection(chain):
            totals[c][0] += n
            totals[c][1] += linked
    return {c: links / (chars or 1) for c, (chars, links) in totals.items()}


def parent_of(container: int, by_owner: dict[int, tuple[list[int], list[int]]]) -> int | None:
    for chain, _ in by_owner.values():
        if container in chain:
            i = chain.index(container)
            return chain[i + 1] if i + 1 < len(chain) else None
    return None


def keep_unit(unit: Unit, chosen: set[int]) -> bool:
    """A unit of the chosen containers that reads as prose, not as furniture."""
    if chosen.isdisjoint(unit.ancestors):
        return False
    text = unit.text
    if unit.link_density > MAX_LINK_DENSITY or (text[0] in BULLETS and unit.link_density > 0.3):
        return False
    if (len(text) < 60 and FURNITURE_LINE_RE.search(text)) or is_notice(text):
        return False
    return not (len(text) < 3 and not PUNCT_RE.search(text)) and not is_date_line(text)


def is_notice(text: str) -> bool:
    """A site notice (disclaimer, copyright) standing as a paragraph."""
    return any(word in text for word in NOTICE_WORDS) and bool(NOTICE_RE.search(text))


def is_date_line(text: str) -> bool:
    """A line that only gives a date or a time (a byline's date, a post's timestamp)."""
    return len(text) < 60 and bool(DIGIT_RE.search(text)) and len(DATE_WORDS_RE.sub("", text)) <= 2


def to_block(unit: Unit) -> Block:
    text = EDIT_MARK_RE.sub("", unit.text).rstrip()
    return Block("heading" if unit.tag in HEADING_TAGS else "paragraph", text)
