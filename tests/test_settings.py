"""Settings: one typed object, validated at start, the variable named in every error."""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError, fields
from pathlib import Path

import pytest

from winnow.settings import Budgets, SettingError, Settings, Thresholds


def test_defaults_need_no_environment() -> None:
    s = Settings.from_env({})
    assert s.raw == Path("raw") and s.warehouse == Path("warehouse/winnow.duckdb")
    assert s.thresholds.max_quarantined_share == 0.5 and s.budgets.max_file_bytes == 20 * 1024 * 1024


def test_environment_then_flags() -> None:
    env = {"WINNOW_RAW": "/data/raw", "WINNOW_MAX_COUNT_DROP": "0.1", "WINNOW_SEARCH_INDEX": "off",
           "WINNOW_PARSE_SECONDS": "2.5", "WINNOW_MAX_MENTIONS": "1_000"}  # fmt: skip
    s = Settings.from_env(env, raw=Path("elsewhere"), warehouse=None)
    assert s.raw == Path("elsewhere")  # the flag wins
    assert s.warehouse == Path("warehouse/winnow.duckdb")  # None: not given
    assert s.thresholds.max_count_drop == 0.1 and s.search_index is False
    assert s.budgets.parse_seconds == 2.5 and s.budgets.max_mentions == 1000


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("WINNOW_MAX_QUARANTINED_SHARE", "half"),
        ("WINNOW_MAX_QUARANTINED_SHARE", "1.5"),
        ("WINNOW_MAX_COUNT_DROP", "-0.1"),
        ("WINNOW_SEARCH_INDEX", "maybe"),
        ("WINNOW_DUCKDB_MEMORY", "lots"),
        ("WINNOW_PARSE_SECONDS", "0"),
        ("WINNOW_MAX_FILE_BYTES", "20MB"),
        ("WINNOW_DASK", "somewhere"),
        ("WINNOW_RAW", ""),
        ("WINNOW_SHARE_MIN_FILES", "0"),
    ],
)
def test_a_bad_value_names_its_variable(variable: str, value: str) -> None:
    with pytest.raises(SettingError, match=variable):
        Settings.from_env({variable: value})


def test_frozen_and_picklable() -> None:
    s = Settings.from_env({})
    with pytest.raises(FrozenInstanceError):
        s.raw = Path("x")  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(s)) == s


def test_every_setting_is_described_with_a_variable() -> None:
    rows = Settings.from_env({}).describe()
    names = [r[0] for r in rows]
    expected = [f.name for c in (Settings, Budgets, Thresholds) for f in fields(c)]
    assert set(names) == set(expected) - {"budgets", "thresholds"}
    assert all(var.startswith("WINNOW_") and doc for _, var, _, doc in rows)
    assert len({r[1] for r in rows}) == len(rows)  # one variable per setting


def test_with_validates() -> None:
    s = Settings.from_env({})
    assert s.with_(parse_seconds=1.0, max_count_drop=0.5).budgets.parse_seconds == 1.0
    with pytest.raises(SettingError, match="WINNOW_MAX_COUNT_DROP"):
        s.with_(max_count_drop=3.0)


def test_settings_are_not_read_at_import() -> None:
    import winnow.settings as mod

    source = Path(mod.__file__).read_text(encoding="utf-8")
    top_level = [line for line in source.splitlines() if line.startswith(("os.environ", "ENV"))]
    assert top_level == []


def test_the_cli_refuses_a_bad_setting_at_start_naming_it() -> None:
    from typer.testing import CliRunner

    from flows.cli import EXIT_USAGE, app

    result = CliRunner().invoke(app, ["parse", "x.txt"], env={"WINNOW_MAX_QUARANTINED_SHARE": "lots"})
    assert result.exit_code == EXIT_USAGE
    assert "WINNOW_MAX_QUARANTINED_SHARE" in result.output and "Traceback" not in result.output
