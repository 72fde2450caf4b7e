"""Tables the way every page shows them: with a download as Excel beside them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from reports.excel import excel_bytes, neutralise
from ui.context import t

__all__ = ["download_button", "excel_bytes", "neutralise"]


def download_button(frame: pd.DataFrame, file_stem: str, key: str) -> None:
    """A button that downloads `frame` as `<file_stem>.xlsx`. The workbook is written only when
    the button is pressed: writing every table's Excel file on every run was most of a warm
    page's time (bench/README.md)."""
    st.download_button(
        t("download_excel"),
        data=lambda: excel_bytes(frame),
        file_name=f"{file_stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=key,
        icon=":material/download:",
    )
