"""The risks page's region × theme matrix: the highest severity each region gave each theme
in the window and in how many of its months it raised it, with its text alternative. Takes
theme_by_region's result, the window, and the region and theme names."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from common.texts import translate
from ui.chart_text import chart_text, listing_sentence
from ui.charts import PLOT_CONFIG
from ui.charts_risks import theme_region_heatmap
from ui.context import language, t
from ui.data import metric
from ui.figures import prepared
from ui.risk_list import SEVERITIES


@dataclass(frozen=True)
class MatrixView:
    """The matrix's figure and its text alternative (a sentence and the counts per region
    and theme; empty when nothing was raised)."""

    figure: go.Figure
    sentence: str
    table: pd.DataFrame


def matrix_view(
    matrix: pd.DataFrame,
    regions: dict[str, str],
    names: dict[str, str],
    months: int,
    window: str,
    lang: str,
) -> MatrixView:
    """Everything the matrix section draws from theme_by_region's result. Pure, so every
    session showing the same month, window and language shares one (ui.figures.prepared):
    at 309 units its hover texts and table took two seconds of every run."""
    severities = [
        translate("risk_not_raised", lang),
        *(translate(f"risk_severity_{s}", lang) for s in SEVERITIES[::-1]),
    ]
    named = matrix.assign(region=matrix["region_id"].map(regions), name=matrix["theme"].map(names))
    named["hover"] = [
        translate(
            "risk_matrix_hover",
            lang,
            region=region,
            theme=theme,
            count=count,
            raised=raised,
            months=months,
            severity=severities[rank],
        )
        for region, theme, count, raised, rank in zip(
            named["region"],
            named["name"],
            named["observations"],
            named["months_raised"],
            named["severity_rank"],
            strict=True,
        )
    ]
    figure = theme_region_heatmap(
        named,
        translate("risk_matrix_title_severity", lang, window=window),
        lang,
        severities,
        months,
    )
    if named.empty:
        return MatrixView(figure, "", named)
    counts = named.groupby("theme", sort=False)["observations"].sum()
    present = set(named["region"])
    table = (
        named.pivot(index="region", columns="name", values="observations")
        .reindex(index=[r for r in regions.values() if r in present])
        .rename_axis(index=translate("chart_col_region", lang), columns=None)
        .reset_index()
    )
    sentence = listing_sentence((names[theme], str(n)) for theme, n in counts.items() if n)
    return MatrixView(figure, sentence, table)


def risk_matrix(
    period, months: int, window: str, data_month: str, regions: dict, names: dict
) -> None:
    """The matrix section: the chart, its caption and its text alternative."""
    matrix = metric("theme_by_region", period=period, months=months)
    view = prepared(matrix_view, matrix, regions, names, months, window, language())
    st.plotly_chart(view.figure, key="risk_matrix", config=PLOT_CONFIG)
    caption = "risk_matrix_caption_months" if months > 1 else "risk_matrix_caption_month"
    st.caption(f"{t(caption, months=months)} {data_month}")
    if not view.table.empty:
        chart_text(view.sentence, view.table)
