"""``python -m winnow``: the same command line as the ``winnow`` console script."""

from flows.cli import main

main()
