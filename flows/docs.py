"""``winnow docs`` / ``make docs``: the dbt docs site and the data-quality (GE Data Docs) site.

dbt documents a scratch copy of the published warehouse, so the catalog shows the real
tables and a BI tool holding the published file open is never disturbed.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from flows.dbt import run_dbt
from winnow.quality import build_data_docs, run_checks


def build_docs(warehouse: Path) -> list[Path]:
    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse}: run `winnow run` first")
    out = warehouse.parent / "docs"
    with tempfile.TemporaryDirectory(prefix="winnow-docs-") as tmp:
        scratch = Path(tmp) / warehouse.name
        shutil.copyfile(warehouse, scratch)
        target = Path(tmp) / "target"
        outcome = run_dbt(["docs", "generate", "--static"], scratch, work_dir=Path(tmp))
        if not outcome.success:
            raise RuntimeError(outcome.format())
        site = out / "dbt"
        site.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target / "static_index.html", site / "index.html")
        for name in ("manifest.json", "catalog.json"):
            shutil.copyfile(target / name, site / name)
    quality = build_data_docs(run_checks(warehouse, health=None), out / "quality")
    return [site / "index.html", quality]
