"""A text alternative for every chart: one sentence a screen reader reaches ("Kainuu 39,8 %,
median 61,7 %") and the figures behind the chart as an HTML table one click away. The
sentence builders are pure (they take the language) so that tests can check them."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping

import pandas as pd
import streamlit as st

from common.texts import format_percent, translate
from ui.context import language, t
from ui.plain_text import escape_markdown


def _known(rates: Mapping[str, float | None]) -> dict[str, float]:
    return {k: float(v) for k, v in rates.items() if v is not None and not pd.isna(v)}


def extremes_sentence(rates: Mapping[str, float | None], lang: str) -> str:
    """The lowest and the highest of `rates` (label -> 0–1) and their median, e.g. 'lowest
    Kainuu 39,8 %, highest Pirkanmaa 88,0 %, median 61,7 %'; 'no figures' when none is known."""
    known = _known(rates)
    if not known:
        return translate("chart_no_figures", lang)
    low, high = min(known, key=known.__getitem__), max(known, key=known.__getitem__)
    return translate(
        "chart_extremes",
        lang,
        low=low,
        low_rate=format_percent(known[low], lang),
        high=high,
        high_rate=format_percent(known[high], lang),
        median=format_percent(statistics.median(known.values()), lang),
    )


def listing_sentence(items: Iterable[tuple[str, str]]) -> str:
    """'Talous 95 %, ICT 80 %': each label with its value, in the given order."""
    return ", ".join(f"{label} {value}" for label, value in items)


def chart_text(summary: str, table: pd.DataFrame | None = None) -> None:
    """Under a chart: `summary` as a sentence and `table` (already formatted) in an expander,
    drawn as an HTML table that screen readers read cell by cell."""
    st.caption(escape_markdown(t("chart_shows", summary=summary)))
    if table is not None and not table.empty:
        with st.expander(t("chart_table")):
            st.table(table, hide_index=True)


def percent_column(values: Iterable[float | None]) -> list[str]:
    """Rates 0–1 written as percentages in the UI language."""
    lang = language()
    return [format_percent(v, lang) for v in values]
