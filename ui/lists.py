"""The facilitator's lists (overdue, stalled, observations) the way the pages show them:
whole texts in wrapped rows, the first metrics.overdue.TOP rows (the metric has already
put them most urgent first), the count of the rest, the full list a click away and every
row in the Excel download."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from metrics.overdue import TOP
from ui.context import t
from ui.tables import download_button


def wrapped_table(shown: pd.DataFrame) -> None:
    """`shown` as a static table whose cells wrap, so that no text is cut at the column
    edge (st.table shows its cells as plain text, never as Markdown)."""
    st.table(shown, hide_index=True)


def top_list(shown: pd.DataFrame, download: pd.DataFrame, file_stem: str, key: str) -> None:
    """The first TOP rows of `shown`, a caption counting the rest, the full list in an
    expander when there is more, and the Excel download of `download` (every row)."""
    wrapped_table(shown.head(TOP))
    rest = len(shown) - TOP
    if rest > 0:
        st.caption(t("region_list_more", shown=TOP, count=rest))
        with st.expander(t("region_list_all", count=len(shown))):
            wrapped_table(shown)
    download_button(download, file_stem, key=f"{key}_download")
