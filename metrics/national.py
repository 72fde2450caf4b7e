"""The national headline for a month, as the national page and the national pack both show
it: one function, so that leadership's screen and the file they pass on never disagree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from metrics.calendar import as_month
from metrics.completion import available_periods, check_scope, completion, national_distribution
from metrics.flags import open_red_flags
from metrics.pace import pace_forecast


@dataclass(frozen=True)
class NationalHeadline:
    """Regions reporting in the month (count) of all regions in the catalogue; the national
    median of completion (group ALL, 0–1; NaN when nothing is applicable anywhere) and its
    change since the previous reporting month (percentage points; None without one); that
    month (None for the first); the medians of every month up to this one, oldest first (0–1,
    for a sparkline); regions on track for 1.1.2023 of those rated (counts) and the change of
    the first since the previous month; open red flags (regions, count) and their change."""

    reporting: int
    regions: int
    median: float
    change_pp: float | None
    previous: date | None
    medians: list[float]
    on_track: int
    rated: int
    on_track_change: int | None
    flags: int
    flags_change: int | None


def previous_reporting_month(con: duckdb.DuckDBPyConnection, period: date | str) -> date | None:
    """The reporting month before the month of `period` (None when there is none)."""
    month = as_month(period)
    earlier = [p for p in available_periods(con) if p < month]
    return earlier[-1] if earlier else None


def national_headline(
    con: duckdb.DuckDBPyConnection, *, period: date | str, scope: str = "critical"
) -> NationalHeadline:
    """The headline of the month of `period`, completion counted in `scope` ('critical' or
    'all'); the delivery ratings always count the critical subtasks (pace_forecast)."""
    month, scope = as_month(period), check_scope(scope)
    previous = previous_reporting_month(con, month)
    spread = national_distribution(con, scope=scope, until=month)
    overall = spread[spread["group_code"] == "ALL"]
    medians = pd.Series(overall["median"].to_numpy(), index=overall["period"].dt.date)
    median = medians.get(month)
    median = float("nan") if median is None or pd.isna(median) else float(median)
    before = medians.get(previous) if previous is not None else None
    change = (
        None if before is None or pd.isna(before) or pd.isna(median) else 100 * (median - before)
    )
    done = completion(con, scope=scope, period=month)
    regions = con.execute("SELECT count(*) FROM v_regions").fetchone()[0]
    pace = pace_forecast(con, period=month)
    on_track = int((pace["rating"] == "on_track").sum())
    flags = len(open_red_flags(con, period=month))
    on_track_change = flags_change = None
    if previous is not None:
        pace_before = pace_forecast(con, period=previous)
        on_track_change = on_track - int((pace_before["rating"] == "on_track").sum())
        flags_change = flags - len(open_red_flags(con, period=previous))
    return NationalHeadline(
        reporting=int(done.loc[done["group_code"] == "ALL", "region_id"].nunique()),
        regions=int(regions),
        median=median,
        change_pp=change,
        previous=previous,
        medians=[float(v) for v in medians.dropna()],
        on_track=on_track,
        rated=len(pace),
        on_track_change=on_track_change,
        flags=flags,
        flags_change=flags_change,
    )
