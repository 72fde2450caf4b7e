"""Riskit ja teemat: how widely each risk theme is raised across the regions, its share by
month, the region × theme matrix, and every observation, searchable and filterable, in the
words the region wrote."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from common.texts import format_month, translate
from loaders.store.themes import OTHER, prevalence_words
from metrics.themes import theme_names
from ui.chart_text import chart_text, listing_sentence
from ui.charts import PLOT_CONFIG
from ui.charts_risks import (
    format_share,
    prevalence_chart,
    trend_heatstrip,
    trend_lines,
)
from ui.context import language, t, widget_key
from ui.data import metric
from ui.figures import prepared
from ui.filters import sidebar_filters
from ui.labels import region_names
from ui.risk_list import observation_list
from ui.risk_matrix import risk_matrix

WINDOWS = (1, 3, 6)


def window_choice() -> int:
    """The window in months (1, 3 or 6) from the sidebar, kept in the URL as `ikkuna`."""
    from_url = st.query_params.get("ikkuna")
    default = int(from_url) if from_url in {str(w) for w in WINDOWS} else WINDOWS[0]
    chosen = st.sidebar.segmented_control(
        t("risk_window"),
        options=list(WINDOWS),
        format_func=lambda months: translate("risk_window_months", lang, months=months),
        default=default,
        help=t("risk_window_help"),
        key=widget_key("risk_window"),
    )
    chosen = chosen or default
    st.query_params["ikkuna"] = str(chosen)
    return chosen


lang = language()
st.title(t("risk_title"))
periods = metric("available_periods")
if not periods:
    st.info(t("no_data"))
    st.stop()

period = sidebar_filters(periods, scope=False).period
months = window_choice()
# The metrics count calendar months back from the chosen one, reported or not.
first = (pd.Timestamp(period) - pd.DateOffset(months=months - 1)).date()
window = format_month(period) if months == 1 else f"{format_month(first)}–{format_month(period)}"
data_month = t("data_month", month=window)
regions = region_names()
names = theme_names(lang)  # the vocabulary in data/, not figures from the database
st.caption(t("risk_intro"))

# How widely each theme is raised in the window, in the words of the spring 2021 summary.
prevalence = metric("theme_prevalence", period=period, months=months)
# "Other" is what no theme caught, not a theme to rank: it stays at the bottom.
prevalence = prevalence.sort_values("theme", key=lambda codes: codes == OTHER, kind="stable")
labels = [
    f"{raised}/{total}"
    for raised, total in zip(
        prevalence["regions_raising"], prevalence["regions_reporting"], strict=True
    )
]
st.plotly_chart(
    prepared(
        prevalence_chart,
        prevalence.assign(
            name=prevalence[f"name_{lang}"],
            words=prevalence[f"label_{lang}"].fillna(""),
            text=labels,
        ),
        t("risk_prevalence_title", window=window),
        lang,
        t("risk_prevalence_axis"),
    ),
    key="risk_prevalence",
    config=PLOT_CONFIG,
)
bands = ", ".join(
    f"{label} ≥ {format_share(share, lang)}" for share, label in prevalence_words(lang) if share > 0
)
reporting = int(prevalence["regions_reporting"].max()) if len(prevalence) else 0
st.caption(f"{t('risk_prevalence_caption', regions=reporting, bands=bands)} {data_month}")
raised = prevalence[prevalence["regions_raising"] > 0]
chart_text(
    listing_sentence(
        zip(raised[f"name_{lang}"], [format_share(v, lang) for v in raised["share"]], strict=True)
    ),
    pd.DataFrame(
        {
            t("chart_col_theme"): prevalence[f"name_{lang}"],
            t("chart_col_share"): [format_share(v, lang) for v in prevalence["share"]],
            t("chart_col_count"): labels,
        }
    ),
)

# Share of the reporting regions raising each theme, month by month up to the chosen month.
trend = metric("theme_trend", until=period)
trend = trend.assign(name=trend["theme"].map(names))
style = st.segmented_control(
    t("risk_trend_style"),
    options=["heat", "lines"],
    format_func=lambda s: translate(f"risk_trend_style_{s}", lang),
    default="heat",
    key=widget_key("risk_trend_style"),
)
draw_trend = trend_lines if style == "lines" else trend_heatstrip
st.plotly_chart(
    prepared(draw_trend, trend, t("risk_trend_title"), lang),
    key="risk_trend",
    config=PLOT_CONFIG,
)
trend_months = f"{format_month(periods[0])}–{format_month(period)}"
st.caption(f"{t('risk_trend_caption')} {t('data_month', month=trend_months)}")
if not trend.empty:
    newest = trend[trend["period"] == trend["period"].max()].sort_values("share", ascending=False)
    chart_text(
        format_month(newest["period"].iloc[0])
        + ": "
        + listing_sentence(
            zip(newest["name"], [format_share(v, lang) for v in newest["share"]], strict=True)
        ),
        trend.assign(
            month=trend["period"].map(format_month),
            text=[format_share(v, lang) for v in trend["share"]],
        )
        .pivot(index="name", columns="month", values="text")
        .reindex(
            columns=list(dict.fromkeys(trend.sort_values("period")["period"].map(format_month)))
        )
        .rename_axis(index=t("chart_col_theme"), columns=None)
        .reset_index(),
    )

# Region × theme: the highest severity each region gave each theme in the window, and in
# how many of its months the region raised it.
risk_matrix(period, months, window, data_month, regions, names)


# Every observation of the window, one row each, filtered and searched.
observation_list(period, first, window, data_month, names, regions)
