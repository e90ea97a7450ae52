"""The site's saved HTML pages → the same fields as its text dumps.

1. recognise the page by the site's markers (``looks_like_site_page``);
2. drop the furniture: scripts, styles, buttons, forms' controls, navigation, headers,
   footers, asides, ads (``winnow.content.cut_units``, with the site's own class/id words
   in ``winnow.site.HTML_FURNITURE_RE``);
3. read what is left as lines (block elements and ``<br>`` end a line; ``cut_units`` too)
   and hand them to the text parser (``winnow.textpage.parse_site_lines``), with the
   ``<h1>`` as title and ``<h2>``-``<h6>`` lines as headings.
"""

from __future__ import annotations

from typing import Final

from selectolax.lexbor import LexborHTMLParser, LexborNode

from winnow import content, site, textpage

HEADING_TAGS: Final = frozenset(("h2", "h3", "h4", "h5", "h6"))


def looks_like_site_page(html: str) -> bool:
    return any(marker in html for marker in site.PAGE_MARKERS)


def parse_site_html(html: str) -> textpage.SitePage | None:
    """A saved page of the site → its page; None when the page is not the site's."""
    if not looks_like_site_page(html):
        return None
    tree = LexborHTMLParser(content.flatten_if_deep(html))
    root = tree.body
    if root is None:
        return None
    units = content.cut_units(root, site.HTML_FURNITURE_RE)
    lines = [u.text for u in units]
    if not textpage.is_site_page(lines, scan=site.HTML_HEADER_SCAN_LINES):
        return None
    headings = {u.text for u in units if u.tag in HEADING_TAGS}
    return textpage.parse_site_lines(
        lines,
        title=h1_text(root),
        headings=headings,
        scan=site.HTML_HEADER_SCAN_LINES,
        untyped_tail=False,
    )


def h1_text(root: LexborNode) -> str | None:
    node = root.css_first("h1")
    text = content.clean(node.text()) if node is not None else ""
    return text or None
