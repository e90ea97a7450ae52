"""Every enumeration is defined once, in the library; dbt's vars (its accepted_values tests) and
the Great Expectations suites hold copies, checked here value for value and in order."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import yaml

from winnow import indicators, metric_checks, records, runlog, site, units
from winnow.quality import load_suites

ROOT = Path(__file__).resolve().parents[1]
DBT = ROOT / "dbt"

# dbt var → the library's definition (None: made in the dbt SQL itself, see DBT_MADE).
LIBRARY: dict[str, tuple[str, ...] | None] = {
    "unit_families": tuple(units.UNIT_FAMILIES),
    "qualifiers": typing.get_args(records.Qualifier),
    "region_levels": typing.get_args(records.RegionLevel),
    "gazetteer_levels": typing.get_args(records.RegionLevel)[:-1],  # the gazetteer stops at counties
    "formats": typing.get_args(records.Format),
    "source_kinds": typing.get_args(records.Source),
    "abstract_kinds": None,
    "doc_types": tuple(site.DOC_TYPES),
    "quarantine_reasons": tuple(records.QUARANTINE_REASONS),
    "article_doc_types": tuple(records.DOC_TYPES),
    "run_statuses": tuple(runlog.RUN_STATUSES),
    "reject_reasons": tuple(metric_checks.REJECT_REASONS),
    "measures": tuple(indicators.MEASURES),
    "measure_kinds": tuple(indicators.MEASURE_KINDS),
}
DBT_MADE = {"abstract_kinds": DBT / "models/intermediate/int_abstracts_collected.sql"}
# (suite, column) of every in-set expectation with more than one value → the dbt var it copies.
SUITES: dict[tuple[str, str], str | None] = {
    ("abstracts", "kind"): "abstract_kinds",
    ("abstracts", "doc_type"): "doc_types",
    ("articles", "format"): "formats",
    ("articles", "encoding"): None,  # a warning on codec names, not a list of the library's
    ("indicators", "measure_kind"): "measure_kinds",
    ("load_runs", "status"): "run_statuses",
    ("metrics", "source_kind"): "source_kinds",
    ("metrics", "unit_family"): "unit_families",
    ("metrics", "qualifier"): "qualifiers",
    ("metrics", "region_level"): "region_levels",
    ("metrics_by_region_year", "measure"): "measures",
    ("quarantine", "reason"): "quarantine_reasons",
    ("regions", "level"): "gazetteer_levels",
}


def _dbt_vars() -> dict[str, typing.Any]:
    return yaml.safe_load((DBT / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]


def test_every_dbt_enumeration_is_the_librarys() -> None:
    lists = {k: v for k, v in _dbt_vars().items() if isinstance(v, list)}
    assert set(lists) == set(LIBRARY), "a dbt enumeration with no library definition named here"
    for name, values in lists.items():
        own = LIBRARY[name]
        if own is None:  # made in SQL: each value is a literal of the model that makes it
            sql = DBT_MADE[name].read_text(encoding="utf-8")
            assert all(f"'{v}'" in sql for v in values), name
        else:
            assert tuple(values) == own, name


def test_every_suite_enumeration_is_dbts() -> None:
    dbt_vars = _dbt_vars()
    found = {}
    for suite, spec in load_suites().items():
        for expectation in spec["expectations"]:
            kwargs = expectation["kwargs"]
            if expectation["type"] == "expect_column_values_to_be_in_set" and len(kwargs["value_set"]) > 1:
                found[(suite, kwargs["column"])] = kwargs["value_set"]
    assert set(found) == set(SUITES), "an in-set expectation with no enumeration named here"
    for key, var in SUITES.items():
        if var is not None:
            assert found[key] == dbt_vars[var], key


def test_every_accepted_values_test_reads_a_var() -> None:
    """dbt's accepted_values lists are the vars above, never a list written into a yml."""
    literal = []
    for yml in (DBT / "models").rglob("*.yml"):
        text = yml.read_text(encoding="utf-8")
        for m in re.finditer(r"accepted_values:\s*\n\s*arguments:\s*\n\s*values:\s*(.*)", text):
            if "var(" not in m.group(1):
                literal.append(f"{yml.relative_to(ROOT)}: {m.group(1)}")
    assert not literal, literal


def _reasons_written() -> set[str]:
    """The quarantine reasons the library writes as literals: ``Rejected("empty", …)``,
    ``ParseResult.quarantined(path, sha, "too_slow", …)`` and page kinds (``not_an_article: …``)."""
    import ast

    found = set()
    for path in (ROOT / "src" / "winnow").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                at = {"Rejected": 0, "quarantined": 2}.get(str(name))
                if at is not None and len(node.args) > at and isinstance(node.args[at], ast.Constant):
                    found.add(str(node.args[at].value))
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value.startswith(("not_an_article: ", "not_a_page: "))
            ):
                found.add(node.value)
    return found


def test_every_quarantine_reason_the_library_writes_is_declared() -> None:
    written = _reasons_written()
    assert len(written) >= 15
    assert written <= set(records.QUARANTINE_REASONS), written - set(records.QUARANTINE_REASONS)
