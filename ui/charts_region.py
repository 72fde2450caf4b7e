"""Charts of the region page: the region against the national spread per group, and its
critical completion over time with the forecast to 100 %. Pure plotly: DataFrames in,
Figures out; the page passes every label already translated."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from common.scales import (
    AXIS_END,
    AXIS_LIMIT,
    FORECAST_COLOUR,
    NATIONAL_COLOUR,
    RANGE_COLOUR,
    REGION_COLOUR,
    TRANSFER_DAY,
)
from common.texts import format_percent
from ui.charts import base_layout, percent_ticks


def _percents(values: pd.Series, lang: str) -> list[str]:
    return [format_percent(v, lang) for v in values]


def group_position_chart(
    frame: pd.DataFrame, title: str, lang: str, names: dict[str, str]
) -> go.Figure:
    """One row per group: the national q1–q3 range as a grey bar, the national median as a
    dark tick and the region's completion as a blue dot; the region's value is written in a
    column at the right.

    `frame` columns: label (the group's name), rate, median, q1, q3 (0–1); the first row is
    drawn at the top. `names` gives the legend entries: region, median, range."""
    rows = frame.iloc[::-1]
    fig = go.Figure()
    fig.add_bar(
        y=rows["label"],
        x=rows["q3"] - rows["q1"],
        base=rows["q1"],
        orientation="h",
        marker={"color": RANGE_COLOUR},
        width=0.5,
        name=names["range"],
        customdata=[
            f"{a} – {b}"
            for a, b in zip(_percents(rows["q1"], lang), _percents(rows["q3"], lang), strict=True)
        ],
        hovertemplate="%{y}: %{customdata}<extra>" + names["range"] + "</extra>",
    )
    fig.add_scatter(
        y=rows["label"],
        x=rows["median"],
        mode="markers",
        marker={"symbol": "line-ns", "size": 24, "line": {"width": 3, "color": NATIONAL_COLOUR}},
        name=names["median"],
        customdata=_percents(rows["median"], lang),
        hovertemplate="%{y}: %{customdata}<extra>" + names["median"] + "</extra>",
    )
    fig.add_scatter(
        y=rows["label"],
        x=rows["rate"],
        mode="markers",
        marker={"size": 14, "color": REGION_COLOUR, "line": {"width": 1, "color": "white"}},
        name=names["region"],
        customdata=_percents(rows["rate"], lang),
        hovertemplate="%{y}: %{customdata}<extra>" + names["region"] + "</extra>",
    )
    # The region's value in the right margin, a fixed width beside the plot at any screen
    # width: inside the plot, on a phone it ran over the dots near 100 %.
    for label, text in zip(rows["label"], _percents(rows["rate"], lang), strict=True):
        fig.add_annotation(
            x=1,
            xref="paper",
            xanchor="left",
            xshift=6,
            y=label,
            text=text,
            showarrow=False,
            font={"color": REGION_COLOUR, "size": 14},
        )
    base_layout(fig, title, lang, height=130 + 50 * len(rows))
    # The legend under the plot: on a phone, at the top right it ran into the wrapped title.
    fig.update_layout(
        legend={"orientation": "h", "yanchor": "top", "y": -0.08, "xanchor": "left", "x": 0},
        margin={"b": 60, "r": 70},
    )
    fig.update_xaxes(range=[-0.03, 1.03], showgrid=True, gridcolor="#e5e5e5", **percent_ticks(lang))
    fig.update_yaxes(automargin=True, showgrid=False)
    return fig


def trend_chart(
    history: pd.DataFrame,
    national: pd.DataFrame,
    forecast: tuple[date, float, date] | None,
    title: str,
    lang: str,
    names: dict[str, str],
) -> go.Figure:
    """The region's critical completion by month (solid), the national median (grey dots),
    the forecast from the latest value to 100 % (dashed) and a vertical line at the transfer
    of responsibility, 1.1.2023.

    `history` and `national` have columns period (first day of month) and rate (0–1);
    `forecast` is (latest period, latest rate, forecast date) or None. `names` gives legend
    entries and the line label: region, median, forecast, transfer."""
    fig = go.Figure()
    fig.add_scatter(
        x=national["period"],
        y=national["rate"],
        mode="lines",
        line={"color": NATIONAL_COLOUR, "dash": "dot", "width": 2},
        name=names["median"],
        customdata=_percents(national["rate"], lang),
        hovertemplate="%{x|%-m/%Y}: %{customdata}<extra>" + names["median"] + "</extra>",
    )
    fig.add_scatter(
        x=history["period"],
        y=history["rate"],
        mode="lines+markers",
        line={"color": REGION_COLOUR, "width": 3},
        marker={"size": 7},
        name=names["region"],
        customdata=_percents(history["rate"], lang),
        hovertemplate="%{x|%-m/%Y}: %{customdata}<extra>" + names["region"] + "</extra>",
    )
    end = AXIS_END
    if forecast is not None:
        start, rate, reached = forecast
        fig.add_scatter(
            x=[start, reached],
            y=[rate, 1.0],
            mode="lines+markers",
            line={"color": FORECAST_COLOUR, "dash": "dash", "width": 3},
            marker={"size": [0, 10], "symbol": "diamond"},
            name=names["forecast"],
            customdata=_percents(pd.Series([rate, 1.0]), lang),
            hovertemplate="%{x|%-d.%-m.%Y}: %{customdata}<extra>" + names["forecast"] + "</extra>",
        )
        # Further out the reporting months would shrink to a sliver; a later forecast runs
        # off the edge and the caption gives its date.
        end = max(end, min(reached, AXIS_LIMIT))
    fig.add_vline(x=TRANSFER_DAY, line={"color": "#000000", "width": 1})
    fig.add_annotation(
        x=TRANSFER_DAY,
        y=1.0,
        text=names["transfer"],
        showarrow=False,
        xanchor="right",
        yanchor="bottom",
        xshift=-4,
        font={"size": 12},
    )
    first = min([*history["period"], *national["period"]], default=pd.Timestamp(2021, 8, 1))
    base_layout(fig, title, lang)
    fig.update_yaxes(range=[-0.03, 1.08], **percent_ticks(lang, 0.2))
    fig.update_xaxes(range=[pd.Timestamp(first) - pd.Timedelta(days=20), end], tickformat="%-m/%Y")
    return fig
