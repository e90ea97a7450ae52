"""``winnow report``: a static, offline HTML report of the last load.

One self-contained file (inline CSS and SVG, no script, nothing fetched from the network):

1. what the published warehouse holds (articles, abstracts, metric mentions, regions, quarantine);
2. the last runs and their data-quality results (``marts.load_runs``, plus runs recorded in the
   ledger ``runs.jsonl`` after the published load, e.g. blocked ones, with their messages);
3. metric mentions by region and by year, as bar charts drawn here in SVG;
4. the top indicators by mentions, and the files quarantined by reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

import duckdb

from winnow import runlog
from winnow.publish import Warehouse

TOP_REGIONS, TOP_INDICATORS, LAST_RUNS, LAST_YEARS = 20, 15, 10, 30
LEVEL_COLOURS = {"country": "#7b3294", "province": "#2166ac", "city": "#4393c3", "county": "#92c5de"}
BAR_COLOUR = "#4393c3"

COUNT_SQL = {
    "articles": "select count(*) from marts.articles",
    "abstracts": "select count(*) from marts.abstracts",
    "related abstracts": "select count(*) from marts.abstracts where kind = 'related'",
    "metric mentions": "select count(*) from marts.metrics",
    "regions with metrics": "select count(distinct region_code) from marts.metrics",
    "files quarantined": "select count(*) from marts.quarantine",
    "mentions rejected": "select count(*) from marts.rejected_metrics",
}
REGIONS_SQL = f"""
select coalesce(regions.name, metrics.region_code) as region, regions.level, count(*) as mentions
from marts.metrics as metrics
left join marts.regions as regions on metrics.region_code = regions.region_code
where metrics.region_code is not null
group by all
order by mentions desc, region
limit {TOP_REGIONS}
"""
YEARS_SQL = f"""
select * from (
    select period_year::varchar as year, null as level, count(*) as mentions
    from marts.metrics
    where period_year is not null
    group by period_year
    order by period_year desc
    limit {LAST_YEARS}
)
order by year
"""
INDICATORS_SQL = f"""
select
    indicator,
    count(*) as mentions,
    count(distinct article_id) + count(distinct abstract_id) as documents,
    mode(unit) as usual_unit,
    count(distinct region_code) as regions,
from marts.metrics
where indicator is not null
group by indicator
order by mentions desc, indicator
limit {TOP_INDICATORS}
"""
QUARANTINE_SQL = """
select reason, count(*) as files from marts.quarantine group by reason order by files desc, reason
"""
INDICATOR_HEADERS = ["indicator", "mentions", "documents", "usual unit", "regions"]
RUN_FIELDS = (
    "run_id", "started_at", "status", "files_seen", "files_new", "files_changed", "files_quarantined",
    "articles_loaded", "metrics_loaded", "checks_passed", "checks_failed", "checks_warned", "published",
)  # fmt: skip


@dataclass(slots=True)
class ReportData:
    warehouse: str
    generated_at: datetime
    counts: dict[str, int]
    runs: list[dict[str, Any]]  # newest first
    regions: list[tuple[str, str | None, int]]
    years: list[tuple[str, str | None, int]]
    indicators: list[tuple[Any, ...]]
    quarantine: list[tuple[str, int]]
    notes: list[str] = field(default_factory=list)


def read_report_data(db: Path) -> ReportData:
    """Everything the report shows, read from the published file (read-only) and its ledger."""
    with duckdb.connect(str(db), read_only=True) as con:
        counts = {name: int(con.execute(sql).fetchone()[0]) for name, sql in COUNT_SQL.items()}  # type: ignore[index]
        runs = _runs(con, Warehouse(db).ledger)
        return ReportData(
            warehouse=str(db),
            generated_at=datetime.now(UTC).replace(microsecond=0, tzinfo=None),
            counts=counts,
            runs=runs,
            regions=con.execute(REGIONS_SQL).fetchall(),
            years=con.execute(YEARS_SQL).fetchall(),
            indicators=con.execute(INDICATORS_SQL).fetchall(),
            quarantine=con.execute(QUARANTINE_SQL).fetchall(),
        )


def _runs(con: duckdb.DuckDBPyConnection, ledger: Path) -> list[dict[str, Any]]:
    """The last runs, newest first: those in marts.load_runs, plus later ones from the ledger."""
    columns = ", ".join(RUN_FIELDS)
    sql = f"select {columns}, message from marts.load_runs order by started_at desc limit {LAST_RUNS}"
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    runs = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    published_last = runs[0]["started_at"] if runs else None
    ledger_runs = runlog.read(ledger)
    later = [r.to_json() for r in ledger_runs if published_last is None or r.started_at > published_last]
    for r in later:
        r["started_at"] = datetime.fromisoformat(r["started_at"])
    return (sorted(later, key=lambda r: r["started_at"], reverse=True) + runs)[:LAST_RUNS]


def render(data: ReportData) -> str:
    """The report as one HTML document."""
    sections = [
        _counts_section(data.counts),
        _runs_section(data.runs),
        _section(
            "Metric mentions by region",
            f"The {TOP_REGIONS} regions with the most mentions (mentions with a region code).",
            bar_chart(data.regions, chart_id="chart-regions") + _legend(),
        ),
        _section(
            "Metric mentions by year",
            f"Mentions with a year (the last {LAST_YEARS} years).",
            bar_chart(data.years, "chart-years"),
        ),
        _section(
            "Top indicators",
            "By metric mentions (documents = articles + related abstracts).",
            _table(INDICATOR_HEADERS, data.indicators, "indicators"),
        ),
        _section("Quarantined files", "Files that could not be parsed.", _quarantine(data.quarantine)),
    ]
    return PAGE.format(
        warehouse=escape(data.warehouse),
        generated=f"{data.generated_at:%Y-%m-%d %H:%M:%S} UTC",
        body="\n".join(sections),
    )


def write_report(db: Path, out: Path) -> Path:
    """Write the report of the warehouse ``db`` to ``out`` (one HTML file); returns ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(render(read_report_data(db)), encoding="utf-8")
    tmp.replace(out)
    return out


def bar_chart(rows: list[tuple[str, str | None, int]], chart_id: str) -> str:
    """Horizontal bars as inline SVG: one (label, level or None, value) per bar."""
    if not rows:
        return '<p class="empty">No data.</p>'
    label_w, bar_w, row_h, top = 170, 560, 24, 8
    peak = max(value for _, _, value in rows) or 1
    parts = []
    for i, (label, level, value) in enumerate(rows):
        y = top + i * row_h
        w = max(1.0, bar_w * value / peak)
        colour = LEVEL_COLOURS.get(level or "", BAR_COLOUR)
        parts.append(
            f'<g class="bar" data-label="{escape(label)}" data-value="{value}">'
            f"<title>{escape(label)}: {value}</title>"
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{escape(_short(label, 14))}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{colour}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 16}">{value}</text></g>'
        )
    height = top * 2 + len(rows) * row_h
    return (
        f'<svg id="{chart_id}" class="chart" role="img" xmlns="http://www.w3.org/2000/svg" '
        f'width="{label_w + bar_w + 70}" height="{height}" viewBox="0 0 {label_w + bar_w + 70} {height}">'
        + "".join(parts)
        + "</svg>"
    )


def _legend() -> str:
    keys = "".join(
        f'<span class="key"><span class="swatch" style="background:{colour}"></span>{level}</span>'
        for level, colour in LEVEL_COLOURS.items()
    )
    return f'<p class="note legend">{keys}</p>'


def _counts_section(counts: dict[str, int]) -> str:
    tiles = "".join(
        f'<div class="tile"><div class="n" id="count-{name.replace(" ", "-")}">{value}</div>'
        f'<div class="what">{escape(name)}</div></div>'
        for name, value in counts.items()
    )
    return _section("What the warehouse holds", "Rows in the marts tables of the published file.", tiles)


def _runs_section(runs: list[dict[str, Any]]) -> str:
    if not runs:
        return _section("Last runs", "", '<p class="empty">No run recorded.</p>')
    last = runs[0]
    verdict = "passed" if not last["checks_failed"] else "FAILED"
    summary = (
        f'<p id="last-run" class="{"ok" if verdict == "passed" else "bad"}">'
        f"Last run <b>{escape(last['run_id'])}</b>: "
        f"{escape(str(last['status']))}; data checks {verdict}: {last['checks_passed']} passed, "
        f"{last['checks_failed']} failed (critical), {last['checks_warned']} warnings; "
        f"{'published' if last['published'] else 'not published'}.</p>"
    )
    messages = "".join(
        f"<pre><b>{escape(r['run_id'])}</b> {escape(str(r['status']))}: {escape(r['message'])}</pre>"
        for r in runs
        if r.get("message") and r["status"] in ("blocked", "failed")
    )
    rows = [tuple(_cell(r[k]) for k in RUN_FIELDS) for r in runs]
    headers = [k.replace("_", " ") for k in RUN_FIELDS]
    content = summary + _table(headers, rows, "runs") + messages
    return _section("Last runs", "Newest first, with the data-quality results.", content)


def _quarantine(rows: list[tuple[str, int]]) -> str:
    if not rows:
        return '<p class="empty">No file quarantined.</p>'
    return _table(["reason", "files"], rows, "quarantine")


def _section(title: str, note: str, content: str) -> str:
    note_html = f'<p class="note">{escape(note)}</p>' if note else ""
    return f"<section><h2>{escape(title)}</h2>{note_html}{content}</section>"


def _table(headers: list[str], rows: list[tuple[Any, ...]], table_id: str) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(_cell(v))}</td>" for v in row) + "</tr>" for row in rows)
    return f'<table id="table-{table_id}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M:%S}"
    if isinstance(value, float):
        return f"{value:,.4g}"
    return str(value)


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


PAGE = """<!doctype html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Winnow load report</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "PingFang SC",
  "Microsoft YaHei", sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; padding: 0 1rem; }}
h1 {{ margin-bottom: .2rem; }}
h2 {{ border-bottom: 1px solid #ddd; padding-bottom: .2rem; margin-top: 2rem; }}
.meta, .note {{ color: #666; font-size: .9rem; }}
.tile {{ display: inline-block; min-width: 9rem; margin: 0 .6rem .6rem 0; padding: .6rem .8rem;
  border: 1px solid #ddd; border-radius: 6px; background: #f7f9fb; }}
.tile .n {{ font-size: 1.6rem; font-weight: bold; color: #2166ac; }} .tile .what {{ color: #555; }}
table {{ border-collapse: collapse; font-size: .9rem; }}
th, td {{ border: 1px solid #ddd; padding: .25rem .5rem; text-align: left; }} th {{ background: #f0f3f6; }}
.chart text {{ font-size: 13px; fill: #333; }}
.ok {{ color: #1a7f37; }} .bad {{ color: #b42318; font-weight: bold; }}
pre {{ white-space: pre-wrap; background: #fff5f5; padding: .5rem; }}
.key {{ margin-right: 1rem; }}
.swatch {{ display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; }}
.empty {{ color: #888; font-style: italic; }}
</style>
</head>
<body>
<h1>Winnow load report</h1>
<p class="meta">Warehouse <code>{warehouse}</code> · generated {generated}</p>
{body}
</body>
</html>
"""
