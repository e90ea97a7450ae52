"""A corpus of page dumps in the site's format, made deterministically from the real texts.

Every page is one of the texts in ``../shared/corpus/texts`` written by ``bench.fabricate``
in a style picked from the seed and the page's number: about a third saved HTML pages,
the rest text dumps, in UTF-8, UTF-8 with BOM, GB18030, GBK, UTF-16 or Big5 (traditional
characters), some gzipped. Each page carries its own uploader name, so no two pages have
the same bytes. The same (seed, number) always gives the same bytes, whatever the size.

    paths = generate(out_dir, n=2000, seed=7, texts_dir=...)   # writes out_dir/pages/…
    change(raw_dir, share=0.01, seed=7)                         # rewrites 1% of the files
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import random
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from bench import fabricate
from bench.fabricate import Style, make_page, page_from_text, translate

SETS = ("gwr_prov2025", "gwr_national", "chinaxiv_rural")
PER_DIR = 1000  # files per sub-folder, as a crawler would shard them
ENCODINGS = (  # (encoding, weight)
    ("utf-8", 40),
    ("utf-8-sig", 5),
    ("gb18030", 20),
    ("gbk", 5),
    ("utf-16", 10),
    ("big5", 20),
)
HTML_SHARE = 1 / 3
GZIP_SHARE = 0.1
INDENTS = ("", "  ", "\u3000\u3000", "    ", "\t")
SEPARATORS = ("、", ",", " ", "，")


@dataclass(frozen=True, slots=True)
class Entry:
    """One generated file: where it is and how it was written."""

    path: str  # relative to the corpus's pages/ folder
    fmt: str
    encoding: str  # the codec its bytes are in (after gunzip)
    gzip: bool


def read_texts(texts_dir: Path) -> list[str]:
    files = sorted(p for name in SETS for p in (texts_dir / name).glob("*.txt"))
    if not files:
        raise FileNotFoundError(f"no texts under {texts_dir} (expected {', '.join(SETS)})")
    return [p.read_text(encoding="utf-8") for p in files]


def related_pool(texts: Sequence[str]) -> list[str]:
    """Paragraphs of the texts to list as related abstracts: long ones (cut by the site) and short."""
    pool = [" ".join(ln.split()) for t in texts for ln in t.splitlines()[1:] if len(ln.strip()) > 60]
    short = [p[: p.index("。") + 1] for p in pool if 20 < p.find("。") < 150]
    return [x for pair in zip(pool[::7], short[::5], strict=False) for x in pair]


def pick_style(rng: random.Random) -> Style:
    encoding = rng.choices([e for e, _ in ENCODINGS], weights=[w for _, w in ENCODINGS])[0]
    return Style(
        fmt="html" if rng.random() < HTML_SHARE else "text",
        encoding=encoding,
        newline=rng.choice(("\n", "\n", "\r\n")),
        indent=rng.choice(INDENTS),
        fullwidth=rng.random() < 0.3,
        author_sep=rng.choice(SEPARATORS),
        traditional=encoding == "big5",
        gzip=rng.random() < GZIP_SHARE,
    )


@functools.lru_cache(maxsize=1)
def _converter() -> object:
    import opencc

    return opencc.OpenCC("s2tw")


@functools.lru_cache(maxsize=100_000)
def to_traditional(text: str) -> str:
    return str(_converter().convert(text))  # type: ignore[attr-defined]


def page_bytes(
    texts: Sequence[str], pool: Sequence[str], seed: int, i: int, version: int = 0
) -> tuple[bytes, Entry]:
    """Page number ``i`` of the corpus made from ``seed`` (``version`` > 0: a changed edition)."""
    rng = random.Random(f"{seed}:{i}")
    text = texts[rng.randrange(len(texts))]
    page = page_from_text(text, seed=rng.randrange(1 << 16), related_pool=pool[rng.randrange(len(pool)) :])
    page = replace(page, uploader=f"bench{seed}_{i}", citations=(page.citations or 0) + version)
    style = pick_style(rng)
    if style.traditional:
        page = translate(page, to_traditional)
    try:
        data = make_page(page, style)
    except UnicodeEncodeError:  # a character the encoding lacks: GB18030 holds every one
        style = replace(style, encoding="gb18030")
        data = make_page(page, style)
    suffix = (".txt" if style.fmt == "text" else ".html") + (".gz" if style.gzip else "")
    path = f"d{i // PER_DIR:03d}/p{i:07d}{suffix}"
    return data, Entry(path, style.fmt, _codec(style.encoding), style.gzip)


def _codec(encoding: str) -> str:
    return {"utf-8-sig": "utf-8-sig", "utf-16": "utf-16", "big5": "big5"}.get(encoding, encoding)


_state: dict[str, object] = {}


def _init(texts_dir: str) -> None:
    texts = read_texts(Path(texts_dir))
    _state["texts"], _state["pool"] = texts, related_pool(texts)


def _write_range(pages_dir: str, seed: int, start: int, stop: int) -> list[Entry]:
    texts, pool = _state["texts"], _state["pool"]
    out = []
    for i in range(start, stop):
        data, entry = page_bytes(texts, pool, seed, i)  # type: ignore[arg-type]
        target = Path(pages_dir) / entry.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        out.append(entry)
    return out


def fingerprint(texts_dir: Path) -> str:
    """Changes when the generator, fabricate or the texts change: a stored corpus is then rebuilt."""
    h = hashlib.sha256()
    for src in (Path(__file__), Path(fabricate.__file__)):
        h.update(src.read_bytes())
    for name in SETS:
        for p in sorted((texts_dir / name).glob("*.txt")):
            h.update(p.name.encode())
            h.update(str(p.stat().st_size).encode())
    return h.hexdigest()[:16]


def generate(out_dir: Path, n: int, seed: int, texts_dir: Path, *, workers: int = 1) -> list[Entry]:
    """Write pages 0..n-1 under ``out_dir/pages`` (reusing a complete earlier build); return them.

    ``out_dir/manifest.jsonl`` lists every file with its format and encoding.
    """
    manifest, stamp = out_dir / "manifest.jsonl", out_dir / "stamp.json"
    want = {"seed": seed, "fingerprint": fingerprint(texts_dir)}
    if stamp.exists() and manifest.exists():
        have = json.loads(stamp.read_text())
        if {k: have.get(k) for k in want} == want and have.get("n", 0) >= n:
            entries = [Entry(**json.loads(line)) for line in manifest.read_text().splitlines()]
            return entries[:n]
    if out_dir.exists():
        import shutil

        shutil.rmtree(out_dir)
    pages = out_dir / "pages"
    pages.mkdir(parents=True)
    step = 2000
    ranges = [(i, min(i + step, n)) for i in range(0, n, step)]
    entries: list[Entry] = []
    if workers > 1 and n > step:
        with ProcessPoolExecutor(workers, initializer=_init, initargs=(str(texts_dir),)) as pool:
            for part in pool.map(
                _write_range, *zip(*[(str(pages), seed, a, b) for a, b in ranges], strict=True)
            ):
                entries += part
    else:
        _init(str(texts_dir))
        for a, b in ranges:
            entries += _write_range(str(pages), seed, a, b)
    manifest.write_text("".join(json.dumps(_asdict(e)) + "\n" for e in entries))
    stamp.write_text(json.dumps({**want, "n": n}))
    return entries


def _asdict(e: Entry) -> dict[str, object]:
    return {"path": e.path, "fmt": e.fmt, "encoding": e.encoding, "gzip": e.gzip}


def link_subset(pages_dir: Path, entries: Sequence[Entry], raw: Path) -> None:
    """A raw folder holding ``entries`` as hard links to the generated files (no copy)."""
    if raw.exists():
        import shutil

        shutil.rmtree(raw)
    for e in entries:
        target = raw / e.path
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(pages_dir / e.path, target)


def change(raw: Path, entries: Sequence[Entry], share: float, seed: int, texts_dir: Path) -> list[Entry]:
    """Rewrite ``share`` of the files in ``raw`` with a new edition (new inode: hard links stay intact)."""
    rng = random.Random(f"change:{seed}")
    k = max(1, round(len(entries) * share))
    picked = sorted(rng.sample(range(len(entries)), k))
    texts = read_texts(texts_dir)
    pool = related_pool(texts)
    for idx in picked:
        number = int(Path(entries[idx].path).name[1:8])
        data, entry = page_bytes(texts, pool, seed, number, version=1)
        assert entry.path == entries[idx].path
        target = raw / entry.path
        tmp = target.with_name(target.name + ".new")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    return [entries[i] for i in picked]
