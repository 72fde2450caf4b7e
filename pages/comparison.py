"""Aluevertailu: the regions side by side for a month — ranked by completion with the median,
pace against completion, and the trend of each — among all regions or a chosen peer set."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from common.texts import format_month, format_number, format_percent, translate
from metrics import rating_definitions
from ui.chart_text import chart_text, extremes_sentence, listing_sentence, percent_column
from ui.charts import PLOT_CONFIG
from ui.charts_comparison import pace_scatter, ranking_chart, trend_overlay
from ui.context import language, t, widget_key
from ui.data import metric
from ui.figures import prepared
from ui.filters import sidebar_filters
from ui.labels import group_names, region_names
from ui.tables import download_button


def region_multiselect(
    label: str, help_text: str, placeholder: str, key: str, url_name: str
) -> list[str]:
    """A sidebar multiselect of regions, its choice kept in the URL as repeated `url_name`."""
    names = region_names()
    chosen = st.sidebar.multiselect(
        label,
        options=list(names),
        default=[r for r in st.query_params.get_all(url_name) if r in names],
        format_func=names.__getitem__,
        help=help_text,
        placeholder=placeholder,
        key=key,
    )
    if chosen:
        st.query_params[url_name] = chosen
    else:
        st.query_params.pop(url_name, None)
    return chosen


lang = language()
st.title(t("cmp_title"))
periods = metric("available_periods")
if not periods:
    st.info(t("no_data"))
    st.stop()

filters = sidebar_filters(periods, group=True, scope=True)
peers = region_multiselect(
    t("cmp_peers"), t("cmp_peers_help"), t("all_regions"), "cmp_peers", "verrokit"
)
highlight = set(
    region_multiselect(
        t("cmp_highlight"), t("cmp_highlight_help"), t("cmp_none"), "cmp_highlight", "korosta"
    )
)
names = region_names()
group = filters.group_code or "ALL"
group_label = t("all_group_code") if group == "ALL" else group_names()[group]
month_text = t("data_month", month=f"{filters.period.month}/{filters.period.year}")
median_label = t("cmp_median_peers") if peers else t("cmp_median_all")
st.caption(t("cmp_intro"))

# Ranking: the chosen group and scope in the chosen month, among the peers (or everyone).
asked = {"period": filters.period, "scope": filters.scope, "group_code": group}
chosen = tuple(sorted(peers))
ranking = metric("peer_ranking", **asked, peers=chosen)
if ranking.empty:
    st.info(t("cmp_no_rates"))
    st.stop()
ranked = ranking.assign(
    label=ranking["region_id"].map(names),
    rate=ranking["completion_rate"],
    rate_text=[format_percent(r, lang) for r in ranking["completion_rate"]],
    highlighted=ranking["region_id"].isin(highlight),
)
median = float(ranking["median"].iloc[0])

style = st.segmented_control(
    t("cmp_style"),
    options=["dot", "bar"],
    format_func=lambda s: translate(f"cmp_style_{s}", lang),
    default="dot",
    key=widget_key("cmp_rank_style"),
)
st.plotly_chart(
    prepared(
        ranking_chart,
        ranked,
        median,
        t(f"cmp_rank_title_{filters.scope}", group=group_label),
        lang,
        style=style or "dot",
        median_label=f"{median_label} {format_percent(median, lang)}",
    ),
    key="cmp_ranking",
    config=PLOT_CONFIG,
)
st.caption(
    " ".join(
        [
            t(f"cmp_definition_{filters.scope}"),
            t(
                "cmp_rank_caption",
                median_label=median_label,
                median=format_percent(median, lang),
                regions=len(ranked),
            ),
            month_text,
        ]
    )
)
chart_text(extremes_sentence(dict(zip(ranked["label"], ranked["rate"], strict=True)), lang))
table = pd.DataFrame(
    {
        t("cmp_col_rank"): ranked["rank"],
        t("cmp_col_region"): ranked["label"],
        t("cmp_col_rate"): ranked["rate"],
        t("cmp_col_done"): ranked["done"],
        t("cmp_col_applicable"): ranked["applicable"],
        t("cmp_col_distance"): ranked["distance_pp"].round(1),
    }
)
with st.expander(t("cmp_table"), expanded=False):
    st.dataframe(
        table.assign(
            **{
                t("cmp_col_rate"): ranked["rate_text"].to_list(),
                t("cmp_col_distance"): [format_number(d, lang, 1) for d in ranked["distance_pp"]],
            }
        ),
        hide_index=True,
        width="stretch",
        key="cmp_table",
    )
    download_button(
        table,
        f"{t('file_comparison')}-{filters.period:%Y-%m}",
        key="cmp_download",
        sheet=t("file_comparison_sheet"),
        percent=[t("cmp_col_rate")],
    )

# Pace against completion of the chosen group and scope: the ranking's own figures.
pace = metric("pace_forecast", **asked)
# The ratings are fixed definitions read from data/, not figures from the database.
ratings = rating_definitions().rename(columns={lang: "label"})
points = ranking.merge(pace[["region_id", "slope_per_month", "rating"]], on="region_id").dropna(
    subset=["slope_per_month"]
)
points = points.assign(
    label=points["region_id"].map(names),
    rate=points["completion_rate"],
    pace_pp=100 * points["slope_per_month"],
    rating_label=points["rating"].map(dict(zip(ratings["code"], ratings["label"], strict=True))),
    highlighted=points["region_id"].isin(highlight),
)
st.plotly_chart(
    prepared(
        pace_scatter,
        points,
        ratings,
        t(f"cmp_scatter_title_{filters.scope}", group=group_label),
        lang,
        {"x": t("cmp_axis_completion"), "y": t("cmp_axis_pace")},
    ),
    key="cmp_scatter",
    config=PLOT_CONFIG,
)
missing = len(ranking) - len(points)
scatter_caption = [t("cmp_scatter_caption_group", regions=len(points))]
if missing:
    scatter_caption.append(t("cmp_scatter_missing", missing=missing))
st.caption(" ".join([*scatter_caption, month_text]))
rating_counts = points["rating_label"].value_counts()
chart_text(
    listing_sentence((label, str(rating_counts.get(label, 0))) for label in ratings["label"]),
    pd.DataFrame(
        {
            t("chart_col_region"): points["label"],
            t("chart_col_rate"): percent_column(points["rate"]),
            t("chart_col_pace"): [format_number(v, lang, 1) for v in points["pace_pp"]],
            t("chart_col_rating"): points["rating_label"],
        }
    ),
)

# Every region's completion by month up to the chosen month in one chart, the highlighted
# ones named: one figure reads for 22 regions and for 309 units alike.
trend = metric("peer_trend", **asked, peers=chosen)
series = {"region": t("cmp_series_region"), "median": median_label}
st.subheader(t(f"cmp_trend_title_{filters.scope}", group=group_label))
st.plotly_chart(
    prepared(
        trend_overlay,
        trend,
        names,
        [r for r in names if r in highlight],
        t(f"cmp_trend_title_{filters.scope}", group=group_label),
        lang,
        series,
    ),
    key="cmp_trend",
    config=PLOT_CONFIG,
)
st.caption(" ".join([t("cmp_trend_caption", median_label=median_label.lower()), month_text]))
history = trend
latest = history[history["period"] == history["period"].max()]
chart_text(
    extremes_sentence(
        dict(zip(latest["region_id"].map(names), latest["completion_rate"], strict=True)), lang
    ),
    history.assign(
        month=history["period"].map(format_month),
        label=history["region_id"].map(names),
        rate=percent_column(history["completion_rate"]),
    )
    .pivot(index="month", columns="label", values="rate")
    .reindex(index=list(dict.fromkeys(history.sort_values("period")["period"].map(format_month))))
    .rename_axis(index=t("chart_col_month"), columns=None)
    .reset_index(),
)
