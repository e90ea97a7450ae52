"""Winnow: Chinese journal-article page dumps into a DuckDB warehouse.

Exit codes: 0 success; 1 the run or command failed; 2 a usage error (bad option or input
path); 3 the data checks blocked publishing (the published warehouse is unchanged); 75
another run holds the warehouse (try again later); 130 interrupted (Ctrl-C); 143 stopped
(SIGTERM). Environment variables: docs/configuration.md.
"""

from __future__ import annotations

import enum
import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer import exceptions as typer_exceptions
from typer._click import exceptions as click_exceptions  # typer's own copy of click

from flows.console import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    LOG_LEVELS,
    UserError,
    error,
    prepare_logging,
    visible,
)
from winnow.settings import SettingError, Settings, quiet_defaults

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help=__doc__,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)

RawOpt = Annotated[
    Path, typer.Option("--raw", envvar="WINNOW_RAW", help="Folder of raw page dumps (read, never changed).")
]
WarehouseOpt = Annotated[
    Path,
    typer.Option(
        "--warehouse",
        envvar="WINNOW_WAREHOUSE",
        help="The published DuckDB file; its folder holds the run history.",
    ),
]
DaskOpt = Annotated[
    str,
    typer.Option(
        envvar="WINNOW_DASK",
        help="Parse on a Dask cluster: its scheduler address (tcp://host:8786), or 'local' for one on "
        "this machine. Needs a Prefect server (PREFECT_API_URL) that the workers can reach.",
    ),
]
DEFAULT_RAW, DEFAULT_WAREHOUSE = Path("raw"), Path("warehouse/winnow.duckdb")
STDIN = "-"
_state: dict[str, Any] = {"log_level": "info"}


class LogLevel(enum.StrEnum):
    debug = "debug"
    info = "info"
    warning = "warning"
    error = "error"


assert tuple(level.value for level in LogLevel) == LOG_LEVELS


def settings(**flags: Any) -> Settings:
    """The run's settings: the environment, then the flags; a bad value is a usage error naming
    its variable (checked before anything starts)."""
    try:
        return Settings.from_env(**flags)
    except SettingError as e:
        raise UserError(str(e), "see every variable and its value with: winnow config") from None


def _version(value: bool) -> None:
    if value:
        from winnow import __version__

        typer.echo(f"winnow {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Log warnings and errors only.")] = False,
    log_level: Annotated[
        LogLevel,
        typer.Option(
            envvar="WINNOW_LOG_LEVEL",
            case_sensitive=False,
            help="How much a run logs on stderr; debug adds third-party messages and tracebacks.",
        ),
    ] = LogLevel.info,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    level = "warning" if quiet and log_level is LogLevel.info else log_level.value
    _state["log_level"] = level
    prepare_logging(level)
    if not {"--help", "-h"} & set(sys.argv[1:]):
        settings()  # every setting checked before any command starts (winnow config lists them)


# --- inputs -----------------------------------------------------------------------------------


def warehouse_to_read(warehouse: Path) -> Path:
    """The published warehouse a reading command opens: a DuckDB file that exists."""
    if warehouse.is_dir():
        raise UserError(
            f"--warehouse {warehouse} is a folder, not the DuckDB file",
            f"name the file, e.g. --warehouse {warehouse / 'winnow.duckdb'}",
        )
    if not warehouse.exists():
        raise UserError(
            f"no warehouse at {warehouse}",
            "run `winnow run` first, or point --warehouse (WINNOW_WAREHOUSE) at the published file",
            code=EXIT_FAILED,
        )
    _check_duckdb_file(warehouse)
    return warehouse


def warehouse_to_write(warehouse: Path) -> Path:
    """The warehouse a run publishes: not a folder, in a folder that is one (or can be made)."""
    if warehouse.is_dir():
        raise UserError(
            f"--warehouse {warehouse} is a folder, not the DuckDB file",
            f"name the file, e.g. --warehouse {warehouse / 'winnow.duckdb'}",
        )
    for parent in warehouse.absolute().parents:
        if parent.exists():
            if not parent.is_dir():
                raise UserError(f"--warehouse {warehouse}: {parent} is a file, not a folder")
            break
    if warehouse.exists():
        _check_duckdb_file(warehouse)
    return warehouse


def _check_duckdb_file(path: Path) -> None:
    try:
        with path.open("rb") as f:
            head = f.read(16)
    except OSError as e:
        raise UserError(f"cannot read {path}: {e.strerror}", code=EXIT_FAILED) from None
    if head[8:12] != b"DUCK":
        raise UserError(
            f"{path} is not a DuckDB file", "point --warehouse at the file `winnow run` publishes"
        )


def project_folders(config: Settings) -> None:
    """The dbt project and the expectation suites a run needs, where the settings moved them."""
    needs = (
        ("WINNOW_DBT_DIR", config.dbt_dir, "dbt_project.yml", "dbt/"),
        ("WINNOW_EXPECTATIONS", config.expectations, "*.json", "expectations/"),
    )
    for variable, folder, must_hold, usual in needs:
        if folder and not any(Path(folder).glob(must_hold)):
            raise UserError(
                f"{variable}={folder} holds no {must_hold}",
                f"point {variable} at the project's {usual} folder, or unset it",
            )


def input_paths(names: list[str]) -> list[str]:
    """Check what ``parse`` and ``metrics`` were given: files, or ``-`` for standard input."""
    if not names:
        names = [STDIN]
    if names.count(STDIN) > 1:
        raise UserError("standard input (-) is named more than once")
    for name in names:
        if name == STDIN:
            continue
        path = Path(name)
        if path.is_dir():
            raise UserError(
                f"{name} is a folder; this command reads files",
                f"name the files (e.g. {name}/*.txt), or load the folder with `winnow run --raw {name}`",
            )
        if not path.exists():
            raise UserError(f"no such file: {name}", "check the path (- reads standard input)")
    return names


def read_input(name: str) -> bytes:
    """The bytes of one input (at most the parser's limit + 1)."""
    from winnow.parse import read_capped

    limit = settings().budgets.max_file_bytes
    if name == STDIN:
        if sys.stdin is None:
            raise UserError("no standard input to read")
        if sys.stdin.isatty():
            error("winnow: reading standard input (end it with Ctrl-D)")
        return sys.stdin.buffer.read(limit + 1)
    try:
        return read_capped(Path(name), limit)
    except OSError as e:
        raise UserError(f"cannot read {name}: {e.strerror or e}", code=EXIT_FAILED) from None


# --- commands ---------------------------------------------------------------------------------


@app.command()
def run(
    raw: RawOpt = DEFAULT_RAW,
    warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
    full_refresh: Annotated[bool, typer.Option(help="Reprocess every file and rebuild every table.")] = False,
    dask: DaskOpt = "",
) -> None:
    """One pipeline run: load the new or changed files under RAW, then publish WAREHOUSE if the data
    checks pass. Prints the run's summary (JSON) on stdout whatever its outcome."""
    from flows.run_command import run_once

    config = settings(raw=raw, warehouse=warehouse, dask=dask or None)
    project_folders(config)
    warehouse_to_write(config.warehouse)
    raise typer.Exit(run_once(config, full_refresh=full_refresh, log_level=_state["log_level"]))


@app.command()
def serve(
    cron: Annotated[
        str, typer.Option(help="When to run, as a cron line in the server's time zone.")
    ] = "0 * * * *",
    raw: RawOpt = DEFAULT_RAW,
    warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
    dask: DaskOpt = "",
) -> None:
    """Keep running and start a run on a schedule. Needs a Prefect server: the one PREFECT_API_URL
    names, or one started on 127.0.0.1 (port WINNOW_PREFECT_PORT) while this command runs."""
    from flows.serve import serve_forever

    config = settings(raw=raw, warehouse=warehouse, dask=dask or None)
    warehouse_to_write(warehouse)
    if not raw.is_dir():
        raise UserError(
            f"--raw {raw} is not a folder", "point --raw (WINNOW_RAW) at the folder of page dumps"
        )
    if len(cron.split()) not in (5, 6):
        raise UserError(f"--cron {cron!r} is not a cron line", "give five fields, e.g. '0 * * * *' (hourly)")
    serve_forever(
        cron=cron, raw=config.raw, warehouse=config.warehouse, dask=config.dask, port=config.prefect_port
    )


@app.command()
def parse(
    files: Annotated[
        list[str] | None, typer.Argument(help="Page dumps (.txt, .html, optionally .gz), or - for stdin.")
    ] = None,
) -> None:
    """Parse page dumps and print one JSON object per file (JSON Lines): its fields, body blocks,
    related abstracts and metrics, or why it was quarantined."""
    from winnow.parse import parse_bytes, parse_file

    names = input_paths(files or [])
    budgets = settings().budgets
    failed = False
    for name in names:
        if name == STDIN:
            data = read_input(name)
            if len(data) > budgets.max_file_bytes:
                raise UserError(
                    f"standard input holds more than {budgets.max_file_bytes} bytes (WINNOW_MAX_FILE_BYTES)",
                    code=EXIT_FAILED,
                )
            # .txt: read as plain text, or as HTML when it starts as HTML
            result = parse_bytes(data, "stdin.txt", budgets=budgets)
            result.path = STDIN
        else:
            result = parse_file(name, budgets=budgets)
        if result.reason in ("vanished", "unreadable"):
            error(f"winnow: cannot read {visible(name)}: {visible(result.detail or result.reason)}")
            failed = True
            continue
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
    if failed:
        raise typer.Exit(EXIT_FAILED)


@app.command()
def metrics(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            help="Text files in any encoding a run reads (UTF-8, GB18030, Big5, UTF-16, .gz), or - for stdin."
        ),
    ] = None,
) -> None:
    """Find the metric mentions in plain text and print one JSON object per mention (JSON Lines).
    With several files, each object also names its file."""
    from winnow.decode import Rejected, decode_bytes
    from winnow.metrics import extract

    names = input_paths(files or [])
    limit = settings().budgets.max_file_bytes
    several = len(names) > 1
    for name in names:
        data = read_input(name)
        if len(data) > limit:
            raise UserError(f"{name} holds more than {limit} bytes (WINNOW_MAX_FILE_BYTES)", code=EXIT_FAILED)
        decoded = decode_bytes(data, name="" if name == STDIN else name)
        if isinstance(decoded, Rejected):
            shown = "standard input" if name == STDIN else name
            raise UserError(
                f"cannot read {shown} as text: {decoded.reason} ({decoded.detail})",
                "give a text file (winnow parse reads page dumps)",
                code=EXIT_FAILED,
            )
        # newlines as Python's text mode reads them (a CRLF file's offsets as before)
        text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
        for m in extract(text):
            row = m.to_json()
            if several:
                row = {"file": name, **row}
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


@app.command()
def check(warehouse: WarehouseOpt = DEFAULT_WAREHOUSE) -> None:
    """Run the data-quality suites against the published warehouse; exit 1 naming each critical failure."""
    from winnow.quality import run_checks

    warehouse_to_read(warehouse)
    report = run_checks(warehouse, health=None, suites_dir=settings().expectations)
    typer.echo(visible(report.format()))
    raise typer.Exit(0 if report.passed else EXIT_FAILED)


@app.command()
def status(
    run_id: Annotated[
        str | None,
        typer.Argument(metavar="[RUN_ID]", help="One run to show in full (a prefix of its id will do)."),
    ] = None,
    warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
    last: Annotated[int, typer.Option(min=1, help="How many of the latest runs to list.")] = 10,
    wide: Annotated[bool, typer.Option(help="Every column (about 150 characters wide).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="The runs as JSON Lines, one per run.")] = False,
) -> None:
    """The latest runs: what they loaded, quarantined and published, and why a run failed or was blocked.
    With RUN_ID: that run in full (its stages' seconds, checks, message and quarantined files)."""
    from flows.status import show_run, show_status

    if warehouse.is_dir():
        warehouse_to_read(warehouse)
    if run_id is not None:
        raise typer.Exit(show_run(warehouse, run_id, as_json=as_json))
    show_status(warehouse, last=last, wide=wide, as_json=as_json)


@app.command()
def docs(warehouse: WarehouseOpt = DEFAULT_WAREHOUSE) -> None:
    """Build the dbt docs site and the data-quality site of the published warehouse into
    its folder's docs/ (each an index.html that opens offline)."""
    warehouse_to_read(warehouse)
    from flows.docs import build_docs

    for site in build_docs(warehouse, settings()):
        typer.echo(f"wrote {site}")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to look for, e.g. '乡村振兴 产业'.")],
    warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many documents to show.")] = 10,
) -> None:
    """Chinese full-text search over the article bodies and abstracts of the published warehouse."""
    if not query.strip():
        raise UserError("the query is empty", "give one or more words, e.g. winnow search '乡村振兴 产业'")
    warehouse_to_read(warehouse)
    from flows.analysts import print_search

    raise typer.Exit(print_search(warehouse, query, limit=limit))


@app.command()
def report(
    warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
    out: Annotated[Path, typer.Option(help="The HTML file to write.")] = Path("warehouse/report.html"),
) -> None:
    """Write a static HTML report of the published warehouse (counts, checks, charts) that opens offline."""
    warehouse_to_read(warehouse)
    if out.is_dir():
        raise UserError(
            f"--out {out} is a folder", f"name the file to write, e.g. --out {out / 'report.html'}"
        )
    for parent in out.absolute().parents:
        if parent.exists():
            if not parent.is_dir():
                raise UserError(f"--out {out}: {parent} is a file, not a folder")
            break
    from flows.analysts import write_report

    raise typer.Exit(write_report(warehouse, out))


OTHER_VARIABLES = (  # read outside Settings: by the command line, or by the tools Winnow runs
    ("WINNOW_LOG_LEVEL", "how much a run logs: debug, info, warning or error (--log-level)"),
    ("PREFECT_API_URL", "a Prefect server to report runs to; unset: a temporary one per run"),
    ("PREFECT_HOME", "Prefect's own folder (its database of runs); default ~/.prefect"),
)


def _setting_text(value: object) -> str:
    """A value as its variable would be written: on/off, empty for none."""
    if isinstance(value, bool):
        return "on" if value else "off"
    return "" if value is None else str(value)


@app.command()
def config(
    as_json: Annotated[bool, typer.Option("--json", help="As one JSON object, by variable.")] = False,
) -> None:
    """Every setting: its environment variable, the value this command line would use, and what
    it is for. A value that cannot be used is reported here as it would be at the start of a run."""
    cfg = settings()
    rows = [(var, _setting_text(value), doc) for _, var, value, doc in cfg.describe()]
    rows += [(var, os.environ.get(var, ""), doc) for var, doc in OTHER_VARIABLES]
    if as_json:
        typer.echo(json.dumps({var: value for var, value, _ in rows}, ensure_ascii=False))
        return
    width = max(len(f"{var}={value}") for var, value, _ in rows)
    for var, value, doc in rows:
        typer.echo(visible(f"{var}={value}".ljust(width) + f"  # {doc}", one_line=True))


# --- entry point --------------------------------------------------------------------------------


def _invoke(args: list[str] | None = None) -> int:
    command = typer.main.get_command(app)
    try:
        result = command.main(args=args, prog_name="winnow", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except UserError as e:
        error(*e.lines())
        return e.code
    except typer_exceptions.Exit as e:
        return e.exit_code
    except click_exceptions.UsageError as e:
        ctx = e.ctx
        todo = f"see: {ctx.command_path} --help" if ctx is not None else "see: winnow --help"
        error(f"winnow: {visible(e.format_message(), one_line=True)}", f"  {todo}")
        return EXIT_USAGE
    except click_exceptions.ClickException as e:
        error(f"winnow: {visible(e.format_message(), one_line=True)}")
        return e.exit_code
    except typer_exceptions.Abort:
        error("winnow: interrupted")
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        error("winnow: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader of our output went away (winnow search … | head): nothing left to say
        _silence_stdout()
        return 0
    except Exception as e:  # a bug or an environment problem: one line, the traceback with debug
        if _state["log_level"] == "debug":
            raise
        error(
            f"winnow: failed: {type(e).__name__}: {visible(str(e), one_line=True)[:500]}",
            "  run again with --log-level debug for the traceback",
        )
        return EXIT_FAILED


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


def main(args: list[str] | None = None) -> None:
    quiet_defaults()
    code = _invoke(args)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    sys.exit(code)


if __name__ == "__main__":
    main()
