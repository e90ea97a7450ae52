"""Both documentation sites (``winnow docs``) seen in headless Chromium with no network, and page
text that holds HTML, script, Rich markup and terminal escapes shown as text everywhere: the
data-quality site, ``winnow search``, ``winnow check`` and ``winnow status``."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import pytest
from test_analysts import CHROMIUM_FLAGS, _png_pixels, chromium
from warehouse_builder import build_warehouse

from flows.docs import build_docs
from winnow import search

ROOT = Path(__file__).resolve().parent.parent
# What a hostile page could hold: each part would run, restyle or rewrite something if shown raw.
SCRIPT = "<script>document.body.insertAdjacentHTML('beforeend','<p id=pwned-script></p>')</script>"
ONERROR = "<img src=x onerror=\"document.body.insertAdjacentHTML('beforeend','<p id=pwned-img></p>')\">"
TERMINAL = "\x1b]0;pwned\x07\x1b[2J\x1b[31m"
MARKUP = "[/bold][link=http://example.invalid]x[/link]"


def _sql(text: str) -> str:
    """A SQL string expression for ``text`` (control characters through chr())."""
    parts = re.split(r"([\x00-\x1f])", text)
    return " || ".join(
        f"chr({ord(p)})" if len(p) == 1 and ord(p) < 0x20 else "'" + p.replace("'", "''") + "'"
        for p in parts
        if p
    )


HOSTILE_TITLE = f"庭院经济的做法{SCRIPT}{TERMINAL}{MARKUP}"
HOSTILE_ABSTRACT = f"{MARKUP}庭院经济的做法{ONERROR}{TERMINAL}"
HOSTILE_BODY = f"一、基本情况\n2023年,赣州市新建庭院经济示范点120个{SCRIPT}{ONERROR}{MARKUP}{TERMINAL}"
HOSTILE_SQL = f"""
insert into landing.files (path, sha256, size, mtime_ns, format, encoding, status, reason, run_id, loaded_at)
    values ('h/hostile.html', 'sha-h1', 5000, 1, 'html', 'utf-8', 'ok', null, 'r2',
    timestamp '2026-11-02 10:00:30');
insert into landing.pages (path, sha256, run_id, loaded_at, format, encoding, title, journal, citations,
    uploader, authors, affiliation, abstract, keywords, headings, body)
    values ('h/hostile.html', 'sha-h1', 'r2', timestamp '2026-11-02 10:00:30', 'html', 'utf-8',
    {_sql(HOSTILE_TITLE)}, '乡村观察', 1, 'tester_h', ['王一'], null, {_sql(HOSTILE_ABSTRACT)}, [], [],
    {_sql(HOSTILE_BODY)});
insert into landing.related (path, sha256, run_id, position, doc_type, title, text, truncated)
    values ('h/hostile.html', 'sha-h1', 'r2', 1, '期刊', {_sql(HOSTILE_TITLE)},
    {_sql(HOSTILE_ABSTRACT)}, false);
"""
OK_RGB, FAILED_RGB = (0x1A, 0x7F, 0x37), (0xCF, 0x22, 0x2E)  # quality_site's icons
REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db, _ = build_warehouse(tmp_path_factory.mktemp("hostile"), HOSTILE_SQL)  # dbt's verdict: not ours here
    with duckdb.connect(str(db)) as con:
        search.build_search_index(con)
    return db


@pytest.fixture(scope="module")
def sites(hostile_db: Path) -> tuple[Path, Path]:
    dbt_site, quality_site = build_docs(hostile_db)
    return dbt_site, quality_site


def browse(url: str, tmp_path: Path, name: str) -> tuple[np.ndarray, str]:
    """A screenshot (pixels) and the DOM after scripts ran, in a fresh profile with no network."""
    exe = chromium()
    base = [
        exe, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / ('profile-' + name)}",
        "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--virtual-time-budget=8000",
    ]  # fmt: skip
    shot = tmp_path / f"{name}.png"
    subprocess.run([*base, f"--screenshot={shot}", url], capture_output=True, timeout=180, check=True)
    dom = subprocess.run(
        [*base, "--dump-dom", url], capture_output=True, text=True, timeout=180, check=True
    ).stdout
    return _png_pixels(shot), dom


def _count(pixels: np.ndarray, rgb: tuple[int, int, int]) -> int:
    return int((pixels.reshape(-1, 3) == rgb).all(axis=1).sum())


def test_quality_site_lists_every_validation_offline_with_visible_icons(
    sites: tuple[Path, Path], tmp_path: Path
) -> None:
    index = sites[1]
    pages = [index, *sorted((index.parent / "validations").glob("*.html"))]
    for page in pages:
        assert not REMOTE.search(page.read_text(encoding="utf-8")), (
            f"{page.name} loads something from elsewhere"
        )
    pixels, dom = browse(index.as_uri(), tmp_path, "quality-index")
    rows = re.findall(r'<tr class="validation" data-suite="([^"]+)" data-state="(\w+)"', dom)
    assert len(rows) == len(pages) - 1 >= 9, "the list of validations is not the suites validated"
    assert "failed" in {state for _, state in rows}, "the hostile page's HTML was not flagged"
    assert _count(pixels, OK_RGB) > 500, "no green 'passed' icons were drawn"
    assert _count(pixels, FAILED_RGB) > 100, "no red 'failed' icons were drawn"
    assert "__none__" not in dom and "$PARAMETER" not in dom and "None" not in dom


def test_quality_site_shows_page_html_as_text_and_runs_no_script(
    sites: tuple[Path, Path], tmp_path: Path
) -> None:
    folder = sites[1].parent / "validations"
    shown = [p for p in folder.glob("*.html") if "&lt;img src=x onerror=" in p.read_text(encoding="utf-8")]
    assert shown, "no validation page lists the failing values"
    doms = []
    for page in shown:
        _, dom = browse(page.as_uri(), tmp_path, page.stem)
        assert 'id="pwned' not in dom, "a script from a page ran"
        assert "<img" not in dom and "<script" not in dom
        assert "&lt;img src=x onerror=" in dom
        doms.append(dom)
    assert any("\\x1b]0;pwned\\x07" in dom for dom in doms), "control characters are not shown"


def test_dbt_docs_site_renders_offline(sites: tuple[Path, Path], tmp_path: Path) -> None:
    pixels, dom = browse(sites[0].as_uri() + "#!/overview", tmp_path, "dbt")
    flat = pixels.reshape(-1, 3)
    colours, counts = np.unique(flat, axis=0, return_counts=True)
    assert len(colours) > 50 and counts.max() / len(flat) < 0.97, "the dbt docs screenshot is (almost) blank"
    assert "winnow" in dom and "landing" in dom, "the dbt docs did not render their project tree"


def _winnow(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    return subprocess.run(
        [sys.executable, "-m", "winnow", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_terminal_commands_show_page_text_visibly(hostile_db: Path) -> None:
    found = _winnow("search", "庭院经济", "--warehouse", str(hostile_db))
    assert found.returncode == 0, found.stderr
    assert "庭院经济的做法" in found.stdout and "\\x1b]0;pwned\\x07" in found.stdout
    assert "[/bold]" in found.stdout  # Rich markup printed as the text it is
    checked = _winnow("check", "--warehouse", str(hostile_db))
    assert "Traceback" not in checked.stderr
    for out in (found, checked):
        assert "\x1b" not in out.stdout + out.stderr and "\x07" not in out.stdout + out.stderr


def test_report_of_a_hostile_warehouse_runs_no_script(hostile_db: Path, tmp_path: Path) -> None:
    from winnow.report import write_report

    out = write_report(hostile_db, tmp_path / "report.html")
    html = out.read_text(encoding="utf-8")
    assert "\x1b" not in html and "\x07" not in html, "control characters reached the report raw"
    _, dom = browse(out.as_uri(), tmp_path, "report")
    assert 'id="pwned' not in dom, "a script from a page ran in the report"
    assert "<script" not in dom and "<img" not in dom
