"""Charts of the national page: completion per region × group as a heatmap, the delivery
ratings as one stacked bar, the national median with its quartile band of one group over time,
and the most common risk themes. Pure plotly: DataFrames in, Figures out; the page passes
every label already translated."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from common.scales import OKABE_ITO
from ui.charts import base_layout, percent_axis, percent_ticks, title_space

MEDIAN_COLOUR = OKABE_ITO[0]
BAND_COLOUR = "rgba(0, 114, 178, 0.18)"
# Not a rating colour: a theme bar must not read as "off track".
THEME_COLOUR = OKABE_ITO[3]
# Distance from the national median: brown below, white at it, blue above (ColorBrewer BrBG's
# brown and the completion blues). No rating colour: a cell is behind its peers, not "off
# track". Readable in grey, since the written value carries the figure.
DISTANCE_SCALE = [
    [0.0, "#8c510a"],
    [0.3, "#d8b365"],
    [0.5, "#f7f7f7"],
    [0.7, "#9ecae1"],
    [1.0, "#08519c"],
]
DISTANCE_CAP = 25  # percentage points: further from the median shows the same full colour


def distance_colour(distance_pp: float | None) -> float | None:
    """The colour value of a distance from the median (percentage points): the signed square
    root, capped at DISTANCE_CAP, so that 2 points below already shows while 40 below does not
    wash out everything between."""
    if distance_pp is None or pd.isna(distance_pp):
        return None
    capped = min(abs(distance_pp), DISTANCE_CAP)
    return math.copysign(math.sqrt(capped), distance_pp)


def completion_heatmap(
    cells: pd.DataFrame,
    rows: Sequence[str],
    columns: Sequence[str],
    title: str,
    lang: str,
    colourbar_title: str = "",
) -> go.Figure:
    """Regions (rows, first at the top) × groups (columns) coloured by the distance of the
    cell's completion from that column's national median: brown below, white at the median,
    blue above; the completion itself is written in the cell as a whole percentage.

    `cells` columns: row, column (labels as in `rows` and `columns`), distance_pp (percentage
    points from the column's median, NaN when the region has no rate), text (the value
    written out), hover (the hover text) and region_id. A missing cell is blank. Streamlit
    reports no selection for a heatmap trace, so an invisible square marker over every cell
    (the second trace) takes the hover and the click and carries the cell's region_id."""

    def matrix(field: str, empty: object) -> list[list[object]]:
        grid = cells.pivot(index="row", columns="column", values=field)
        grid = grid.reindex(index=list(rows), columns=list(columns))
        return grid.astype(object).where(grid.notna(), empty).to_numpy().tolist()

    shade = [[distance_colour(d) for d in line] for line in matrix("distance_pp", None)]
    top = math.sqrt(DISTANCE_CAP)
    ticks = [-DISTANCE_CAP, -10, -2, 0, 2, 10, DISTANCE_CAP]
    fig = go.Figure(
        go.Heatmap(
            z=shade,
            x=list(columns),
            y=list(rows),
            text=matrix("text", ""),
            texttemplate="%{text}",
            textfont={"size": 12},
            hoverinfo="skip",
            colorscale=DISTANCE_SCALE,
            zmin=-top,
            zmid=0,
            zmax=top,
            xgap=2,
            ygap=2,
            # Under the chart, not beside it: on a phone the cells need the width.
            colorbar={
                "orientation": "h",
                "thickness": 10,
                "len": 1,
                "x": 0,
                "xanchor": "left",
                "y": -0.02,
                "yanchor": "top",
                "title": {"text": colourbar_title, "side": "top"},
                "tickvals": [distance_colour(v) for v in ticks],
                "ticktext": [f"{v:+d}".replace("+0", "0").replace("-", "−") for v in ticks],
            },
        )
    )
    fig.add_scatter(
        x=[c for _ in rows for c in columns],
        y=[r for r in rows for _ in columns],
        mode="markers",
        marker={"symbol": "square", "size": 24, "opacity": 0},
        customdata=[i for line in matrix("region_id", "") for i in line],
        hovertext=[h for line in matrix("hover", "") for h in line],
        hovertemplate="%{hovertext}<extra></extra>",
        showlegend=False,
    )
    base_layout(fig, title, lang, height=190 + 27 * len(rows))
    # A wider white gap sets the total apart from the groups it sums up.
    fig.add_vline(x=len(columns) - 1.5, line={"color": "white", "width": 6})
    # Fixed ranges: autorange would pad the axes for the click layer's markers.
    fig.update_yaxes(
        range=[len(rows) - 0.5, -0.5],
        showgrid=False,
        linecolor="white",
        automargin=True,
        ticks="",
    )
    fig.update_xaxes(
        range=[-0.5, len(columns) - 0.5],
        side="top",
        showgrid=False,
        linecolor="white",
        tickfont={"size": 13},
        tickangle=0,
        ticks="",
    )
    fig.update_layout(margin={"t": 80 + title_space(fig), "b": 70})
    return fig


def region_from_selection(points: Sequence[Mapping], region_ids: Mapping[str, str]) -> str | None:
    """The region id of the first clicked heatmap cell: its customdata if the event carries
    it, else the row label looked up in `region_ids` (label -> id). None when nothing is
    selected or the label is unknown."""
    for point in points:
        custom = point.get("customdata")
        if isinstance(custom, str) and custom:
            return custom
        region = region_ids.get(str(point.get("y")))
        if region is not None:
            return region
    return None


def rating_bars(ratings: pd.DataFrame, title: str, lang: str) -> go.Figure:
    """The count of regions per delivery rating, one bar per rating in its colour, the
    rating's name on the axis and the count beside the bar (text as well as colour).

    `ratings` columns: label, count, colour, in display order (the first at the top)."""
    rows = ratings.iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=rows["count"],
            y=rows["label"],
            orientation="h",
            marker={"color": list(rows["colour"])},
            text=[str(n) for n in rows["count"]],
            textposition="outside",
            textfont={"size": 15},
            cliponaxis=False,
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    base_layout(fig, title, lang, height=100 + 42 * len(rows))
    fig.update_xaxes(visible=False, range=[0, max(int(ratings["count"].max()), 1) * 1.12])
    fig.update_yaxes(showgrid=False, automargin=True, tickfont={"size": 14}, linecolor="white")
    fig.update_layout(bargap=0.3, margin={"t": 50 + title_space(fig), "b": 0})
    return fig


def trend_panel(
    spread: pd.DataFrame, title: str, lang: str, names: Mapping[str, str], *, legend: bool
) -> go.Figure:
    """The chart of a group (or of all together): the national median by month (line)
    inside the q1–q3 band. The page shows one at a time, the group chosen above it.

    `spread` columns: period, median, q1, q3 (0–1), one group's rows. `names` gives the
    legend entries (median, range), shown under the chart when `legend`."""
    part = spread.sort_values("period")
    fig = go.Figure(
        [
            go.Scatter(
                x=part["period"],
                y=part["q3"],
                mode="lines",
                line={"width": 0},
                hoverinfo="skip",
                showlegend=False,
            ),
            go.Scatter(
                x=part["period"],
                y=part["q1"],
                mode="lines",
                line={"width": 0},
                fill="tonexty",
                fillcolor=BAND_COLOUR,
                name=names["range"],
                showlegend=legend,
                hoverinfo="skip",
            ),
            go.Scatter(
                x=part["period"],
                y=part["median"],
                mode="lines+markers",
                line={"color": MEDIAN_COLOUR, "width": 2.5},
                marker={"size": 4},
                name=names["median"],
                showlegend=legend,
                customdata=part[["q1", "q3"]],
                hovertemplate=(
                    "%{x|%-m/%Y}: %{y:.1%} (%{customdata[0]:.0%}–%{customdata[1]:.0%})"
                    "<extra></extra>"
                ),
            ),
        ]
    )
    base_layout(fig, title, lang, height=250 + (60 if legend else 0))
    fig.update_layout(title={"font": {"size": 14}})
    percent_axis(fig, "y", lang, step=0.5)
    # Few, short, level ticks: four "1/22"s never run into each other in a third of a page.
    fig.update_xaxes(tickformat="%-m/%y", nticks=4, tickangle=0)
    fig.update_layout(
        margin={"t": 50 + title_space(fig), "b": 10, "l": 10, "r": 16},
        legend={"orientation": "h", "y": -0.15, "yanchor": "top", "x": 0, "xanchor": "left"},
    )
    return fig


def theme_bars(themes: pd.DataFrame, title: str, lang: str) -> go.Figure:
    """The most common risk themes as horizontal bars of the share of regions raising them,
    widest at the top: the theme's name and prevalence words on the axis, the share beside
    the bar.

    `themes` columns: label (theme name), words (prevalence words), share (0–1), text (the
    share written out)."""
    rows = themes.iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=rows["share"],
            y=[
                f"<b>{label}</b><br>{words}"
                for label, words in zip(rows["label"], rows["words"], strict=True)
            ],
            orientation="h",
            marker={"color": THEME_COLOUR},
            text=rows["text"],
            textposition="outside",
            textfont={"size": 14},
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.0%}<extra></extra>",
        )
    )
    base_layout(fig, title, lang, height=90 + 56 * max(len(rows), 1))
    percent_axis(fig, "x", lang)
    fig.update_xaxes(
        range=[0, 1.18], showgrid=True, gridcolor="#e5e5e5", **percent_ticks(lang, 0.5)
    )
    fig.update_yaxes(showgrid=False, automargin=True, tickfont={"size": 13})
    fig.update_layout(bargap=0.35)
    return fig
