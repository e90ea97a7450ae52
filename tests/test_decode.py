"""decode_bytes: every encoding the raw folder may hold, and every way bytes can be bad."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest

from winnow import decode
from winnow.decode import Decoded, Rejected, decode_bytes

# Small texts written for these tests: simplified and traditional Chinese, some ASCII.
SIMPLIFIED = (
    "江西省25个贫困县全部摘帽，3058个贫困村全部退出。乡村振兴要接续推进，工作不留空档，政策不留空白。\n" * 4
)
TRADITIONAL = (
    "江西省25個貧困縣全部摘帽，3058個貧困村全部退出。鄉村振興要接續推進，工作不留空檔，政策不留空白。\n" * 4
)


def ok(data: bytes, name: str = "x.txt") -> Decoded:
    got = decode_bytes(data, name=name)
    assert isinstance(got, Decoded), got
    return got


def rejected(data: bytes, name: str = "x.txt") -> Rejected:
    got = decode_bytes(data, name=name)
    assert isinstance(got, Rejected), got
    return got


@pytest.mark.parametrize(
    ("codec", "label"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
        ("gb2312", "gb18030"),
    ],
)
def test_simplified_text_in_each_encoding(codec: str, label: str) -> None:
    got = ok(SIMPLIFIED.encode(codec))
    assert (got.text, got.encoding) == (SIMPLIFIED, label)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(codec: str) -> None:
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(codec, b"")
    got = ok(bom + SIMPLIFIED.encode(codec))
    assert got.text == SIMPLIFIED
    assert got.encoding == codec[:6]


def test_utf16_without_bom_is_recognised_not_binary() -> None:
    text = "Title line\n" + "plain ASCII with a few words 中文 here.\n" * 20
    got = ok(text.encode("utf-16-le"))
    assert (got.text, got.encoding) == (text, "utf-16")


def test_big5_without_declaration() -> None:
    got = ok(TRADITIONAL.encode("big5"))
    assert (got.text, got.encoding) == (TRADITIONAL, "big5")


def test_html_declaring_the_wrong_charset_is_not_trusted() -> None:
    page = f'<html><head><meta charset="utf-8"></head><body><p>{SIMPLIFIED}</p></body></html>'
    got = ok(page.encode("gbk"), "x.html")
    assert (got.text, got.encoding) == (page, "gb18030")
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    page = f"<html><head>{meta}</head><p>{SIMPLIFIED}</p>"
    got = ok(page.encode("utf-8"), "x.html")
    assert (got.text, got.encoding) == (page, "utf-8")


def test_declared_charset_decides_between_candidates() -> None:
    page = f'<html><head><meta charset="big5"></head><body><p>{TRADITIONAL}</p></body></html>'
    got = ok(page.encode("big5"), "x.html")
    assert (got.text, got.encoding) == (page, "big5")


def test_a_few_invalid_bytes_are_replaced() -> None:
    text = SIMPLIFIED * 5
    data = text[:30].encode("gbk") + b"\xff" + text[30:].encode("gbk")
    got = ok(data)
    assert got.encoding == "gb18030"
    assert got.text == text[:30] + "\ufffd" + text[30:]


def test_latin1_text_does_not_crash() -> None:
    text = "Caf\xe9 cr\xe8me br\xfbl\xe9e, na\xefve fa\xe7ade. " * 10
    got = decode_bytes(text.encode("latin-1"))
    if isinstance(got, Decoded):
        assert "\x00" not in got.text
    else:
        assert got.reason == "undecodable"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b" \r\n\t \n", "empty"),
        (b"\x00\x01\x02\x03" * 100, "binary"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
        (b"%PDF-1.7\n" + SIMPLIFIED.encode(), "binary"),
        (SIMPLIFIED.encode() + b"\x00" * 200, "binary"),
    ],
)
def test_unreadable_bytes_get_a_reason(data: bytes, reason: str) -> None:
    got = rejected(data)
    assert got.reason == reason
    assert got.detail


def test_random_high_bytes_are_not_called_text() -> None:
    data = bytes((i * 97 + 13) % 128 + 128 for i in range(4000))
    got = decode_bytes(data)
    assert (
        isinstance(got, Rejected) or got.text.count("\ufffd") <= len(got.text) * decode.REPLACEMENT_RATIO_MAX
    )


def test_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decode, "MAX_TEXT_BYTES", 1000)
    assert rejected(SIMPLIFIED.encode() * 20).reason == "too_large"


def test_gzip_of_each_encoding() -> None:
    for codec, label in (("utf-8", "utf-8"), ("gb18030", "gb18030"), ("utf-16", "utf-16")):
        got = ok(gzip.compress(SIMPLIFIED.encode(codec)), "x.txt.gz")
        assert (got.text, got.encoding, got.compressed) == (SIMPLIFIED, label, True)


def test_gzip_recognised_by_magic_and_multi_member() -> None:
    data = gzip.compress(SIMPLIFIED.encode()) + gzip.compress(b"tail\n")
    assert ok(data, "x.txt").text == SIMPLIFIED + "tail\n"


@pytest.mark.parametrize(
    "data",
    [b"not gzip at all", gzip.compress(SIMPLIFIED.encode())[:-12], b"\x1f\x8b\x08\x00garbage"],
    ids=["not-gzip", "truncated", "corrupt"],
)
def test_bad_gzip(data: bytes) -> None:
    assert rejected(data, "x.txt.gz").reason == "bad_gzip"


def test_gzip_bomb_stops_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decode, "MAX_TEXT_BYTES", 1 << 20)
    bomb = gzip.compress(b"a" * (8 << 20))
    assert rejected(bomb, "x.txt.gz").reason == "too_large"


def test_real_pages_decode_as_the_manifest_says(shared: Path) -> None:
    """Every page of ../shared/corpus/html decodes with the charset that really decodes it."""
    html = shared / "corpus" / "html"
    with (html / "MANIFEST.tsv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    wrong = []
    for row in rows:
        want = row["decoded_as"].split("(")[0]
        got = decode_bytes((html / row["file"]).read_bytes(), name=row["file"])
        if not isinstance(got, Decoded) or got.encoding != want:
            wrong.append((row["file"], want, got))
    assert not wrong
    assert len(rows) > 100


@pytest.mark.parametrize("shift", [0, 1, 2, 3])
def test_long_big5_is_detected_wherever_the_sample_ends(shared: Path, shift: int) -> None:
    """A Big5 file longer than the detector's sample: the sample must not end inside a character
    (it once did, and files over 64 KB came out undecodable about a third of the time)."""
    import opencc

    source = sorted((shared / "corpus" / "texts" / "gwr_prov2025").glob("*.txt"))[0].read_text(
        encoding="utf-8"
    )
    text = opencc.OpenCC("s2tw").convert(source * (1 + 100_000 // len(source)))
    data = ("x" * shift + text).encode("big5", errors="ignore")
    assert len(data) > 2 * decode.SNIFF_BYTES
    got = ok(data)
    assert got.encoding == "big5" and got.text == data.decode("big5")


def mhtml(html: bytes, *, transfer: str, charset: str | None) -> bytes:
    """A web archive the way browsers save one: MIME headers, the page part, a stylesheet part."""
    import base64
    import quopri

    body = quopri.encodestring(html) if transfer == "quoted-printable" else base64.encodebytes(html)
    ctype = f'text/html; charset="{charset}"' if charset else "text/html"
    b = "----MultipartBoundary--p21test----"
    head = (
        "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://example.org/a\r\n"
        "Subject: =?utf-8?Q?a?=\r\nMIME-Version: 1.0\r\n"
        f'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{b}"\r\n\r\n\r\n'
        f"--{b}\r\nContent-Type: {ctype}\r\nContent-ID: <frame-1@mhtml.blink>\r\n"
        f"Content-Transfer-Encoding: {transfer}\r\nContent-Location: https://example.org/a\r\n\r\n"
    ).encode()
    tail = f"\r\n--{b}\r\nContent-Type: text/css\r\nContent-Location: https://example.org/a.css\r\n\r\nbody{{}}\r\n--{b}--\r\n"
    return head + body.replace(b"\n", b"\r\n") + tail.encode()


@pytest.mark.parametrize(
    "codec, transfer, charset",
    [
        ("utf-8", "quoted-printable", None),
        ("gb18030", "quoted-printable", "gbk"),
        ("gb18030", "base64", None),
    ],
)
def test_a_web_archive_gives_its_html_part(codec: str, transfer: str, charset: str | None) -> None:
    meta = "" if charset else f'<meta charset="{"gbk" if codec == "gb18030" else codec}">'
    page = f"<html><head>{meta}<title>乡村振兴</title></head><body><p>{SIMPLIFIED}</p></body></html>"
    got = ok(mhtml(page.encode(codec), transfer=transfer, charset=charset), name="page.mhtml")
    assert got.text.startswith("<html><head>") and SIMPLIFIED.splitlines()[0] in got.text
    assert got.encoding == codec
