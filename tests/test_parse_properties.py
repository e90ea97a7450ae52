"""parse_bytes never raises: any bytes give a ParseResult, ok or quarantined with a reason."""

from __future__ import annotations

import gzip
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.fabricate import Page, Style, make_page
from winnow import parse as parse_module
from winnow.parse import parse_bytes, parse_file, read_capped
from winnow.records import QUARANTINE_REASONS, ParseResult

NAMES = ("raw/a.txt", "raw/a.html", "raw/a.htm", "raw/a.txt.gz", "raw/a.html.gz", "raw/a.pdf", "raw/a")
REASONS = QUARANTINE_REASONS
PIECES = [
    "<html>", "<body>", "<div>", "</div>", "<p>", "</p>", "<script>", "</script>", "<br>",
    "<!--", "-->",
    "<title>", "</title>", "<h1>", "来源 :老区建设 | 被引量 : 3次 | 上传用户:x",
    "下载到本地 , 更方便阅读",
    "论文部分内容阅读", "其他文献", "期刊", "作者简介:张三、李四,南昌大学。", "摘要:", "关键词:",
    "\n", "\r\n",
    "\u3000", "。", "，", "标题", "正文段落，有标点。", "\x00", "\ufeff", "<text title='t'>",
]  # fmt: skip


def check(result: ParseResult) -> None:
    assert isinstance(result, ParseResult)
    json.dumps(result.to_json(), ensure_ascii=False)
    if result.status == "quarantined":
        assert result.reason in REASONS
        assert result.detail
        assert result.article is None
    else:
        assert result.status == "ok" and result.reason is None
        assert result.article is not None and result.article.title and result.article.blocks
        assert result.format in ("text", "html") and result.encoding


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000), name=st.sampled_from(NAMES))
def test_any_bytes(data: bytes, name: str) -> None:
    check(parse_bytes(data, name, metrics=False))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pieces=st.lists(st.sampled_from(PIECES), max_size=60),
    name=st.sampled_from(NAMES),
    codec=st.sampled_from(["utf-8", "gb18030", "utf-16", "utf-8-sig"]),
    zipped=st.booleans(),
)
def test_any_mix_of_site_markers_and_markup(pieces: list[str], name: str, codec: str, zipped: bool) -> None:
    data = "".join(pieces).encode(codec)
    check(parse_bytes(gzip.compress(data) if zipped else data, name, metrics=False))


@settings(max_examples=40, deadline=None)
@given(text=st.text(min_size=1, max_size=500))
def test_any_text_as_a_text_dump(text: str) -> None:
    check(parse_bytes(text.encode("utf-8", "surrogatepass"), "raw/t.txt", metrics=False))


def test_deep_and_truncated_html() -> None:
    deep = (
        "<html><title>深</title><body>" + "<div>" * 30000 + "正文内容，很长的一段话。" * 20 + "</div>" * 30000
    )
    for data in (
        deep,
        deep[: len(deep) // 2],
        "<b>" * 30000 + "正文，内容。" * 20,
        "<table><tr><td>" * 20000,
    ):
        check(parse_bytes(data.encode(), "raw/deep.html", metrics=False))


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"", "raw/a.txt", "empty"),
        (b"\x00\x01\x02" * 50, "raw/a.txt", "binary"),
        (b"plain words\n", "raw/a.csv", "unknown_format"),
        (b"\x1f\x8b\x08garbage", "raw/a.txt.gz", "bad_gzip"),
        ("\n\n  \u3000\n".encode(), "raw/a.txt", "empty"),
        (b"<html><body><script>x</script></body></html>", "raw/a.html", "not_an_article: empty_page"),
        ("<html><title>标题</title><body><nav>首页</nav></body></html>".encode(), "raw/a.html", "no_body"),
        (
            "标题\n\n来源 :老区建设 | 被引量 : 0次\n论文部分内容阅读\n其他文献\n".encode(),
            "raw/a.txt",
            "no_body",
        ),
    ],
)
def test_quarantine_reasons(data: bytes, name: str, reason: str) -> None:
    result = parse_bytes(data, name, metrics=False)
    check(result)
    assert (result.status, result.reason) == ("quarantined", reason)


def test_site_page_without_header_fields(tmp_path) -> None:  # type: ignore[no-untyped-def]
    page = Page(title="标题", blocks=[("paragraph", "正文第一段，说的是事。")], journal=None, citations=None)
    path = tmp_path / "p.html"
    path.write_bytes(make_page(page, Style(fmt="html")))
    result = parse_file(path, metrics=False)
    assert result.article is not None
    assert (result.article.journal, result.article.citations, result.article.uploader) == (
        None,
        None,
        "guohl_sh",
    )


def test_missing_file_is_quarantined_not_raised(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = parse_file(tmp_path / "gone.txt")
    assert (result.status, result.reason) == ("quarantined", "vanished")


@pytest.mark.parametrize("size", [0, 1, 31, 32, 33, 100])
@pytest.mark.parametrize("stat_says", ["true", "less", "more"])
def test_read_capped_reads_the_file_up_to_one_byte_past_the_limit(tmp_path, monkeypatch, size, stat_says):  # type: ignore[no-untyped-def]
    """Whatever fstat says (a file that grew or shrank after it), the bytes are the file's, capped."""
    path = tmp_path / "f.txt"
    data = bytes(range(256))[:size]
    path.write_bytes(data)
    fstat = os.fstat
    shift = {"true": 0, "less": -5, "more": 7}[stat_says]

    def lying_fstat(fd: int) -> os.stat_result:
        st = fstat(fd)
        fields = list(st)
        fields[6] = max(0, st.st_size + shift)  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(parse_module.os, "fstat", lying_fstat)
    assert read_capped(path, 32) == data[:33]
