"""Run dbt against a staging copy of the warehouse (a subprocess: dbt keeps global state)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DBT_DIR = Path(__file__).resolve().parent.parent / "dbt"


class DbtFailed(RuntimeError):
    pass


def dbt(args: list[str], db: Path, *, target_path: Path | None = None) -> str:
    """Run ``dbt ARGS`` on the DuckDB file ``db``; return its output or raise DbtFailed with its tail."""
    exe = Path(sys.executable).with_name("dbt")
    cmd = [str(exe), *args, "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)]
    if target_path is not None:
        cmd += ["--target-path", str(target_path)]
    env = {
        **os.environ,
        "WINNOW_DB_PATH": str(db.resolve()),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_VERSION_CHECK": "false",
        "DBT_LOG_PATH": str(db.parent / "dbt-logs"),
    }
    proc = subprocess.run(cmd, cwd=DBT_DIR, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-25:])
        raise DbtFailed(f"dbt {' '.join(args)} failed (exit {proc.returncode}):\n{tail}")
    return proc.stdout
