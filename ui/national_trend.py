"""The national page's trend: the national median and quartile band month by month of all
groups together or of one group, chosen above the chart, with its text alternative. Takes
national_distribution's result up to the month shown.

One chart with a choice, not a small chart per group: seven plotly charts were most of the
page's drawing in the browser (warm, the page stopped changing after about 2.2 s with them
and 0.8 s without, median of 5), and every session sent all seven."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from common.texts import format_month, format_percent, translate
from ui.chart_text import chart_text
from ui.charts import PLOT_CONFIG
from ui.charts_national import trend_panel
from ui.context import language, t, widget_key
from ui.figures import prepared


@dataclass(frozen=True)
class TrendView:
    """One group's chart ('ALL': all groups together) and its text alternative: a sentence on
    the latest month and the figures month by month ('' and an empty table when no data)."""

    figure: go.Figure
    sentence: str
    table: pd.DataFrame


def trend_view(spread: pd.DataFrame, code: str, title: str, lang: str) -> TrendView:
    """The chart and text of group `code` from `spread` (national_distribution's columns).
    Pure, so every session showing the same month, scope, group and language shares one
    (ui.figures.prepared); only a group someone chooses is ever drawn."""
    names = {
        "median": translate("national_trend_median", lang),
        "range": translate("national_trend_range", lang),
    }
    part = spread[spread["group_code"] == code]
    sentence, table = _text(part, lang)
    return TrendView(trend_panel(part, title, lang, names, legend=True), sentence, table)


def _text(spread: pd.DataFrame, lang: str) -> tuple[str, pd.DataFrame]:
    """The sentence on the latest month and the table month by month of one group."""
    part = spread.sort_values("period")
    if part.empty:
        return "", part
    last = part.iloc[-1]
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
            translate("chart_col_month", lang): part["period"].map(format_month),
            **{
                translate(key, lang): [format_percent(v, lang) for v in part[field]]
                for key, field in columns.items()
            },
        }
    )
    return sentence, table


def trend(spread: pd.DataFrame, groups: dict[str, str], scope_words: str, data_month: str) -> None:
    """The trend section: its heading, the choice of group, the chart, the caption and the
    text alternative."""
    lang = language()
    st.subheader(t("national_trend_title", scope=scope_words))
    titles = {
        "ALL": translate("all_group_code", lang),
        **{code: f"{code} · {name}" for code, name in groups.items()},
    }
    code = (
        st.segmented_control(
            t("national_trend_group"),
            options=list(titles),
            format_func=lambda c: translate("national_trend_all", lang) if c == "ALL" else c,
            default="ALL",
            key=widget_key("national_trend_group"),
        )
        or "ALL"
    )
    view = prepared(trend_view, spread, code, titles[code], lang)
    st.plotly_chart(view.figure, key="national_trend", config=PLOT_CONFIG)
    st.caption(t("national_trend_caption", data_month=data_month))
    if view.sentence:
        chart_text(view.sentence, view.table)
