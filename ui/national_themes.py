"""The national page's risk themes: the most common themes in the regions' observations of
the month or of three months, with how many regions raise each, as bars with their text
alternative. Takes the month, the reporting months and the data month's words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from common.texts import format_month, format_percent, translate
from ui.chart_text import chart_text, listing_sentence
from ui.charts import PLOT_CONFIG
from ui.charts_national import theme_bars
from ui.context import language, t, widget_key
from ui.data import metric
from ui.figures import prepared

WINDOWS = (1, 3)
TOP = 5


@dataclass(frozen=True)
class ThemesView:
    """The top themes' chart and its text alternative; no figure when no theme was raised."""

    figure: go.Figure | None
    sentence: str
    table: pd.DataFrame


def themes_view(prevalence: pd.DataFrame, lang: str) -> ThemesView:
    """The TOP most common themes of theme_prevalence's result, 'other' left out. Pure, so
    every session showing the same months and language shares one (ui.figures.prepared)."""
    top = prevalence[(prevalence["theme"] != "muu") & (prevalence["share"] > 0)].head(TOP)
    if top.empty:
        return ThemesView(None, "", top)
    shown = pd.DataFrame(
        {
            "label": top[f"name_{lang}"],
            "words": top[f"label_{lang}"],
            "share": top["share"],
            "text": [format_percent(s, lang, 0) for s in top["share"]],
        }
    )
    return ThemesView(
        theme_bars(shown, translate("national_themes_title", lang), lang),
        listing_sentence(zip(shown["label"], shown["text"], strict=True)),
        pd.DataFrame(
            {
                translate("chart_col_theme", lang): shown["label"],
                translate("chart_col_share", lang): shown["text"],
                translate("chart_col_words", lang): shown["words"],
            }
        ),
    )


def risk_themes(period: date, periods: list[date], data_month: str) -> None:
    """The top risk themes of the month (or three months) with their prevalence words."""
    lang = language()
    window = (
        st.segmented_control(
            t("national_themes_window"),
            options=list(WINDOWS),
            default=WINDOWS[0],
            format_func=lambda n: translate(f"national_window_{n}", lang),
            key=widget_key("national_theme_months"),
        )
        or WINDOWS[0]
    )
    view = prepared(themes_view, metric("theme_prevalence", period=period, months=window), lang)
    first = periods[max(periods.index(period) - window + 1, 0)]
    window_text = (
        format_month(period)
        if first == period
        else t("national_themes_window_text", first=format_month(first), last=format_month(period))
    )
    if view.figure is None:
        st.info(t("national_themes_none"))
    else:
        st.plotly_chart(view.figure, key="national_themes", config=PLOT_CONFIG)
        chart_text(view.sentence, view.table)
    st.caption(t("national_themes_caption", window=window_text, data_month=data_month))
