"""Every threshold is written once, in winnow.settings.Thresholds: the Great Expectations suites
name it as a parameter and hold no value of their own, and the library's defaults are read
from there."""

from __future__ import annotations

import datetime as dt
import inspect
import json
from dataclasses import fields, replace
from typing import Any

from winnow import landing, metric_checks, quality
from winnow.quality import load_suites
from winnow.settings import Budgets, Thresholds


def _parameters_named(node: Any) -> set[str]:
    if isinstance(node, dict):
        if set(node) == {"$PARAMETER"}:
            return {node["$PARAMETER"]}
        return set().union(*(_parameters_named(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_parameters_named(v) for v in node))
    return set()


def test_the_suites_name_thresholds_and_hold_no_values_of_them() -> None:
    """A suite may hold a bound only it uses (min_regions); the Settings' thresholds and
    budgets it names, never restates."""
    settings_names = {*Thresholds().as_parameters(), *(f.name for f in fields(Budgets))}
    suites = load_suites()
    given = quality._parameters(suites, {}, dt.date(2026, 12, 8))
    for name, suite in suites.items():
        own = set(suite["meta"]["winnow"].get("parameters", {}))
        assert not own & settings_names, f"{name} restates {sorted(own & settings_names)}"
        assert _parameters_named(suite["expectations"]) <= set(given), name
    assert set(Thresholds().as_parameters()) <= set(given)
    assert given["max_body_chars"] == Budgets().max_body_chars


def test_a_changed_threshold_reaches_the_suites() -> None:
    t = replace(Thresholds(), min_year=1978, target_horizon=10, max_count_drop=0.05)
    given = quality._parameters(load_suites(), {}, dt.date(2026, 12, 8), t)
    assert given["min_year"] == 1978 and given["max_count_drop"] == 0.05
    assert given["max_year"] == 2027 and given["max_target_year"] == 2037


def test_the_library_defaults_are_the_settings() -> None:
    t = Thresholds()
    for function in (metric_checks.reject_reason, landing.rows):
        defaults = {k: p.default for k, p in inspect.signature(function).parameters.items()}
        assert defaults["min_year"] == t.min_year and defaults["target_horizon"] == t.target_horizon


def test_no_suite_file_carries_a_threshold_value() -> None:
    """The numbers themselves are not written in the suites' JSON (names only)."""
    t = Thresholds()
    for path in quality.SUITES_DIR.glob("*.json"):
        text = json.dumps(json.loads(path.read_text(encoding="utf-8"))["expectations"])
        assert str(t.min_year) not in text, path.name
