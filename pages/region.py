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
from ui.chart_text import chart_text, listing_sentence, percent_column
from ui.charts_region import group_position_chart, trend_chart
from ui.context import language, t
from ui.data import metric
from ui.figures import cached_figure
from ui.filters import sidebar_filters
from ui.labels import group_names, region_names, status_label
from ui.lists import top_list, wrapped_table
from ui.packs import pack_downloads
from ui.tables import download_button

SEVERITY_ORDER = {"korkea": 0, "kohtalainen": 1, "matala": 2}
MOVES = ("newly_done", "moved_forward", "moved_back")


def signed_pp(change: float) -> str:
    """A change in percentage points with its sign: '+4,5 %-yks.'; no sign for 0,0."""
    change = round(change, 1) or 0.0  # -0.04 would otherwise read '-0,0'
    sign = "+" if change > 0 else ""
    return t("region_pp", value=sign + format_number(change, language(), 1))


def delta_style(change: float) -> dict:
    """No arrow and no colour for a change that rounds to zero: it is neither up nor down."""
    return {"delta_color": "off", "delta_arrow": "off"} if round(change, 1) == 0 else {}


def show_table(shown: pd.DataFrame, download: pd.DataFrame, stem: str, key: str, **config) -> None:
    """A table with translated columns and its Excel download (numbers and dates, not the
    strings shown)."""
    st.dataframe(shown, hide_index=True, width="stretch", key=f"{key}_table", **config)
    download_button(download, stem, key=f"{key}_download")


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


def groups_section(region: str, period: date, scope: str, footer: str, stem: str) -> None:
    """The region's completion per group against the national median and quartiles."""
    lang, name = language(), region_names()[region]
    labels = {**group_names(), "ALL": t("all_group_code")}
    # The same metric, with the same arguments, as the region pack's group table.
    frame = metric("region_groups", region_id=region, period=period, scope=scope)
    frame = frame.assign(label=frame["group_code"].map(labels))
    st.header(t("region_groups_header"))
    legend = {
        "region": name,
        "median": t("region_legend_median"),
        "range": t("region_legend_range"),
    }
    title = t("region_groups_title", region=name, scope=t(f"scope_{scope}").lower())
    st.plotly_chart(
        cached_figure(group_position_chart, frame, title, lang, legend),
        key="region_groups_chart",
        config={"displaylogo": False},
    )
    st.caption(f"{t('region_groups_caption')} {footer}")
    chart_text(
        listing_sentence(
            (
                row.label,
                t(
                    "chart_vs_median",
                    rate=format_percent(row.rate, lang),
                    median=format_percent(row.median, lang),
                ),
            )
            for row in frame.itertuples()
        )
    )
    columns = {
        "label": t("region_col_group"),
        "done": t("region_col_done"),
        "applicable": t("region_col_applicable"),
        "rate": t("region_col_rate"),
        "median": t("region_col_median"),
        "q1": t("region_col_q1"),
        "q3": t("region_col_q3"),
        "distance_pp": t("region_col_distance"),
        "rank": t("region_col_rank"),
    }
    table = frame[list(columns)]
    shown = table.assign(
        **{c: [format_percent(v, lang) for v in table[c]] for c in ("rate", "median", "q1", "q3")},
        distance_pp=[
            "–" if pd.isna(v) else format_number(v, lang, 1) for v in table["distance_pp"]
        ],
        rank=[
            "–" if pd.isna(r) else t("region_rank_value", rank=int(r), regions=int(n))
            for r, n in zip(frame["rank"], frame["regions"], strict=True)
        ],
    )
    show_table(
        shown.rename(columns=columns),
        table.rename(columns=columns),
        f"groups_{stem}",
        "region_groups",
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
        cached_figure(
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


def changes_section(region: str, period: date, scope: str, stem: str) -> dict:
    """Counts of the moves since the previous report, and the moved subtasks; returns the
    changes for the red-flag section."""
    changes = metric("changes_since_previous", region_id=region, period=period, scope=scope)
    before = metric("previous_period", region_id=region, period=period)
    moves = {name: changes[name] for name in MOVES}
    st.header(t("region_changes_header"))
    if before is None:
        st.caption(t("region_changes_first"))
    else:
        st.caption(
            f"{t('region_changes_since', month=format_month(before))} "
            f"{t(f'region_stalled_scope_{scope}')}"
        )
    counts = {**{name: len(moves[name]) for name in MOVES}}
    counts["newly_overdue"] = len(changes["newly_overdue"])
    counts["new_observations"] = len(changes["new_observations"])
    for column, (name, count) in zip(st.columns(len(counts)), counts.items(), strict=True):
        column.metric(t(f"region_{name}"), count, border=True)
    moved = pd.concat(
        [moves[name].assign(move=t(f"region_{name}")) for name in MOVES], ignore_index=True
    )
    if not moved.empty:
        columns = {
            "move": t("region_col_move"),
            "subtask_id": t("region_col_subtask_id"),
            "subtask_name": t("region_col_subtask"),
            "previous_status": t("region_col_previous_status"),
            "status": t("region_col_status"),
            "critical": t("region_col_critical"),
        }
        table = (
            moved[list(columns)]
            .assign(
                previous_status=moved["previous_status"].map(status_label),
                status=moved["status"].map(status_label),
            )
            .rename(columns=columns)
        )
        with st.expander(t("region_changes_list", count=len(moved))):
            # Subtask names whole, in wrapped rows.
            wrapped_table(table)
            download_button(table, f"changes_{stem}", key="region_changes_download")
    return {**changes, "previous_period": before}


def subtask_lists(region: str, period: date, scope: str, footer: str, stem: str) -> None:
    """Overdue critical subtasks and the stalled subtasks of `scope`, the most urgent first
    (as the metrics order them): the first ten, the count of the rest, the full list."""
    overdue = metric("overdue_subtasks", period=period, region_id=region)
    stalled = metric("stalled_subtasks", period=period, region_id=region, scope=scope)
    sections = (
        ("overdue", overdue, ""),
        ("stalled", stalled, t(f"region_stalled_scope_{scope}")),
    )
    for name, frame, note in sections:
        st.subheader(t(f"region_{name}_header", count=len(frame)))
        st.caption(" ".join(filter(None, [t(f"region_{name}_caption"), note, footer])))
        if frame.empty:
            st.success(t(f"region_{name}_none"))
            continue
        columns = {
            "subtask_id": t("region_col_subtask_id"),
            "subtask_name": t("region_col_subtask"),
            "status": t("region_col_status"),
            **({"reason": t("region_col_reason")} if name == "stalled" else {}),
            "expected_completion": t("region_col_due"),
            **({"since": t("region_col_since")} if name == "stalled" else {}),
        }
        table = frame[list(columns)].assign(
            status=frame["status"].map(status_label),
            expected_completion=frame["expected_completion"].dt.date,
            **({"since": frame["since"].dt.date} if name == "stalled" else {}),
            **(
                {"reason": frame["reason"].map(lambda r: t(f"region_stalled_{r}"))}
                if name == "stalled"
                else {}
            ),
        )
        shown = table.assign(expected_completion=table["expected_completion"].map(format_day))
        if name == "stalled":
            shown = shown.assign(since=table["since"].map(format_month))
        top_list(
            shown.rename(columns=columns),
            table.rename(columns=columns),
            f"{name}_{stem}",
            f"region_{name}",
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


def observation_table(region: str, period: date) -> pd.DataFrame:
    """One row per observation of the month with its themes joined, red flags and the most
    severe first. Columns: kind, text, themes (names), group_code, severity, red_flag."""
    lang = language()
    rows = metric("observation_themes", period=period, region_id=region)
    keys = ["kind", "group_code", "text", "severity", "red_flag"]
    observed = (
        rows.groupby(keys, dropna=False, sort=False)
        .agg(
            themes=(f"name_{lang}", lambda names: ", ".join(dict.fromkeys(names))),
            rows=("theme", "size"),
            distinct=("theme", "nunique"),
        )
        .reset_index()
    )
    # Two identical observations share their theme rows; repeat them so neither is lost.
    observed = observed.loc[observed.index.repeat(observed["rows"] // observed["distinct"])]
    observed = observed.assign(
        order=observed["severity"].map(SEVERITY_ORDER).fillna(len(SEVERITY_ORDER))
    ).sort_values(["red_flag", "order"], ascending=[False, True], kind="stable")
    return observed[["kind", "text", "themes", "group_code", "severity", "red_flag"]].assign(
        kind=observed["kind"].map(lambda k: t(f"region_kind_{k}")),
        severity=observed["severity"].map(
            lambda s: "–" if pd.isna(s) else t(f"region_severity_{s}")
        ),
        group_code=observed["group_code"].fillna("–"),
    )


def observation_sections(
    region: str, period: date, scope: str, changes: dict, footer: str, stem: str
):
    """The open red flag with its flagged observations, then all observations of the month."""
    table = observation_table(region, period)
    # The text comes second so that it is readable without scrolling sideways.
    columns = {
        "kind": t("region_col_kind"),
        "text": t("region_col_text"),
        "themes": t("region_col_themes"),
        "group_code": t("region_col_group"),
        "severity": t("region_col_severity"),
        "red_flag": t("region_col_flag"),
    }
    shown = table.assign(
        red_flag=table["red_flag"].map(lambda f: t("region_yes") if f else t("region_no"))
    ).rename(columns=columns)

    st.header(t("region_flags_header"))
    flag = metric("region_headline", region_id=region, period=period, scope=scope).flag
    if flag is None:
        st.success(t("region_flag_none"))
    else:
        st.error(
            t(
                "region_flag_open",
                flags=int(flag["flags"]),
                raised=format_month(flag["raised"]),
                months=int(flag["months_open"]),
            ),
            icon=":material/flag:",
        )
        flagged = table["red_flag"].to_numpy(dtype=bool)
        download = table[flagged].rename(columns=columns)
        # Whole texts in wrapped rows: a flag's reason is never cut at the column edge.
        wrapped_table(shown[flagged])
        download_button(download, f"flags_{stem}", key="region_flags_download")
    if not changes["flags_lowered"].empty:
        st.info(t("region_flag_lowered", month=format_month(changes["previous_period"])))

    st.header(t("region_observations_header", count=len(table)))
    st.caption(f"{t('region_observations_caption')} {footer}")
    if table.empty:
        st.info(t("region_observations_none"))
    else:
        download = table.rename(columns=columns)
        wrapped_table(shown)
        download_button(download, f"observations_{stem}", key="region_observations_download")


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
