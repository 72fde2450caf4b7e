"""The national page's heatmap: completion per region × group coloured by the distance from
each group's national median, with its text alternative, the click and the select box that
open a region's page, and the Excel download. Takes the completion and peer-position results,
the month, the scope and the region and group names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from common.texts import format_month, format_number, format_percent, format_signed, translate
from ui.chart_text import chart_text, extremes_sentence
from ui.charts import PLOT_CONFIG
from ui.charts_national import completion_heatmap, region_from_selection
from ui.context import language, t, widget_key
from ui.figures import prepared
from ui.tables import download_button

REGION_PAGE = "pages/region.py"
CHART = {"config": PLOT_CONFIG}
HEATMAP_ORDERS = ("completion", "official")


def region_link(region_id: str, period: date, scope: str) -> dict[str, str]:
    """The query string that opens `region_id` on the region page in this month and view."""
    lang = language()
    params = {"alue": region_id, "kuukausi": f"{period:%Y-%m}", "laajuus": scope}
    if "lang" in st.query_params:
        params["lang"] = lang
    return params


def heatmap_rows(regions: dict[str, str], position: pd.DataFrame) -> dict[str, str]:
    """The regions in the heatmap's order (id -> name): by overall completion, most complete
    first (the metric's own rank order in `position`), the regions without a rate last; or
    the official order."""
    lang = language()
    order = st.segmented_control(
        t("national_heatmap_order"),
        options=list(HEATMAP_ORDERS),
        default=HEATMAP_ORDERS[0],
        format_func=lambda o: translate(f"national_heatmap_order_{o}", lang),
        key=widget_key("national_heatmap_order"),
    )
    if order == "official":
        return dict(regions)
    ranked = position.loc[position["group_code"] == "ALL", "region_id"].tolist()
    return {r: regions[r] for r in [*ranked, *(r for r in regions if r not in ranked)]}


@dataclass(frozen=True)
class HeatmapView:
    """What the heatmap section draws, prepared from the metrics' results: the figure, the
    sentence and table of its text alternative, and the rates for the download."""

    figure: go.Figure
    sentence: str
    text_table: pd.DataFrame
    rates: pd.DataFrame


def heatmap_view(
    completion: pd.DataFrame,
    position: pd.DataFrame,
    rows: dict[str, str],
    groups: dict[str, str],
    scope: str,
    lang: str,
) -> HeatmapView:
    """The heatmap of `completion` per region (`rows`, id -> name, in the order shown) ×
    group, with each cell's distance from the group's national median from `position`.
    Pure, so every session showing the same month, scope, order and language shares one
    (ui.figures.prepared)."""
    columns = {**{code: code for code in groups}, "ALL": translate("national_total_short", lang)}
    names = {rid: name for rid, name in rows.items()}
    shown = completion.merge(
        position[["region_id", "group_code", "median", "distance_pp"]],
        on=["region_id", "group_code"],
        how="left",
    )
    shown = shown.assign(
        row=shown["region_id"].map(names),
        column=shown["group_code"].map(columns),
        rate=shown["completion_rate"],
        # The whole number alone: "100" fits a phone's cell where "100 %" does not.
        text=[
            "–" if pd.isna(r) else format_number(100 * r, lang, 0) for r in shown["completion_rate"]
        ],
    )
    all_groups, points = translate("all_group_code", lang), translate("national_pp", lang)
    shown["hover"] = [
        translate(
            "national_heatmap_hover_median",
            lang,
            region=row.row,
            group=groups.get(row.group_code, all_groups),
            rate=format_percent(row.rate, lang),
            done=row.done,
            applicable=row.applicable,
            median=format_percent(row.median, lang),
            distance=f"{format_signed(row.distance_pp, lang)} {points}",
        )
        if pd.notna(row.distance_pp)
        else ""
        for row in shown.itertuples()
    ]
    grid = pd.DataFrame(
        [(name, col, rid) for rid, name in rows.items() for col in columns.values()],
        columns=["row", "column", "region_id"],
    ).merge(
        shown[["row", "column", "rate", "distance_pp", "text", "hover"]],
        on=["row", "column"],
        how="left",
    )
    figure = completion_heatmap(
        grid.fillna({"text": "–", "hover": ""}),
        rows=list(rows.values()),
        columns=list(columns.values()),
        title=translate(
            "national_heatmap_title", lang, scope=translate(f"national_scope_{scope}", lang)
        ),
        lang=lang,
        colourbar_title=translate("national_heatmap_colourbar", lang),
    )
    totals = grid[grid["column"] == columns["ALL"]]
    text_table = (
        grid.pivot(index="row", columns="column", values="text")
        .reindex(index=list(rows.values()), columns=list(columns.values()))
        .fillna("–")
        .rename_axis(index=translate("chart_col_region", lang), columns=None)
        .reset_index()
    )
    rates = (
        grid.pivot(index="row", columns="column", values="rate")
        .reindex(index=list(rows.values()), columns=list(columns.values()))
        .rename_axis(index=translate("national_col_region", lang), columns=None)
        .reset_index()
    )
    return HeatmapView(
        figure,
        extremes_sentence(dict(zip(totals["row"], totals["rate"], strict=True)), lang),
        text_table,
        rates,
    )


def heatmap(
    completion: pd.DataFrame,
    position: pd.DataFrame,
    period: date,
    scope: str,
    regions: dict[str, str],
    groups: dict[str, str],
) -> None:
    """Completion per region × group (and the total), coloured by the distance from each
    column's national median; a click opens the region's page, and a select box with a link
    does the same for keyboard users."""
    data_month = t("data_month", month=format_month(period))
    rows = heatmap_rows(regions, position)
    view = prepared(heatmap_view, completion, position, rows, groups, scope, language())
    event = st.plotly_chart(
        view.figure, key="national_heatmap", on_select="rerun", selection_mode="points", **CHART
    )
    st.caption(
        t(
            "national_heatmap_legend",
            groups=" · ".join(f"**{code}** {name}" for code, name in groups.items()),
        )
    )
    st.caption(t("national_heatmap_caption_median", data_month=data_month))
    chart_text(view.sentence, view.text_table)
    ids = {name: rid for rid, name in regions.items()}
    clicked = region_from_selection(event.selection.points if event else [], ids)
    if clicked:
        st.switch_page(REGION_PAGE, query_params=region_link(clicked, period, scope))

    pick, link = st.columns([1, 1], vertical_alignment="bottom")
    chosen = pick.selectbox(
        t("national_open_region"),
        options=list(regions),
        format_func=regions.get,
        key="national_open_region",
    )
    link.page_link(
        REGION_PAGE,
        label=t("national_open_region_link", region=regions[chosen]),
        icon=":material/arrow_forward:",
        query_params=region_link(chosen, period, scope),
    )
    download_button(
        view.rates,
        f"{t('file_completion')}_{period:%Y-%m}_{t(f'file_scope_{scope}')}",
        key="national_heatmap_download",
        sheet=t("file_completion_sheet"),
        percent=list(view.rates.columns[1:]),
    )
