"""The site's text layout: header, author note, keywords, related list, edge cases."""

from __future__ import annotations

import pytest

from winnow.htmlpage import parse_site_html
from winnow.textpage import is_truncated, parse_author_note, parse_text, split_keywords


@pytest.mark.parametrize(
    ("note", "authors", "affiliation"),
    [
        ("赵华伟、史慧芳,江西省社联学术中心。", ["赵华伟", "史慧芳"], "江西省社联学术中心"),
        ("赵华伟，史慧芳，江西省社联学术中心", ["赵华伟", "史慧芳"], "江西省社联学术中心"),
        ("赵华伟 史慧芳 南昌大学", ["赵华伟", "史慧芳"], "南昌大学"),
        ("欧阳明,南昌大学经济管理学院,教授。", ["欧阳明"], "南昌大学经济管理学院,教授"),
        ("张三(1980-),男,江西南昌人,南昌大学教授。", ["张三"], "南昌大学教授"),
        ("王强", ["王强"], None),
    ],
)
def test_author_note(note: str, authors: list[str], affiliation: str | None) -> None:
    assert parse_author_note(note) == (authors, affiliation)


def test_keywords_with_any_separator() -> None:
    assert split_keywords("乡村振兴；脱贫攻坚; 有效衔接，产业") == [
        "乡村振兴",
        "脱贫攻坚",
        "有效衔接",
        "产业",
    ]


def test_truncation() -> None:
    assert is_truncated("一" * 200 + "。")
    assert is_truncated("没有说完的话")
    assert not is_truncated("说完了的一句话。")


def test_dump_without_read_marker_keeps_source_lines_of_the_body() -> None:
    text = "\n".join(
        [
            "标题",
            "来源：农村经济 ｜ 被引量：12次",
            "下载到本地，更方便阅读",
            "正文第一段，写的是事情的经过。",
            "来源：解放日报",
            "正文第二段，写的是事情的结果。",
        ]
    )
    page = parse_text(text)
    assert page is not None
    a = page.article
    assert (a.title, a.journal, a.citations, a.uploader) == ("标题", "农村经济", 12, None)
    assert [b.text for b in a.blocks] == [
        "正文第一段，写的是事情的经过。",
        "来源：解放日报",
        "正文第二段，写的是事情的结果。",
    ]


def test_plain_text_is_title_and_body() -> None:
    page = parse_text("\ufeff  一个标题\r\n\r\n  一、概况\r\n  正文，说了一件事。\r\n")
    assert page is not None
    assert page.article.title == "一个标题"
    assert [(b.kind, b.text) for b in page.article.blocks] == [
        ("heading", "一、概况"),
        ("paragraph", "正文，说了一件事。"),
    ]
    assert page.article.journal is None and page.related == []


def test_html_header_parts_on_lines_of_their_own() -> None:
    html = """<html><body><div class="nav"><a>其他文献</a><a>期刊</a></div>
    <h1>标题</h1><ul class="info"><li>来源：老区建设</li><li>被引量：3次</li><li>上传用户：abc</li></ul>
    <div>论文部分内容阅读</div><p>正文，说了一件事。</p><p>作者简介：王强，南昌大学。</p>
    <div><h2>其他文献</h2><p>相关的摘要，说完了。</p><span>学位论文</span></div>
    <div class="footer">声明：版权归属 其他文献</div></body></html>"""
    page = parse_site_html(html)
    assert page is not None
    a = page.article
    assert (a.title, a.journal, a.citations, a.uploader) == ("标题", "老区建设", 3, "abc")
    assert (a.authors, a.affiliation, a.body) == (["王强"], "南昌大学", "正文，说了一件事。")
    assert [(r.doc_type, r.text, r.truncated) for r in page.related] == [
        ("学位论文", "相关的摘要，说完了。", False)
    ]


def test_traditional_markers() -> None:
    text = (
        "標題\n來源 :老區建設 | 被引量 : 1次 | 上傳用戶:abc\n論文部分內容閱讀\n正文，說了一件事。\n"
        "作者簡介:王強,南昌大學。\n其他文獻\n摘要，說完了。\n會議論文\n"
    )
    page = parse_text(text)
    assert page is not None
    assert (page.article.journal, page.article.authors, page.article.affiliation) == (
        "老區建設",
        ["王強"],
        "南昌大學",
    )
    assert [(r.doc_type, r.text) for r in page.related] == [("会议论文", "摘要，說完了。")]
