"""The region pack for one region and month: headline figures, completion per group against
the national median, trend and forecast, changes since the previous report, overdue and
stalled critical subtasks, risks, wishes and red flags, last month's actions and the draft
agenda. Figures come from the same metrics/ functions the region page asks; the discussion
parts from metrics.agenda."""

from __future__ import annotations

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

# The pack is about the work that must be done by 1.1.2023 unless asked for every subtask;
# the region page passes its own scope, so the page and its pack show the same figures.
SCOPE = "critical"


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


def _headline_page(con, region_id, period, name, w: Words, scope: str, head) -> Page:
    """The headline figures (`head`: metrics.region_headline) and the group table."""
    ratings = metrics.rating_definitions().set_index("code")
    rating = None if head.pace is None else ratings.loc[head.pace["rating"]]
    scope_words = w(f"scope_{scope}").lower()
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
    groups = _groups(con, region_id, period, name, w, scope)
    notes = " ".join(
        [w("region_metric_completion_help"), w("region_metric_rank_help")]
        + ([f"{rating[w.lang]}: {rating[f'definition_{w.lang}']}"] if rating is not None else [])
    )
    return Page(w("pack_headline_title"), figures, groups, notes)


def _groups(con, region_id, period, name, w: Words, scope: str) -> list:
    """The group chart (region against the national median and quartiles) and its table."""
    labels = {**w.groups(), "ALL": w("all_group_code")}
    frame = metrics.region_groups(con, region_id=region_id, period=period, scope=scope)
    frame = frame.assign(label=frame["group_code"].map(labels))
    if frame.empty:
        return []
    legend = {
        "region": name,
        "median": w("region_legend_median"),
        "range": w("region_legend_range"),
    }
    png = charts.group_position_png(frame, w.lang, legend)
    title = w("region_groups_title", region=name, scope=w(f"scope_{scope}").lower())
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
    # The same metric, with the same arguments, as the region page's trend.
    trend = metrics.region_trend(con, region_id=region_id, period=period)
    history, national = trend["region"], trend["median"]
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
    png = charts.trend_png(history, national, forecast, w.lang, legend)
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
    con: duckdb.DuckDBPyConnection,
    region_id: str,
    period: date | str,
    lang: str = "fi",
    scope: str = SCOPE,
) -> Pack:
    """The region pack of `region_id` for the month of `period` in `lang` ('fi', 'sv' or 'en'),
    its completion, moves and stalled work counted in `scope` ('critical' or 'all') — the
    same metric calls with the same arguments as the region and discussion pages."""
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
    # The same metric, with the same arguments, as the region page's headline.
    head = metrics.region_headline(con, region_id=region_id, period=month, scope=scope)
    head_page = _headline_page(con, region_id, month, name, w, scope, head)
    pace_row = head.pace
    submitted = not metrics.completion(con, scope="all", period=month, region_id=region_id).empty
    if not submitted:
        head_page.blocks.insert(0, _not_submitted(name, month, w))
    pack.pages += [head_page, _trend_page(con, region_id, month, name, pace_row, w)]
    if submitted:
        brief = discussion_brief(con, region_id, month, scope)
        before = metrics.previous_period(con, region_id=region_id, period=month)
        pack.pages += [
            changes_page(brief, before, w, scope),
            lists_page(brief, w, scope),
            observations_page(brief, before, w),
            discussion_page(brief, draft_agenda(brief, lang, scope), w),
        ]
    return pack


def _not_submitted(name: str, month: date, w: Words) -> Text:
    return Text([w("region_not_submitted", region=name, month=month_text(month))])
