"""Fill the parser's lazy caches once, before worker processes are forked.

``parallel`` has its forkserver import this module: the gazetteer's automaton, the
charset detector, the HTML parsers and the number folding are set up here, once, and
every worker forked afterwards starts with them ready (and shares their memory) instead
of spending its first seconds building them.
"""

from __future__ import annotations

from winnow.indicators import vocabulary
from winnow.parse import parse_bytes

SAMPLE = "\n".join(
    [
        "江西省2023年农村经济发展情况",
        "",
        "来源 :老区建设 | 被引量 : 0次 | 上传用户:winnow",
        "论文部分内容阅读",
        "  2023年，江西省南昌市粮食总产量达到438.5万吨，比上年增长1.2%，农村居民人均可支配收入约两万元。",
    ]
)


def warm() -> None:
    """Parse a small text page (UTF-8, then GB18030) and an HTML page, metrics included."""
    parse_bytes(SAMPLE.encode("utf-8"), "warm/page.txt")
    parse_bytes(SAMPLE.encode("gb18030"), "warm/page.txt")
    lines = SAMPLE.splitlines()
    head = f"<head><title>{lines[0]}</title></head>"
    page = f"<html>{head}<body><h1>{lines[0]}</h1><p>{lines[-1]}</p></body></html>"
    parse_bytes(page.encode("utf-8"), "warm/page.html")
    vocabulary()  # the canonical indicators' automaton, which landing's rows use in every worker


warm()
