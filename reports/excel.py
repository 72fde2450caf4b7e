"""Tables as Excel: one place for writing a DataFrame to .xlsx safely. Text that came from a
workbook is neutralised so that Excel never reads it as a formula. ui.tables and the packs
both write through here."""

from __future__ import annotations

import io
import re

import pandas as pd

from reports.document import Pack

# A cell that starts with one of these would become a formula in Excel.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def neutralise(value: object) -> object:
    """Text that Excel would read as a formula, made inert with a leading apostrophe-quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    return safe


def sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet name (at most 31 characters, none of []:*?/\\) for
    `title`; adds it to `taken`."""
    base = _SHEET_FORBIDDEN.sub(" ", title).strip()[:31] or "Taulukko"
    name, number = base, 2
    while name.lower() in {t.lower() for t in taken}:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name)
    return name


def excel_bytes(frame: pd.DataFrame, sheet_name: str = "Tilannekuva") -> bytes:
    """The frame as an .xlsx file, text cells neutralised against formula injection."""
    return sheets_bytes({sheet_name: frame})


def sheets_bytes(frames: dict[str, pd.DataFrame]) -> bytes:
    """Several frames as the sheets of one .xlsx file (names made valid), neutralised."""
    buffer = io.BytesIO()
    taken: set[str] = set()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for title, frame in frames.items():
            _safe(frame).to_excel(writer, index=False, sheet_name=sheet_name(title, taken))
    return buffer.getvalue()


def render(pack: Pack) -> bytes:
    """Every table of the pack as one sheet of an .xlsx file: the data (numbers and dates,
    rates 0–1), not the printed strings."""
    return sheets_bytes({table.sheet or table.title: table.data for table in pack.tables()})
