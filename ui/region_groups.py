"""The region page's groups section: the region's completion per group against the national
median and quartiles, as a chart, a sentence, and a table with its Excel download. Takes the
region, the month, the scope, the data-month footer and the file-name stem."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from common.texts import format_number, format_percent
from ui.chart_text import chart_text, listing_sentence
from ui.charts_region import group_position_chart
from ui.context import language, t
from ui.data import metric
from ui.figures import prepared
from ui.labels import group_names, region_names
from ui.tables import download_button


def show_table(shown: pd.DataFrame, download: pd.DataFrame, stem: str, key: str, **config) -> None:
    """A table with translated columns and its Excel download (numbers and dates, not the
    strings shown)."""
    st.dataframe(shown, hide_index=True, width="stretch", key=f"{key}_table", **config)
    download_button(download, stem, key=f"{key}_download")


def groups_section(region: str, period: date, scope: str, footer: str, stem: str) -> None:
    """The region's completion per group against the national median and quartiles."""
    lang, name = language(), region_names()[region]
    labels = {**group_names(), "ALL": t("all_group_code")}
    # The same metric, with the same arguments, as the region pack's group table.
    frame = metric("region_groups", region_id=region, period=period, scope=scope)
    frame = frame.assign(label=frame["group_code"].map(labels))
    st.header(t("region_groups_header"))
    legend = {
        "region": name,
        "median": t("region_legend_median"),
        "range": t("region_legend_range"),
    }
    title = t("region_groups_title", region=name, scope=t(f"scope_{scope}").lower())
    st.plotly_chart(
        prepared(group_position_chart, frame, title, lang, legend),
        key="region_groups_chart",
        config={"displaylogo": False},
    )
    st.caption(f"{t('region_groups_caption')} {footer}")
    chart_text(
        listing_sentence(
            (
                row.label,
                t(
                    "chart_vs_median",
                    rate=format_percent(row.rate, lang),
                    median=format_percent(row.median, lang),
                ),
            )
            for row in frame.itertuples()
        )
    )
    columns = {
        "label": t("region_col_group"),
        "done": t("region_col_done"),
        "applicable": t("region_col_applicable"),
        "rate": t("region_col_rate"),
        "median": t("region_col_median"),
        "q1": t("region_col_q1"),
        "q3": t("region_col_q3"),
        "distance_pp": t("region_col_distance"),
        "rank": t("region_col_rank"),
    }
    table = frame[list(columns)]
    shown = table.assign(
        **{c: [format_percent(v, lang) for v in table[c]] for c in ("rate", "median", "q1", "q3")},
        distance_pp=[
            "–" if pd.isna(v) else format_number(v, lang, 1) for v in table["distance_pp"]
        ],
        rank=[
            "–" if pd.isna(r) else t("region_rank_value", rank=int(r), regions=int(n))
            for r, n in zip(frame["rank"], frame["regions"], strict=True)
        ],
    )
    show_table(
        shown.rename(columns=columns),
        table.rename(columns=columns),
        f"groups_{stem}",
        "region_groups",
    )
