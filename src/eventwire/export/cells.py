"""Cells of every CSV and TSV writer, safe to open in a spreadsheet (CSV or formula injection).

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (tab and
carriage return lead to the same), so an outlet named ``=HYPERLINK("http://…","click")`` in an
article would become a live link, or worse, in an analyst's Excel. As OWASP recommends, such a
cell is written with a single quote in front (``'=HYPERLINK(…)``): spreadsheets show it as text,
and the quote tells a reader of the raw file what happened. A plain number (``-10``, ``-33.87``,
``-1``, ``+3``) is no formula and is written as it is, so numeric columns stay numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: str) -> str:
    """``value``, with a single quote in front when a spreadsheet would take it for a formula."""
    if value.startswith(TRIGGERS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_cells(cells: Iterable[str]) -> list[str]:
    return [safe_cell(cell) for cell in cells]


def safe_row(row: Mapping[str, object]) -> dict[str, object]:
    """A csv.DictWriter row with every text cell made safe (numbers and None are left to the writer)."""
    return {key: safe_cell(value) if isinstance(value, str) else value for key, value in row.items()}
