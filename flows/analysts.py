"""``winnow search`` and ``winnow report``: the analysts' commands, over the published warehouse."""

from __future__ import annotations

from pathlib import Path

import duckdb
import typer

from flows.console import EXIT_FAILED, EXIT_OK, UserError, visible
from winnow import report, search


def print_search(warehouse: Path, query: str, *, limit: int) -> int:
    """Print the best documents for ``query``, one block each; returns the exit code.

    Titles and snippets are page text: control characters are shown, not sent to the terminal."""
    try:
        hits = search.search_warehouse(warehouse, query, limit=limit)
    except duckdb.CatalogException:
        raise UserError(
            f"{warehouse} has no search index",
            "run `winnow run` (with WINNOW_SEARCH_INDEX on, the default) to build it",
            code=EXIT_FAILED,
        ) from None
    if not hits:
        typer.echo(f"no document matches {visible(query, one_line=True)!r}")
    for rank, hit in enumerate(hits, start=1):
        ident = hit.article_id if hit.kind == "article" else hit.abstract_id
        title = visible(hit.title or "", one_line=True)
        typer.echo(f"{rank}. [{hit.kind} {ident}] score {hit.score:.3f}  {title}".rstrip())
        typer.echo("   " + visible(" ".join(hit.snippet.split()), one_line=True))
    return EXIT_OK


def write_report(warehouse: Path, out: Path) -> int:
    """Write the HTML report of ``warehouse`` to ``out``; returns the exit code.

    A write that fails (a full disk, no permission) leaves no half-written temporary file."""
    tmp = out.with_name(out.name + ".tmp")
    had_tmp = tmp.exists()
    try:
        path = report.write_report(warehouse, out)
    except OSError as e:
        if tmp.exists() and not had_tmp:
            tmp.unlink(missing_ok=True)
        raise UserError(
            f"cannot write {out}: {e.strerror or e}", "choose another --out", code=EXIT_FAILED
        ) from None
    typer.echo(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return EXIT_OK
