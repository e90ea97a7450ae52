"""Packaging hook: with ``WINNOW_MYPYC=1`` the parser's modules are compiled with mypyc.

The list is ``[tool.winnow] mypyc`` in pyproject.toml: the modules every page goes through
(decoding, page parsing, metric extraction), which mypyc turns into C extensions that parse
the same pages to the same results 10-15% faster (bench/README.md). Everything else stays
Python. Without the variable (``make install``) nothing is compiled: a checkout being edited
must not have extension modules beside its sources, which Python would import instead of them.
"""

import os
import tomllib
from pathlib import Path

from setuptools import setup


def compiled_modules() -> list[str]:
    about = tomllib.loads(Path(__file__).with_name("pyproject.toml").read_text(encoding="utf-8"))
    return [f"src/winnow/{name}.py" for name in about["tool"]["winnow"]["mypyc"]]


def ext_modules() -> list:
    if os.environ.get("WINNOW_MYPYC", "0") in ("", "0"):
        return []
    from mypyc.build import mypycify  # mypy is a dev dependency: build with --no-build-isolation

    return mypycify(compiled_modules(), opt_level="3")


setup(ext_modules=ext_modules())
