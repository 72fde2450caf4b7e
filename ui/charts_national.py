"""Charts of the national page: completion per region × group as a heatmap, the delivery
ratings as one stacked bar, the national median with its quartile band per group over time,
and the most common risk themes. Pure plotly: DataFrames in, Figures out; the page passes
every label already translated."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ui.charts import COMPLETION_SCALE, OKABE_ITO, base_layout, percent_axis, percent_ticks

MEDIAN_COLOUR = OKABE_ITO[0]
BAND_COLOUR = "rgba(0, 114, 178, 0.18)"
# Not a rating colour: a theme bar must not read as "off track".
THEME_COLOUR = OKABE_ITO[3]


def completion_heatmap(
    cells: pd.DataFrame, rows: Sequence[str], columns: Sequence[str], title: str, lang: str
) -> go.Figure:
    """Regions (rows, first at the top) × groups (columns) coloured by completion 0–1.

    `cells` columns: row, column (labels as in `rows` and `columns`), rate (0–1 or NaN),
    text (the value written out), hover (the hover text) and region_id. A missing cell is
    blank. Streamlit reports no selection for a heatmap trace, so an invisible square marker
    over every cell (the second trace) takes the hover and the click and carries the cell's
    region_id as customdata."""

    def matrix(field: str, empty: object) -> list[list[object]]:
        grid = cells.pivot(index="row", columns="column", values=field)
        grid = grid.reindex(index=list(rows), columns=list(columns))
        return grid.astype(object).where(grid.notna(), empty).to_numpy().tolist()

    fig = go.Figure(
        go.Heatmap(
            z=matrix("rate", None),
            x=list(columns),
            y=list(rows),
            text=matrix("text", ""),
            texttemplate="%{text}",
            textfont={"size": 12},
            hoverinfo="skip",
            colorscale=COMPLETION_SCALE,
            zmin=0,
            zmax=1,
            xgap=2,
            ygap=2,
            colorbar={"thickness": 12, "len": 0.6, "y": 0.5, **percent_ticks(lang)},
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
    base_layout(fig, title, lang, height=110 + 27 * len(rows))
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
        ticks="",
    )
    fig.update_layout(margin={"t": 80})
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
    fig.update_layout(bargap=0.3, margin={"t": 50, "b": 0})
    return fig


def trend_panels(
    spread: pd.DataFrame,
    panels: Mapping[str, str],
    title: str,
    lang: str,
    names: Mapping[str, str],
    *,
    columns: int = 3,
) -> go.Figure:
    """One small chart per group: the national median by month (line) inside the q1–q3 band.

    `spread` columns: group_code, period, median, q1, q3 (0–1); `panels` maps group code ->
    panel title, in display order. `names` gives the legend entries: median, range."""
    codes = list(panels)
    rows = -(-len(codes) // columns)
    fig = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=[panels[c] for c in codes],
        shared_xaxes=True,
        shared_yaxes=True,
        vertical_spacing=0.16,
        horizontal_spacing=0.04,
    )
    traces, at_rows, at_cols = [], [], []
    for n, code in enumerate(codes):
        part = spread[spread["group_code"] == code].sort_values("period")
        first = n == 0
        traces += [
            go.Scatter(
                x=part["period"],
                y=part["q3"],
                mode="lines",
                line={"width": 0},
                hoverinfo="skip",
                showlegend=False,
                legendgroup="range",
            ),
            go.Scatter(
                x=part["period"],
                y=part["q1"],
                mode="lines",
                line={"width": 0},
                fill="tonexty",
                fillcolor=BAND_COLOUR,
                name=names["range"],
                showlegend=first,
                legendgroup="range",
                hoverinfo="skip",
            ),
            go.Scatter(
                x=part["period"],
                y=part["median"],
                mode="lines+markers",
                line={"color": MEDIAN_COLOUR, "width": 2.5},
                marker={"size": 4},
                name=names["median"],
                showlegend=first,
                legendgroup="median",
                customdata=part[["q1", "q3"]],
                hovertemplate=(
                    "%{x|%-m/%Y}: %{y:.1%} (%{customdata[0]:.0%}–%{customdata[1]:.0%})"
                    "<extra></extra>"
                ),
            ),
        ]
        at_rows += [n // columns + 1] * 3
        at_cols += [n % columns + 1] * 3
    # One batch: adding traces one by one costs plotly a validation pass each.
    fig.add_traces(traces, rows=at_rows, cols=at_cols)
    base_layout(fig, title, lang, height=130 + 200 * rows)
    percent_axis(fig, "y", lang, step=0.5)
    fig.update_xaxes(tickformat="%-m/%Y", nticks=4)
    fig.update_annotations(font={"size": 14})
    fig.update_layout(
        margin={"t": 70, "b": 10},
        legend={"orientation": "h", "y": -0.06, "yanchor": "top", "x": 0, "xanchor": "left"},
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
