"""The national page's delivery ratings for 1.1.2023: the count of regions per rating with
the regions named, the definitions, and every region's pace and forecast in a table that
downloads as Excel. Takes pace_forecast's result, the month and the region names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import metrics
from common.texts import format_day, format_percent, format_signed, translate
from ui.chart_text import chart_text, listing_sentence
from ui.charts import PLOT_CONFIG
from ui.charts_national import rating_bars
from ui.context import language, t
from ui.figures import prepared
from ui.tables import download_button


@dataclass(frozen=True)
class RatingsView:
    """The ratings chart, a line per rating naming its regions, the chart's text alternative,
    the definitions, and the table of every region (formatted to show, and raw to download)."""

    figure: go.Figure
    lines: list[str]
    sentence: str
    definitions: list[str]
    shown: pd.DataFrame
    download: pd.DataFrame


def ratings_view(pace: pd.DataFrame, regions: dict[str, str], lang: str) -> RatingsView:
    """Everything the ratings sections draw, from pace_forecast's result. Pure, so every
    session showing the same month and language shares one (ui.figures.prepared)."""
    ratings = metrics.rating_definitions()
    counts = pace["rating"].value_counts()
    rated = ratings.assign(
        count=[int(counts.get(code, 0)) for code in ratings["code"]], label=ratings[lang]
    )
    figure = rating_bars(rated, translate("national_rating_title", lang), lang)
    in_rating = {code: [] for code in rated["code"]}
    for region_id, code in zip(pace["region_id"], pace["rating"], strict=True):
        in_rating.setdefault(code, []).append(regions[region_id])
    lines = [
        translate(
            "national_rating_regions",
            lang,
            label=label,
            count=count,
            regions=", ".join(in_rating[code]) or "–",
        )
        for code, label, count in zip(rated["code"], rated["label"], rated["count"], strict=True)
    ]
    sentence = listing_sentence(zip(rated["label"], rated["count"].astype(str), strict=True))
    definitions = [
        f"**{label}**: {text}"
        for label, text in zip(rated["label"], rated[f"definition_{lang}"], strict=True)
    ]
    labels = dict(zip(ratings["code"], ratings[lang], strict=True))
    name = {key: translate(key, lang) for key in _COLUMNS}
    download = pd.DataFrame(
        {
            name["national_col_region"]: pace["region_id"].map(regions),
            name["national_col_rating"]: pace["rating"].map(labels),
            name["national_col_latest"]: pace["latest_rate"],
            name["national_col_pace"]: 100 * pace["slope_per_month"],
            name["national_col_forecast"]: pace["forecast_date"],
            name["national_col_months"]: pace["months_used"],
        }
    )
    shown = download.assign(
        **{
            name["national_col_latest"]: [format_percent(r, lang) for r in pace["latest_rate"]],
            name["national_col_pace"]: [
                "–" if pd.isna(s) else format_signed(100 * s, lang) for s in pace["slope_per_month"]
            ],
            name["national_col_forecast"]: [format_day(d) for d in pace["forecast_date"]],
        }
    )
    return RatingsView(figure, lines, sentence, definitions, shown, download)


_COLUMNS = (
    "national_col_region",
    "national_col_rating",
    "national_col_latest",
    "national_col_pace",
    "national_col_forecast",
    "national_col_months",
)


def delivery_ratings(pace: pd.DataFrame, regions: dict[str, str], data_month: str) -> None:
    """The count of regions per rating, the regions in each, and the definitions."""
    view = prepared(ratings_view, pace, regions, language())
    st.plotly_chart(view.figure, key="national_ratings", config=PLOT_CONFIG)
    for line in view.lines:
        st.markdown(line)
    st.caption(t("national_rating_caption", data_month=data_month))
    chart_text(view.sentence)
    with st.expander(t("national_rating_definitions")):
        for definition in view.definitions:
            st.markdown(definition)


def rating_table(pace: pd.DataFrame, regions: dict[str, str], period: date, data_month: str):
    """Every region's pace, forecast and rating, in a table that downloads as Excel."""
    view = prepared(ratings_view, pace, regions, language())
    st.dataframe(view.shown, hide_index=True, key="national_rating_table")
    st.caption(t("national_rating_table_caption", data_month=data_month))
    download_button(
        view.download,
        f"{t('file_ratings')}_{period:%Y-%m}",
        key="national_rating_download",
        sheet=t("file_ratings_sheet"),
        percent=[t("national_col_latest")],
    )
