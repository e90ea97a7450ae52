"""The HTML step with each candidate library, on the same pages, alternated page by page.

    python -m bench.html_libraries PAGES_DIR [PAGES_DIR ...] [--sample N] [--seed S]

Each library does the same work on each decoded page: parse it, then walk the body once in
document order, skipping the subtrees of furniture tags (winnow.content.DROP_TAGS), ending a
line at every block tag and ``<br>`` (winnow.content.BLOCK_TAGS) and joining the text nodes
between them: the lines the site and content parsers start from. Compared: selectolax's
lexbor (what winnow uses), BeautifulSoup with ``html.parser`` and with ``lxml``. The order of
the three is rotated from page to page so that a busy machine weighs on each alike.

BeautifulSoup and lxml are not dependencies of Winnow (bench/HISTORY.md, the decision):
install them to run this (``pip install beautifulsoup4 lxml``).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from winnow import content
from winnow.decode import Decoded, decode_bytes

BLOCKS = frozenset(content.BLOCK_TAGS | {"br"})
DROP = frozenset(content.DROP_TAGS)


def lexbor_lines(html: str) -> list[str]:
    body = LexborHTMLParser(html).body
    if body is None:
        return []
    lines: list[str] = []
    parts: list[str] = []
    skip_until = 0  # the mem_id of the node after a dropped subtree
    for node in body.traverse(include_text=True, skip_empty=True):
        if skip_until:
            if node.mem_id != skip_until:
                continue
            skip_until = 0
        tag = node.tag
        if tag == "-text":
            parts.append(node.text_content or "")
        elif tag in DROP:
            after = content.node_after(node, body)
            if after < 0:
                break
            skip_until = after
        elif tag in BLOCKS and parts:
            lines.append(" ".join("".join(parts).split()))
            parts = []
    if parts:
        lines.append(" ".join("".join(parts).split()))
    return [line for line in lines if line]


def soup_lines(features: str) -> Callable[[str], list[str]]:
    from bs4 import BeautifulSoup, NavigableString, Tag
    from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

    not_text = (Comment, Declaration, Doctype, ProcessingInstruction)

    def lines_of(html: str) -> list[str]:
        soup = BeautifulSoup(html, features)
        body = soup.body or soup
        lines: list[str] = []
        parts: list[str] = []
        node = next(iter(body.descendants), None)
        end = _after(body) if body is not soup else None  # where the body's subtree ends
        while node is not None and node is not end:
            if isinstance(node, NavigableString):
                if not isinstance(node, not_text):
                    parts.append(str(node))
                node = node.next_element
            elif isinstance(node, Tag) and node.name in DROP:
                node = _after(node)
            else:
                if isinstance(node, Tag) and node.name in BLOCKS and parts:
                    lines.append(" ".join("".join(parts).split()))
                    parts = []
                node = node.next_element
        if parts:
            lines.append(" ".join("".join(parts).split()))
        return [line for line in lines if line]

    def _after(tag: Tag) -> object:
        """The node after ``tag``'s subtree in document order (None at the end)."""
        at: object = tag
        while at is not None:
            if at.next_sibling is not None:  # type: ignore[attr-defined]
                return at.next_sibling  # type: ignore[attr-defined]
            at = at.parent  # type: ignore[attr-defined]
        return None

    return lines_of


def pages(folders: list[Path], sample: int, seed: int) -> list[tuple[str, str]]:
    found = sorted(
        p for folder in folders for p in folder.rglob("*") if p.is_file() and ".htm" in p.name.lower()
    )
    if sample and len(found) > sample:
        found = sorted(random.Random(seed).sample(found, sample))
    out = []
    for p in found:
        decoded = decode_bytes(p.read_bytes(), name=p.name)  # gzip inflated by the decoder
        if isinstance(decoded, Decoded):
            out.append((str(p), content.flatten_if_deep(decoded.text)))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--sample", type=int, default=0, help="pages drawn at random (0: all)")
    ap.add_argument("--seed", type=int, default=26)
    args = ap.parse_args(argv)
    try:
        methods: dict[str, Callable[[str], list[str]]] = {
            "selectolax (lexbor)": lexbor_lines,
            "bs4 + html.parser": soup_lines("html.parser"),
            "bs4 + lxml": soup_lines("lxml"),
        }
    except ImportError as e:
        sys.exit(f"needs BeautifulSoup and lxml ({e}): pip install beautifulsoup4 lxml")
    todo = pages(args.folders, args.sample, args.seed)
    names = list(methods)
    times: dict[str, list[float]] = {n: [] for n in names}
    chars: dict[str, int] = dict.fromkeys(names, 0)
    for i, (_, html) in enumerate(todo):
        for k in range(len(names)):
            name = names[(i + k) % len(names)]
            started = time.perf_counter()
            lines = methods[name](html)
            times[name].append(time.perf_counter() - started)
            chars[name] += sum(map(len, lines))
    size = sum(len(h) for _, h in todo)
    print(f"{len(todo)} pages, {size / 1e6:.1f} M characters")
    base = sum(times[names[0]])
    for name in names:
        total = sum(times[name])
        print(
            f"{name:22} {total:8.2f} s  {len(todo) / total:8.0f} pages/s  median "
            f"{statistics.median(times[name]) * 1000:7.2f} ms  x{total / base:5.1f}  "
            f"text {chars[name] / 1e6:.2f} M chars"
        )


if __name__ == "__main__":
    main()
