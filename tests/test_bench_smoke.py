"""The benchmark's corpus generator: deterministic, in the site's formats, and parseable."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bench import corpus
from winnow.parse import parse_bytes

N = 30


def digests(pages: Path, entries: list[corpus.Entry]) -> dict[str, str]:
    return {e.path: hashlib.sha256((pages / e.path).read_bytes()).hexdigest() for e in entries}


def test_corpus_is_deterministic_varied_and_parses(shared: Path, tmp_path: Path) -> None:
    texts = shared / "corpus" / "texts"
    one = corpus.generate(tmp_path / "one", N, seed=11, texts_dir=texts)
    two = corpus.generate(tmp_path / "two", N, seed=11, texts_dir=texts)
    other = corpus.generate(tmp_path / "other", N, seed=12, texts_dir=texts)
    assert len(one) == N
    assert one == two
    assert digests(tmp_path / "one" / "pages", one) == digests(tmp_path / "two" / "pages", two)
    assert digests(tmp_path / "one" / "pages", one) != digests(tmp_path / "other" / "pages", other)
    assert len(set(digests(tmp_path / "one" / "pages", one).values())) == N  # no two pages alike
    assert {e.fmt for e in one} == {"text", "html"}
    assert len({e.encoding for e in one}) >= 3
    for e in one:
        got = parse_bytes((tmp_path / "one" / "pages" / e.path).read_bytes(), e.path, metrics=False)
        assert got.status == "ok", (e, got.reason, got.detail)
        assert got.format == e.fmt
        assert got.article is not None and got.article.blocks


def test_a_prefix_of_a_larger_corpus_is_the_smaller_corpus(shared: Path, tmp_path: Path) -> None:
    texts = shared / "corpus" / "texts"
    small = corpus.generate(tmp_path / "small", 10, seed=3, texts_dir=texts)
    large = corpus.generate(tmp_path / "large", 25, seed=3, texts_dir=texts)
    assert large[:10] == small
    assert digests(tmp_path / "small" / "pages", small) == digests(tmp_path / "large" / "pages", large[:10])


def test_change_rewrites_the_share_asked_without_touching_linked_originals(
    shared: Path, tmp_path: Path
) -> None:
    texts = shared / "corpus" / "texts"
    entries = corpus.generate(tmp_path / "c", N, seed=5, texts_dir=texts)
    raw = tmp_path / "raw"
    corpus.link_subset(tmp_path / "c" / "pages", entries, raw)
    before = digests(raw, entries)
    changed = corpus.change(raw, entries, 0.1, seed=5, texts_dir=texts)
    after = digests(raw, entries)
    assert len(changed) == 3
    assert {p for p in before if before[p] != after[p]} == {e.path for e in changed}
    assert digests(tmp_path / "c" / "pages", entries) == before  # the generated corpus is intact
