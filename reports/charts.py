"""The packs' charts drawn with matplotlib as PNG in memory (no browser at run time), in the
dashboard's colours and time axis (common/scales.py). DataFrames and translated labels in,
PNG bytes out."""

from __future__ import annotations

import io
from datetime import date

import matplotlib

matplotlib.use("Agg")  # no display: draw to memory only

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.colors import LinearSegmentedColormap  # noqa: E402

from common.scales import (  # noqa: E402
    AXIS_END,
    AXIS_LIMIT,
    COMPLETION_SCALE,
    FORECAST_COLOUR,
    NATIONAL_COLOUR,
    RANGE_COLOUR,
    REGION_COLOUR,
    TRANSFER_DAY,
)
from common.texts import format_percent  # noqa: E402

DPI = 150
FONT = "DejaVu Sans"  # ships with matplotlib, and has every Finnish letter
plt.rcParams.update({"font.family": FONT, "font.size": 9, "axes.titlesize": 10})


def _png(fig: plt.Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", facecolor="white")
    plt.close(fig)
    return buffer.getvalue()


def _percent_axis(axis, lang: str, step: float = 0.25) -> None:
    ticks = np.arange(0, 1 + step / 2, step)
    axis.set_ticks(ticks)
    axis.set_ticklabels([format_percent(v, lang, 0) for v in ticks])


def _tidy(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_color("#888888")
    ax.spines["bottom"].set_color("#888888")


def group_position_png(frame: pd.DataFrame, lang: str, names: dict[str, str]) -> bytes:
    """One row per group, first at the top: the national q1–q3 range as a grey bar, the
    national median as a dark tick, the region's completion as a blue dot, its value at the
    right. `frame` columns: label, rate, median, q1, q3 (0–1). `names`: region, median, range."""
    rows = frame.reset_index(drop=True)
    y = np.arange(len(rows))[::-1]
    fig, ax = plt.subplots(figsize=(7.2, 0.5 + 0.42 * len(rows)))
    ax.barh(
        y,
        rows["q3"] - rows["q1"],
        left=rows["q1"],
        height=0.5,
        color=RANGE_COLOUR,
        label=names["range"],
    )
    ax.scatter(
        rows["median"],
        y,
        marker="|",
        s=260,
        linewidths=2.5,
        color=NATIONAL_COLOUR,
        label=names["median"],
        zorder=3,
    )
    ax.scatter(
        rows["rate"],
        y,
        s=70,
        color=REGION_COLOUR,
        edgecolors="white",
        label=names["region"],
        zorder=4,
    )
    for row_y, rate in zip(y, rows["rate"], strict=True):
        ax.text(
            1.04,
            row_y,
            format_percent(rate, lang),
            va="center",
            color=REGION_COLOUR,
            fontweight="bold",
        )
    ax.set_yticks(y, rows["label"])
    ax.set_xlim(-0.02, 1.16)
    _percent_axis(ax.xaxis, lang)
    ax.grid(axis="x", color="#e5e5e5")
    ax.set_axisbelow(True)
    _tidy(ax)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, frameon=False)
    return _png(fig)


def trend_png(
    history: pd.DataFrame,
    national: pd.DataFrame,
    forecast: tuple[date, float, date] | None,
    lang: str,
    names: dict[str, str],
) -> bytes:
    """The region's critical completion by month, the national median (dotted), the forecast
    to 100 % (dashed) and a line at the transfer of responsibility, 1.1.2023. `history` and
    `national` have columns period and rate (0–1); `forecast` is (latest period, latest rate,
    forecast date) or None. `names`: region, median, forecast, transfer."""
    fig, ax = plt.subplots(figsize=(7.2, 3.2))
    ax.plot(
        national["period"],
        national["rate"],
        linestyle=":",
        linewidth=2,
        color=NATIONAL_COLOUR,
        label=names["median"],
    )
    ax.plot(
        history["period"],
        history["rate"],
        marker="o",
        markersize=4,
        linewidth=2.5,
        color=REGION_COLOUR,
        label=names["region"],
    )
    end = pd.Timestamp(AXIS_END)
    if forecast is not None:
        start, rate, reached = forecast
        ax.plot(
            [pd.Timestamp(start), pd.Timestamp(reached)],
            [rate, 1.0],
            linestyle="--",
            linewidth=2.5,
            color=FORECAST_COLOUR,
            label=names["forecast"],
        )
        ax.plot([pd.Timestamp(reached)], [1.0], marker="D", color=FORECAST_COLOUR)
        end = max(end, pd.Timestamp(min(reached, AXIS_LIMIT)))
    ax.axvline(pd.Timestamp(TRANSFER_DAY), color="#000000", linewidth=1)
    ax.text(
        pd.Timestamp(TRANSFER_DAY),
        1.03,
        names["transfer"] + " ",
        ha="right",
        va="bottom",
        fontsize=8,
    )
    first = min([*history["period"], *national["period"]], default=pd.Timestamp(2021, 8, 1))
    ax.set_xlim(pd.Timestamp(first) - pd.Timedelta(days=20), end)
    ax.set_ylim(-0.03, 1.1)
    _percent_axis(ax.yaxis, lang, 0.2)
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
    ax.xaxis.set_major_formatter(
        matplotlib.ticker.FuncFormatter(lambda x, _: f"{mdates.num2date(x):%-m/%Y}")
    )
    ax.grid(axis="y", color="#e5e5e5")
    ax.set_axisbelow(True)
    _tidy(ax)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.06), ncol=3, frameon=False)
    return _png(fig)


def rating_bars_png(rated: pd.DataFrame) -> bytes:
    """Regions per delivery rating as horizontal bars in the ratings' own colours.
    `rated` columns: label, count, colour (hex), first row at the top."""
    y = np.arange(len(rated))[::-1]
    fig, ax = plt.subplots(figsize=(5.0, 0.3 + 0.38 * len(rated)))
    ax.barh(y, rated["count"], color=list(rated["colour"]), height=0.6)
    for row_y, count in zip(y, rated["count"], strict=True):
        ax.text(count + 0.2, row_y, str(count), va="center", fontweight="bold")
    ax.set_yticks(y, rated["label"])
    ax.set_xlim(0, max(int(rated["count"].max()), 1) * 1.15 + 0.5)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    _tidy(ax)
    return _png(fig)


def heatmap_png(grid: pd.DataFrame, lang: str) -> bytes:
    """Completion per region (rows) × group (columns) with the value written in each cell;
    light is 0 %, dark blue 100 % (the dashboard's scale). `grid`: rates 0–1, NaN blank."""
    colours = [(stop, colour) for stop, colour in COMPLETION_SCALE]
    scale = LinearSegmentedColormap.from_list("completion", colours)
    scale = scale.with_extremes(bad="#f0f0f0")
    values = grid.to_numpy(dtype=float)
    fig, ax = plt.subplots(figsize=(1.6 + 0.9 * grid.shape[1], 0.6 + 0.3 * grid.shape[0]))
    ax.imshow(np.ma.masked_invalid(values), cmap=scale, vmin=0, vmax=1, aspect="auto")
    for (i, j), value in np.ndenumerate(values):
        text = format_percent(value, lang, 0)
        dark = not np.isnan(value) and value > 0.55
        ax.text(
            j, i, text, ha="center", va="center", fontsize=7.5, color="white" if dark else "#222222"
        )
    ax.set_xticks(range(grid.shape[1]), grid.columns)
    ax.set_yticks(range(grid.shape[0]), grid.index)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return _png(fig)


def png_ratio(png: bytes) -> float:
    """Width ÷ height of a PNG, read from its header."""
    width = int.from_bytes(png[16:20], "big")
    height = int.from_bytes(png[20:24], "big")
    return width / height
