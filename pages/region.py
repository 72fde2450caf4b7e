"""Alueen tilannekuva: one region against the national picture — completion per group, the
trend and its forecast to 100 %, changes since the previous report, overdue and stalled
subtasks, red flags and the region's own observations. Asks metrics/ through ui.data.metric
and draws; the national page links here with ?alue=<id>&kuukausi=YYYY-MM."""

from __future__ import annotations

import html
from datetime import date

import pandas as pd
import streamlit as st

import metrics
from common.texts import format_day, format_month, format_number, format_percent
from ui.auth import current_scope
from ui.chart_text import chart_text, percent_column
from ui.charts_region import trend_chart
from ui.context import language, t
from ui.data import metric
from ui.figures import prepared
from ui.filters import sidebar_filters
from ui.labels import region_names, status_label
from ui.packs import pack_downloads
from ui.region_changes import changes_section
from ui.region_groups import groups_section
from ui.region_observations import observation_sections
from ui.region_subtasks import subtask_lists


def signed_pp(change: float) -> str:
    """A change in percentage points with its sign: '+4,5 %-yks.'; no sign for 0,0."""
    change = round(change, 1) or 0.0  # -0.04 would otherwise read '-0,0'
    sign = "+" if change > 0 else ""
    return t("region_pp", value=sign + format_number(change, language(), 1))


def delta_style(change: float) -> dict:
    """No arrow and no colour for a change that rounds to zero: it is neither up nor down."""
    return {"delta_color": "off", "delta_arrow": "off"} if round(change, 1) == 0 else {}


def headline(region: str, period: date, scope: str) -> None:
    """Completion and its change, rank among peers, and the delivery rating."""
    lang, scope_text = language(), t(f"scope_{scope}").lower()
    # The same metric, with the same arguments, as the region pack's first page.
    head = metric("region_headline", region_id=region, period=period, scope=scope)
    has_change = not pd.isna(head.change_pp)
    first, second, third = st.columns(3)
    first.metric(
        t("region_metric_completion", scope=scope_text),
        format_percent(head.rate, lang),
        delta=signed_pp(head.change_pp) if has_change else None,
        delta_description=(
            t("region_since_month", month=format_month(head.previous_period))
            if has_change
            else None
        ),
        help=t("region_metric_completion_help"),
        border=True,
        **(delta_style(head.change_pp) if has_change else {}),
    )
    ranked = head.rank is not None
    second.metric(
        t("region_metric_rank", scope=scope_text),
        t("region_rank_value", rank=head.rank, regions=head.regions) if ranked else "–",
        delta=signed_pp(head.distance_pp) if ranked else None,
        delta_description=t("region_from_median") if ranked else None,
        help=t("region_metric_rank_help"),
        border=True,
        **(delta_style(head.distance_pp) if ranked else {}),
    )
    row = head.pace
    rating = metrics.rating_definitions().set_index("code").loc[row["rating"]]
    with third.container(border=True):
        # The rating's own label and colour come from data/delivery_ratings.csv, not from
        # what a region typed, so this markup carries no user text.
        st.markdown(
            f'<div style="font-size:0.875rem">{html.escape(t("region_metric_rating"))}</div>'
            f'<div style="font-size:1.75rem;font-weight:600;line-height:1.6">'
            f'<span style="color:{rating["colour"]}">&#9679;</span> '
            f"{html.escape(rating[lang])}</div>",
            unsafe_allow_html=True,
        )
        st.caption(f"{forecast_text(row, short=True)} {rating[f'definition_{lang}']}")


def forecast_text(row: pd.Series, *, short: bool = False) -> str:
    """The forecast in words: done already, the date 100 % is reached, or no forecast."""
    if row["complete"]:
        return t("region_forecast_complete")
    if row["forecast_date"] is None:
        return t("region_forecast_none_short") if short else t("region_forecast_missing")
    if short:
        return t("region_forecast_on", date=format_day(row["forecast_date"]))
    return t(
        "region_forecast_sentence",
        date=format_day(row["forecast_date"]),
        pace=format_number(100 * row["slope_per_month"], language(), 1),
    )


def trend_section(region: str, period: date, pace: pd.Series | None, footer: str) -> None:
    """Critical completion (all groups) by month up to `period`, the national median and the
    forecast line to 100 %."""
    name = region_names()[region]
    trend = metric("region_trend", region_id=region, period=period)  # as the pack draws it
    forecast, words = None, t("region_forecast_missing")
    if pace is not None:
        row = pace
        words = forecast_text(row)
        if not row["complete"] and row["forecast_date"] is not None:
            forecast = (row["latest_period"], row["latest_rate"], row["forecast_date"])
    legend = {
        "region": name,
        "median": t("region_legend_median"),
        "forecast": t("region_legend_forecast"),
        "transfer": t("region_legend_transfer"),
    }
    st.header(t("region_trend_header"))
    st.plotly_chart(
        prepared(
            trend_chart,
            trend["region"],
            trend["median"],
            forecast,
            t("region_trend_title", region=name),
            language(),
            legend,
        ),
        key="region_trend_chart",
        config={"displaylogo": False},
    )
    st.caption(f"{t('region_trend_caption')} {words} {footer}")
    both = trend["region"].merge(
        trend["median"], on="period", how="outer", suffixes=("", "_median")
    )
    if not trend["region"].empty:
        last = both.dropna(subset=["rate"]).iloc[-1]
        chart_text(
            t(
                "chart_latest",
                month=format_month(last["period"]),
                region=name,
                rate=format_percent(last["rate"], language()),
                median=format_percent(last["rate_median"], language()),
            ),
            pd.DataFrame(
                {
                    t("chart_col_month"): both["period"].map(format_month),
                    name: percent_column(both["rate"]),
                    t("chart_col_median"): percent_column(both["rate_median"]),
                }
            ),
        )


def corrections_section(region: str, period: date) -> None:
    """The statuses validated in the monthly discussion: official, with the self-reported one
    beside it (drawn only when there are any)."""
    fixed = metric("validated_corrections", period=period, region_id=region)
    if fixed.empty:
        return
    st.subheader(t("region_corrected_header", count=len(fixed)))
    st.caption(t("region_corrected_caption"))
    columns = {
        "subtask_id": t("region_col_subtask_id"),
        "status": t("region_col_official"),
        "self_reported_status": t("region_col_self_reported"),
        "subtask_name": t("region_col_subtask"),
    }
    table = fixed[list(columns)].assign(
        status=fixed["status"].map(status_label),
        self_reported_status=fixed["self_reported_status"].map(status_label),
    )
    st.dataframe(table.rename(columns=columns), hide_index=True, key="region_corrected")


viewer = current_scope()
periods = metric("available_periods")
if not periods:
    st.title(t("page_region"))
    st.info(t("no_data"))
    st.stop()

chosen = sidebar_filters(periods, region=True, scope=True, region_required=True)
region, period, scope = chosen.region_id, chosen.period, chosen.scope
footer = t("data_month", month=format_month(period))
stem = f"{region}_{period:%Y-%m}"
pace = metric("region_headline", region_id=region, period=period, scope=scope).pace
submitted = metric("completion", scope=scope, period=period, region_id=region)

st.title(t("region_title", region=region_names()[region]))
st.caption(t("region_intro"))
if viewer.sees_text_of(region):
    pack_downloads(period, region, scope)
else:
    # The region pack carries the region's own texts; the figures are on this page.
    st.info(t("auth_texts_hidden"), icon=":material/visibility_off:")
    st.caption(t("auth_pack_own_only"))
if submitted.empty:
    st.warning(t("region_not_submitted", region=region_names()[region], month=format_month(period)))
    trend_section(region, period, pace, footer)
    st.stop()

headline(region, period, scope)
corrections_section(region, period)
groups_section(region, period, scope, footer, stem)
trend_section(region, period, pace, footer)
changes = changes_section(region, period, scope, stem)
subtask_lists(region, period, scope, footer, stem)
observation_sections(region, period, scope, changes, footer, stem)
