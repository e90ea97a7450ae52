"""Batch-level data quality: run the Great Expectations suites of ``expectations/`` on a build.

Each suite is a declarative GE 1.x JSON file. Its ``meta.winnow`` says what batch it
validates: ``batch_sql`` (a query over the marts, run read-only through duckdb; the
result goes to GE as a pandas DataFrame, because GE's SQL datasource is broken on
DuckDB) or ``batch: health`` (one row built from the facts the flow passes). Each
expectation's ``meta.severity`` is ``critical`` (blocks publishing) or ``warning``
(reported only); ``meta.name`` is the sentence a reader sees.

Stages of :func:`run_checks`:
1. load the suites and their parameters: the Settings' thresholds and body budget, the
   bounds a suite keeps for itself, the current year, and any thresholds in ``health``;
2. read each batch with duckdb: heavy text columns arrive only for the rows that match the
   suite's own not-match patterns (``{match:COLUMN}`` in the SQL), the rest as null. A
   table over ``FULL_ROWS`` rows is reduced in SQL before pandas sees it: every row that
   could fail a row-level expectation (the expectations translated into a predicate) plus
   a fixed-size sample of the others; so failures are all seen, at a cost that grows with
   the failures rather than the table;
3. validate with an ephemeral, file-less GE context (no network, analytics off);
4. collect one :class:`CheckResult` per expectation into a :class:`CheckReport`.

:func:`build_data_docs` writes the data-quality site for a report (``winnow.quality_site``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from winnow import duck
from winnow.settings import Budgets, Settings, Thresholds

# Each ephemeral context logs the temporary folder it makes for a docs site we never build;
# a level set by the caller (the command line's debug) wins.
_GX_TEMP_LOGGER = logging.getLogger("great_expectations.data_context.types.base")
if _GX_TEMP_LOGGER.level == logging.NOTSET:
    _GX_TEMP_LOGGER.setLevel(logging.WARNING)

# The suites shipped with the library (package data; in a checkout, a link to expectations/).
# Settings.expectations (WINNOW_EXPECTATIONS) names another folder.
SUITES_DIR = Path(str(resources.files("winnow").joinpath("expectations")))
HEALTH_SUITE = "batch_health"
SEVERITIES = ("critical", "warning")
# Thresholds a caller's health facts may carry over the Settings' (their values: winnow.settings).
HEALTH_THRESHOLDS = ("max_quarantined_share", "max_count_drop", "share_min_files")
# Tables over FULL_ROWS rows are checked on their suspect rows and SAMPLE_ROWS others (the
# Settings' defaults, check_full_rows and check_sample_rows).
FULL_ROWS = Settings().check_full_rows
SAMPLE_ROWS = Settings().check_sample_rows
_MATCH = re.compile(r"\{match:(\w+)\}")
_NOT_MATCH_TYPES = ("expect_column_values_to_not_match_regex", "expect_column_values_to_not_match_regex_list")


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The outcome of one expectation."""

    suite: str
    name: str
    expectation: str
    column: str | None
    severity: str
    success: bool
    observed: str

    @property
    def label(self) -> str:
        return f"{self.suite}: {self.name}"


@dataclass(slots=True)
class CheckReport:
    """Every expectation's outcome; ``passed`` when no critical expectation failed."""

    results: list[CheckResult]
    seconds: float
    skipped_suites: list[str] = field(default_factory=list)
    reduced: dict[str, tuple[int, int]] = field(default_factory=dict)  # suite: (table rows, batch rows)
    validations: list[tuple[Any, Any]] = field(default_factory=list, repr=False)
    parameters: dict[str, Any] = field(default_factory=dict, repr=False)  # the values the suites used
    suites_dir: Path | None = None  # where the suites were read (None: the shipped ones)

    @property
    def failures(self) -> list[CheckResult]:
        return [r for r in self.results if not r.success and r.severity == "critical"]

    @property
    def warnings(self) -> list[CheckResult]:
        return [r for r in self.results if not r.success and r.severity != "critical"]

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def n_passed(self) -> int:
        return sum(r.success for r in self.results)

    @property
    def n_failed(self) -> int:
        return len(self.failures)

    @property
    def n_warned(self) -> int:
        return len(self.warnings)

    def format(self) -> str:
        """A human summary naming each failed and warned expectation."""
        verdict = "PASSED" if self.passed else "FAILED"
        lines = [
            f"Data checks {verdict}: {self.n_passed} passed, {self.n_failed} failed (critical), "
            f"{self.n_warned} warnings, in {self.seconds:.1f} s."
        ]
        lines += [f"  FAILED  {r.label} — {r.observed}" for r in self.failures]
        lines += [f"  WARNING {r.label} — {r.observed}" for r in self.warnings]
        lines += [f"  skipped suite {name} (no batch facts given)" for name in self.skipped_suites]
        lines += [
            f"  {name}: {rows:,} rows, checked on {kept:,} (every suspect row and a sample)"
            for name, (rows, kept) in self.reduced.items()
        ]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (for runs.jsonl and ``winnow status``)."""
        return {
            "passed": self.passed,
            "checks_passed": self.n_passed,
            "checks_failed": self.n_failed,
            "checks_warned": self.n_warned,
            "seconds": round(self.seconds, 3),
            "failures": [r.label for r in self.failures],
            "warnings": [r.label for r in self.warnings],
        }


def load_suites(suites_dir: Path | None = None) -> dict[str, dict[str, Any]]:
    """The suite files as dicts, by suite name."""
    folder = suites_dir or SUITES_DIR
    suites = {}
    for path in sorted(folder.glob("*.json")):
        suite = json.loads(path.read_text(encoding="utf-8"))
        suites[suite["name"]] = suite
    if not suites:
        raise FileNotFoundError(f"no expectation suites in {folder}")
    return suites


def run_checks(
    db_path: Path,
    *,
    health: Mapping[str, Any] | None,
    suites_dir: Path | None = None,
    today: dt.date | None = None,
    thresholds: Thresholds | None = None,
    budgets: Budgets | None = None,
    full_rows: int = FULL_ROWS,
    sample_rows: int = SAMPLE_ROWS,
) -> CheckReport:
    """Validate the marts of ``db_path`` (opened read-only) against every suite.

    ``health`` carries what the flow knows about this run: ``files_new``,
    ``files_changed`` (0 if absent), ``files_quarantined_this_run``,
    ``articles_from_new_files``, ``previous_articles`` and ``previous_metrics`` (counts of
    the last published load, or None), and optionally its own ``max_quarantined_share``,
    ``max_count_drop`` and ``share_min_files`` (the files a run must process before its
    quarantined share, or its lack of articles, is judged) over ``thresholds``.
    With an empty or None ``health`` (``winnow check`` on a published warehouse) the
    batch-health suite is skipped. ``thresholds``: the Settings' (default: their defaults), which
    the suites name as parameters (year bounds, target horizon, batch-health limits).
    """
    started = time.perf_counter()
    suites = load_suites(suites_dir)
    base = {**(thresholds.as_parameters() if thresholds else {}), **(health or {})}
    parameters = _parameters(suites, base, today or dt.date.today(), thresholds)
    if budgets is not None:  # bodies are cut to the budget: the hard bound is the same number
        parameters["max_body_chars"] = budgets.max_body_chars
    report = CheckReport(results=[], seconds=0.0, parameters=parameters, suites_dir=suites_dir)
    with duck.connect(db_path, read_only=True) as con:
        con.execute("set enable_progress_bar = false")
        batches = {}
        for name, suite in suites.items():
            if suite["meta"]["winnow"].get("batch") == "health":
                if not health:
                    report.skipped_suites.append(name)
                    continue
                batches[name] = _health_batch(con, {**base, **parameters})
            else:
                rows = _count(con, suite["meta"]["winnow"]["table"])
                sql = _batch_sql(suite, parameters, rows, full_rows=full_rows, sample_rows=sample_rows)
                batches[name] = con.execute(sql).df()
                if rows > full_rows and len(batches[name]) < rows:
                    report.reduced[name] = (rows, len(batches[name]))
    validator = _Validator()
    for name, frame in batches.items():
        suite, result = validator.validate(suites[name], frame, parameters)
        report.validations.append((suite, result))
        report.results.extend(_results(name, result, frame if len(frame) == 1 else None))
    report.seconds = time.perf_counter() - started
    return report


def build_data_docs(
    report_or_results: CheckReport | Iterable[tuple[Any, Any]], out_dir: Path, *, run_name: str | None = None
) -> Path:
    """Write the data-quality site for these validations into ``out_dir``; returns its index.html.

    The site is Winnow's own (``winnow.quality_site``): self-contained pages that open from
    file:// with no network, every page value escaped."""
    from winnow import quality_site

    if isinstance(report_or_results, CheckReport):
        pairs, parameters = report_or_results.validations, report_or_results.parameters
        suites = load_suites(report_or_results.suites_dir)
    else:
        pairs, parameters, suites = list(report_or_results), {}, load_suites()
    items = quality_site.validations(pairs, suites, parameters)
    name = run_name or f"checks of {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    return quality_site.write_site(items, Path(out_dir), run_name=name)


class _Validator:
    """An ephemeral GE context with one pandas data asset; validates one DataFrame at a time."""

    def __init__(self) -> None:
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self._context = gx.get_context(mode="ephemeral")
        self._context.variables.progress_bars = ProgressBarsConfig(globally=False)
        asset = self._context.data_sources.add_pandas("winnow").add_dataframe_asset("batch")
        self._batch_definition = asset.add_batch_definition_whole_dataframe("whole")

    def validate(
        self, suite_dict: dict[str, Any], frame: pd.DataFrame, parameters: dict[str, Any]
    ) -> tuple[Any, Any]:
        from great_expectations.core import ExpectationSuite

        suite = ExpectationSuite(**_with_native_severity(suite_dict))
        batch = self._batch_definition.get_batch(batch_parameters={"dataframe": frame})
        result = batch.validate(suite, expectation_parameters=parameters, result_format="SUMMARY")
        return suite, result


def _with_native_severity(suite_dict: dict[str, Any]) -> dict[str, Any]:
    """A copy whose expectations also carry GE's own ``severity`` (shown in Data Docs)."""
    copy = json.loads(json.dumps(suite_dict))
    copy.pop("notes", None)
    for expectation in copy["expectations"]:
        severity = expectation.setdefault("meta", {}).get("severity", "critical")
        if severity not in SEVERITIES:
            raise ValueError(f"{copy['name']}: unknown severity {severity!r}")
        expectation["severity"] = severity
    return copy


def _parameters(
    suites: dict[str, dict[str, Any]],
    health: Mapping[str, Any],
    today: dt.date,
    thresholds: Thresholds | None = None,
) -> dict[str, Any]:
    parameters: dict[str, Any] = {}
    for suite in suites.values():  # bounds only a suite uses live in it (min_regions …)
        parameters.update(suite["meta"]["winnow"].get("parameters", {}))
    t = thresholds or Thresholds()  # written once, in the Settings: the suites name them only
    parameters.update(t.as_parameters())
    parameters["max_body_chars"] = Budgets().max_body_chars  # the body budget's default
    parameters["max_year"] = today.year + 1
    parameters["max_target_year"] = parameters["max_year"] + t.target_horizon
    for key in HEALTH_THRESHOLDS:
        if health.get(key) is not None:
            parameters[key] = float(health[key])
    return parameters


def _batch_sql(
    suite: dict[str, Any],
    parameters: Mapping[str, Any] | None = None,
    rows: int = 0,
    *,
    full_rows: int = FULL_ROWS,
    sample_rows: int = SAMPLE_ROWS,
) -> str:
    """The suite's query: ``{match:COLUMN}`` filled in, and reduced in SQL when the table is large."""
    sql = _MATCH.sub(lambda m: _not_match_condition(suite, m.group(1)), suite["meta"]["winnow"]["batch_sql"])
    suspect = _suspect_condition(suite, parameters or {}) if rows > full_rows else None
    if suspect is None:
        return sql
    return (
        f"with batch as materialized ({sql}), "
        f"suspects as (select * from batch where {suspect}), "
        f"sampled as (select * from batch tablesample reservoir({int(sample_rows)} rows) repeatable (7) "
        f"where not ({suspect})) "
        "select * from suspects union all select * from sampled"
    )


def _not_match_condition(suite: dict[str, Any], column: str) -> str:
    """A duckdb predicate true where ``column`` matches one of the suite's not-match patterns on it."""
    patterns: list[str] = []
    for expectation in suite["expectations"]:
        kwargs = expectation["kwargs"]
        if expectation["type"] in _NOT_MATCH_TYPES and kwargs.get("column") == column:
            patterns += kwargs.get("regex_list") or [kwargs["regex"]]
    if not patterns:
        return "false"
    return f"coalesce(regexp_matches({column}, {_literal('|'.join(f'(?:{p})' for p in patterns))}), false)"


def _suspect_condition(suite: dict[str, Any], parameters: Mapping[str, Any]) -> str | None:
    """A predicate over ``batch`` true for every row that could fail one of the suite's
    row-level expectations; None when an expectation cannot be translated (then no reduction).
    Expectations with ``mostly`` are left out: they judge proportions, seen on the sample."""
    conditions = []
    for expectation in suite["expectations"]:
        kwargs = {k: _resolve(v, parameters) for k, v in expectation["kwargs"].items()}
        if "mostly" in kwargs:
            continue
        condition = _row_failure(expectation["type"], kwargs)
        if condition is None:
            return None
        conditions.append(f"coalesce({condition}, false)")
    return " or ".join(conditions) or "false"


def _row_failure(kind: str, kw: dict[str, Any]) -> str | None:
    column = kw.get("column")
    if kind == "expect_column_values_to_not_be_null":
        return f"{column} is null"
    if kind == "expect_column_values_to_be_unique":
        return f"{column} in (select {column} from batch group by {column} having count(*) > 1)"
    if kind == "expect_compound_columns_to_be_unique":
        key = "concat_ws('|', " + ", ".join(f"{c}::varchar" for c in kw["column_list"]) + ")"
        return f"{key} in (select {key} from batch group by all having count(*) > 1)"
    if kind == "expect_column_values_to_be_in_set":
        return f"{column} not in ({', '.join(_literal(v) for v in kw['value_set'])})"
    if kind == "expect_column_values_to_be_between":
        bounds = [f"{column} < {_literal(kw['min_value'])}"] if kw.get("min_value") is not None else []
        bounds += [f"{column} > {_literal(kw['max_value'])}"] if kw.get("max_value") is not None else []
        return " or ".join(bounds) or "false"
    if kind in _NOT_MATCH_TYPES:
        patterns = kw.get("regex_list") or [kw["regex"]]
        return f"regexp_matches({column}, {_literal('|'.join(f'(?:{p})' for p in patterns))})"
    if kind == "expect_column_values_to_match_regex":
        return f"not regexp_matches({column}, {_literal(kw['regex'])})"
    if kind == "expect_column_pair_values_a_to_be_greater_than_b":
        a, b, op = kw["column_A"], kw["column_B"], ">=" if kw.get("or_equal") else ">"
        return f"({a} is null) <> ({b} is null) or not ({a} {op} {b})"
    return None


def _resolve(value: Any, parameters: Mapping[str, Any]) -> Any:
    if isinstance(value, dict) and "$PARAMETER" in value:
        return parameters[value["$PARAMETER"]]
    return value


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def _health_batch(con: duckdb.DuckDBPyConnection, health: Mapping[str, Any]) -> pd.DataFrame:
    """One row of batch facts: shares and drops computed from ``health`` and the staged counts."""
    articles, metrics = _count(con, "marts.articles"), _count(con, "marts.metrics")
    processed = int(health.get("files_new") or 0) + int(health.get("files_changed") or 0)
    quarantined = int(health.get("files_quarantined_this_run") or 0)
    from_new = health.get("articles_from_new_files")
    # A share of a handful of files says nothing about the batch (one empty file is 100%): the
    # share and the "no articles" fact are judged from share_min_files files on; below that
    # the quarantined files are simply quarantined.
    judged = processed >= int(health.get("share_min_files") or 1)
    return pd.DataFrame(
        {
            "articles": [articles],
            "metrics": [metrics],
            "files_processed": [processed],
            "quarantined_share": [quarantined / processed if processed and judged else 0.0],
            "article_drop_share": [_drop(health.get("previous_articles"), articles)],
            "metric_drop_share": [_drop(health.get("previous_metrics"), metrics)],
            "new_files_without_articles": [
                judged and processed > 0 and from_new is not None and int(from_new) == 0
            ],
        }
    )


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"select count(*) from {table}").fetchone()
    return int(row[0]) if row else 0


def _drop(previous: int | None, current: int) -> float | None:
    """Share lost against the previous published count (0 when it grew; None when unknown)."""
    if not previous:
        return None
    return max(0.0, 1.0 - current / previous)


def _results(suite_name: str, validation: Any, single_row: pd.DataFrame | None) -> list[CheckResult]:
    """One CheckResult per expectation; a one-row batch (batch health) shows the value it holds."""
    results = []
    for outcome in validation.results:
        config = outcome.expectation_config
        meta = config.meta or {}
        column = config.kwargs.get("column")
        results.append(
            CheckResult(
                suite=suite_name,
                name=meta.get("name") or f"{config.type}({column or ''})",
                expectation=config.type,
                column=column,
                severity=meta.get("severity", "critical"),
                success=bool(outcome.success),
                observed=_observed(outcome, column, single_row),
            )
        )
    return results


def _observed(outcome: Any, column: str | None, single_row: pd.DataFrame | None) -> str:
    """What GE saw, in a few words: the observed value, or the unexpected count and examples."""
    info = outcome.exception_info or {}
    if info.get("raised_exception"):
        return f"error: {info.get('exception_message')}"
    if single_row is not None and column in single_row.columns:
        value = single_row[column].iloc[0]
        value = None if pd.isna(value) else getattr(value, "item", lambda: value)()
        return f"{column} = {_short(value)}"
    result = outcome.result or {}
    if "observed_value" in result:
        return f"observed {result['observed_value']!r}"
    if "unexpected_count" in result:
        examples = ", ".join(_short(v) for v in (result.get("partial_unexpected_list") or [])[:3])
        text = f"{result['unexpected_count']} of {result.get('element_count')} unexpected"
        return f"{text} (e.g. {examples})" if examples else text
    return "no result"


def _short(value: Any, width: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"
