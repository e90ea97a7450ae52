"""``winnow search`` and ``winnow report``: the analysts' commands, over the published warehouse."""

from __future__ import annotations

from pathlib import Path

import duckdb
import typer

from winnow import report, search

EXIT_OK, EXIT_FAILED = 0, 1


def _missing(warehouse: Path) -> bool:
    if warehouse.exists():
        return False
    typer.echo(f"winnow: no warehouse at {warehouse}; run `winnow run` first", err=True)
    return True


def print_search(warehouse: Path, query: str, *, limit: int) -> int:
    """Print the best documents for ``query``, one block each; returns the exit code."""
    if _missing(warehouse):
        return EXIT_FAILED
    try:
        hits = search.search_warehouse(warehouse, query, limit=limit)
    except duckdb.CatalogException:
        typer.echo(f"winnow: {warehouse} has no search index; run `winnow run` to build it", err=True)
        return EXIT_FAILED
    if not hits:
        typer.echo(f"no document matches {query!r}")
    for rank, hit in enumerate(hits, start=1):
        ident = hit.article_id if hit.kind == "article" else hit.abstract_id
        typer.echo(f"{rank}. [{hit.kind} {ident}] score {hit.score:.3f}  {hit.title or ''}".rstrip())
        typer.echo("   " + " ".join(hit.snippet.split()))
    return EXIT_OK


def write_report(warehouse: Path, out: Path) -> int:
    """Write the HTML report of ``warehouse`` to ``out``; returns the exit code."""
    if _missing(warehouse):
        return EXIT_FAILED
    path = report.write_report(warehouse, out)
    typer.echo(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return EXIT_OK
