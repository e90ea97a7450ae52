"""The compiled build: the package as the Docker image installs it, with the parser compiled by mypyc.

``compiled(folder)`` (or ``python -m bench.build [FOLDER]``) copies what a wheel is built from
(pyproject.toml, setup.py, README.md, src/, flows/) into ``folder`` and installs it there with
``WINNOW_MYPYC=1 pip install --target``, never touching the checkout. Put the returned folder
first on ``PYTHONPATH`` and ``winnow`` and ``flows`` are imported from it; ``runtime_env``
adds that and the project folders a build outside the checkout cannot find by itself (dbt/,
expectations/). A build is kept under the digest of what it was built from and reused while
that does not change.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "setup.py", "README.md", "src", "flows")
BUILT_FROM = tuple(name for name in SOURCES if name != "README.md")  # the readme is only metadata


def compiled_modules() -> list[str]:
    """The modules setup.py compiles (``[tool.winnow] mypyc`` in pyproject.toml)."""
    about = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(about["tool"]["winnow"]["mypyc"])


def _digest() -> str:
    import mypy.version

    h = hashlib.sha256(f"{sys.version}\0{mypy.version.__version__}\0".encode())
    for name in BUILT_FROM:
        path = ROOT / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for f in files:
            if f.is_file() and "__pycache__" not in f.parts and f.suffix != ".so":
                h.update(f.relative_to(ROOT).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def compiled(folder: Path) -> Path:
    """The compiled build of the current sources under ``folder`` (built now if not there yet)."""
    lib = folder / f"compiled-{_digest()}"
    if (lib / ".complete").exists():
        return lib
    work = folder / ".building"
    shutil.rmtree(work, ignore_errors=True)
    project, target = work / "project", work / "lib"
    project.mkdir(parents=True)
    for name in SOURCES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, project / name, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
        else:
            shutil.copy2(src, project / name)
    cmd = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation"]
    cmd += ["--target", str(target), str(project)]
    done = subprocess.run(cmd, env={**os.environ, "WINNOW_MYPYC": "1"}, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"the compiled build failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    missing = [m for m in compiled_modules() if not list((target / "winnow").glob(f"{m}.*.so"))]
    if missing:
        raise RuntimeError(f"the compiled build has no extension module for {', '.join(missing)}")
    (target / ".complete").touch()
    for old in folder.glob("compiled-*"):  # builds of earlier sources
        shutil.rmtree(old, ignore_errors=True)
    target.rename(lib)
    shutil.rmtree(work, ignore_errors=True)
    return lib


def runtime_env(lib: Path, env: dict[str, str]) -> dict[str, str]:
    """``env`` for a process that runs the build in ``lib``, with the checkout's dbt/ and expectations/."""
    path = os.pathsep.join(p for p in (str(lib), env.get("PYTHONPATH", "")) if p)
    return {
        **env,
        "PYTHONPATH": path,
        "WINNOW_DBT_DIR": env.get("WINNOW_DBT_DIR", str(ROOT / "dbt")),
        "WINNOW_EXPECTATIONS": env.get("WINNOW_EXPECTATIONS", str(ROOT / "expectations")),
    }


if __name__ == "__main__":  # python -m bench.build [FOLDER]: build (or find) it, print where it is
    print(compiled(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / ".corpus" / "build"))
