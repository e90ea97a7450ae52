"""Winnow: Chinese journal-article page dumps into a DuckDB warehouse.

The library is pure Python with no Prefect import: decode, parse, clean, extract
metrics and write landing batches. The flows in ``flows/`` wire it together.
"""

__version__ = "0.1.0"
