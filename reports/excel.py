"""Tables as Excel: one place for writing a DataFrame to .xlsx safely. Text that came from a
workbook is neutralised so that Excel never reads it as a formula. ui.tables and the packs
both write through here."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping

import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reports.document import Pack

# A cell that starts with one of these would become a formula in Excel.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
PERCENT_FORMAT = "0.0 %"  # Excel shows it in the reader's own locale: "63,5 %" or "63.5%"
MIN_WIDTH, MAX_WIDTH = 8, 60  # characters


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


def _lay_out(sheet: Worksheet, frame: pd.DataFrame, percent: set[str]) -> None:
    """Make the written sheet readable: the header row frozen, each column as wide as its
    longest entry (within MIN_WIDTH–MAX_WIDTH characters) and the `percent` columns (shares
    0–1) formatted as percentages."""
    sheet.freeze_panes = "A2"
    for index, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(index)
        values = frame[column].head(500).map(lambda v: "" if pd.isna(v) else str(v))
        longest = max([len(str(column)), *values.map(len)], default=0)
        sheet.column_dimensions[letter].width = min(max(longest + 2, MIN_WIDTH), MAX_WIDTH)
        if column in percent:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = PERCENT_FORMAT


def excel_bytes(
    frame: pd.DataFrame, sheet_name: str = "Tilannekuva", percent: Iterable[str] = ()
) -> bytes:
    """The frame as an .xlsx file, text cells neutralised against formula injection; the
    `percent` columns hold shares 0–1 and show as percentages."""
    return sheets_bytes({sheet_name: frame}, {sheet_name: percent})


def sheets_bytes(
    frames: dict[str, pd.DataFrame], percent: Mapping[str, Iterable[str]] | None = None
) -> bytes:
    """Several frames as the sheets of one .xlsx file (names made valid), neutralised, with
    a frozen header and readable column widths; `percent` names each sheet's share
    columns (0–1), shown as percentages."""
    buffer = io.BytesIO()
    taken: set[str] = set()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for title, frame in frames.items():
            name = sheet_name(title, taken)
            _safe(frame).to_excel(writer, index=False, sheet_name=name)
            shares = set((percent or {}).get(title, ()))
            _lay_out(writer.sheets[name], frame, shares)
    return buffer.getvalue()


def render(pack: Pack) -> bytes:
    """Every table of the pack as one sheet of an .xlsx file: the data (numbers and dates,
    rates 0–1), not the printed strings."""
    tables = pack.tables()
    return sheets_bytes(
        {table.sheet or table.title: table.data for table in tables},
        {table.sheet or table.title: table.percent for table in tables},
    )
