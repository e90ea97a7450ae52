"""The labelled pairs of pages for near-duplicate linking (tests/gold/near_duplicate_pairs.json).

A page is a recipe, made into bytes here from ../shared (nothing third-party is copied into
the repository):

- ``{"text": "gwr_prov2025/….txt", "page_seed": 3, "style": {...}, "edits": [...]}``: one of
  the corpus texts written as a page of the site by ``bench.fabricate``, as the bench does
  (``page_seed`` picks the headings made from the paragraphs, journal, authors and related
  abstracts; ``style`` the format, encoding and script);
- ``{"real": "05_drcnet_gbk_declared_utf8.html"}``: a real page of ../shared/corpus/real;
- ``{"seed": true, "edits": [...]}``: the seed page.

Edits, applied to the body's lines (lines of 60 characters or more) before the page is
written: ``traditional`` (OpenCC s2tw on the whole page), ``words:N`` (in N lines, a few
characters deleted and a few replaced, at places drawn from the recipe), ``heading`` (a
heading line added before the second long line).

``python -m tests.neardup_pairs`` writes the JSON again from the rules in ``pairs()``.
"""

from __future__ import annotations

import functools
import itertools
import json
import random
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench import fabricate

ROOT = Path(__file__).resolve().parent.parent
PAIRS_FILE = ROOT / "tests" / "gold" / "near_duplicate_pairs.json"
HEADING = "一、基本情况与主要做法"
FILLER = "有关方面"


@functools.cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("s2tw")


def _s2t(text: str) -> str:
    return str(_converter().convert(text))


def _edit_lines(lines: list[str], edits: list[str], key: str) -> list[str]:
    rng = random.Random(key)
    out = list(lines)
    for edit in edits:
        long = [i for i, ln in enumerate(out) if len(ln.strip()) >= 60]
        if edit.startswith("words:"):
            for i in rng.sample(long, min(int(edit.split(":")[1]), len(long))):
                ln = out[i]
                at = rng.randrange(10, len(ln) - 10)
                ln = ln[:at] + ln[at + rng.randrange(2, 5) :]  # a few characters deleted
                at = rng.randrange(10, len(ln) - 10)
                out[i] = ln[:at] + FILLER + ln[at + 2 :]  # and a few replaced
        elif edit == "heading" and len(long) > 1:
            out.insert(long[1], HEADING)
        elif edit != "traditional":
            raise ValueError(f"unknown edit {edit!r}")
    if "traditional" in edits:
        out = [_s2t(ln) for ln in out]
    return out


def page(recipe: dict[str, Any], shared: Path) -> tuple[str, bytes]:
    """A page's file name and bytes from its recipe."""
    edits = recipe.get("edits", [])
    key = json.dumps(recipe, sort_keys=True, ensure_ascii=False)
    if "real" in recipe:
        return recipe["real"], (shared / "corpus" / "real" / "pages" / recipe["real"]).read_bytes()
    if recipe.get("seed"):
        path = next((shared / "seeds").glob("*.txt"))
        text = path.read_text(encoding="utf-8")
        return "seed.txt", "\n".join(_edit_lines(text.splitlines(), edits, key)).encode("utf-8")
    text = (shared / "corpus" / "texts" / recipe["text"]).read_text(encoding="utf-8")
    lines = text.splitlines()
    lines = [lines[0], *_edit_lines(lines[1:], [e for e in edits if e != "traditional"], key)]
    doc = fabricate.page_from_text("\n".join(lines), seed=recipe.get("page_seed", 0))
    style = fabricate.Style(**recipe.get("style", {}))
    if "traditional" in edits:
        doc = fabricate.translate(doc, _s2t)
        style = replace(style, traditional=True)
    suffix = ".html" if style.fmt == "html" else ".txt"
    try:
        data = fabricate.make_page(doc, style)
    except UnicodeEncodeError:  # a character Big5 lacks: GB18030 holds every one (as the bench does)
        data = fabricate.make_page(doc, replace(style, encoding="gb18030"))
    return Path(recipe["text"]).stem + suffix, data


def pairs(shared: Path) -> list[dict[str, Any]]:
    """The labelled pairs, by rule (kept in the JSON; run this module to write it again)."""
    texts = shared / "corpus" / "texts"
    prov = sorted(p.relative_to(texts).as_posix() for p in (texts / "gwr_prov2025").glob("*.txt"))
    national = sorted(p.relative_to(texts).as_posix() for p in (texts / "gwr_national").glob("*.txt"))
    papers = sorted(p.relative_to(texts).as_posix() for p in (texts / "chinaxiv_rural").glob("*.txt"))
    rng = random.Random(23)
    out: list[dict[str, Any]] = []

    def add(a: dict[str, Any], b: dict[str, Any], label: bool, why: str) -> None:
        out.append({"a": a, "b": b, "duplicate": label, "why": why})

    html_big5 = {"fmt": "html", "encoding": "big5"}
    for t in rng.sample(prov, 8) + rng.sample(national, 6) + rng.sample(papers, 6):
        add(
            {"text": t, "page_seed": 1},
            {"text": t, "page_seed": 2, "style": {"fmt": "html"}},
            True,
            "bench variant: other headings made from the paragraphs, other journal and authors, HTML",
        )
    for t in rng.sample(prov, 5) + rng.sample(papers, 5):
        add(
            {"text": t, "page_seed": 4},
            {"text": t, "page_seed": 4, "style": html_big5, "edits": ["traditional"]},
            True,
            "bench variant: the same page in traditional script, Big5 HTML",
        )
    for t in rng.sample(prov, 6) + rng.sample(national, 4) + rng.sample(papers, 5):
        add(
            {"text": t, "page_seed": 3},
            {"text": t, "page_seed": 3, "edits": ["words:3"]},
            True,
            "a few words deleted and replaced in three paragraphs",
        )
    for t in rng.sample(prov, 4) + rng.sample(papers, 4):
        add(
            {"text": t, "page_seed": 5},
            {"text": t, "page_seed": 6, "edits": ["heading", "words:2", "traditional"]},
            True,
            "another heading, a few words and the script",
        )
    for a, b in (("05_drcnet_gbk_declared_utf8.html", "06_drcnet_utf8_declared_gb2312.html"),
                 ("05_drcnet_gbk_declared_utf8.html", "24_drcnet_article.txt"),
                 ("06_drcnet_utf8_declared_gb2312.html", "24_drcnet_article.txt"),
                 ("04_wanfang_degree_detail.html", "23_wanfang_degree_detail.txt")):  # fmt: skip
        add({"real": a}, {"real": b}, True, "real re-upload: one article saved as a page and as a text dump")
    for edits in (["traditional"], ["words:3"], ["heading"], ["heading", "words:2", "traditional"]):
        add(
            {"seed": True},
            {"seed": True, "edits": edits},
            True,
            f"the seed and its copy with {'+'.join(edits)}",
        )

    def neighbours(names: list[str]) -> list[tuple[str, str]]:
        return [(a, b) for a, b in itertools.pairwise(names) if a.rsplit("_", 1)[0] == b.rsplit("_", 1)[0]]

    for a, b in rng.sample(neighbours(prov), 16) + rng.sample(neighbours(national), 8):
        add(
            {"text": a, "page_seed": 1},
            {"text": b, "page_seed": 1},
            False,
            "two parts of one work report: same genre, source and page template",
        )
    for _ in range(12):
        a, b = rng.sample(prov, 2)
        add(
            {"text": a, "page_seed": 2},
            {"text": b, "page_seed": 2},
            False,
            "work reports of two provinces on one page template",
        )
    for _ in range(10):
        a, b = rng.sample(papers, 2)
        add(
            {"text": a, "page_seed": 7},
            {"text": b, "page_seed": 7, "style": {"fmt": "html"}},
            False,
            "two papers on rural development from one site",
        )
    for a, b in rng.sample(neighbours(papers), 6):
        add({"text": a, "page_seed": 0}, {"text": b, "page_seed": 0}, False, "two parts of one paper")
    for a, b in (("01_cnki_kcms_masters_thesis.html", "02_cnki_kcms_journal.html"),
                 ("02_cnki_kcms_journal.html", "03_cnki_kcms_journal_4authors.html"),
                 ("01_cnki_kcms_masters_thesis.html", "03_cnki_kcms_journal_4authors.html"),
                 ("04_wanfang_degree_detail.html", "24_drcnet_article.txt")):  # fmt: skip
        add(
            {"real": a},
            {"real": b},
            False,
            "different articles from real pages (one site's template for 01-03)",
        )
    add(
        {"seed": True},
        {"real": "24_drcnet_article.txt"},
        False,
        "the seed and another article on rural policy",
    )
    return out


if __name__ == "__main__":
    import os

    shared = Path(os.environ.get("WINNOW_SHARED", ROOT.parent / "shared"))
    PAIRS_FILE.write_text(json.dumps(pairs(shared), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {PAIRS_FILE}")
