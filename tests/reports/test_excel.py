"""Excel downloads read well when opened: shares show as percentages, the header row stays
in view, every column is wide enough for its longest entry, and text stays text."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd

from reports.excel import MAX_WIDTH, excel_bytes, sheets_bytes

FRAME = pd.DataFrame(
    {
        "Alue": ["Pohjois-Pohjanmaa", "Kainuu"],
        "Valmiusaste": [0.635, 1.0],
        "Kommentti": ["=HYPERLINK(1)", "x" * 200],
        "Alueita": [3, 12],
    }
)


def _sheet(data: bytes, name: str | None = None):
    book = openpyxl.load_workbook(io.BytesIO(data))
    return book[name] if name else book.active


def test_shares_are_percent_and_other_numbers_are_not():
    sheet = _sheet(excel_bytes(FRAME, "Valmiusaste", percent=["Valmiusaste"]))
    assert sheet["B2"].value == 0.635  # the share itself, not a rounded string
    assert sheet["B2"].number_format == sheet["B3"].number_format == "0.0 %"
    assert sheet["D2"].number_format == "General"
    assert sheet["A1"].number_format == "General"


def test_header_is_frozen_and_columns_fit_their_longest_entry():
    sheet = _sheet(excel_bytes(FRAME))
    assert sheet.freeze_panes == "A2"
    widths = {c: sheet.column_dimensions[c].width for c in "ABCD"}
    assert widths["A"] >= len("Pohjois-Pohjanmaa")
    assert widths["B"] >= len("Valmiusaste")
    assert widths["C"] == MAX_WIDTH  # a long text is capped, not a screen wide
    assert widths["D"] < widths["A"]


def test_sheet_names_are_the_given_ones_and_text_stays_inert():
    data = sheets_bytes({"Completion": FRAME, "Lagging": FRAME}, {"Completion": ["Valmiusaste"]})
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Completion", "Lagging"]
    assert book["Completion"]["B2"].number_format == "0.0 %"
    assert book["Lagging"]["B2"].number_format == "General"
    assert book["Completion"]["C2"].value == "'=HYPERLINK(1)"
