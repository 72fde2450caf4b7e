"""Shared look of every chart: a colour-blind-safe palette (Okabe–Ito), each language's
number formatting, titles that say what is shown. Pure plotly: takes DataFrames, returns
Figures; pages draw them with st.plotly_chart."""

from __future__ import annotations

import plotly.graph_objects as go

from ui.i18n import decimal_comma, format_percent

# Okabe & Ito (2008), safe for the common colour-vision deficiencies.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
GROUP_COLOURS = dict(zip(("HTT", "JO", "JAR", "YHD", "ICT"), OKABE_ITO, strict=False))
# Sequential scale for completion heatmaps: light (0 %) to dark blue (100 %), readable in grey.
COMPLETION_SCALE = [[0.0, "#f7fbff"], [0.5, "#6baed6"], [1.0, "#08306b"]]


def separators(lang: str) -> str:
    """Plotly's `separators` setting: decimal then thousands mark."""
    return ", " if decimal_comma(lang) else ".,"


def base_layout(fig: go.Figure, title: str, lang: str, *, height: int = 420) -> go.Figure:
    """Apply the common title, fonts, margins and number format to `fig` and return it."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 17}},
        separators=separators(lang),
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        font={"family": "Source Sans Pro, Arial, sans-serif", "size": 13},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        plot_bgcolor="white",
    )
    fig.update_xaxes(showgrid=False, linecolor="#888")
    fig.update_yaxes(gridcolor="#e5e5e5", linecolor="#888")
    return fig


def percent_ticks(lang: str, step: float = 0.25) -> dict[str, list]:
    """Ticks 0–100 % every `step`, written the language's way ('25 %' in Finnish, '25%' in
    English; plotly's own '.0%' format has no Finnish space)."""
    values = [round(i * step, 2) for i in range(round(1 / step) + 1)]
    return {"tickvals": values, "ticktext": [format_percent(v, lang, 0) for v in values]}


def percent_axis(
    fig: go.Figure, axis: str = "y", lang: str = "fi", step: float = 0.25
) -> go.Figure:
    """Show a 0–1 axis as 0–100 % with the language's number format."""
    update = fig.update_yaxes if axis == "y" else fig.update_xaxes
    update(range=[0, 1.02], **percent_ticks(lang, step))
    return fig
