"""Finding the header row and the columns of a sheet that people have edited: title rows
above the header, columns in any order, extra columns, odd case and stray spaces."""

from __future__ import annotations

import csv
import re
from functools import cache, lru_cache

from common.catalogue import normalise
from common.settings import DATA_DIR

HEADER_SEARCH_ROWS = 25
_LABEL_END = re.compile(r"[\s:*]+$")


@cache
def header_labels() -> dict[str, str]:
    """Normalised header label -> canonical column key, from data/headers.csv."""
    with (DATA_DIR / "headers.csv").open(encoding="utf-8", newline="") as handle:
        return {normalise(row["label"]): row["key"] for row in csv.DictReader(handle)}


def column_letter(index: int) -> str:
    """Excel's column name for a 0-based column index: 0 -> A, 27 -> AB."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@lru_cache(maxsize=1 << 12)
def _label_key(text: str) -> str | None:
    return header_labels().get(_LABEL_END.sub("", normalise(text)))


def label_key(cell: object) -> str | None:
    """The canonical column key a header or label cell names (data/headers.csv), or None."""
    return _label_key(cell) if isinstance(cell, str) else None


def find_header(
    rows: list[list[object]], required: set[str]
) -> tuple[int, dict[str, int], list[str]] | None:
    """(row index, column key -> column index, header texts) of the first row within the top
    rows that holds every `required` column key; None when no such row exists. When a key
    appears twice, the first column wins."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for position, cell in enumerate(row):
            key = label_key(cell)
            if key and key not in columns:
                columns[key] = position
        if required <= columns.keys():
            return index, columns, [str(c) for c in row]
    return None


def cell(row: list[object], columns: dict[str, int], key: str) -> object:
    """The raw value of column `key` in `row`, or None when the column or cell is absent."""
    position = columns.get(key)
    if position is None or position >= len(row):
        return None
    return row[position]


def text_value(value: object) -> str | None:
    """A cell as text exactly as typed (no trimming of content), None when blank."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return text if text.strip() else None
