"""The ``winnow`` command line (also ``python -m winnow``).

Exit codes a scheduler can act on: 0 success; 1 the run failed; 3 the data checks blocked
publishing (the published warehouse is unchanged); 75 another run is in progress.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from winnow.settings import SettingError, Settings, quiet_defaults

EXIT_FAILED, EXIT_USAGE, EXIT_BLOCKED, EXIT_BUSY = 1, 2, 3, 75
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help=__doc__, pretty_exceptions_show_locals=False
)

RawOpt = Annotated[Path, typer.Option("--raw", envvar="WINNOW_RAW", help="folder of raw page dumps")]
WarehouseOpt = Annotated[
    Path, typer.Option("--warehouse", envvar="WINNOW_WAREHOUSE", help="the published DuckDB file")
]
DaskOpt = Annotated[
    str,
    typer.Option(
        envvar="WINNOW_DASK",
        help="parse on a Dask cluster: its scheduler (tcp://host:8786), or 'local' for one on this "
        "machine; needs a Prefect server (PREFECT_API_URL) that the workers can reach",
    ),
]
DEFAULT_RAW, DEFAULT_WAREHOUSE = Path("raw"), Path("warehouse/winnow.duckdb")


def settings(**flags: Any) -> Settings:
    """The run's settings: the environment, then the flags; a bad value exits 2 naming its variable."""
    try:
        return Settings.from_env(**flags)
    except SettingError as e:
        typer.echo(f"winnow: {e}", err=True)
        raise typer.Exit(EXIT_USAGE) from None


@app.command()
def run(
    raw: RawOpt = DEFAULT_RAW,
    warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
    full_refresh: Annotated[bool, typer.Option(help="reprocess every file and rebuild every table")] = False,
    dask: DaskOpt = "",
) -> None:
    """One pipeline run: process new or changed files under RAW and publish WAREHOUSE."""
    from winnow import collector

    # Importing Prefect and the pipeline leaves some 120,000 objects for the collector that live
    # as long as the process: collecting while importing finds next to nothing, and so would
    # the later collections that walk them again (without this, a run with nothing new over
    # 8,000 files took 0.45 s more: 2.85 s against 2.39 s).
    config = settings(raw=raw, warehouse=warehouse, dask=dask)
    collector.import_frozen("flows.pipeline")
    from prefect.exceptions import TerminationSignal
    from prefect.settings import temporary_settings

    from flows import runner
    from flows.pipeline import PublishBlocked, winnow_run
    from winnow.publish import NameTaken, RunInProgress, Warehouse, run_lock

    flow, parse_on = runner.configured_flow(winnow_run, config.dask)
    watchdog = runner.start_watchdog()
    last_words = _record_interrupted(config)
    stop = runner.stops_on_signals(config.interrupt_seconds, lambda code: runner.end_now(code, last_words))
    try:
        with stop, run_lock(Warehouse(config.warehouse)), temporary_settings(updates=runner.run_settings()):
            record = flow(
                raw=str(config.raw),
                warehouse=str(config.warehouse),
                full_refresh=full_refresh,
                parse_on=parse_on,
                settings=config,
            )
    except (KeyboardInterrupt, TerminationSignal) as e:
        from flows.runs import Interrupted

        code = EXIT_TERMINATED if isinstance(e, Interrupted | TerminationSignal) else EXIT_INTERRUPTED
        # The run has recorded itself and dropped its staging copy: end now, with what it started
        # (Prefect's shutdown would wait on its own threads and server for seconds).
        runner.end_now(code, lambda: None)
    except (NameTaken, FileNotFoundError, ValueError) as e:
        typer.echo(f"winnow: {e}", err=True)
        raise typer.Exit(EXIT_FAILED) from None
    except RunInProgress as e:
        typer.echo(f"winnow: {e}; try again when it has finished", err=True)
        raise typer.Exit(EXIT_BUSY) from None
    except PublishBlocked as e:
        typer.echo(f"winnow: {e}", err=True)
        raise typer.Exit(EXIT_BLOCKED) from None
    except Exception as e:
        typer.echo(f"winnow: the run failed: {type(e).__name__}: {e}", err=True)
        raise typer.Exit(EXIT_FAILED) from None
    finally:
        watchdog.terminate()
    typer.echo(json.dumps(record, ensure_ascii=False, default=str))


def _record_interrupted(config: Settings) -> Callable[[], None]:
    """What a run that does not unwind in time records before the process ends: the run is
    ``interrupted`` in the ledger (unless it recorded itself) and its staging copy is gone."""

    def last_words() -> None:
        from flows.runs import ACTIVE

        for active in list(ACTIVE):
            active.discard()
            active.finish(
                "interrupted", "stopped by a signal and did not unwind in time; nothing was published"
            )

    return last_words


@app.command()
def serve(
    cron: Annotated[str, typer.Option(help="when to run (cron, server time zone)")] = "0 * * * *",
    raw: RawOpt = DEFAULT_RAW,
    warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
    dask: DaskOpt = "",
) -> None:
    """Keep running and start `run` on a schedule (needs a Prefect server: PREFECT_API_URL,
    or a local one started on 127.0.0.1 when it is unset)."""
    from flows.serve import serve_forever

    config = settings(raw=raw, warehouse=warehouse, dask=dask)
    serve_forever(
        cron=cron, raw=config.raw, warehouse=config.warehouse, dask=config.dask, port=config.prefect_port
    )


@app.command()
def parse(files: Annotated[list[Path], typer.Argument(help="page dumps to parse")]) -> None:
    """Print one JSON object per file (JSON Lines): fields, body blocks, related abstracts, metrics."""
    from winnow.parse import parse_file

    budgets = settings().budgets
    for path in files:
        result = parse_file(path, budgets=budgets)
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")


@app.command()
def metrics(
    file: Annotated[str, typer.Argument(help="a UTF-8 text file, or - for standard input")] = "-",
) -> None:
    """Read plain UTF-8 text and print one JSON object per metric mention (JSON Lines)."""
    from winnow.metrics import extract
    from winnow.parse import read_text

    try:
        text = read_text(sys.stdin.buffer if file == "-" else Path(file), settings().budgets)
    except (OSError, ValueError) as e:
        typer.echo(f"winnow: {file}: {e}", err=True)
        raise typer.Exit(EXIT_FAILED) from None
    for m in extract(text):
        sys.stdout.write(json.dumps(m.to_json(), ensure_ascii=False) + "\n")


@app.command()
def check(warehouse: WarehouseOpt = DEFAULT_WAREHOUSE) -> None:
    """Run the data-quality suites against the published warehouse; exit 1 naming each critical failure."""
    from winnow.quality import run_checks

    if not warehouse.exists():
        typer.echo(f"winnow: no warehouse at {warehouse}", err=True)
        raise typer.Exit(EXIT_FAILED)
    report = run_checks(warehouse, health=None)
    typer.echo(report.format())
    raise typer.Exit(0 if report.passed else EXIT_FAILED)


@app.command()
def status(
    warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
    last: Annotated[int, typer.Option(help="how many runs to show")] = 10,
) -> None:
    """The last runs: what they loaded, quarantined and published, and why a run was blocked."""
    from flows.status import show_status

    show_status(warehouse, last=last)


@app.command()
def docs(warehouse: WarehouseOpt = DEFAULT_WAREHOUSE) -> None:
    """Build the dbt docs site and the data-quality site into warehouse/docs/."""
    from flows.docs import build_docs

    for site in build_docs(warehouse):
        typer.echo(f"wrote {site}")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="words to look for, e.g. '乡村振兴 产业'")],
    warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
    limit: Annotated[int, typer.Option(help="how many documents to show")] = 10,
) -> None:
    """Chinese full-text search over article bodies and abstracts of the published warehouse."""
    from flows.analysts import print_search

    raise typer.Exit(print_search(warehouse, query, limit=limit))


@app.command()
def report(
    warehouse: WarehouseOpt = DEFAULT_WAREHOUSE,
    out: Annotated[Path, typer.Option(help="the HTML file to write")] = Path("warehouse/report.html"),
) -> None:
    """Write a static, offline HTML report of the last load (counts, checks, charts)."""
    from flows.analysts import write_report

    raise typer.Exit(write_report(warehouse, out))


def main() -> None:
    quiet_defaults()
    app()


if __name__ == "__main__":
    main()
