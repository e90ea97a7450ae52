"""The library (src/winnow) stands on its own: it imports nothing of the application layer
(flows/, the command line) and nothing of Prefect, by any import statement or at run time."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = ROOT / "src" / "winnow"
APPLICATION = ("flows", "prefect", "prefect_dask")


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import statement in ``path``, nested ones included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif (  # importlib.import_module("flows.cli") and __import__("prefect")
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.append((node.lineno, str(node.args[0].value)))
    return found


def test_no_library_module_imports_the_application_or_prefect() -> None:
    modules = sorted(LIBRARY.rglob("*.py"))
    assert len(modules) > 30
    crossing = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in modules
        for line, name in _imports(path)
        if name.split(".")[0] in APPLICATION
    ]
    assert not crossing, "the library imports the application layer:\n" + "\n".join(crossing)


def test_the_scan_sees_a_nested_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from flows.cli import main\n    import importlib\n"
                   "    importlib.import_module('prefect')\n")  # fmt: skip
    assert [name for _, name in _imports(bad)] == ["flows.cli", "importlib", "prefect"]


def test_importing_every_library_module_loads_neither_flows_nor_prefect() -> None:
    names = sorted(f"winnow.{p.stem}" for p in LIBRARY.glob("*.py") if p.stem not in ("__init__", "__main__"))
    code = (
        "import importlib, json, sys\n"
        f"for name in {names!r}:\n    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{list(APPLICATION)!r})))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT, check=False
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout.splitlines()[-1]) == []


def test_python_dash_m_winnow_is_the_console_script() -> None:
    """``python -m winnow`` hands over to the installed ``winnow`` command (flows.cli)."""
    proc = subprocess.run(
        [sys.executable, "-m", "winnow", "--version"], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("winnow ")
