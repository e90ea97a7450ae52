"""The seed page: every field that ../shared/gold/seed.json labels, exactly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from winnow.parse import parse_file
from winnow.records import ParseResult


@pytest.fixture(scope="module")
def gold(shared: Path) -> dict[str, Any]:
    return json.loads((shared / "gold" / "seed.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def parsed(seed_path: Path) -> ParseResult:
    return parse_file(seed_path, metrics=False)


def test_status_format_encoding(parsed: ParseResult) -> None:
    assert (parsed.status, parsed.reason, parsed.format, parsed.encoding) == ("ok", None, "text", "utf-8")
    assert len(parsed.sha256) == 64


@pytest.mark.parametrize(
    "key", ["title", "journal", "citations", "uploader", "authors", "affiliation", "headings"]
)
def test_article_field(parsed: ParseResult, gold: dict[str, Any], key: str) -> None:
    assert parsed.article is not None
    assert getattr(parsed.article, key) == gold["article"][key]


def test_body(parsed: ParseResult, gold: dict[str, Any]) -> None:
    assert parsed.article is not None
    g = gold["article"]
    blocks = parsed.article.blocks
    assert len(blocks) == g["body_blocks"]
    assert blocks[0].text.startswith(g["body_first"])
    assert blocks[-1].text.endswith(g["body_last"])
    assert [b.text for b in blocks if b.kind == "heading"] == g["headings"]
    body = parsed.article.body
    assert [w for w in g["body_must_not_contain"] if w in body] == []
    assert all(b.text == b.text.strip() for b in blocks)


def test_no_abstract_or_keywords_on_the_seed(parsed: ParseResult) -> None:
    assert parsed.article is not None
    assert (parsed.article.abstract, parsed.article.keywords) == (None, [])


def test_related(parsed: ParseResult, gold: dict[str, Any]) -> None:
    assert len(parsed.related) == len(gold["related"])
    for got, want in zip(parsed.related, gold["related"], strict=True):
        assert got.position == want["position"]
        assert got.doc_type == want["doc_type"]
        assert got.text.startswith(want["starts_with"])
        assert got.text.endswith(want["ends_with"])
        assert len(got.text) == want["chars"]
        assert got.truncated is want["truncated"]
        assert got.title is None


def test_seed_with_crlf_gzip_and_gb18030_gives_the_same_fields(seed_path: Path, parsed: ParseResult) -> None:
    import gzip

    from winnow.parse import parse_bytes

    text = seed_path.read_text(encoding="utf-8").replace("\n", "\r\n")
    again = parse_bytes(gzip.compress(text.encode("gb18030")), "seed.txt.gz", metrics=False)
    assert again.encoding == "gb18030"
    assert again.article == parsed.article
    assert again.related == parsed.related
