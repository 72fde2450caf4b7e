"""Shared look of every chart: the colour-blind-safe palette (common/scales.py), each language's
number formatting, titles that say what is shown. Pure plotly: takes DataFrames, returns
Figures; pages draw them with st.plotly_chart."""

from __future__ import annotations

import re

import plotly.graph_objects as go

from common.texts import decimal_comma, format_percent

# What every st.plotly_chart gets: no plotly logo; the mode bar is hidden on a phone by the
# page style (ui/style.py), where it would cover the chart's title.
PLOT_CONFIG = {"displaylogo": False}
# A title longer than this breaks into lines: at 17 px about 40 characters fit a phone's width.
TITLE_CHARACTERS = 40


def separators(lang: str) -> str:
    """Plotly's `separators` setting: decimal then thousands mark."""
    return ", " if decimal_comma(lang) else ".,"


def wrap_title(title: str, width: int = TITLE_CHARACTERS) -> str:
    """`title` broken into lines of at most `width` characters at spaces (plotly's <br>), so
    that it never runs past the edge of a narrow chart. A parenthesis stays on one line."""
    if not title or "<br>" in title:
        return title
    lines: list[str] = []
    for word in re.findall(r"\([^)]*\)\S*|\S+", title):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def title_lines(title: str) -> int:
    """How many lines a title wrapped by wrap_title takes."""
    return title.count("<br>") + 1 if title else 0


def title_space(fig: go.Figure) -> int:
    """The pixels a wrapped title needs on top beyond its first line: a chart that sets its
    own top margin adds this."""
    return 22 * max(title_lines(fig.layout.title.text or "") - 1, 0)


def base_layout(fig: go.Figure, title: str, lang: str, *, height: int = 420) -> go.Figure:
    """Apply the common title (wrapped to lines that fit a phone), fonts, margins and number
    format to `fig` and return it; every line of title past the first adds 22 px on top."""
    text = wrap_title(title)
    extra = 22 * max(title_lines(text) - 1, 0)
    fig.update_layout(
        # At the top edge, not in the middle of the margin, where a title of several lines
        # would run into what sits above the plot (column labels, a legend).
        title={
            "text": text,
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            # plotly lifts a title of several lines anchored at the top by part of a line, so
            # that the dots of a first-line Ä or Ö were cut: more room for each extra line.
            "pad": {"t": 12 + 4 * (title_lines(text) - 1)},
            "font": {"size": 17},
        },
        separators=separators(lang),
        height=height + extra,
        margin={"l": 10, "r": 10, "t": 60 + extra, "b": 10},
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
