"""Where the dbt project and the expectation suites come from: the Settings name them
(WINNOW_DBT_DIR, WINNOW_EXPECTATIONS); unset, the suites are the library's package data and
the dbt project is the one beside the application. Nothing reads them at import."""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import pytest

import flows.dbt
from winnow import quality
from winnow.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_the_settings_name_both_folders() -> None:
    s = Settings.from_env({"WINNOW_DBT_DIR": "/srv/dbt", "WINNOW_EXPECTATIONS": "/srv/suites"})
    assert s.dbt_dir == Path("/srv/dbt") and s.expectations == Path("/srv/suites")
    unset = Settings.from_env({})
    assert unset.dbt_dir is None and unset.expectations is None


def test_the_suites_ship_with_the_library() -> None:
    """In a checkout the package's folder is a link to expectations/: one copy of each suite."""
    assert quality.SUITES_DIR.parent == Path(quality.__file__).parent
    assert quality.SUITES_DIR.resolve() == (ROOT / "expectations").resolve()
    assert set(quality.load_suites()) == {p.stem for p in (ROOT / "expectations").glob("*.json")}


def test_a_suites_folder_is_read_where_it_is_named(tmp_path: Path) -> None:
    shutil.copy(ROOT / "expectations" / "regions.json", tmp_path)
    assert list(quality.load_suites(tmp_path)) == ["regions"]


def test_the_dbt_project_is_not_read_from_the_environment_at_import(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WINNOW_DBT_DIR", "/nowhere")
    assert importlib.reload(flows.dbt).PROJECT_DIR == ROOT / "dbt"


def test_dbt_runs_the_project_it_is_given(tmp_path: Path) -> None:
    """A folder without a dbt project fails (the default project, used by every dbt test, builds)."""
    empty = tmp_path / "empty"
    empty.mkdir()
    outcome = flows.dbt.run_dbt(["parse"], tmp_path / "w.duckdb", project=empty, work_dir=tmp_path / "a")
    assert not outcome.success
