#!/usr/bin/env python3
"""Make the text dumps of eval/real from saved pages, the two ways people make them.

    python eval/real/derive_text.py gettext   SRC.html OUT.txt [--encoding gbk]
    python eval/real/derive_text.py innertext SRC.html OUT.txt [--encoding gbk]
    python eval/real/derive_text.py mhtml     SRC.html OUT.mhtml

`gettext`: a crawler's dump: BeautifulSoup (`html.parser`) over the decoded page,
script/style/noscript dropped, `get_text("\\n")`, every line stripped, runs of three or more
newlines collapsed to one blank line, one final newline (rows whose `what` says "get_text").

`innertext`: a person's select-all copy of the page shown in a browser: headless Chromium
renders the page with the page's own scripts, <base> and external stylesheets removed and the
network refused (so the result does not depend on the day it is made), and the dump is
`document.body.innerText` (what select-all + copy gives: block elements on their own lines,
inline runs such as `摘要：` and the text after it on one line, `display:none` left out), with
one final newline (rows whose `what` says "innerText").

`mhtml`: the page saved as one file the way Chromium's "Save as … single file" writes it: MIME
headers (``multipart/related``, Blink's boundary style), the page's bytes as they are in a
``text/html`` part, quoted-printable, CRLF line ends, then an empty stylesheet part (rows whose
`what` says "mhtml").

Chromium (`chromium` on PATH) is needed for `innertext` only; the test does not run this: the
sha256 in MANIFEST.tsv pins the bytes that were made.
"""

from __future__ import annotations

import argparse
import html
import re
import subprocess
import tempfile
from pathlib import Path

_INJECT = (
    "<script>window.addEventListener('load',function(){var t=document.body.innerText;"
    "document.documentElement.innerHTML='<body><pre id=\"__it\"></pre></body>';"
    "document.getElementById('__it').textContent=t;});</script>"
)


def gettext(markup: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    lines = [line.strip() for line in soup.get_text("\n").splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def innertext(markup: str) -> str:
    markup = re.sub(r"(?is)<script\b.*?</script>", "", markup)
    markup = re.sub(r"(?is)<base\b[^>]*>", "", markup)
    markup = re.sub(r"(?is)<link\b[^>]*>", "", markup)
    if re.search(r"(?i)</body>", markup):
        markup = re.sub(r"(?i)</body>", lambda _m: _INJECT + "</body>", markup, count=1)
    else:
        markup += _INJECT
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp, "page.html")
        page.write_text(markup, encoding="utf-8")
        out = subprocess.run(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--blink-settings=imagesEnabled=false",
                "--dump-dom",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
    m = re.search(r'(?s)<pre id="__it">(.*?)</pre>', out)
    if not m:
        raise SystemExit("chromium gave no innerText")
    text = html.unescape(m.group(1)).replace("\r\n", "\n")
    return text.strip("\n") + "\n"


def mhtml(data: bytes, location: str) -> bytes:
    import quopri

    boundary = "----MultipartBoundary--winnowEvalRealDerived0000----"
    head = (
        "From: <Saved by Blink>\r\n"
        f"Snapshot-Content-Location: {location}\r\n"
        "Subject: =?utf-8?Q?page?=\r\n"
        "Date: Tue, 8 Dec 2026 00:00:00 -0000\r\n"
        "MIME-Version: 1.0\r\n"
        f'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{boundary}"\r\n\r\n\r\n'
        f"--{boundary}\r\nContent-Type: text/html\r\nContent-ID: <frame-0@mhtml.blink>\r\n"
        f"Content-Transfer-Encoding: quoted-printable\r\nContent-Location: {location}\r\n\r\n"
    )
    body = quopri.encodestring(data).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    tail = (
        f"\r\n\r\n--{boundary}\r\nContent-Type: text/css\r\nContent-Transfer-Encoding: quoted-printable\r\n"
        f"Content-Location: {location}.css\r\n\r\n\r\n--{boundary}--\r\n"
    )
    return head.encode() + body + tail.encode()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("how", choices=["gettext", "innertext", "mhtml"])
    ap.add_argument("src", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--encoding", default="utf-8")
    args = ap.parse_args()
    if args.how == "mhtml":
        args.out.write_bytes(mhtml(args.src.read_bytes(), f"https://example.invalid/{args.src.name}"))
        return
    markup = args.src.read_bytes().decode(args.encoding, errors="replace")
    text = gettext(markup) if args.how == "gettext" else innertext(markup)
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
