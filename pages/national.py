"""Kansallinen tilannekuva: the national picture for leadership in one screen — who reported,
the national median and its change, delivery ratings for 1.1.2023, open red flags, completion
per region × group (click through to the region), the top risk themes, the national trend per
group and the subtasks lagging nationally. Asks metrics/ through ui.data.metric and draws."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from common.texts import decimal_comma, format_month
from ui.context import language, t
from ui.data import metric
from ui.filters import sidebar_filters
from ui.labels import group_names, region_names
from ui.national_headline import headline
from ui.national_heatmap import heatmap
from ui.national_ratings import delivery_ratings, rating_table
from ui.national_themes import risk_themes
from ui.national_trend import trend
from ui.packs import pack_downloads
from ui.tables import download_button

LAGGING_ROWS = 10


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
pace = metric("pace_forecast", period=period)
position = metric("peer_position", period=period, scope=scope)
flags = metric("open_red_flags", period=period)

headline(period, previous, scope, flags, regions)
left, right = st.columns([3, 2], gap="large")
with left:
    heatmap(completion, position, period, scope, regions, groups)
with right:
    delivery_ratings(pace, regions, data_month)
    risk_themes(period, periods, data_month)
trend(spread, groups, scope_words, data_month)
lagging()
with st.expander(t("national_rating_table")):
    rating_table(pace, regions, period, data_month)
