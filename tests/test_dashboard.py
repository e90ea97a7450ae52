"""The Superset dashboard (bi/superset/dashboards/winnow), imported and seen in a real browser.

A warehouse is built by two real runs from raw/samples plus provincial work reports written as
the site's pages (from ../shared's texts, as the bench does; one of them again in traditional
script, a near-duplicate) and two broken files. A fresh Superset (its own metadata database)
imports the exported dashboard as `superset-init` does in docker compose, is pointed at that
warehouse, and serves it on the loopback; headless Chromium renders the dashboard. Checked:
every chart's title and drawing in the DOM, no chart error, colour in the screenshot, and the
numbers the charts were given (Superset's chart-data API) against the warehouse's own rows.

Needs a Superset installation: WINNOW_SUPERSET names its `superset` command (Superset 4.1 with
duckdb-engine, as bi/superset/Dockerfile installs; e.g. a virtualenv with apache-superset==4.1.2,
duckdb==1.5.5, duckdb-engine==0.17.0, marshmallow==3.26.1, marshmallow-sqlalchemy==1.0.0), and
Chromium. Skipped when either is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
EXPORT = ROOT / "bi" / "superset" / "dashboards" / "winnow"
SUPERSET = os.environ.get("WINNOW_SUPERSET", "")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1600,2200",
    "--virtual-time-budget=40000",
]  # fmt: skip
CHART_TITLES = (
    "GDP growth by region and year (%)",
    "Per-capita disposable income growth by region and year (%)",
    "Grain output by region and year (吨)",
    "GDP growth: targets against results (mean of the regions, %)",
    "Targets against results, every indicator",
    "Metric mentions per journal",
    "Quarantined files per run",
    "Runs over time: articles and metrics loaded",
)
REPORTS = 10  # provincial work reports (part 1: last year's results and this year's targets)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (SUPERSET and Path(SUPERSET).exists()), reason="WINNOW_SUPERSET is not set"),
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed"),
]


@pytest.fixture(scope="module")
def warehouse(
    shared: Path, sample_raw: Path, tmp_path_factory: pytest.TempPathFactory, prefect_api: str
) -> Path:
    from opencc import OpenCC

    from bench import fabricate
    from flows.pipeline import winnow_run

    raw = tmp_path_factory.mktemp("dashboard-raw")
    shutil.copytree(sample_raw, raw, dirs_exist_ok=True)
    texts = sorted((shared / "corpus" / "texts" / "gwr_prov2025").glob("*_01.txt"))[:REPORTS]
    for i, path in enumerate(texts):
        page = fabricate.page_from_text(path.read_text(encoding="utf-8"), seed=i)
        (raw / f"{path.stem}.txt").write_bytes(fabricate.make_page(page, fabricate.Style()))
    copy = fabricate.translate(
        fabricate.page_from_text(texts[0].read_text(encoding="utf-8"), seed=5), OpenCC("s2tw").convert
    )
    style = fabricate.Style(fmt="html", encoding="gb18030", traditional=True)
    (raw / f"{texts[0].stem}_traditional.html").write_bytes(fabricate.make_page(copy, style))
    db = tmp_path_factory.mktemp("dashboard-warehouse") / "winnow.duckdb"
    winnow_run(raw=str(raw), warehouse=str(db))
    (raw / "empty_page.txt").write_bytes(b"")
    (raw / "broken_page.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" + bytes(range(256)))
    for i, extra in enumerate(sorted((shared / "corpus" / "texts" / "gwr_prov2025").glob("*_02.txt"))[:4]):
        page = fabricate.page_from_text(extra.read_text(encoding="utf-8"), seed=i)
        (raw / f"{extra.stem}.txt").write_bytes(fabricate.make_page(page, fabricate.Style()))
    winnow_run(raw=str(raw), warehouse=str(db))  # a second run, quarantining the two broken files
    return db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _superset(env: dict[str, str], *args: str) -> None:
    subprocess.run([SUPERSET, *args], env=env, check=True, capture_output=True, timeout=600)


@pytest.fixture(scope="module")
def served(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """A fresh Superset with the exported dashboard imported, serving the test warehouse."""
    home = tmp_path_factory.mktemp("superset-home")
    config = home / "superset_config.py"
    config.write_text(
        f"SECRET_KEY = {os.urandom(24).hex()!r}\n"
        f"SQLALCHEMY_DATABASE_URI = 'sqlite:///{home}/superset.db'\n"
        "PREVENT_UNSAFE_DB_CONNECTIONS = False\n"
        "WTF_CSRF_ENABLED = False\n"
        "AUTH_ROLE_PUBLIC = 'Admin'  # this test's Superset only: the browser needs no login\n",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "SUPERSET_CONFIG_PATH": str(config),
        "SUPERSET_HOME": str(home),
        "FLASK_APP": "superset",
    }
    _superset(env, "db", "upgrade")
    _superset(env, "fab", "create-admin", "--username", "admin", "--firstname", "a", "--lastname", "b",
              "--email", "admin@localhost", "--password", os.urandom(8).hex())  # fmt: skip
    _superset(env, "init")
    bundle = home / "winnow_dashboard.zip"
    with zipfile.ZipFile(bundle, "w") as z:  # what init.sh does with python -m zipfile
        for f in sorted(EXPORT.rglob("*.yaml")):
            z.write(f, Path("winnow") / f.relative_to(EXPORT))
    _superset(env, "import-dashboards", "--path", str(bundle), "--username", "admin")
    _superset(env, "set-database-uri", "-d", "Winnow", "-u", f"duckdb:///{warehouse}")
    port = _free_port()
    log = (home / "server.log").open("wb")
    server = subprocess.Popen(
        [SUPERSET, "run", "-h", "127.0.0.1", "-p", str(port), "--with-threads"],
        env=env,
        stdout=log,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(1)
        else:
            pytest.fail(
                "Superset did not start: " + (home / "server.log").read_text(errors="replace")[-2000:]
            )
        yield url, home
    finally:
        server.terminate()
        server.wait(timeout=30)


def _chromium(url: str, out: Path, *args: str) -> str:
    profile = out.parent / f"profile-{out.stem}"
    done = subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, url],  # type: ignore[list-item]
        capture_output=True, timeout=240, check=True,
    )  # fmt: skip
    return done.stdout.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def rendered(served: tuple[str, Path]) -> tuple[str, Path]:
    url, home = served
    page = f"{url}/superset/dashboard/winnow/"
    shot = home / "dashboard.png"
    _chromium(page, shot, f"--screenshot={shot}")
    dom = _chromium(page, home / "dom.html", "--dump-dom")
    (home / "dom.html").write_text(dom, encoding="utf-8")  # kept beside the screenshot for a look
    return dom, shot


def test_every_chart_is_drawn_without_error(rendered: tuple[str, Path]) -> None:
    dom, _ = rendered
    for title in CHART_TITLES:
        assert title in dom, title
    assert dom.count("<canvas") >= len(CHART_TITLES) - 1  # ECharts draws on a canvas; the table is HTML
    for failure in (
        "Unexpected error",
        "No results were returned",
        "Data error",
        "alert-danger",
        "Traceback",
    ):
        assert failure not in dom, failure


def test_screenshot_shows_the_charts_in_colour(rendered: tuple[str, Path]) -> None:
    from test_analysts import _png_pixels  # the PNG decoder of the report's browser test

    _, shot = rendered
    pixels = _png_pixels(shot)[:, :, :3].astype(int)
    saturated = (pixels.max(axis=2) - pixels.min(axis=2)) > 80  # bars and lines, not grey text
    assert saturated.mean() > 0.01
    rows = saturated.any(axis=1).nonzero()[0]
    assert rows.max() - rows.min() > pixels.shape[0] // 2  # colour from the first row of charts to the last


def _chart_rows(url: str, title: str) -> list[dict[str, object]]:
    """The rows Superset computes for a chart as exported: its dataset, columns, metrics and
    filters sent to the chart-data API (Superset's own query engine and the DuckDB driver)."""
    query = urllib.parse.quote(json.dumps({"filters": [{"col": "slice_name", "opr": "eq", "value": title}]}))
    with urllib.request.urlopen(f"{url}/api/v1/chart/?q={query}") as r:
        (found,) = json.load(r)["result"]
    with urllib.request.urlopen(f"{url}/api/v1/chart/{found['id']}") as r:
        chart = json.load(r)["result"]
    params = json.loads(chart["params"])
    where = " AND ".join(f"({f['sqlExpression']})" for f in params.get("adhoc_filters", []))
    body = {
        "datasource": {"id": _dataset_id(url, found["id"]), "type": "table"},
        "queries": [{
            "columns": [c for c in (params.get("x_axis"), *params.get("groupby", [])) if c],
            "metrics": params["metrics"], "extras": {"where": where}, "row_limit": 10000,
        }],
        "result_format": "json", "result_type": "full",
    }  # fmt: skip
    request = urllib.request.Request(
        f"{url}/api/v1/chart/data", json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request) as r:
        return json.load(r)["result"][0]["data"]  # type: ignore[no-any-return]


def _dataset_id(url: str, chart_id: int) -> int:
    query = urllib.parse.quote(json.dumps({"columns": ["id", "datasource_id"]}))
    with urllib.request.urlopen(f"{url}/api/v1/chart/?q={query}") as r:
        return next(c["datasource_id"] for c in json.load(r)["result"] if c["id"] == chart_id)


def test_charts_show_the_warehouse_numbers(served: tuple[str, Path], warehouse: Path) -> None:
    url, _ = served
    with duckdb.connect(str(warehouse), read_only=True) as con:
        gdp = con.execute(
            "select region_name, period_year, max(value_median) from marts.metrics_by_region_year"
            " where indicator_code = 'gdp' and measure = 'growth_rate' group by all"
        ).fetchall()
        journals = con.execute(
            "select coalesce(a.journal_simplified, a.journal, '(not given)'), count(m.metric_id)"
            " from marts.articles as a left join marts.metrics as m on m.article_id = a.article_id"
            " where a.duplicate_of is null group by 1"
        ).fetchall()
        quarantined = con.execute("select count(*) from marts.quarantine").fetchone()
    assert gdp, "the reports yield GDP growth figures"
    shown = {
        (r["region_name"], r["period_year"]): r["GDP growth, %"] for r in _chart_rows(url, CHART_TITLES[0])
    }
    assert shown == pytest.approx({(r, y): v for r, y, v in gdp})
    per_journal = {r["journal"]: r["mentions"] for r in _chart_rows(url, "Metric mentions per journal")}
    assert per_journal == dict(journals)
    files = sum(int(r["files"]) for r in _chart_rows(url, "Quarantined files per run"))  # type: ignore[call-overload]
    assert quarantined is not None and files == quarantined[0] == 2
