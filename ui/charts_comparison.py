"""Charts of the comparison page: the regions ranked by completion with the median, pace
against completion, and every region's trend in one chart. Pure plotly: DataFrames in, Figures
out; the page passes every label already translated."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from common.scales import OKABE_ITO
from ui.charts import base_layout, percent_axis, percent_ticks, title_space

BASE_COLOUR = OKABE_ITO[0]
# Black, not a palette colour: the scatter beside the ranking colours points by rating, where
# vermillion means "off track" and orange "at risk"; a highlight must not read as either.
HIGHLIGHT_COLOUR = "#000000"
MEDIAN_COLOUR = "#666666"
# Ratings differ by marker shape as well as colour, so they read without colour too.
RATING_SYMBOLS = ("circle", "diamond", "square", "triangle-up")
# The trend's highlighted regions: the median's dashes are not among them.
HIGHLIGHT_DASHES = ("solid", "dot", "dashdot", "longdashdot")


def emphasise(label: str, highlighted: bool) -> str:
    """`label` in bold and the highlight colour when `highlighted`, else unchanged (plotly
    rich text; labels are region names from data/regions.csv, not text typed by regions)."""
    if not highlighted:
        return label
    return f"<span style='color:{HIGHLIGHT_COLOUR}'><b>{label}</b></span>"


def ranking_chart(
    frame: pd.DataFrame, median: float, title: str, lang: str, *, style: str, median_label: str
) -> go.Figure:
    """The regions as a horizontal dot (`style` 'dot') or bar ('bar') plot of completion, the
    first row of `frame` at the top, with a dashed line at `median` (0–1) labelled
    `median_label`. Highlighted regions are drawn in a contrasting colour with a bold label.

    `frame` columns: label (region name), rate (0–1), rate_text (the rate written out) and
    highlighted (bool)."""
    colours = [HIGHLIGHT_COLOUR if h else BASE_COLOUR for h in frame["highlighted"]]
    common = {
        "y": frame["label"],
        "x": frame["rate"],
        "text": frame["rate_text"],
        "orientation": "h",
        "showlegend": False,
        "hovertemplate": "%{y}: %{x:.1%}<extra></extra>",
    }
    fig = go.Figure()
    if style == "bar":
        fig.add_bar(**common, marker={"color": colours}, textposition="outside", cliponaxis=False)
    else:
        # Thin stems from zero make the dots read as lengths, like the bars they replace.
        fig.add_bar(
            y=frame["label"],
            x=frame["rate"],
            orientation="h",
            width=0.08,
            marker={"color": "#c8c8c8"},
            hoverinfo="skip",
            showlegend=False,
        )
        fig.add_scatter(
            **common,
            mode="markers+text",
            textposition="middle right",
            marker={"size": 12, "color": colours, "line": {"width": 1, "color": "white"}},
            cliponaxis=False,
        )
    # Below the data, so that the values written beside the dots stay legible across it.
    fig.add_vline(
        x=median, line={"color": MEDIAN_COLOUR, "dash": "dash", "width": 2}, layer="below"
    )
    # Past the middle the label goes left of the line so that it stays inside the chart.
    right_side = median <= 0.6
    fig.add_annotation(
        x=median,
        y=1.0,
        yref="paper",
        text=median_label,
        showarrow=False,
        xanchor="left" if right_side else "right",
        yanchor="bottom",
        xshift=4 if right_side else -4,
        font={"color": MEDIAN_COLOUR},
    )
    base_layout(fig, title, lang, height=140 + 26 * len(frame))
    percent_axis(fig, "x", lang)
    labels = list(frame["label"])
    fig.update_xaxes(range=[0, 1.12], showgrid=True, gridcolor="#e5e5e5")
    # Room beside the plot for "100,0 %" at a full dot: on a phone 12 % of the axis is not.
    fig.update_layout(margin={"r": 56})
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=labels[::-1],
        tickvals=labels,
        ticktext=[emphasise(lab, h) for lab, h in zip(labels, frame["highlighted"], strict=True)],
        showgrid=False,
        automargin=True,
    )
    fig.update_layout(margin={"t": 80 + title_space(fig)})
    return fig


def extreme_points(frame: pd.DataFrame) -> list:
    """The index labels of the points at the edges of a pace scatter: the least and the most
    complete, the slowest and the fastest (fewer when they coincide or `frame` is empty)."""
    if frame.empty:
        return []
    found = [
        frame["rate"].idxmin(),
        frame["rate"].idxmax(),
        frame["pace_pp"].idxmin(),
        frame["pace_pp"].idxmax(),
    ]
    return list(dict.fromkeys(found))


def pace_scatter(
    frame: pd.DataFrame, ratings: pd.DataFrame, title: str, lang: str, axes: dict[str, str]
) -> go.Figure:
    """One point per region: completion (x, 0–1) against pace (y, percentage points per
    month), one trace per rating so the legend names it; highlighted regions are named with
    an arrow, the least and most complete, slowest and fastest by a label beside them.

    `frame` columns: label (region name), rate (0–1), pace_pp, rating (code), rating_label
    and highlighted (bool). `ratings` columns: code, label, colour, in display order. `axes`
    gives the axis titles: x, y."""
    fig = go.Figure()
    for index, (code, label, colour) in enumerate(
        zip(ratings["code"], ratings["label"], ratings["colour"], strict=True)
    ):
        rows = frame[frame["rating"] == code]
        fig.add_scatter(
            x=rows["rate"],
            y=rows["pace_pp"],
            mode="markers",
            name=label,
            marker={
                "size": 13,
                "color": colour,
                "symbol": RATING_SYMBOLS[index % len(RATING_SYMBOLS)],
                "line": {"width": 1, "color": "#333333"},
            },
            customdata=rows[["label", "rating_label"]],
            hovertemplate=(
                "<b>%{customdata[0]}</b><br>%{x:.1%} · %{y:.1f}<br>%{customdata[1]}<extra></extra>"
            ),
        )
    for row in frame[frame["highlighted"]].itertuples():
        fig.add_annotation(
            x=row.rate,
            y=row.pace_pp,
            text=emphasise(row.label, True),
            showarrow=True,
            arrowcolor=HIGHLIGHT_COLOUR,
            ax=30 if row.rate < 0.8 else -40,
            ay=-30,
            bgcolor="rgba(255,255,255,0.8)",
        )
    # The extremes are named too, so that the chart reads without hovering.
    for row in frame.loc[extreme_points(frame)].itertuples():
        if row.highlighted:
            continue
        fig.add_annotation(
            x=row.rate,
            y=row.pace_pp,
            text=row.label,
            showarrow=False,
            xanchor="left" if row.rate < 0.8 else "right",
            xshift=9 if row.rate < 0.8 else -9,
            font={"size": 12, "color": "#333333"},
            bgcolor="rgba(255,255,255,0.7)",
        )
    fig.add_hline(y=0, line={"color": "#999999", "width": 1})
    base_layout(fig, title, lang, height=480)
    percent_axis(fig, "x", lang)
    # Start the axis a little below the least complete region (at a tenth), so that a late
    # picture where most regions are near 100 % does not squeeze them against the edge.
    lowest = frame["rate"].min() if len(frame) else 0.0
    start = max(0.0, math.floor((lowest - 0.05) * 10) / 10)
    # Ticks close enough that a narrow range still shows a few of them.
    span = 1.04 - start
    step = 0.05 if span <= 0.3 else 0.1 if span <= 0.6 else 0.25
    fig.update_xaxes(
        range=[start - 0.02, 1.04],
        **percent_ticks(lang, step),
        title=axes["x"],
        showgrid=True,
        gridcolor="#e5e5e5",
        zeroline=False,
    )
    fig.update_yaxes(title=axes["y"], zeroline=False)
    fig.update_layout(margin={"t": 90 + title_space(fig)})
    return fig


def trend_overlay(
    trend: pd.DataFrame,
    labels: dict[str, str],
    highlighted: list[str],
    title: str,
    lang: str,
    names: dict[str, str],
) -> go.Figure:
    """Every region's completion by month in one chart: each region a thin pale line, the
    regions' median a dashed grey line and each highlighted region a black line with a line
    style and marker of its own, named in the legend, so that a region reads against its
    peers at a glance for 22 regions or 309 units.

    `trend` columns: region_id, period, completion_rate, median (peer_trend's). `labels`:
    region id -> name; `highlighted`: region ids; `names`: the legend entries (region,
    median)."""
    fig = go.Figure()
    # All the pale lines as one trace, broken between regions: one trace draws fast for 309.
    xs: list = []
    ys: list = []
    texts: list = []
    for region_id, own in trend.groupby("region_id", sort=False):
        if region_id in highlighted:
            continue
        xs += [*own["period"], None]
        ys += [*own["completion_rate"], None]
        texts += [labels.get(region_id, region_id)] * len(own) + [None]
    fig.add_scatter(
        x=xs,
        y=ys,
        mode="lines",
        line={"color": BASE_COLOUR, "width": 1},
        opacity=0.45,
        name=names["region"],
        hovertext=texts,
        hovertemplate="%{hovertext} %{x|%-m/%Y}: %{y:.1%}<extra></extra>",
    )
    middle = trend.drop_duplicates("period")
    fig.add_scatter(
        x=middle["period"],
        y=middle["median"],
        mode="lines",
        line={"color": MEDIAN_COLOUR, "dash": "dash", "width": 2.5},
        name=names["median"],
        hovertemplate=f"{names['median']} %{{x|%-m/%Y}}: %{{y:.1%}}<extra></extra>",
    )
    shown = [r for r in highlighted if (trend["region_id"] == r).any()]
    for number, region_id in enumerate(shown):
        own = trend[trend["region_id"] == region_id]
        name = labels.get(region_id, region_id)
        # Highlighted lines share one colour; a line style and a marker of their own tell
        # them apart in the legend without colour.
        fig.add_scatter(
            x=own["period"],
            y=own["completion_rate"],
            mode="lines+markers",
            line={"color": HIGHLIGHT_COLOUR, "width": 2.5, "dash": HIGHLIGHT_DASHES[number % 4]},
            marker={"size": 7, "symbol": RATING_SYMBOLS[number % len(RATING_SYMBOLS)]},
            name=name,
            hovertemplate=f"{name} %{{x|%-m/%Y}}: %{{y:.1%}}<extra></extra>",
        )
    base_layout(fig, title, lang, height=440)
    fig.update_yaxes(range=[0, 1.05], **percent_ticks(lang, 0.25))
    fig.update_xaxes(tickformat="%-m/%y", tickangle=0)
    fig.update_layout(
        margin={"t": 60 + title_space(fig), "b": 10, "l": 10, "r": 16},
        legend={"orientation": "h", "y": -0.12, "yanchor": "top", "x": 0, "xanchor": "left"},
        hovermode="closest",
    )
    return fig
