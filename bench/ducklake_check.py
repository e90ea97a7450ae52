"""Small offline check of the scale-out warehouse path: dbt-duckdb's ``attach`` of a DuckLake.

    PYTHONPATH=<dir with duckdb-extension-ducklake and -sqlite 1.5.5> python -m bench.ducklake_check

1. lands 60 benchmark pages into a local DuckDB file (``landing.*``, as the flow does);
2. copies the dbt project to a scratch folder and changes only configuration there: a profile
   that attaches a DuckLake (SQLite catalog, local data folder) as ``lake``, marts configured
   ``+database: lake``, and ``ref()`` keeping the catalog name when it is not the target's;
3. runs ``dbt build`` and reads the marts back from the lake in a fresh, read-only process.

Prints what it did and exits non-zero on the first failure. Nothing of the project is changed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from bench import corpus

ROOT = Path(__file__).resolve().parent.parent
TEXTS = Path(os.environ.get("WINNOW_SHARED", ROOT.parent / "shared")) / "corpus" / "texts"
WORK = ROOT / "bench" / ".corpus" / "ducklake"
# Marts that are views over staging views: a view stored in the lake binds its names inside
# the lake, so these stay in the local file (or would become tables in a lake deployment).
LOCAL_VIEWS = ("load_runs", "quarantine")


def install_extensions(ext_dir: Path) -> None:
    import duckdb_extensions

    con = duckdb.connect()
    con.execute(f"set extension_directory = '{ext_dir}'")
    for name in ("ducklake", "sqlite"):
        duckdb_extensions.import_extension(name, con=con)
    con.close()


def land_sample(db: Path, n: int = 60) -> int:
    from winnow import landing, parallel
    from winnow.duck import transaction
    from winnow.gazetteer import regions_table
    from winnow.records import RawFile

    entries = corpus.generate(WORK / "corpus", n, seed=1, texts_dir=TEXTS)
    pages = WORK / "corpus" / "pages"
    files = [RawFile(e.path, "", (pages / e.path).stat().st_size, 0) for e in entries]
    results = parallel.parse_batch(pages, files)
    with duckdb.connect(str(db)) as con:
        landing.ensure_schema(con)
        batch = landing.rows(
            results,
            {f.path: f for f in files},
            run_id="lake-check",
            now=dt.datetime(2026, 11, 28),
            max_year=2027,
        )
        with transaction(con):
            landing.write(con, batch)
        got = batch.landed
        landing.write_regions(con, regions_table())
    return got.pages


def project_copy(dst: Path, ext_dir: Path, lake_meta: Path, lake_data: Path, db: Path) -> Path:
    shutil.copytree(ROOT / "dbt", dst, ignore=shutil.ignore_patterns("target", "logs", ".user.yml"))
    macro = dst / "macros" / "relations_without_catalog.sql"
    text = macro.read_text()
    keep_foreign = "relation.include(database=(relation.database not in (none, target.database)))"
    text = text.replace("relation.include(database=false)", keep_foreign)
    macro.write_text(text)
    proj = dst / "dbt_project.yml"
    text = proj.read_text()
    views = "".join(f'      {v}:\n        +database: "{{{{ target.database }}}}"\n' for v in LOCAL_VIEWS)
    text, n = re.subn(r"(\n    marts:\n)", lambda m: m.group(1) + "      +database: lake\n" + views, text)
    assert n == 1, "marts block not found in dbt_project.yml"
    proj.write_text(text)
    (dst / "profiles.yml").write_text(
        f"""winnow:
  target: lake
  outputs:
    lake:
      type: duckdb
      path: "{db}"
      schema: main
      threads: 1
      config_options:
        extension_directory: "{ext_dir}"
      attach:
        - path: "ducklake:sqlite:{lake_meta}"
          alias: lake
          options:
            data_path: "{lake_data}/"
"""
    )
    return dst


def main() -> int:
    try:
        import duckdb_extension_ducklake  # noqa: F401
        import duckdb_extension_sqlite  # noqa: F401
    except ImportError:
        print("duckdb-extension-ducklake / -sqlite 1.5.5 are not importable: nothing checked")
        return 2
    if WORK.exists():
        shutil.rmtree(WORK)
    WORK.mkdir(parents=True)
    ext_dir, meta, data, db = WORK / "ext", WORK / "lake.sqlite", WORK / "lake-data", WORK / "winnow.duckdb"
    data.mkdir()
    install_extensions(ext_dir)
    pages = land_sample(db)
    print(f"landed {pages} pages into {db}")
    proj = project_copy(WORK / "dbt", ext_dir, meta, data, db)
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DBT_LOG_PATH": str(WORK / "dbt-logs")}
    dbt = Path(sys.executable).with_name("dbt")
    proc = subprocess.run(
        [str(dbt), "build", "--project-dir", str(proj), "--profiles-dir", str(proj)],
        cwd=proj, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    tail = "\n".join(proc.stdout.strip().splitlines()[-12:])
    print(f"dbt build into the lake: exit {proc.returncode}\n{tail}")
    if proc.returncode != 0:
        return 1
    reader = (
        "import duckdb,sys; c=duckdb.connect(); "
        f"c.execute(\"set extension_directory='{ext_dir}'\"); "
        f"c.execute(\"attach 'ducklake:sqlite:{meta}' as lake (data_path '{data}/', read_only)\"); "
        "print({t: c.execute(f'select count(*) from lake.marts.{t}').fetchone()[0] "
        "for t in ('articles','metrics','abstracts','regions')})"
    )
    out = subprocess.run([sys.executable, "-c", reader], capture_output=True, text=True, check=False)
    print(f"read back from the lake in another process: {out.stdout.strip() or out.stderr.strip()[-500:]}")
    files = sorted(p.name for p in data.rglob("*.parquet"))
    size = meta.stat().st_size
    print(f"lake data folder holds {len(files)} Parquet files; catalog {meta.name} {size:,} bytes")
    return 0 if out.returncode == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
