"""The region pack for one region and month: headline figures, completion per group against
the national median, trend and forecast, changes since the previous report, overdue and
stalled critical subtasks, risks, wishes and red flags, last month's actions and the draft
agenda. Figures come from the same metrics/ functions the region page asks; the discussion
parts from metrics.agenda."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

import metrics
from metrics.agenda import discussion_brief, draft_agenda
from metrics.calendar import as_month
from reports import charts
from reports.document import Chart, Column, Figure, Pack, Page, Text, table
from reports.region_pages import changes_page, discussion_page, lists_page, observations_page
from reports.text import Words, day_text, month_text, region_names

SCOPE = "critical"  # the pack is about the work that must be done by 1.1.2023


@dataclass(frozen=True)
class Headline:
    """The region's critical completion (0–1), change (pp) and previous month, rank among
    the regions and distance from the median (pp), and its pace_forecast row."""

    rate: float
    change_pp: float
    previous_period: object
    rank: int | None
    regions: int | None
    distance_pp: float
    pace: pd.Series | None


def headline_figures(con: duckdb.DuckDBPyConnection, region_id: str, period: date) -> Headline:
    """The numbers of the pack's first page, as the region page computes them."""
    change = metrics.completion_change(con, scope=SCOPE, period=period)
    mine = change[(change["region_id"] == region_id) & (change["group_code"] == "ALL")]
    peers = metrics.peer_position(con, period=period, scope=SCOPE)
    rank = peers[(peers["region_id"] == region_id) & (peers["group_code"] == "ALL")]
    pace = metrics.pace_forecast(con, period=period)
    pace = pace[pace["region_id"] == region_id]
    row = mine.iloc[0] if len(mine) else None
    return Headline(
        rate=float("nan") if row is None else row["rate"],
        change_pp=float("nan") if row is None else row["change_pp"],
        previous_period=None if row is None else row["previous_period"],
        rank=None if rank.empty else int(rank["rank"].iloc[0]),
        regions=None if rank.empty else int(rank["regions"].iloc[0]),
        distance_pp=float("nan") if rank.empty else rank["distance_pp"].iloc[0],
        pace=None if pace.empty else pace.iloc[0],
    )


def forecast_words(pace: pd.Series | None, w: Words) -> str:
    """The forecast in one sentence: done already, the date 100 % is reached, or none."""
    if pace is None or pace["forecast_date"] is None and not pace["complete"]:
        return w("region_forecast_missing")
    if pace["complete"]:
        return w("region_forecast_complete")
    return w(
        "region_forecast_sentence",
        date=day_text(pace["forecast_date"]),
        pace=w.number(100 * pace["slope_per_month"], 1),
    )


def _headline_page(con, region_id, period, name, w: Words) -> Page:
    head = headline_figures(con, region_id, period)
    ratings = metrics.rating_definitions().set_index("code")
    rating = None if head.pace is None else ratings.loc[head.pace["rating"]]
    scope_words = w(f"scope_{SCOPE}").lower()
    since = w("national_since", month=month_text(head.previous_period))
    figures = [
        Figure(w("region_metric_completion", scope=scope_words), w.percent(head.rate)),
        Figure(
            w("pack_change"),
            w.signed_pp(head.change_pp),
            since if not pd.isna(head.change_pp) else w("pack_no_previous"),
        ),
        Figure(
            w("region_metric_rank", scope=scope_words),
            "–"
            if head.rank is None
            else w("region_rank_value", rank=head.rank, regions=head.regions),
            ""
            if head.rank is None
            else f"{w.signed_pp(head.distance_pp)} {w('region_from_median')}",
        ),
        Figure(
            w("region_metric_rating"),
            "–" if rating is None else rating[w.lang],
            forecast_words(head.pace, w),
            None if rating is None else rating["colour"],
        ),
    ]
    groups = _groups(con, region_id, period, name, w)
    notes = " ".join(
        [w("region_metric_completion_help"), w("region_metric_rank_help")]
        + ([f"{rating[w.lang]}: {rating[f'definition_{w.lang}']}"] if rating is not None else [])
    )
    return Page(w("pack_headline_title"), figures, groups, notes)


def _groups(con, region_id, period, name, w: Words) -> list:
    """The group chart (region against the national median and quartiles) and its table."""
    labels = {**w.groups(), "ALL": w("all_group_code")}
    own = metrics.completion(con, scope=SCOPE, period=period, region_id=region_id)
    spread = metrics.national_distribution(con, scope=SCOPE, period=period)
    frame = own.merge(spread, on=["group_code", "period"], how="left")
    frame = frame.assign(label=frame["group_code"].map(labels), rate=frame["completion_rate"])
    if frame.empty:
        return []
    legend = {
        "region": name,
        "median": w("region_legend_median"),
        "range": w("region_legend_range"),
    }
    png = charts.group_position_png(frame, w.lang, legend)
    title = w("region_groups_title", region=name, scope=w(f"scope_{SCOPE}").lower())
    shown = table(
        title,
        frame,
        [
            Column("label", w("region_col_group"), 3.2),
            Column("done", w("region_col_done"), 1),
            Column("applicable", w("region_col_applicable"), 1.3),
            Column("rate", w("region_col_rate"), 1.2, w.percent),
            Column("median", w("region_col_median"), 1.2, w.percent),
        ],
        sheet=w("pack_sheet_groups"),
    )
    return [Chart(png, charts.png_ratio(png), w("region_groups_caption")), shown]


def _trend_page(con, region_id, period, name, head_pace, w: Words) -> Page:
    month = pd.Timestamp(period)
    history = metrics.completion(con, scope=SCOPE, region_id=region_id, group_code="ALL")
    history = history[history["period"] <= month].rename(columns={"completion_rate": "rate"})
    national = metrics.national_distribution(con, scope=SCOPE)
    national = national[(national["group_code"] == "ALL") & (national["period"] <= month)]
    national = national.rename(columns={"median": "rate"})
    forecast = None
    if head_pace is not None and not head_pace["complete"] and head_pace["forecast_date"]:
        forecast = (
            head_pace["latest_period"],
            head_pace["latest_rate"],
            head_pace["forecast_date"],
        )
    legend = {
        "region": name,
        "median": w("region_legend_median"),
        "forecast": w("region_legend_forecast"),
        "transfer": w("region_legend_transfer"),
    }
    png = charts.trend_png(
        history[["period", "rate"]].dropna(), national[["period", "rate"]], forecast, w.lang, legend
    )
    trend = history.merge(
        national[["period", "rate"]], on="period", how="left", suffixes=("", "_median")
    )
    data = table(
        w("region_trend_title", region=name),
        trend,
        [
            Column("period", w("pack_col_month"), 1, month_text),
            Column("rate", w("region_col_rate"), 1, w.percent),
            Column("rate_median", w("region_col_median"), 1, w.percent),
        ],
        sheet=w("pack_sheet_trend"),
        printed=False,
    )
    caption = f"{w('region_trend_title', region=name)}. {forecast_words(head_pace, w)}"
    return Page(
        w("region_trend_header"),
        blocks=[Chart(png, charts.png_ratio(png), caption), data],
        notes=w("region_trend_caption"),
    )


def region_pack(
    con: duckdb.DuckDBPyConnection, region_id: str, period: date | str, lang: str = "fi"
) -> Pack:
    """The region pack of `region_id` for the month of `period` in `lang` ('fi', 'sv' or 'en')."""
    w, month = Words(lang), as_month(period)
    name = region_names(lang)[region_id]
    data_month = w("data_month", month=month_text(month))
    pack = Pack(
        w("pack_region_title"),
        f"{name} · {month_text(month)}",
        data_month,
        lang,
        f"alue_{region_id}_{month:%Y-%m}",
    )
    head_page = _headline_page(con, region_id, month, name, w)
    pace = metrics.pace_forecast(con, period=month)
    pace = pace[pace["region_id"] == region_id]
    pace_row = None if pace.empty else pace.iloc[0]
    submitted = not metrics.completion(con, scope="all", period=month, region_id=region_id).empty
    if not submitted:
        head_page.blocks.insert(0, _not_submitted(name, month, w))
    pack.pages += [head_page, _trend_page(con, region_id, month, name, pace_row, w)]
    if submitted:
        brief = discussion_brief(con, region_id, month)
        before = metrics.previous_period(con, region_id=region_id, period=month)
        pack.pages += [
            changes_page(brief, before, w),
            lists_page(brief, w),
            observations_page(brief, before, w),
            discussion_page(brief, draft_agenda(brief, lang), w),
        ]
    return pack


def _not_submitted(name: str, month: date, w: Words) -> Text:
    return Text([w("region_not_submitted", region=name, month=month_text(month))])
