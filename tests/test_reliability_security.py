"""Security: values reach SQL only as parameters; the compose file keeps the warehouse read-only
for BI, binds every published port to 127.0.0.1 and holds no secret; the repository holds none.

The SQL check reads every module of src/winnow and flows (Python's own parser, not a regex):
every SQL string given to ``execute``/``sql``/``query`` is a constant, or a module constant
(UPPER_CASE), or an f-string whose interpolations are in REVIEWED below (identifiers from
constants, each with why it is safe). A new interpolation fails the test until reviewed.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SQL_METHODS = {"execute", "executemany", "sql", "query", "from_query"}

# (module, interpolated expression or SQL variable) → why no data value can reach it.
REVIEWED: dict[tuple[str, str], str] = {
    ("flows/pipeline.py", "t"): "loop over the constant tuple ('articles', 'metrics')",
    ("flows/status.py", "t"): "loop over a constant tuple of marts table names",
    ("src/winnow/landing.py", "table"): "landing table names: the constant PATH_TABLES and literals",
    ("src/winnow/duck.py", "limit"):
        "WINNOW_DUCKDB_MEMORY, checked by duck.memory_limit: digits and a size unit only",
    ("src/winnow/publish.py", "table"): "marts table names from the caller's constant MARTS",
    ("src/winnow/quality.py", "table"): "literal table names ('marts.articles', 'marts.metrics')",
    ("src/winnow/quality.py", "_batch_sql(suite, parameters, rows)"): (
        "SQL of the repository's expectation suites; the bounds and sets of their expectations and the "
        "run's numeric parameters are rendered as quoted literals (_literal); no raw-file value"
    ),
    ("src/winnow/quality.py", "sql"): (
        "_batch_sql of the repository's expectation suites (as above); sample_rows rendered with int()"
    ),
    ("src/winnow/landing.py", "_RETRY"): "the constant RETRY_REASONS, quoted",
    ("src/winnow/quality.py", "_batch_sql(suite)"):
        "SQL from the repository's expectation suites; regex patterns quoted by doubling quotes",
    ("src/winnow/report.py", "sql"): "COUNT_SQL constants, and an f-string of RUN_FIELDS/LAST_RUNS constants",
    ("src/winnow/search.py", "SCHEMA"): "module constant schema name",
    ("src/winnow/search.py", "scratch"): "loop over a constant tuple of scratch table names",
    ("src/winnow/search.py", "reused"): "one of two constant SQL strings built from SCHEMA",
    ("src/winnow/search.py", "target"): "keys of the module constant COMMENTS",
    ("src/winnow/search.py", "text.replace(chr(39), chr(39) * 2)"):
        "values of the module constant COMMENTS (documentation), quotes doubled",
    ("src/winnow/search.py", "sql"): "constant SQL passed to _count by the module itself",
}  # fmt: skip


def _interpolations(path: Path) -> list[tuple[int, str]]:
    """(line, expression) for every non-constant piece of SQL text passed to a SQL method."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args):
            continue
        if node.func.attr not in SQL_METHODS:
            continue
        sql = node.args[0]
        if isinstance(sql, ast.Constant):
            continue
        if isinstance(sql, ast.Name) and sql.id.isupper():
            continue  # a module constant
        if isinstance(sql, ast.JoinedStr):
            found += [
                (node.lineno, ast.unparse(v.value)) for v in sql.values if isinstance(v, ast.FormattedValue)
            ]
        else:
            found.append((node.lineno, ast.unparse(sql)))
    return found


def test_sql_text_is_built_from_constants_only_values_are_parameters() -> None:
    modules = sorted([*(ROOT / "src" / "winnow").glob("*.py"), *(ROOT / "flows").glob("*.py")])
    unreviewed, seen = [], set()
    for path in modules:
        rel = path.relative_to(ROOT).as_posix()
        for line, expr in _interpolations(path):
            seen.add((rel, expr))
            if (rel, expr) not in REVIEWED:
                unreviewed.append(f"{rel}:{line}: {expr}")
    assert not unreviewed, "SQL text built from a value (use a ? parameter):\n" + "\n".join(unreviewed)
    print(f"\n{len(seen)} reviewed identifier interpolations in SQL text; no data value in SQL text")


def test_the_scan_catches_a_value_put_into_sql(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f(con, title):\n    con.execute(f\"select * from t where title = '{title}'\")\n")
    assert _interpolations(bad) == [(2, "title")]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_file_is_valid() -> None:
    exe = shutil.which("check-jsonschema") or str(
        Path(__import__("sys").executable).with_name("check-jsonschema")
    )
    proc = subprocess.run(
        [exe, "--builtin-schema", "vendor.compose-spec", str(ROOT / "docker-compose.yml")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _mounts(service: dict) -> list[tuple[str, str, str]]:
    out = []
    for v in service.get("volumes", []):
        if isinstance(v, str):
            parts = v.split(":")
            out.append((parts[0], parts[1], parts[2] if len(parts) > 2 else "rw"))
        else:
            out.append((v.get("source", ""), v["target"], "ro" if v.get("read_only") else "rw"))
    return out


def test_bi_mounts_the_warehouse_read_only_and_raw_is_read_only_everywhere(compose: dict) -> None:
    services = compose["services"]
    bi = [s for name, s in services.items() if name in ("superset", "metabase", "bi")]
    assert bi, "no BI service in docker-compose.yml"
    for service in bi:
        warehouse = [m for m in _mounts(service) if "warehouse" in m[0]]
        assert warehouse and all(mode == "ro" for _, _, mode in warehouse), warehouse
    for service in services.values():
        assert all(mode == "ro" for src, _, mode in _mounts(service) if src.rstrip("/").endswith("raw"))


def test_every_published_port_binds_to_localhost(compose: dict) -> None:
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            host_ip = port.get("host_ip") if isinstance(port, dict) else str(port).split(":")[0]
            assert host_ip == "127.0.0.1", f"{name} publishes {port} beyond localhost"


def test_prefect_server_started_by_winnow_serve_binds_to_localhost() -> None:
    from flows.serve import LOCAL_HOST

    assert LOCAL_HOST == "127.0.0.1"


SECRET_KEYS = re.compile(r"(?i)(secret|password|passwd|token|api[_-]?key|private[_-]?key)")
SECRET_VALUES = [
    re.compile(r"AKIA[0-9A-Z]{16}"),  # AWS access key id
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36}\b"),  # GitHub tokens
    re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),  # Slack tokens
    re.compile(r"\bsk-[A-Za-z0-9]{32,}"),  # API secret keys
    re.compile(r"https?://[^/\s:@]+:[^/\s:@]+@"),  # credentials in a URL
]


def test_compose_environment_holds_no_secret_value(compose: dict) -> None:
    for name, service in compose["services"].items():
        env = service.get("environment", {})
        items = env.items() if isinstance(env, dict) else (e.split("=", 1) for e in env)
        for key, value in items:
            if SECRET_KEYS.search(key):
                assert re.fullmatch(r"\$\{[A-Z_]+(:?[-?][^}]*)?\}", str(value)), (
                    f"{name}.{key} is set in the file"
                )


def _repository_files() -> list[Path]:
    proc = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        pytest.skip("not a git checkout")
    return [ROOT / p for p in proc.stdout.splitlines() if (ROOT / p).is_file()]


def test_no_secret_in_the_repository() -> None:
    hits = []
    files = _repository_files()
    for path in files:
        if path.stat().st_size > 2_000_000:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        hits += [
            f"{path.relative_to(ROOT)}: {m.group(0)[:12]}…" for rx in SECRET_VALUES for m in rx.finditer(text)
        ]
    assert not hits, hits
    assert not [p for p in files if p.name == ".env" or p.suffix in (".pem", ".key")]
    print(f"\nscanned {len(files)} repository files for secrets")
