"""``winnow docs`` / ``make docs``: the dbt docs site and the data-quality site.

dbt documents a scratch copy of the published warehouse, so the catalog shows the real
tables and a BI tool holding the published file open is never disturbed. Both sites open
from file:// with no network (dbt's static_index.html holds its manifest and catalog).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from flows.console import EXIT_FAILED, UserError
from flows.dbt import run_dbt
from winnow.quality import build_data_docs, run_checks
from winnow.settings import Settings


def build_docs(warehouse: Path, settings: Settings | None = None) -> list[Path]:
    """Both sites of ``warehouse``, with the dbt project and suites ``settings`` name (the defaults'
    when None); returns their index pages."""
    settings = settings or Settings()
    if not warehouse.exists():
        raise UserError(f"no warehouse at {warehouse}", "run `winnow run` first", code=EXIT_FAILED)
    out = warehouse.parent / "docs"
    with tempfile.TemporaryDirectory(prefix="winnow-docs-") as tmp:
        scratch = Path(tmp) / warehouse.name
        shutil.copyfile(warehouse, scratch)
        target = Path(tmp) / "target"
        outcome = run_dbt(
            ["docs", "generate", "--static"], scratch, project=settings.dbt_dir, work_dir=Path(tmp)
        )
        if not outcome.success:
            raise UserError("dbt could not document the warehouse", outcome.format(), code=EXIT_FAILED)
        site = out / "dbt"
        site.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target / "static_index.html", site / "index.html")
        for name in ("manifest.json", "catalog.json"):
            shutil.copyfile(target / name, site / name)
    now = dt.datetime.now(dt.UTC)
    run_name = f"winnow docs on {warehouse.name}, {now:%Y-%m-%d %H:%M} UTC"
    report = run_checks(warehouse, health=None, suites_dir=settings.expectations)
    quality = build_data_docs(report, out / "quality", run_name=run_name)
    return [site / "index.html", quality]
