"""Charts and the observation list of the risks page: how widely each theme is raised, its
share by month, the region × theme matrix, and one row per observation for the searchable
list. Pure plotly and pandas: DataFrames in, Figures and DataFrames out; the page passes every
label already translated."""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd
import plotly.graph_objects as go

from common.catalogue import normalise
from common.scales import OKABE_ITO
from common.texts import decimal_comma
from ui.charts import (
    base_layout,
    percent_axis,
    percent_ticks,
    title_space,
    wrap_title,
)

BAR_COLOUR = OKABE_ITO[0]
# Sequential, light to dark blue; readable in grey and for the common colour-vision deficiencies.
SHARE_SCALE = [[0.0, "#ffffff"], [0.15, "#deebf7"], [0.5, "#6baed6"], [1.0, "#08306b"]]
# Severity from not raised (white) to high (dark purple): not the page's blue of shares, and
# no rating colour. Readable in grey, and steps far enough apart (CIEDE2000 over 10) for the
# common colour-vision deficiencies too (tests/common/test_scales_colour_vision.py).
SEVERITY_COLOURS = ("#ffffff", "#cbc9e2", "#9e9ac8", "#6a51a3", "#4a1486")
# What identifies one observation in v_observation_themes, which repeats it once per theme.
OBSERVATION_KEY = ["region_id", "period", "kind", "group_code", "severity", "red_flag", "text"]


def prevalence_chart(frame: pd.DataFrame, title: str, lang: str, axis_title: str) -> go.Figure:
    """One horizontal bar per theme, the first row of `frame` at the top: the share (0–1) of
    reporting regions that raised it, with the text beside the bar.

    `frame` columns: name (theme), words (how widely, e.g. 'lähes kaikki alueet'; blank for
    none), share (0–1) and text (the count beside the bar, e.g. '18/22')."""
    # The words go under the theme's name, the count beside the bar: a phone has no room
    # for "lähes kaikki alueet · 18/22" beside a long bar.
    labels = [
        f"<b>{name}</b><br>{words}" if words else f"<b>{name}</b>"
        for name, words in zip(frame["name"], frame["words"], strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=frame["share"],
            orientation="h",
            marker={"color": BAR_COLOUR},
            text=frame["text"],
            textposition="outside",
            cliponaxis=False,
            customdata=frame["name"],
            hovertemplate="%{customdata}: %{x:.0%}<extra></extra>",
        )
    )
    base_layout(fig, title, lang, height=120 + 42 * len(frame))
    percent_axis(fig, "x", lang)
    fig.update_xaxes(range=[0, 1.22], title=wrap_title(axis_title, 22), **percent_ticks(lang, 0.5))
    fig.update_xaxes(showgrid=True, gridcolor="#e5e5e5")
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1], showgrid=False)
    return fig


def trend_heatstrip(frame: pd.DataFrame, title: str, lang: str) -> go.Figure:
    """Themes (rows, in order of first appearance) × months (columns): the share (0–1) of the
    regions reporting that month that raised the theme, as colour and as a rounded percentage.

    `frame` columns: name (theme), period (first day of month), share (0–1)."""
    wide = frame.pivot(index="name", columns="period", values="share")
    wide = wide.reindex(list(dict.fromkeys(frame["name"])))
    months = [f"{p.month}/{p.year % 100:02d}" for p in wide.columns]
    text = [[format_share(v, lang) for v in row] for row in wide.to_numpy()]
    fig = go.Figure(
        go.Heatmap(
            z=wide.to_numpy(),
            x=months,
            y=list(wide.index),
            zmin=0,
            zmax=1,
            colorscale=SHARE_SCALE,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 11},
            xgap=2,
            ygap=2,
            colorbar={"thickness": 12, **percent_ticks(lang)},
            hovertemplate="%{y}, %{x}: %{z:.0%}<extra></extra>",
        )
    )
    base_layout(fig, title, lang, height=140 + 30 * len(wide))
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(type="category", side="bottom")
    return fig


def trend_lines(frame: pd.DataFrame, title: str, lang: str) -> go.Figure:
    """One line per theme of the share (0–1) of reporting regions raising it, by month.

    `frame` columns: name (theme), period, share (0–1)."""
    fig = go.Figure()
    for index, (name, rows) in enumerate(frame.groupby("name", sort=False)):
        fig.add_scatter(
            x=rows["period"],
            y=rows["share"],
            mode="lines+markers",
            name=name,
            line={
                # Eight colours for twelve themes: the dash tells apart those that share one.
                "color": OKABE_ITO[index % len(OKABE_ITO)],
                "dash": ("solid", "dash", "dot")[index // len(OKABE_ITO) % 3],
            },
            hovertemplate=f"{name}, %{{x|%-m/%Y}}: %{{y:.0%}}<extra></extra>",
        )
    base_layout(fig, title, lang, height=480)
    percent_axis(fig, "y", lang)
    fig.update_xaxes(tickformat="%-m/%Y")
    fig.update_layout(legend={"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1})
    return fig


def severity_scale(levels: int) -> list[list]:
    """A discrete colour scale for severity ranks 0..levels-1: a band of one colour each."""
    scale = []
    for rank, colour in enumerate(SEVERITY_COLOURS[:levels]):
        scale += [[rank / levels, colour], [(rank + 1) / levels, colour]]
    return scale


def theme_region_heatmap(
    frame: pd.DataFrame, title: str, lang: str, severities: list[str], months: int
) -> go.Figure:
    """Regions (rows, in order of first appearance) × themes (columns, likewise), coloured
    by the highest severity the region gave the theme in the window (white: not raised) and,
    over a window of several months, the number of months it raised it written in the cell.

    `frame` columns: region (name), name (theme), severity_rank (0 not raised … 4 high),
    months_raised and hover (the cell's hover text). `severities` names ranks 0–4 for the
    colour bar."""

    def wide(field: str) -> pd.DataFrame:
        grid = frame.pivot(index="region", columns="name", values=field)
        grid = grid.reindex(index=list(dict.fromkeys(frame["region"])))
        return grid.reindex(columns=list(dict.fromkeys(frame["name"])))

    ranks = wide("severity_rank")
    raised = wide("months_raised").to_numpy()
    levels = len(severities)
    text = [[str(int(v)) if months > 1 and v else "" for v in row] for row in raised]
    fig = go.Figure(
        go.Heatmap(
            z=ranks.to_numpy(),
            x=list(ranks.columns),
            y=list(ranks.index),
            zmin=-0.5,
            zmax=levels - 0.5,
            colorscale=severity_scale(levels),
            text=text,
            texttemplate="%{text}",
            customdata=wide("hover").to_numpy(),
            xgap=2,
            ygap=2,
            # Under the chart: on a phone the twelve columns need the width.
            colorbar={
                "orientation": "h",
                "thickness": 10,
                "len": 1,
                "x": 0,
                "xanchor": "left",
                "y": -0.01,
                "yanchor": "top",
                "tickvals": list(range(levels)),
                "ticktext": severities,
            },
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    base_layout(fig, title, lang, height=220 + 26 * len(ranks))
    fig.update_yaxes(autorange="reversed", showgrid=False)
    # Upright names, every one of them: slanted ones run into each other, and plotly would
    # drop every other name when a column is a few pixels wide.
    fig.update_xaxes(
        side="top",
        tickangle=-90,
        tickfont={"size": 10},
        tickmode="array",
        tickvals=list(ranks.columns),
    )
    # Room on top for the title and the longest upright name (about 5.6 px a character).
    names_height = 12 + 5.6 * max((len(str(c)) for c in ranks.columns), default=0)
    fig.update_layout(margin={"t": 50 + title_space(fig) + round(names_height), "b": 50})
    return fig


def format_share(value: float, lang: str) -> str:
    """A 0–1 share as a whole percentage ('45 %' in Finnish, '45%' in English); '' if unknown."""
    if value is None or value != value:
        return ""
    number = f"{round(value * 100):d}"
    return f"{number}\u00a0%" if decimal_comma(lang) else f"{number}%"


def observation_rows(themes: pd.DataFrame, theme_names: dict[str, str]) -> pd.DataFrame:
    """One row per observation from v_observation_themes rows (one per observation and
    theme): the OBSERVATION_KEY columns plus theme_codes (tuple, in `theme_names` order) and
    themes (their names joined by ', '). Two identical observations stay two rows."""
    if themes.empty:
        return pd.DataFrame(columns=[*OBSERVATION_KEY, "theme_codes", "themes"])
    order = {code: i for i, code in enumerate(theme_names)}
    grouped = themes.groupby(OBSERVATION_KEY, dropna=False, sort=False)["theme"]
    rows = grouped.agg(list).reset_index()
    codes = [sorted(set(found), key=lambda c: order.get(c, len(order))) for found in rows["theme"]]
    # An observation repeated in one workbook comes back once per copy and theme.
    copies = [len(found) // len(unique) for found, unique in zip(rows["theme"], codes, strict=True)]
    rows = rows.assign(
        theme_codes=[tuple(c) for c in codes],
        themes=[", ".join(theme_names.get(c, c) for c in found) for found in codes],
    ).drop(columns="theme")
    return rows.loc[rows.index.repeat(copies)].reset_index(drop=True)


def filter_observations(
    rows: pd.DataFrame,
    *,
    themes: Collection[str] = (),
    kinds: Collection[str] = (),
    groups: Collection[str] = (),
    regions: Collection[str] = (),
    severities: Collection[str] = (),
    red_flags: Collection[bool] = (),
    search: str = "",
) -> pd.DataFrame:
    """The rows of observation_rows() that meet every filter; an empty filter keeps all.
    Blank groups and severities are the code 'none'. `search` matches the text ignoring case,
    Unicode form and extra spaces."""
    keep = pd.Series(True, index=rows.index)
    if themes:
        keep &= rows["theme_codes"].map(lambda found: bool(set(found) & set(themes)))
    for column, chosen in (
        ("kind", kinds),
        ("group_code", groups),
        ("region_id", regions),
        ("severity", severities),
    ):
        if chosen:
            keep &= rows[column].fillna("none").isin(list(chosen))
    if red_flags:
        keep &= rows["red_flag"].isin(list(red_flags))
    words = normalise(search)
    if words:
        keep &= rows["text"].map(lambda text: words in normalise(text))
    return rows[keep]
