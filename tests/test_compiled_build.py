"""The compiled build (setup.py with WINNOW_MYPYC=1, as the Docker image installs it) parses as the sources.

mypyc turns the parser's modules into C extensions that check type annotations at run time
and differ from Python in corners (integer overflow, attribute access on native classes):
every page the tests have is parsed by both builds, and the JSON must be the same.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.build import compiled, compiled_modules, runtime_env

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return compiled(tmp_path_factory.mktemp("compiled-build"))


def winnow(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "winnow", *args], env=env, capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def pages(shared_dir: Path | None) -> list[Path]:
    """The project's sample dumps and fixtures; the seed and the shared corpus's texts and pages."""
    out = sorted((ROOT / "raw" / "samples").iterdir()) + sorted((ROOT / "tests" / "fixtures").rglob("*.txt"))
    if shared_dir is not None:
        corpus = shared_dir / "corpus"
        out += sorted((shared_dir / "seeds").glob("*.txt"))
        out += sorted(p for p in (corpus / "texts").rglob("*.txt") if "_licenses" not in p.parts)
        out += sorted((corpus / "html").rglob("*.htm*"))
    return out


def test_the_listed_modules_are_compiled_in_the_build(lib: Path) -> None:
    modules = compiled_modules()
    script = (
        "import importlib, sys\nfor m in sys.argv[1:]: print(importlib.import_module('winnow.' + m).__file__)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *modules],
        env=runtime_env(lib, dict(os.environ)),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    files = done.stdout.split()
    assert len(files) == len(modules) >= 5
    for f in files:
        assert Path(f).is_relative_to(lib) and f.endswith(".so"), f


def test_the_compiled_build_parses_every_page_as_the_sources_do(lib: Path) -> None:
    shared_dir = Path(os.environ.get("WINNOW_SHARED", ROOT.parent / "shared"))
    files = [str(p) for p in pages(shared_dir if (shared_dir / "seeds").is_dir() else None)]
    source = winnow(["parse", *files], dict(os.environ))
    built = winnow(["parse", *files], runtime_env(lib, dict(os.environ)))
    results = [json.loads(line) for line in source.splitlines()]
    assert len(results) == len(files)
    assert sum(len(r.get("metrics") or []) for r in results) >= 20  # the comparison covers metrics
    for f, a, b in zip(files, source.splitlines(), built.splitlines(), strict=True):
        assert a == b, f"the builds differ on {f}"
