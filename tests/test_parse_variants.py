"""Golden set: pages built at test time from ../shared/corpus/texts in every variant.

``bench.fabricate`` writes each text as the site would (text dump or saved HTML page,
every encoding, line ends, indentation, ASCII or full-width punctuation, author
separators, traditional markers on Big5 pages, gzip) and says which fields a parser
must find; ``parse_bytes`` must find exactly those.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from bench.fabricate import Page, Style, expected, make_page, page_from_text, translate
from winnow.parse import parse_bytes

SETS = ("gwr_prov2025", "gwr_national", "chinaxiv_rural")
TEXTS_PER_SET = 3
ENCODINGS = {  # what make_page writes → what the parser must report
    "utf-8": "utf-8",
    "utf-8-sig": "utf-8",
    "gb18030": "gb18030",
    "gbk": "gb18030",
    "utf-16": "utf-16",
    "big5": "big5",
}
INDENTS = ("", "  ", "\u3000\u3000", "    ", "\t")
SEPARATORS = ("、", ",", " ", "，")


def corpus_texts(shared: Path) -> list[Path]:
    picked = []
    for name in SETS:
        files = sorted((shared / "corpus" / "texts" / name).glob("*.txt"))
        step = max(1, len(files) // TEXTS_PER_SET)
        picked += files[::step][:TEXTS_PER_SET]
    return picked


@pytest.fixture(scope="module")
def pages(shared: Path) -> list[Page]:
    files = corpus_texts(shared)
    texts = [f.read_text(encoding="utf-8") for f in files]
    # related abstracts: paragraphs of the other texts, long (cut by the site) and short
    pool = [ln.strip() for t in texts for ln in t.splitlines()[1:] if len(ln.strip()) > 60]
    pool = [" ".join(p.split()) for p in pool]
    short = [p[: p.index("。") + 1] for p in pool if 20 < p.find("。") < 150]
    related = [x for pair in zip(pool[::7], short[::5], strict=False) for x in pair]
    return [page_from_text(t, seed=i, related_pool=related[i:]) for i, t in enumerate(texts)]


def traditional(page: Page) -> Page:
    import opencc

    return translate(page, opencc.OpenCC("s2tw").convert)


def styles() -> list[Style]:
    """Every format × encoding, the other dimensions cycling through their variants."""
    out = []
    cycle = itertools.count()
    for fmt, encoding in itertools.product(("text", "html"), ENCODINGS):
        for gz in (False, True):
            i = next(cycle)
            out.append(
                Style(
                    fmt=fmt,
                    encoding=encoding,
                    newline="\r\n" if i % 2 else "\n",
                    indent=INDENTS[i % len(INDENTS)],
                    fullwidth=bool(i % 3 == 1),
                    author_sep=SEPARATORS[i % len(SEPARATORS)],
                    traditional=encoding == "big5",
                    gzip=gz,
                )
            )
    return out


def style_id(s: Style) -> str:
    return f"{s.fmt}-{s.encoding}{'-gz' if s.gzip else ''}"


def check(page: Page, style: Style, index: int) -> bool:
    """Parse the page written in the style against its fields; False if it cannot be written."""
    if style.traditional:
        page = traditional(page)
    try:
        data = make_page(page, style)
    except UnicodeEncodeError:
        return False  # the text holds characters the encoding lacks
    suffix = (".txt" if style.fmt == "text" else ".html") + (".gz" if style.gzip else "")
    got = parse_bytes(data, f"raw/page{index}{suffix}", metrics=False).to_json()
    want = expected(page)
    assert (got["status"], got["reason"], got["detail"]) == ("ok", None, None)
    assert got["format"] == style.fmt
    assert got["encoding"] == ENCODINGS[style.encoding]
    for key, value in want["article"].items():
        assert got["article"][key] == value, key
    assert got["related"] == want["related"]
    return True


@pytest.mark.parametrize("style", styles(), ids=style_id)
def test_every_page_in_every_variant(pages: list[Page], style: Style) -> None:
    checked = [check(page, style, index) for index, page in enumerate(pages)]
    assert sum(checked) >= len(pages) // 2, f"only {sum(checked)} texts fit {style.encoding}"


@pytest.mark.parametrize("indent", INDENTS)
@pytest.mark.parametrize("fullwidth", [False, True])
@pytest.mark.parametrize("sep", SEPARATORS)
def test_wrapper_variants_of_one_page(pages: list[Page], indent: str, fullwidth: bool, sep: str) -> None:
    style = Style(indent=indent, fullwidth=fullwidth, author_sep=sep, newline="\r\n")
    assert check(pages[1], style, 1)


def test_page_without_author_note_header_fields_or_related(pages: list[Page]) -> None:
    bare = Page(title=pages[0].title, blocks=pages[0].blocks, journal=None, citations=None, uploader=None)
    for fmt in ("text", "html"):
        assert check(bare, Style(fmt=fmt), 0)


def test_site_markers_in_furniture_never_leak(pages: list[Page]) -> None:
    data = make_page(pages[0], Style(fmt="html"))
    got = parse_bytes(data, "raw/page.html", metrics=False)
    assert got.article is not None
    words = (
        "下载到本地",
        "声明",
        "版权归属",
        "上传用户",
        "被引量",
        "论文部分内容阅读",
        "其他文献",
        "作者简介",
        "文档分享",
    )
    body = got.article.body
    assert not [w for w in words if w in body]
    assert all(r.doc_type for r in got.related)
