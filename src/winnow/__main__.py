"""``python -m winnow``: the same command line as the ``winnow`` console script.

The command line is the application's (``flows.cli``), not the library's: the library only
hands over to whatever the installed distribution registers as its ``winnow`` command, so it
imports nothing of the application layer (tests/test_layers.py).
"""

import sys
from importlib.metadata import PackageNotFoundError, distribution


def main() -> None:
    try:
        found = distribution("winnow").entry_points.select(group="console_scripts", name="winnow")
        command = next(iter(found), None)
    except PackageNotFoundError:
        command = None
    if command is None:
        sys.exit("winnow: the command line is not installed (pip install -e . from the checkout)")
    command.load()()


main()
