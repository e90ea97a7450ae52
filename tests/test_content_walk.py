"""The walk of ``winnow.content.cut_units``: furniture skipped and destroyed, units cut.

The walk reads tags as lexbor's integer ids and skips a furniture tag's subtree by
resuming at the node after it; these tests pin both against what the tags' names and the
page's structure say.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from winnow import content, site


def texts(html: str, furniture: re.Pattern[str] = content.FURNITURE_RE) -> list[str]:
    tree = LexborHTMLParser(html)
    assert tree.body is not None
    return [u.text for u in content.cut_units(tree.body, furniture)]


def test_tag_ids_name_the_same_tags_as_the_tag_names() -> None:
    tags = sorted(
        {*content.BLOCK_TAGS, *content.DROP_TAGS, *content.NEVER_DROP, "br", "a", "span", "b", "text"}
    )
    html = "".join(f"<{t} class=x>t</{t}>" for t in tags if t not in ("html", "head", "body"))
    tree = LexborHTMLParser(f"<html><head><title>t</title></head><body>{html}</body></html>")
    seen = set()
    assert tree.root is not None
    for node in tree.root.traverse(include_text=True):
        tag, tag_id = node.tag, node.tag_id
        seen.add(tag)
        assert (tag == "-text") == (tag_id == content.TEXT_ID), tag
        assert (tag in content.BLOCK_TAGS or tag == "br") == (tag_id in content.BOUNDARY_IDS), tag
        assert (tag in content.BLOCK_TAGS) == (tag_id in content.BLOCK_IDS), tag
        assert (tag in content.DROP_TAGS) == (tag_id in content.DROP_IDS), tag
        assert (tag in content.NEVER_DROP) == (tag_id in content.NEVER_DROP_IDS), tag
        assert (tag == "a") == (tag_id == content.A_ID), tag
        if tag in content.BLOCK_TAGS:
            assert content.BLOCK_NAMES[tag_id] == tag
    assert {"div", "nav", "br", "a", "script", "-text"} <= seen


def test_furniture_tags_are_skipped_wherever_they_stand() -> None:
    html = (
        "<body><div>前文<script>var a = '脚本';</script>后文</div>"
        "<div><nav><p>导航一</p><p>导航二</p></nav>\n  <p>正文第一段</p></div>"
        "<ul><li>条目<style>.x{}</style></li><li>条目二</li></ul>"
        "<p>末段</p><footer><p>页脚</p></footer>\n</body>"
    )
    assert texts(html) == ["前文后文", "正文第一段", "条目", "条目二", "末段"]


def test_named_and_hidden_furniture_is_dropped_unless_it_holds_prose() -> None:
    prose = "这是一段正文，" * 16
    html = (
        '<body><div class="share-bar">分享到微博</div><div style="display: none">隐藏</div>'
        f'<div class="img_share_area"><p>{prose}</p></div><div id="comments"><p>{prose}</p></div>'
        '<div class="article-content">留下</div></body>'
    )
    assert texts(html) == [prose, "留下"]


def test_the_tree_is_left_without_its_furniture() -> None:
    tree = LexborHTMLParser(
        "<body><div class=nav><a>首页</a></div><p>正文<script>1</script></p>"
        "<aside>旁注</aside><p hidden style='visibility:hidden'>藏</p><iframe></iframe></body>"
    )
    assert tree.body is not None
    content.cut_units(tree.body)
    assert tree.body.css_first("script, aside, iframe, .nav, p[hidden]") is None
    assert tree.body.text() == "正文"


def test_units_split_at_blocks_and_br_and_count_linked_characters() -> None:
    tree = LexborHTMLParser("<body><div>甲<a href=/x><b>乙</b>丙</a><br>丁<p>戊</p>己</div></body>")
    assert tree.body is not None
    units = content.cut_units(tree.body)
    assert [(u.text, u.link_chars, u.tag) for u in units] == [
        ("甲乙丙", 2, "div"),
        ("丁", 0, "div"),
        ("戊", 0, "p"),
        ("己", 0, "div"),
    ]
    assert units[0].link_density == 2 / 3
    assert units[2].ancestors[1] == units[0].ancestors[0]  # the p stands in the div


def test_names_are_matched_as_the_pattern_matches_them_whatever_their_case() -> None:
    names = [
        "NAV",
        "Top-Menu x",
        "TOP_NAV3",
        "navbar",
        "canvas",
        "advert.1",
        "ſhare",
        "navı",
        "Ads",
        "content share",
    ]
    for pattern in (content.FURNITURE_RE, site.HTML_FURNITURE_RE):
        named = content.names_furniture(pattern)
        for n in names:
            assert named(n) == (bool(pattern.search(n)) and not content.KEEP_CLASS_RE.search(n)), n
    assert content.names_furniture(content.FURNITURE_RE)("Top-Menu x")
    assert not content.names_furniture(content.FURNITURE_RE)("content share")
