"""Tables the way every page shows them: with a download as Excel beside them."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from reports.excel import excel_bytes, neutralise
from ui.context import t

__all__ = ["download_button", "excel_bytes", "neutralise"]


def download_button(
    frame: pd.DataFrame,
    file_stem: str,
    key: str,
    *,
    sheet: str | None = None,
    percent: Sequence[str] = (),
) -> None:
    """A button that downloads `frame` as `<file_stem>.xlsx`, its one sheet named `sheet`
    (else the app's name in the chosen language) and the `percent` columns (shares 0–1)
    shown as percentages. The workbook is written only when the button is pressed: writing
    every table's Excel file on every run was most of a warm page's time (bench/README.md).
    The button is as wide as its label, never cut to a column's width. Pressing it does not
    run the page again (on_click="ignore"): nothing on the page changes with a download, and
    a rerun redrew every chart while the file was on its way."""
    name = sheet or t("file_sheet_default")
    st.download_button(
        t("download_excel"),
        data=lambda: excel_bytes(frame, name, percent),
        file_name=f"{file_stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=key,
        icon=":material/download:",
        on_click="ignore",
        width="content",
    )
