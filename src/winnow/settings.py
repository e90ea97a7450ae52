"""Every setting of a run, in one typed, frozen object, built once and passed down.

The command line builds :class:`Settings` once (``Settings.from_env`` with its flags as
overrides), validates it at start (a bad value raises :class:`SettingError` naming the
variable), and hands it to the flow; library functions take the part they need
(:class:`Budgets` for reading and parsing one file, :class:`Thresholds` for the checks) as
explicit arguments. Nothing here is read from the environment at import.

Each field's ``metadata`` names its environment variable and says what it is for;
``Settings.describe()`` lists them (``winnow config``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

MiB = 1024 * 1024
SIZE_RE = re.compile(r"\d+(\.\d+)?\s*([KMGT]i?)?B", re.IGNORECASE)


class SettingError(ValueError):
    """A setting has a value Winnow cannot use; the message names its variable."""


def _env(name: str, doc: str, **kw: Any) -> dict[str, Any]:
    return {"env": name, "doc": doc, **kw}


@dataclass(frozen=True, slots=True)
class Budgets:
    """What one raw file may cost, enforced where it is read and parsed (a parse worker).

    A file over a budget is quarantined with the budget's reason (``too_large``,
    ``too_slow``, ``too_many_mentions``), or, for a long body, truncated and flagged;
    the rest of the run goes on.
    """

    max_file_bytes: int = field(
        default=20 * MiB,
        metadata=_env("WINNOW_MAX_FILE_BYTES", "bytes read from one raw file (larger: too_large)"),
    )
    max_text_bytes: int = field(
        default=20 * MiB,
        metadata=_env("WINNOW_MAX_TEXT_BYTES", "bytes of one file after inflating gzip (larger: too_large)"),
    )
    parse_seconds: float = field(
        default=60.0,
        metadata=_env(
            "WINNOW_PARSE_SECONDS", "wall seconds to parse one file (over: too_slow, the worker replaced)"
        ),
    )
    max_body_chars: int = field(
        default=500_000,
        metadata=_env("WINNOW_MAX_BODY_CHARS", "characters kept of one body (longer: truncated and flagged)"),
    )
    max_mentions: int = field(
        default=20_000,
        metadata=_env("WINNOW_MAX_MENTIONS", "metric mentions in one document (more: too_many_mentions)"),
    )
    max_mentions_per_sentence: int = field(
        default=200,
        metadata=_env(
            "WINNOW_MAX_MENTIONS_PER_SENTENCE", "metric mentions in one sentence (more: too_many_mentions)"
        ),
    )

    def check(self) -> None:
        for f in fields(self):
            if getattr(self, f.name) <= 0:
                raise SettingError(f"{f.metadata['env']} must be positive, not {getattr(self, f.name)!r}")


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The batch-level facts that block publishing, and the year bounds of the metric checks.

    Written once here; the Great Expectations suites get them as suite parameters and dbt as
    ``--vars`` (``as_parameters``).
    """

    max_quarantined_share: float = field(
        default=0.5,
        metadata=_env("WINNOW_MAX_QUARANTINED_SHARE", "share of a run's files that may be quarantined (0-1)"),
    )
    max_count_drop: float = field(
        default=0.2,
        metadata=_env(
            "WINNOW_MAX_COUNT_DROP", "share by which articles or metrics may drop against the last load (0-1)"
        ),
    )
    share_min_files: int = field(
        default=20,
        metadata=_env(
            "WINNOW_SHARE_MIN_FILES",
            "files a run must process before its quarantined share (or no articles) can block it",
        ),
    )
    min_year: int = field(default=1949, metadata=_env("WINNOW_MIN_YEAR", "earliest year a metric may name"))
    target_horizon: int = field(
        default=30,
        metadata=_env("WINNOW_TARGET_HORIZON", "years after next year a target (到2035年) may name"),
    )

    def check(self) -> None:
        for name in ("max_quarantined_share", "max_count_drop"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise SettingError(f"{_var(self, name)} must lie between 0 and 1, not {value!r}")
        if self.share_min_files < 1:
            raise SettingError(f"{_var(self, 'share_min_files')} must be at least 1")
        if not 1000 <= self.min_year <= 3000:
            raise SettingError(f"{_var(self, 'min_year')} must be a year, not {self.min_year!r}")
        if not 0 <= self.target_horizon <= 200:
            raise SettingError(f"{_var(self, 'target_horizon')} must be 0-200 years")

    def as_parameters(self) -> dict[str, float | int]:
        """The thresholds by name: GE's suite parameters, dbt's vars."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run is told: where things are, how it runs, and its budgets and thresholds."""

    raw: Path = field(default=Path("raw"), metadata=_env("WINNOW_RAW", "folder of raw page dumps"))
    warehouse: Path = field(
        default=Path("warehouse/winnow.duckdb"),
        metadata=_env("WINNOW_WAREHOUSE", "the published DuckDB file"),
    )
    dask: str = field(
        default="",
        metadata=_env("WINNOW_DASK", "parse on a Dask cluster: tcp://host:8786, or local; empty: here"),
    )
    search_index: bool = field(
        default=True, metadata=_env("WINNOW_SEARCH_INDEX", "build the full-text index (on/off)")
    )
    batch_dir: Path | None = field(
        default=None,
        metadata=_env("WINNOW_BATCH_DIR", "with --dask: where parsed batches wait (default: state folder)"),
    )
    duckdb_memory: str = field(
        default="256MB", metadata=_env("WINNOW_DUCKDB_MEMORY", "DuckDB's memory cap (512MB, 2GB…)")
    )
    check_full_rows: int = field(
        default=50_000,
        metadata=_env("WINNOW_CHECK_FULL_ROWS", "larger tables are checked on suspect rows and a sample"),
    )
    check_sample_rows: int = field(
        default=10_000, metadata=_env("WINNOW_CHECK_SAMPLE_ROWS", "rows sampled from such a table")
    )
    notify_url: str = field(
        default="", metadata=_env("WINNOW_NOTIFY_URL", "Apprise URL told of failed or blocked runs")
    )
    prefect_port: int = field(
        default=4200, metadata=_env("WINNOW_PREFECT_PORT", "port of the local Prefect server of serve")
    )
    interrupt_seconds: float = field(
        default=5.0,
        metadata=_env("WINNOW_INTERRUPT_SECONDS", "how long Ctrl-C or SIGTERM waits for a run to stop"),
    )
    dbt_dir: Path | None = field(
        default=None,
        metadata=_env("WINNOW_DBT_DIR", "the dbt project; empty: the one beside the command line (dbt/)"),
    )
    expectations: Path | None = field(
        default=None,
        metadata=_env(
            "WINNOW_EXPECTATIONS", "folder of the Great Expectations suites; empty: those shipped with winnow"
        ),
    )
    budgets: Budgets = field(default_factory=Budgets)
    thresholds: Thresholds = field(default_factory=Thresholds)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from ``environ`` (default: the process's), then ``overrides`` (the CLI's
        flags, by field name; None leaves a field as the environment set it), validated."""
        env = os.environ if environ is None else environ
        budgets = _from(Budgets, env, overrides)
        thresholds = _from(Thresholds, env, overrides)
        top = {k: v for k, v in overrides.items() if k in {f.name for f in fields(cls)}}
        settings = _from(cls, env, top, budgets=budgets, thresholds=thresholds)
        settings.check()
        return settings

    def check(self) -> None:
        """Raise SettingError naming the variable of the first value that cannot be used."""
        if not SIZE_RE.fullmatch(self.duckdb_memory.strip()):
            raise SettingError(
                f"WINNOW_DUCKDB_MEMORY must be a size such as 512MB or 2GB, not {self.duckdb_memory!r}"
            )
        if self.dask and self.dask != "local" and not re.match(r"^[a-z]+://", self.dask):
            raise SettingError(
                f"WINNOW_DASK must be 'local' or a scheduler address (tcp://host:8786), not {self.dask!r}"
            )
        for name in ("check_full_rows", "check_sample_rows", "prefect_port"):
            if getattr(self, name) <= 0:
                raise SettingError(f"{_var(self, name)} must be positive")
        if not 0 < self.interrupt_seconds <= 600:
            raise SettingError("WINNOW_INTERRUPT_SECONDS must be between 0 and 600")
        self.budgets.check()
        self.thresholds.check()

    def with_(self, **changes: Any) -> Settings:
        """A copy with ``changes`` (fields of Settings, Budgets or Thresholds), validated."""
        mine = {k: v for k, v in changes.items() if k in {f.name for f in fields(self)}}
        b = {k: v for k, v in changes.items() if k in {f.name for f in fields(Budgets)}}
        t = {k: v for k, v in changes.items() if k in {f.name for f in fields(Thresholds)}}
        budgets, thresholds = replace(self.budgets, **b), replace(self.thresholds, **t)
        out = replace(self, **mine, budgets=budgets, thresholds=thresholds)
        out.check()
        return out

    def describe(self) -> list[tuple[str, str, Any, str]]:
        """(setting, variable, value, what it is for) for every setting, nested ones included."""
        return list(_describe(self))

    def prefect_env(self) -> dict[str, str]:
        """The variables the run's libraries read themselves (dbt's profile, DuckDB's cap)."""
        return {"WINNOW_DUCKDB_MEMORY": self.duckdb_memory.strip()}


# Third-party tools' own opt-outs of usage reporting, written once: the CLI sets them (unless the
# user did) before importing any of these tools.
QUIET_DEFAULTS: dict[str, str] = {
    "DO_NOT_TRACK": "1",
    "GX_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
}


def quiet_defaults(environ: dict[str, str] | os._Environ[str] | None = None) -> None:
    env = os.environ if environ is None else environ
    for key, value in QUIET_DEFAULTS.items():
        env.setdefault(key, value)


def _var(obj: Any, name: str) -> str:
    return str(next(f.metadata["env"] for f in fields(obj) if f.name == name))


def _parser(kind: Any) -> Callable[[str], Any]:
    text = str(kind)
    if text == "bool":
        return _boolean
    if text == "int":
        return lambda s: int(s.replace("_", ""))
    if text == "float":
        return float
    if text == "Path":
        return lambda s: Path(s) if s else _empty()
    if text == "Path | None":
        return lambda s: Path(s) if s else None
    return str


def _empty() -> Path:
    raise ValueError("an empty path")


def _boolean(text: str) -> bool:
    value = text.strip().lower()
    if value in {"1", "on", "true", "yes"}:
        return True
    if value in {"0", "off", "false", "no"}:
        return False
    raise ValueError("expected on or off")


def _from(cls: Any, env: Mapping[str, str], overrides: Mapping[str, Any], **nested: Any) -> Any:
    values: dict[str, Any] = dict(nested)
    for f in fields(cls):
        if f.name in nested:
            continue
        if overrides.get(f.name) is not None:
            given = overrides[f.name]
            values[f.name] = _parser(f.type)(given) if isinstance(given, str) else given
            continue
        variable = f.metadata.get("env")
        raw = env.get(variable) if variable else None
        if raw is None:
            continue
        try:
            values[f.name] = _parser(f.type)(raw.strip())
        except ValueError:
            raise SettingError(f"{variable}={raw!r} is not a valid {f.type}: {f.metadata['doc']}") from None
    return cls(**values)


def _describe(obj: Any) -> Iterator[tuple[str, str, Any, str]]:
    for f in fields(obj):
        value = getattr(obj, f.name)
        if is_dataclass(value):
            yield from _describe(value)
        else:
            yield f.name, f.metadata["env"], value, f.metadata["doc"]
