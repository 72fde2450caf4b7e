"""Charts of the Aineisto page: the submission tracker, regions × months, one cell per
monthly report. Each state has a colour and a symbol, so the chart reads without colour.
Pure plotly: DataFrames in, Figures out; the page passes every label already translated."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ui.charts import base_layout, title_space

# Worst first, as metrics.submissions.SUBMISSION_STATES; Okabe–Ito colours.
STATE_STYLE = {
    "missing": ("–", "#D55E00"),
    "rejected": ("✗", "#CC79A7"),
    "partial": ("½", "#56B4E9"),
    "late": ("!", "#E69F00"),
    "on_time": ("✓", "#A6DBC8"),  # a tint of Okabe–Ito green: the exceptions stand out
}


def state_symbol(state: str) -> str:
    """The symbol shown in a tracker cell for `state`."""
    return STATE_STYLE[state][0]


def _month(value) -> str:
    return f"{value.month}/{value.year}"


def _discrete_scale(colours: list[str]) -> list[list]:
    # Each state gets a band of equal width, so z = 0, 1, … maps to exactly its colour.
    scale, n = [], len(colours)
    for i, colour in enumerate(colours):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale


def tracker_heatmap(
    states: pd.DataFrame,
    region_labels: dict[str, str],
    state_labels: dict[str, str],
    title: str,
    lang: str,
) -> go.Figure:
    """Regions (rows, in the order of `region_labels`) × months (columns, oldest first) from
    `states` (columns region_id, period, state as in metrics.submission_states), each cell
    coloured by its state and marked with its symbol; a legend names every state."""
    codes = list(STATE_STYLE)
    grid = states.pivot(index="region_id", columns="period", values="state")
    grid = grid.reindex([r for r in region_labels if r in grid.index])
    months = [_month(p) for p in grid.columns]
    names = [region_labels[r] for r in grid.index]
    z = grid.map(codes.index).to_numpy()
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=months,
            y=names,
            zmin=-0.5,
            zmax=len(codes) - 0.5,
            colorscale=_discrete_scale([STATE_STYLE[c][1] for c in codes]),
            showscale=False,
            text=grid.map(state_symbol).to_numpy(),
            texttemplate="%{text}",
            textfont={"size": 14, "color": "black"},
            customdata=grid.map(lambda s: state_labels[s]).to_numpy(),
            hovertemplate="%{y} · %{x}: %{customdata}<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    for code in codes:
        symbol, colour = STATE_STYLE[code]
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={"symbol": "square", "size": 14, "color": colour},
                name=f"{symbol} {state_labels[code]}",
            )
        )
    base_layout(fig, title, lang, height=max(420, 26 * len(names) + 140))
    fig.update_yaxes(autorange="reversed", showgrid=False, type="category")
    fig.update_xaxes(type="category", side="top")
    # Months stand on top, under the title: more room there than base_layout gives.
    fig.update_layout(
        margin={"t": 100 + title_space(fig)},
        legend={"y": -0.02, "yanchor": "top", "x": 0, "xanchor": "left"},
    )
    return fig
