"""Kansallinen tilannekuva: the national picture for leadership in one screen — who reported,
the national median and its change, delivery ratings for 1.1.2023, open red flags, completion
per region × group (click through to the region), the top risk themes, the national trend per
group and the subtasks lagging nationally. Asks metrics/ through ui.data.metric and draws."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import metrics
from common.texts import (
    decimal_comma,
    format_day,
    format_month,
    format_percent,
    format_signed,
    translate,
)
from ui.chart_text import chart_text, listing_sentence
from ui.charts import PLOT_CONFIG
from ui.charts_national import rating_bars, theme_bars
from ui.context import language, t, widget_key
from ui.data import metric
from ui.figures import prepared
from ui.filters import sidebar_filters
from ui.labels import group_names, region_names
from ui.national_headline import headline
from ui.national_heatmap import heatmap
from ui.national_trend import trend
from ui.packs import pack_downloads
from ui.tables import download_button

CHART = {"config": PLOT_CONFIG}
THEME_WINDOWS = (1, 3)
TOP_THEMES = 5
LAGGING_ROWS = 10


def delivery_ratings() -> None:
    """The count of regions per rating, the regions in each, and the definitions."""
    counts = pace["rating"].value_counts()
    rated = ratings.assign(
        count=[int(counts.get(code, 0)) for code in ratings["code"]], label=ratings[lang]
    )
    st.plotly_chart(
        prepared(rating_bars, rated, t("national_rating_title"), lang),
        key="national_ratings",
        **CHART,
    )
    for row in rated.itertuples():
        names = ", ".join(regions[r] for r in pace.loc[pace["rating"] == row.code, "region_id"])
        st.markdown(
            t("national_rating_regions", label=row.label, count=row.count, regions=names or "–")
        )
    st.caption(t("national_rating_caption", data_month=data_month))
    chart_text(listing_sentence(zip(rated["label"], rated["count"].astype(str), strict=True)))
    with st.expander(t("national_rating_definitions")):
        for row in rated.itertuples():
            st.markdown(f"**{row.label}**: {getattr(row, f'definition_{lang}')}")


def risk_themes() -> None:
    """The top risk themes of the month (or three months) with their prevalence words."""
    window = (
        st.segmented_control(
            t("national_themes_window"),
            options=list(THEME_WINDOWS),
            default=THEME_WINDOWS[0],
            format_func=lambda n: translate(f"national_window_{n}", lang),
            key=widget_key("national_theme_months"),
        )
        or THEME_WINDOWS[0]
    )
    prevalence = metric("theme_prevalence", period=period, months=window)
    top = prevalence[(prevalence["theme"] != "muu") & (prevalence["share"] > 0)].head(TOP_THEMES)
    first = periods[max(periods.index(period) - window + 1, 0)]
    window_text = (
        format_month(period)
        if first == period
        else t("national_themes_window_text", first=format_month(first), last=format_month(period))
    )
    if top.empty:
        st.info(t("national_themes_none"))
    else:
        shown = pd.DataFrame(
            {
                "label": top[f"name_{lang}"],
                "words": top[f"label_{lang}"],
                "share": top["share"],
                "text": [format_percent(s, lang, 0) for s in top["share"]],
            }
        )
        st.plotly_chart(
            prepared(theme_bars, shown, t("national_themes_title"), lang),
            key="national_themes",
            **CHART,
        )
        chart_text(
            listing_sentence(zip(shown["label"], shown["text"], strict=True)),
            pd.DataFrame(
                {
                    t("chart_col_theme"): shown["label"],
                    t("chart_col_share"): shown["text"],
                    t("chart_col_words"): shown["words"],
                }
            ),
        )
    st.caption(t("national_themes_caption", window=window_text, data_month=data_month))


def lagging() -> None:
    """The must-do list: subtasks with the smallest share of regions done."""
    st.header(t("national_lagging_title"))
    rows = metric("lagging_subtasks", period=period, limit=LAGGING_ROWS, scope=scope)
    share = t("national_col_share_done")
    st.dataframe(
        pd.DataFrame(
            {
                t("col_subtask_id"): rows["subtask_id"],
                t("col_subtask"): rows["subtask_name"],
                share: 100 * rows["share_done"],
                t("national_col_regions_done"): [
                    f"{d} / {a}"
                    for d, a in zip(rows["regions_done"], rows["regions_applicable"], strict=True)
                ],
            }
        ),
        hide_index=True,
        width="stretch",
        key="national_lagging",
        column_config={
            t("col_subtask"): st.column_config.TextColumn(width=580),
            share: st.column_config.ProgressColumn(
                format="%.0f %%" if decimal_comma(lang) else "%.0f%%",
                min_value=0,
                max_value=100,
                width="medium",
            ),
            t("national_col_regions_done"): st.column_config.TextColumn(width=120),
        },
    )
    st.caption(t("national_lagging_caption", scope=scope_words, data_month=data_month))
    download_button(
        pd.DataFrame(
            {
                t("col_subtask_id"): rows["subtask_id"],
                t("col_group"): rows["group_code"],
                t("col_subtask"): rows["subtask_name"],
                share: rows["share_done"],
                t("national_col_regions_done_n"): rows["regions_done"],
                t("national_col_regions_applicable"): rows["regions_applicable"],
            }
        ),
        f"{t('file_lagging')}_{period:%Y-%m}_{t(f'file_scope_{scope}')}",
        key="national_lagging_download",
        sheet=t("file_lagging_sheet"),
        percent=[share],
    )


def rating_table() -> None:
    """Every region's pace, forecast and rating, in a table that downloads as Excel."""
    labels = dict(zip(ratings["code"], ratings[lang], strict=True))
    columns = {
        t("national_col_region"): pace["region_id"].map(regions),
        t("national_col_rating"): pace["rating"].map(labels),
        t("national_col_latest"): pace["latest_rate"],
        t("national_col_pace"): 100 * pace["slope_per_month"],
        t("national_col_forecast"): pace["forecast_date"],
        t("national_col_months"): pace["months_used"],
    }
    shown = dict(columns)
    shown[t("national_col_latest")] = [format_percent(r, lang) for r in pace["latest_rate"]]
    shown[t("national_col_pace")] = [
        "–" if pd.isna(s) else format_signed(100 * s, lang) for s in pace["slope_per_month"]
    ]
    shown[t("national_col_forecast")] = [format_day(d) for d in pace["forecast_date"]]
    st.dataframe(pd.DataFrame(shown), hide_index=True, key="national_rating_table")
    st.caption(t("national_rating_table_caption", data_month=data_month))
    download_button(
        pd.DataFrame(columns),
        f"{t('file_ratings')}_{period:%Y-%m}",
        key="national_rating_download",
        sheet=t("file_ratings_sheet"),
        percent=[t("national_col_latest")],
    )


lang = language()
periods = metric("available_periods")
st.title(t("national_title"))
if not periods:
    st.info(t("no_data"))
    st.stop()

filters = sidebar_filters(periods, scope=True)
period, scope = filters.period, filters.scope
previous = periods[periods.index(period) - 1] if periods.index(period) > 0 else None
scope_words = t(f"national_scope_{scope}")
data_month = t("data_month", month=format_month(period))
regions, groups = region_names(), group_names()
st.caption(t("national_intro", month=format_month(period), scope=scope_words))
# The pack first: leadership often comes for the file to pass on.
pack_downloads(period)

completion = metric("completion", scope=scope, period=period)
spread = metric("national_distribution", scope=scope, until=period)
ratings = metrics.rating_definitions()  # a small data file, not a query
pace = metric("pace_forecast", period=period)
position = metric("peer_position", period=period, scope=scope)
flags = metric("open_red_flags", period=period)

headline(period, previous, scope, flags, regions)
left, right = st.columns([3, 2], gap="large")
with left:
    heatmap(completion, position, period, scope, regions, groups)
with right:
    delivery_ratings()
    risk_themes()
trend(spread, groups, scope_words, data_month)
lagging()
with st.expander(t("national_rating_table")):
    rating_table()
