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
    format_number,
    format_percent,
    translate,
)
from ui.chart_text import chart_text, extremes_sentence, listing_sentence, percent_column
from ui.charts import PLOT_CONFIG
from ui.charts_national import (
    completion_heatmap,
    rating_bars,
    region_from_selection,
    theme_bars,
    trend_panel,
)
from ui.context import language, t, widget_key
from ui.data import metric
from ui.figures import cached_figure
from ui.filters import sidebar_filters
from ui.labels import group_names, region_names
from ui.packs import pack_downloads
from ui.tables import download_button

REGION_PAGE = "pages/region.py"
CHART = {"config": PLOT_CONFIG}
HEATMAP_ORDERS = ("completion", "official")
TREND_COLUMNS = 3
THEME_WINDOWS = (1, 3)
TOP_THEMES = 5
LAGGING_ROWS = 10


def signed(value: float, decimals: int = 1) -> str:
    """A change with its sign, in the language's number format ('+3,2')."""
    text = format_number(value, lang, decimals)
    return text if text.startswith("-") else f"+{text}"


def delta(change: float | None, unit: str = "", decimals: int = 0) -> dict[str, object]:
    """st.metric's delta arguments for a change since the previous month: signed text, a grey
    '±0' without an arrow when nothing moved, nothing when the change is unknown."""
    if change is None or pd.isna(change):
        return {}
    since = {"delta_description": t("national_since", month=format_month(previous))}
    if round(change, decimals) == 0:
        zero = f"±{format_number(0, lang, decimals)} {unit}".strip()
        return {"delta": zero, "delta_color": "off", "delta_arrow": "off", **since}
    return {"delta": f"{signed(change, decimals)} {unit}".strip(), **since}


def region_link(region_id: str) -> dict[str, str]:
    """The query string that opens `region_id` on the region page in this month and view."""
    params = {"alue": region_id, "kuukausi": f"{period:%Y-%m}", "laajuus": scope}
    if "lang" in st.query_params:
        params["lang"] = lang
    return params


def flag_sentence(region: str, months: int, flagged: int) -> str:
    """One open red flag as a sentence: who asks for support, since when, with how many
    flagged observations this month (singular and plural worded apart)."""
    count = t("national_flag_count_one" if flagged == 1 else "national_flag_count", flags=flagged)
    if months == 1:
        return t("national_flag_sentence_new", region=region, count=count)
    return t("national_flag_sentence", region=region, months=months, count=count)


def headline() -> None:
    """Regions reporting, the national median and its change, regions on track, red flags:
    the national pack's headline, from the same metric with the same arguments."""
    head = metric("national_headline", period=period, scope=scope)
    cells = st.columns(4)
    cells[0].metric(
        t("national_reporting"),
        f"{head.reporting} / {head.regions}",
        help=t("national_reporting_help", month=format_month(period), total=head.regions),
        border=True,
        height="stretch",
    )
    cells[1].metric(
        t("national_median"),
        format_percent(head.median, lang),
        help=t("national_median_help", scope=scope_words),
        chart_data=[round(100 * v, 1) for v in head.medians],
        chart_type="area",
        border=True,
        height="stretch",
        **delta(head.change_pp, t("national_pp"), decimals=1),
    )
    cells[2].metric(
        t("national_on_track"),
        f"{head.on_track} / {head.rated}",
        help=t("national_on_track_help"),
        border=True,
        height="stretch",
        **delta(head.on_track_change),
    )
    cells[3].metric(
        t("national_flags"),
        head.flags,
        help=t("national_flags_help"),
        border=True,
        height="stretch",
        **{"delta_color": "inverse", **delta(head.flags_change)},
    )
    if flags.empty:
        st.caption(t("national_no_flags"))
        return
    st.markdown(f":red-badge[:material/flag: {t('national_flags')}]")
    st.markdown(
        "\n".join(
            f"- {flag_sentence(regions[r], m, n)}"
            for r, m, n in zip(
                flags["region_id"], flags["months_open"], flags["flags"], strict=True
            )
        )
    )


def heatmap_rows() -> dict[str, str]:
    """The regions in the heatmap's order (id -> name): by overall completion, most complete
    first (the metric's own rank order), the regions without a rate last; or the official
    order."""
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


def heatmap() -> None:
    """Completion per region × group (and the total), coloured by the distance from each
    column's national median; a click opens the region's page, and a select box with a link
    does the same for keyboard users."""
    rows = heatmap_rows()
    columns = {**{code: code for code in groups}, "ALL": t("national_total_short")}
    shown = completion.merge(
        position[["region_id", "group_code", "median", "distance_pp"]],
        on=["region_id", "group_code"],
        how="left",
    )
    shown = shown.assign(
        row=shown["region_id"].map(regions),
        column=shown["group_code"].map(columns),
        rate=shown["completion_rate"],
        # The whole number alone: "100" fits a phone's cell where "100 %" does not.
        text=[
            "–" if pd.isna(r) else format_number(100 * r, lang, 0) for r in shown["completion_rate"]
        ],
    )
    shown["hover"] = [
        t(
            "national_heatmap_hover_median",
            region=row.row,
            group=groups.get(row.group_code, t("all_group_code")),
            rate=format_percent(row.rate, lang),
            done=row.done,
            applicable=row.applicable,
            median=format_percent(row.median, lang),
            distance=f"{signed(row.distance_pp)} {t('national_pp')}",
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
    figure = cached_figure(
        completion_heatmap,
        grid.fillna({"text": "–", "hover": ""}),
        rows=list(rows.values()),
        columns=list(columns.values()),
        title=t("national_heatmap_title", scope=scope_words),
        lang=lang,
        colourbar_title=t("national_heatmap_colourbar"),
    )
    event = st.plotly_chart(
        figure, key="national_heatmap", on_select="rerun", selection_mode="points", **CHART
    )
    st.caption(
        t(
            "national_heatmap_legend",
            groups=" · ".join(f"**{code}** {name}" for code, name in groups.items()),
        )
    )
    st.caption(t("national_heatmap_caption_median", data_month=data_month))
    totals = grid[grid["column"] == columns["ALL"]]
    chart_text(
        extremes_sentence(dict(zip(totals["row"], totals["rate"], strict=True)), lang),
        grid.pivot(index="row", columns="column", values="text")
        .reindex(index=list(rows.values()), columns=list(columns.values()))
        .fillna("–")
        .rename_axis(index=t("chart_col_region"), columns=None)
        .reset_index(),
    )
    ids = {name: rid for rid, name in regions.items()}
    clicked = region_from_selection(event.selection.points if event else [], ids)
    if clicked:
        st.switch_page(REGION_PAGE, query_params=region_link(clicked))

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
        query_params=region_link(chosen),
    )
    table = grid.pivot(index="row", columns="column", values="rate")
    table = table.reindex(index=list(rows.values()), columns=list(columns.values()))
    download_button(
        table.rename_axis(index=t("national_col_region"), columns=None).reset_index(),
        f"{t('file_completion')}_{period:%Y-%m}_{t(f'file_scope_{scope}')}",
        key="national_heatmap_download",
        sheet=t("file_completion_sheet"),
        percent=list(columns.values()),
    )


def delivery_ratings() -> None:
    """The count of regions per rating, the regions in each, and the definitions."""
    counts = pace["rating"].value_counts()
    rated = ratings.assign(
        count=[int(counts.get(code, 0)) for code in ratings["code"]], label=ratings[lang]
    )
    st.plotly_chart(
        cached_figure(rating_bars, rated, t("national_rating_title"), lang),
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
            cached_figure(theme_bars, shown, t("national_themes_title"), lang),
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


def trend() -> None:
    """The national median and quartile band of each group, month by month: small charts in
    columns of three, which stack into one column on a phone."""
    st.subheader(t("national_trend_title", scope=scope_words))
    panels = {"ALL": t("all_group_code"), **{c: f"{c} · {n}" for c, n in groups.items()}}
    names = {"median": t("national_trend_median"), "range": t("national_trend_range")}
    codes = list(panels)
    for start in range(0, len(codes), TREND_COLUMNS):
        for column, code in zip(
            st.columns(TREND_COLUMNS), codes[start : start + TREND_COLUMNS], strict=False
        ):
            column.plotly_chart(
                cached_figure(
                    trend_panel,
                    spread[spread["group_code"] == code],
                    panels[code],
                    lang,
                    names,
                    legend=code == codes[0],
                ),
                key=f"national_trend_{code}",
                **CHART,
            )
    st.caption(t("national_trend_caption", data_month=data_month))
    overall = spread[spread["group_code"] == "ALL"].sort_values("period")
    if not overall.empty:
        last = overall.iloc[-1]
        chart_text(
            t(
                "chart_median_band",
                month=format_month(last["period"]),
                median=format_percent(last["median"], lang),
                q1=format_percent(last["q1"], lang),
                q3=format_percent(last["q3"], lang),
            ),
            pd.DataFrame(
                {
                    t("chart_col_month"): overall["period"].map(format_month),
                    t("chart_col_median"): percent_column(overall["median"]),
                    t("chart_col_q1"): percent_column(overall["q1"]),
                    t("chart_col_q3"): percent_column(overall["q3"]),
                }
            ),
        )


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
        "–" if pd.isna(s) else signed(100 * s) for s in pace["slope_per_month"]
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
spread = metric("national_distribution", scope=scope)
spread = spread[spread["period"].dt.date <= period]
ratings = metrics.rating_definitions()  # a small data file, not a query
pace = metric("pace_forecast", period=period)
position = metric("peer_position", period=period, scope=scope)
flags = metric("open_red_flags", period=period)

headline()
left, right = st.columns([3, 2], gap="large")
with left:
    heatmap()
with right:
    delivery_ratings()
    risk_themes()
trend()
lagging()
with st.expander(t("national_rating_table")):
    rating_table()
