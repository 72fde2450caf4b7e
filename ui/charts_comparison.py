"""Charts of the comparison page: the regions ranked by completion with the median, pace
against completion, and one small trend chart per region. Pure plotly: DataFrames in, Figures
out; the page passes every label already translated."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from ui.charts import OKABE_ITO, base_layout, percent_axis, percent_ticks, title_space

BASE_COLOUR = OKABE_ITO[0]
HIGHLIGHT_COLOUR = OKABE_ITO[5]
MEDIAN_COLOUR = "#666666"
# Ratings differ by marker shape as well as colour, so they read without colour too.
RATING_SYMBOLS = ("circle", "diamond", "square", "triangle-up")


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


def pace_scatter(
    frame: pd.DataFrame, ratings: pd.DataFrame, title: str, lang: str, axes: dict[str, str]
) -> go.Figure:
    """One point per region: critical completion (x, 0–1) against pace (y, percentage points
    per month), one trace per rating so the legend names it; highlighted regions are named
    with an arrow.

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
    fig.add_hline(y=0, line={"color": "#999999", "width": 1})
    base_layout(fig, title, lang, height=480)
    percent_axis(fig, "x", lang)
    # Start the axis a little below the least complete region (at a tenth), so that a late
    # picture where most regions are near 100 % does not squeeze them against the edge.
    lowest = frame["rate"].min() if len(frame) else 0.0
    start = max(0.0, math.floor((lowest - 0.05) * 10) / 10)
    fig.update_xaxes(
        range=[start - 0.02, 1.04],
        title=axes["x"],
        showgrid=True,
        gridcolor="#e5e5e5",
        zeroline=False,
    )
    fig.update_yaxes(title=axes["y"], zeroline=False)
    fig.update_layout(margin={"t": 90 + title_space(fig)})
    return fig


def trend_multiples(
    history: pd.DataFrame,
    median: pd.DataFrame,
    title: str,
    lang: str,
    names: dict[str, str],
    *,
    wrap: int = 6,
) -> go.Figure:
    """One small chart per region (in the order of first appearance in `history`, `wrap` to
    a row) of its completion by month, each with the median as a grey dashed reference line.

    `history` columns: label (region name), period, rate (0–1), highlighted (bool);
    `median` columns: period, rate (0–1). `names` gives the legend entries: region,
    highlight, median."""
    order = list(dict.fromkeys(history["label"]))
    rows = max(1, -(-len(order) // wrap))
    # The grid is laid out by hand: plotly express facets cost ten times as long to build.
    gap_x, gap_y = 0.02, min(0.5 / rows, 0.12)
    width = (1 - gap_x * (wrap - 1)) / wrap
    height_share = (1 - gap_y * (rows - 1)) / rows
    # Traces and axes are gathered as plain dicts and validated once: adding them one by
    # one to a Figure validates the whole figure again each time.
    traces: list[dict] = []
    axes: dict[str, dict] = {}
    titles: list[dict] = []
    hover = "%{x|%-m/%Y}: %{y:.1%}<extra></extra>"
    for index, (label, own) in enumerate(history.groupby("label", sort=False)):
        row, column = divmod(index, wrap)
        suffix = "" if index == 0 else str(index + 1)
        left, top = column * (width + gap_x), 1 - row * (height_share + gap_y)
        axes[f"xaxis{suffix}"] = {
            "domain": [left, min(1.0, left + width)],
            "anchor": f"y{suffix}",
            "matches": "x" if index else None,
            "showticklabels": index + wrap >= len(order),
            "tickformat": "%-m/%y",
            "nticks": 4,
            "showgrid": False,
            "linecolor": "#888",
        }
        axes[f"yaxis{suffix}"] = {
            "domain": [max(0.0, top - height_share), top],
            "anchor": f"x{suffix}",
            "showticklabels": column == 0,
            "range": [0, 1.05],
            **percent_ticks(lang, 0.5),
            "gridcolor": "#e5e5e5",
            "linecolor": "#888",
        }
        highlighted = bool(own["highlighted"].any())
        series = names["highlight"] if highlighted else names["region"]
        for name, frame, line in (
            (names["median"], median, {"color": MEDIAN_COLOUR, "dash": "dash", "width": 1.5}),
            (series, own, {"color": HIGHLIGHT_COLOUR if highlighted else BASE_COLOUR, "width": 2}),
        ):
            traces.append(
                {
                    "type": "scatter",
                    "x": frame["period"],
                    "y": frame["rate"],
                    "xaxis": f"x{suffix}",
                    "yaxis": f"y{suffix}",
                    "mode": "lines",
                    "line": line,
                    "name": name,
                    "legendgroup": name,
                    "showlegend": all(t["name"] != name for t in traces),
                    "hovertemplate": hover,
                }
            )
        titles.append(
            {
                "text": emphasise(label, highlighted),
                "x": left + width / 2,
                "y": top,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "center",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 13},
            }
        )
    height = 130 + 150 * rows
    # base_layout on the empty figure: styling 44 axes afterwards costs more than drawing.
    fig = base_layout(go.Figure(), title, lang, height=height)
    fig = go.Figure(
        data=traces, layout={**fig.layout.to_plotly_json(), **axes, "annotations": titles}
    )
    # The legend sits between the title and the region names, which it would cover at y=1.
    top_margin = 120
    fig.update_layout(
        title={"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 14}},
        legend={"y": 1 + 30 / (height - top_margin - 10), "x": 0, "xanchor": "left"},
        margin={"t": top_margin},
    )
    return fig
