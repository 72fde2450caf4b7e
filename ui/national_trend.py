"""The national page's trend: the national median and quartile band of each group, month by
month, as small charts in columns of three (they stack into one column on a phone), with
their text alternative. Takes national_distribution's result up to the month shown."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from common.texts import format_month, format_percent, translate
from ui.chart_text import chart_text
from ui.charts import PLOT_CONFIG
from ui.charts_national import trend_panel
from ui.context import language, t
from ui.figures import prepared

COLUMNS = 3


@dataclass(frozen=True)
class TrendView:
    """The panels (group code -> figure, 'ALL' first) and the text alternative: a sentence on
    the latest month and the overall figures month by month (empty when there is no data)."""

    panels: dict[str, go.Figure]
    sentence: str
    table: pd.DataFrame


def trend_view(spread: pd.DataFrame, groups: dict[str, str], lang: str) -> TrendView:
    """The trend's panels and text from `spread` (national_distribution's columns). Pure, so
    every session showing the same month, scope and language shares one (ui.figures.prepared)."""
    titles = {
        "ALL": translate("all_group_code", lang),
        **{code: f"{code} · {name}" for code, name in groups.items()},
    }
    names = {
        "median": translate("national_trend_median", lang),
        "range": translate("national_trend_range", lang),
    }
    by_group = dict(tuple(spread.groupby("group_code", sort=False)))
    empty = spread.iloc[0:0]
    panels = {
        code: trend_panel(by_group.get(code, empty), title, lang, names, legend=code == "ALL")
        for code, title in titles.items()
    }
    overall = by_group.get("ALL", empty).sort_values("period")
    if overall.empty:
        return TrendView(panels, "", overall)
    last = overall.iloc[-1]
    sentence = translate(
        "chart_median_band",
        lang,
        month=format_month(last["period"]),
        median=format_percent(last["median"], lang),
        q1=format_percent(last["q1"], lang),
        q3=format_percent(last["q3"], lang),
    )
    columns = {"chart_col_median": "median", "chart_col_q1": "q1", "chart_col_q3": "q3"}
    table = pd.DataFrame(
        {
            translate("chart_col_month", lang): overall["period"].map(format_month),
            **{
                translate(key, lang): [format_percent(v, lang) for v in overall[field]]
                for key, field in columns.items()
            },
        }
    )
    return TrendView(panels, sentence, table)


def trend(spread: pd.DataFrame, groups: dict[str, str], scope_words: str, data_month: str) -> None:
    """The trend section: its heading, the panels, the caption and the text alternative."""
    st.subheader(t("national_trend_title", scope=scope_words))
    view = prepared(trend_view, spread, groups, language())
    codes = list(view.panels)
    for start in range(0, len(codes), COLUMNS):
        row = codes[start : start + COLUMNS]
        for column, code in zip(st.columns(COLUMNS), row, strict=False):
            column.plotly_chart(view.panels[code], key=f"national_trend_{code}", config=PLOT_CONFIG)
    st.caption(t("national_trend_caption", data_month=data_month))
    if view.sentence:
        chart_text(view.sentence, view.table)
