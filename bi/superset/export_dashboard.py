"""Writes the Superset export of the Winnow dashboard (bi/superset/dashboards/winnow) as YAML.

    python bi/superset/export_dashboard.py bi/superset/dashboards/winnow warehouse/winnow.duckdb

The export is what `superset import-dashboards` reads (bi/superset/init.sh): the database
(DuckDB, read-only, at /warehouse/winnow.duckdb in the compose stack), four datasets (their
columns read from a warehouse), eight charts and the dashboard. Ids are uuid5 of the names, so
writing it again changes only what changed. Run it after a change to the charts or the marts.
"""

import shutil
import sys
import uuid
from pathlib import Path

import duckdb
import yaml

OUT = Path(sys.argv[1])
WH = sys.argv[2]
NS = uuid.UUID("6f1c2d3e-2323-4a5a-9b23-000000000023")


def uid(name):
    return str(uuid.uuid5(NS, name))


shutil.rmtree(OUT, ignore_errors=True)
for d in ("databases", "datasets/Winnow", "charts", "dashboards"):
    (OUT / d).mkdir(parents=True)


def dump(path, obj):
    (OUT / path).write_text(yaml.safe_dump(obj, allow_unicode=True, sort_keys=False), encoding="utf-8")


dump("metadata.yaml", {"version": "1.0.0", "type": "Dashboard", "timestamp": "2026-12-07T00:00:00+00:00"})
DB = uid("database")
dump(
    "databases/Winnow.yaml",
    {
        "database_name": "Winnow",
        "sqlalchemy_uri": "duckdb:////warehouse/winnow.duckdb",
        "cache_timeout": None,
        "expose_in_sqllab": True,
        "allow_run_async": False,
        "allow_ctas": False,
        "allow_cvas": False,
        "allow_dml": False,
        "allow_file_upload": False,
        "extra": {
            "allows_virtual_table_explore": True,
            "engine_params": {"connect_args": {"read_only": True}},
        },
        "uuid": DB,
        "version": "1.0.0",
    },
)

con = duckdb.connect(WH, read_only=True)
DATASETS = {
    "indicator_cells": (
        "marts",
        "metrics_by_region_year",
        None,
        "One row per region × year × canonical indicator × measure × standard unit"
        " (marts.metrics_by_region_year).",
    ),
    "metrics_per_journal": (
        "marts",
        "metrics_per_journal",
        """select
    coalesce(articles.journal_simplified, articles.journal, '(not given)') as journal,
    count(distinct articles.article_id) as articles,
    count(metrics.metric_id) as mentions,
    count(metrics.metric_id) filter (where metrics.indicator_code is not null) as coded_mentions,
    count(distinct metrics.indicator_code) as indicators,
from marts.articles as articles
left join marts.metrics as metrics on metrics.article_id = articles.article_id
where articles.duplicate_of is null
group by 1""",
        "Articles and metric mentions per journal, one spelling per journal, near-duplicates counted once.",
    ),
    "quarantine_by_run": (
        "marts",
        "quarantine_by_run",
        """select
    coalesce(runs.started_at, min(quarantine.quarantined_at)) as run_started_at,
    quarantine.reason,
    count(*) as files,
from marts.quarantine as quarantine
left join marts.load_runs as runs on quarantine.run_id = runs.run_id
group by quarantine.run_id, runs.started_at, quarantine.reason""",
        "Rejected raw files per run and reason.",
    ),
    "load_runs": ("marts", "load_runs", None, "One row per pipeline run (marts.load_runs)."),
}
TYPES = {
    "VARCHAR": "VARCHAR",
    "BIGINT": "BIGINT",
    "INTEGER": "INTEGER",
    "DOUBLE": "DOUBLE",
    "HUGEINT": "BIGINT",
    "TIMESTAMP": "TIMESTAMP",
    "BOOLEAN": "BOOLEAN",
    "DATE": "DATE",
}
for name, (schema, table, sql, desc) in DATASETS.items():
    q = sql or f"select * from {schema}.{table}"
    cols = con.execute(f"describe {q}").fetchall()
    columns = [
        {
            "column_name": c[0],
            "verbose_name": None,
            "is_dttm": c[1].startswith("TIMESTAMP"),
            "is_active": True,
            "type": TYPES.get(c[1], c[1]),
            "advanced_data_type": None,
            "groupby": True,
            "filterable": True,
            "expression": None,
            "description": None,
            "python_date_format": None,
            "extra": {},
        }
        for c in cols
    ]
    dump(
        f"datasets/Winnow/{name}.yaml",
        {
            "table_name": table if sql is None else name,
            "main_dttm_col": None,
            "description": desc,
            "default_endpoint": None,
            "offset": 0,
            "cache_timeout": None,
            "schema": schema,
            "sql": sql,
            "params": None,
            "template_params": None,
            "filter_select_enabled": True,
            "fetch_values_predicate": None,
            "extra": None,
            "normalize_columns": False,
            "always_filter_main_dttm": False,
            "uuid": uid("dataset:" + name),
            "metrics": [
                {
                    "metric_name": "count",
                    "verbose_name": "COUNT(*)",
                    "metric_type": "count",
                    "expression": "COUNT(*)",
                    "description": None,
                    "d3format": None,
                    "currency": None,
                    "extra": {},
                    "warning_text": None,
                }
            ],
            "columns": columns,
            "version": "1.0.0",
            "database_uuid": DB,
        },
    )


def metric(expr, label):
    return {
        "expressionType": "SQL",
        "sqlExpression": expr,
        "label": label,
        "hasCustomLabel": True,
        "optionName": "metric_" + uid(expr + label)[:12],
    }


def where(sql):
    return {
        "expressionType": "SQL",
        "sqlExpression": sql,
        "clause": "WHERE",
        "filterOptionName": "filter_" + uid(sql)[:12],
    }


def bar(x, metrics, groupby, filters, *, horizontal=False, x_title="", y_title="", stack=False, line=False):
    p = {
        "viz_type": "echarts_timeseries_line" if line else "echarts_timeseries_bar",
        "x_axis": x,
        "x_axis_sort_asc": True,
        "metrics": metrics,
        "groupby": groupby,
        "adhoc_filters": filters,
        "row_limit": 10000,
        "order_desc": True,
        "truncate_metric": True,
        "show_empty_columns": True,
        "comparison_type": "values",
        "annotation_layers": [],
        "orientation": "horizontal" if horizontal else "vertical",
        "x_axis_title": x_title,
        "x_axis_title_margin": 15,
        "y_axis_title": y_title,
        "y_axis_title_margin": 30,
        "y_axis_title_position": "Left",
        "color_scheme": "supersetColors",
        "show_legend": True,
        "legendType": "scroll",
        "legendOrientation": "top",
        "x_axis_time_format": "smart_date",
        "y_axis_format": "SMART_NUMBER",
        "rich_tooltip": True,
        "show_value": True,
        "extra_form_data": {},
    }
    if x in ("period_year", "journal"):
        p["xAxisForceCategorical"] = True  # years and journals are categories, not a number line
    if stack:
        p["stack"] = "Stack"
    if line:
        p.update({"markerEnabled": True, "markerSize": 6, "seriesType": "line"})
    return p


CHARTS = [
    (
        "GDP growth by region and year (%)",
        "indicator_cells",
        bar(
            "period_year",
            [metric("MAX(value_median)", "GDP growth, %")],
            ["region_name"],
            [where("indicator_code = 'gdp' AND measure = 'growth_rate'")],
            x_title="year",
            y_title="%",
        ),
    ),
    (
        "Per-capita disposable income growth by region and year (%)",
        "indicator_cells",
        bar(
            "period_year",
            [metric("MAX(value_median)", "income growth, %")],
            ["region_name", "indicator_name"],
            [
                where(
                    "indicator_code IN ('disposable_income_per_capita', 'urban_disposable_income_per_capita',"
                    " 'rural_disposable_income_per_capita') AND measure = 'growth_rate'"
                )
            ],
            x_title="year",
            y_title="%",
        ),
    ),
    (
        "Grain output by region and year (吨)",
        "indicator_cells",
        bar(
            "period_year",
            [metric("MAX(value_median)", "grain output, 吨")],
            ["region_name"],
            [where("indicator_code = 'grain_output' AND measure = 'level' AND unit_std = '吨'")],
            x_title="year",
            y_title="吨",
        ),
    ),
    (
        "GDP growth: targets against results (mean of the regions, %)",
        "indicator_cells",
        bar(
            "period_year",
            [metric("AVG(value_median)", "result"), metric("AVG(target_value_median)", "target")],
            [],
            [where("indicator_code = 'gdp' AND measure = 'growth_rate'")],
            x_title="year",
            y_title="%",
        ),
    ),
    (
        "Targets against results, every indicator",
        "indicator_cells",
        {
            "viz_type": "table",
            "query_mode": "aggregate",
            "groupby": ["region_name", "period_year", "indicator_name", "measure", "unit_std"],
            "metrics": [metric("MAX(value_median)", "result"), metric("MAX(target_value_median)", "target")],
            "adhoc_filters": [where("target_mentions > 0")],
            "row_limit": 1000,
            "order_desc": True,
            "server_pagination": False,
            "table_timestamp_format": "smart_date",
            "show_cell_bars": True,
            "color_pn": True,
            "extra_form_data": {},
        },
    ),
    (
        "Metric mentions per journal",
        "metrics_per_journal",
        bar(
            "journal",
            [metric("SUM(mentions)", "mentions"), metric("SUM(coded_mentions)", "with an indicator code")],
            [],
            [],
            horizontal=True,
            y_title="",
        ),
    ),
    (
        "Quarantined files per run",
        "quarantine_by_run",
        bar(
            "run_started_at",
            [metric("SUM(files)", "files")],
            ["reason"],
            [],
            stack=True,
            x_title="run",
            y_title="files",
        ),
    ),
    (
        "Runs over time: articles and metrics loaded",
        "load_runs",
        bar(
            "started_at",
            [
                metric("SUM(articles_loaded)", "articles loaded"),
                metric("SUM(metrics_loaded)", "metrics loaded"),
            ],
            [],
            [],
            line=True,
            x_title="run started",
            y_title="",
        ),
    ),
]
chart_ids = []
for i, (title, ds, params) in enumerate(CHARTS):
    cu = uid("chart:" + title)
    params = {**params, "datasource": "1__table"}
    dump(
        f"charts/{title.split(' (')[0].replace(' ', '_').replace(':', '').replace(',', '')}_{i}.yaml",
        {
            "slice_name": title,
            "description": None,
            "certified_by": None,
            "certification_details": None,
            "viz_type": params["viz_type"],
            "params": params,
            "query_context": None,
            "cache_timeout": None,
            "uuid": cu,
            "version": "1.0.0",
            "dataset_uuid": uid("dataset:" + ds),
        },
    )
    chart_ids.append((cu, title))

position = {
    "DASHBOARD_VERSION_KEY": "v2",
    "ROOT_ID": {"children": ["GRID_ID"], "id": "ROOT_ID", "type": "ROOT"},
    "HEADER_ID": {"id": "HEADER_ID", "meta": {"text": "Winnow"}, "type": "HEADER"},
    "GRID_ID": {"children": [], "id": "GRID_ID", "parents": ["ROOT_ID"], "type": "GRID"},
}
for r in range(0, len(chart_ids), 2):
    row = f"ROW-{r // 2}"
    position["GRID_ID"]["children"].append(row)
    position[row] = {
        "children": [],
        "id": row,
        "meta": {"background": "BACKGROUND_TRANSPARENT"},
        "parents": ["ROOT_ID", "GRID_ID"],
        "type": "ROW",
    }
    for k, (cu, title) in enumerate(chart_ids[r : r + 2]):
        cid = f"CHART-{r + k}"
        position[row]["children"].append(cid)
        position[cid] = {
            "children": [],
            "id": cid,
            "meta": {"chartId": r + k + 1, "height": 60, "sliceName": title, "uuid": cu, "width": 6},
            "parents": ["ROOT_ID", "GRID_ID", row],
            "type": "CHART",
        }
dump(
    "dashboards/Winnow.yaml",
    {
        "dashboard_title": "Winnow: indicators by region and year",
        "description": None,
        "css": "",
        "slug": "winnow",
        "certified_by": "",
        "certification_details": "",
        "published": True,
        "uuid": uid("dashboard"),
        "position": position,
        "metadata": {
            "color_scheme": "supersetColors",
            "refresh_frequency": 0,
            "expanded_slices": {},
            "label_colors": {},
            "timed_refresh_immune_slices": [],
            "cross_filters_enabled": False,
            "default_filters": "{}",
            "chart_configuration": {},
            "native_filter_configuration": [],
        },
        "version": "1.0.0",
    },
)
print("wrote", OUT)
