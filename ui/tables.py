"""Tables the way every page shows them: with a download as Excel beside them."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from ui.context import t

# A cell that starts with one of these would become a formula in Excel.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text that Excel would read as a formula, made inert with a leading apostrophe-quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def excel_bytes(frame: pd.DataFrame, sheet_name: str = "Tilannekuva") -> bytes:
    """The frame as an .xlsx file, text cells neutralised against formula injection."""
    buffer = io.BytesIO()
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    safe.to_excel(buffer, index=False, sheet_name=sheet_name[:31], engine="openpyxl")
    return buffer.getvalue()


def download_button(frame: pd.DataFrame, file_stem: str, key: str) -> None:
    """A button that downloads `frame` as `<file_stem>.xlsx`."""
    st.download_button(
        t("download_excel"),
        data=excel_bytes(frame),
        file_name=f"{file_stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=key,
        icon=":material/download:",
    )
