"""Completion (valmiusaste) per region, group and month, its national distribution, its change
since the previous submission and reporting coverage. All figures come from v_completion
(read from its aggregate table agg_completion when fresh, loaders/store/aggregates.py):
done ÷ applicable subtasks, where not applicable is excluded and not reported counts as not
done. Rates are 0–1 (NaN when nothing is applicable); changes are percentage points."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from loaders.store.aggregates import relation
from metrics.calendar import as_month

SCOPES = ("all", "critical")


def check_scope(scope: str) -> str:
    """`scope` itself if it is 'all' or 'critical'; raises ValueError otherwise."""
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {SCOPES}, not {scope!r}")
    return scope


def optional_month(value: date | str | None) -> date | None:
    """The first day of the month of `value`, or None."""
    return None if value is None else as_month(value)


def available_periods(con: duckdb.DuckDBPyConnection) -> list[date]:
    """The reporting months (first days) that have at least one current submission, oldest
    first."""
    rows = con.execute(
        "SELECT DISTINCT period FROM v_current_submissions ORDER BY period"
    ).fetchall()
    return [row[0] for row in rows]


def completion(
    con: duckdb.DuckDBPyConnection,
    *,
    scope: str = "critical",
    period: date | str | None = None,
    region_id: str | None = None,
    group_code: str | None = None,
) -> pd.DataFrame:
    """Completion per region × group (and 'ALL') × month for the `scope` ('all' or 'critical'
    subtasks), optionally for one month, region or group. Columns: region_id, period,
    group_code, scope, applicable, done, reported (counts of subtasks), completion_rate
    (done ÷ applicable, 0–1; NaN when applicable is 0). Only months the region submitted."""
    return con.execute(
        f"""
        SELECT c.region_id, c.period, c.group_code, c.scope, c.applicable, c.done, c.reported,
               c.completion_rate
        FROM {relation(con, "agg_completion")} c
        JOIN regions r USING (region_id)
        LEFT JOIN groups g USING (group_code)
        WHERE c.scope = $scope
          AND ($period IS NULL OR c.period = $period)
          AND ($region IS NULL OR c.region_id = $region)
          AND ($group IS NULL OR c.group_code = $group)
        ORDER BY c.period, r.sort_order, coalesce(g.sort_order, 0)
        """,
        {
            "scope": check_scope(scope),
            "period": optional_month(period),
            "region": region_id,
            "group": group_code,
        },
    ).df()


def reporting_coverage(
    con: duckdb.DuckDBPyConnection, *, period: date | str | None = None, scope: str = "all"
) -> pd.DataFrame:
    """How much of what applies a region reported, per region × group (and 'ALL') × month.
    Columns: region_id, period, group_code, reported, applicable (subtasks), coverage
    (reported ÷ applicable, 0–1; NaN when applicable is 0). A subtask the workbook leaves
    blank or does not list is applicable but not reported."""
    frame = completion(con, scope=scope, period=period)
    frame["coverage"] = frame["reported"] / frame["applicable"].where(frame["applicable"] > 0)
    return frame[["region_id", "period", "group_code", "reported", "applicable", "coverage"]]


def national_distribution(
    con: duckdb.DuckDBPyConnection,
    *,
    scope: str = "critical",
    period: date | str | None = None,
    until: date | str | None = None,
) -> pd.DataFrame:
    """The spread of completion across regions per group (and 'ALL') and month: only the month
    of `period` if given, and no month after `until` if given (the trend as it stood then).
    Counts only
    regions with a current submission that month and at least one applicable subtask; the
    quartiles interpolate linearly (as numpy and pandas do by default). Columns: group_code,
    period, regions (count), median, q1, q3, min, max (rates 0–1). A group and month where
    no region has an applicable subtask has no row."""
    return con.execute(
        f"""
        SELECT c.group_code, c.period, count(*) AS regions,
               quantile_cont(c.completion_rate, 0.5) AS median,
               quantile_cont(c.completion_rate, 0.25) AS q1,
               quantile_cont(c.completion_rate, 0.75) AS q3,
               min(c.completion_rate) AS min, max(c.completion_rate) AS max
        FROM {relation(con, "agg_completion")} c
        LEFT JOIN groups g USING (group_code)
        WHERE c.scope = $scope AND c.completion_rate IS NOT NULL
          AND ($period IS NULL OR c.period = $period)
          AND ($until IS NULL OR c.period <= $until)
        GROUP BY c.group_code, c.period, g.sort_order
        ORDER BY c.period, coalesce(g.sort_order, 0)
        """,
        {
            "scope": check_scope(scope),
            "period": optional_month(period),
            "until": optional_month(until),
        },
    ).df()


def completion_change(
    con: duckdb.DuckDBPyConnection, *, scope: str = "critical", period: date | str
) -> pd.DataFrame:
    """Change in completion since each region's previous submission (its latest current
    submission before `period`, usually the month before), per region × group (and 'ALL'),
    for the regions that submitted for `period`. Columns: region_id, group_code, period,
    previous_period (NaT for a first submission), rate, previous_rate (0–1), change_pp
    (percentage points, e.g. 12.5; NaN when either rate is missing)."""
    month = as_month(period)
    # The previous months bound the scan of v_completion, which is costly over all history.
    earliest = con.execute(
        """
        WITH history AS (
            SELECT region_id, period,
                   lag(period) OVER (PARTITION BY region_id ORDER BY period) AS previous_period
            FROM v_current_submissions
            WHERE period <= $period
        )
        SELECT coalesce(min(previous_period), $period) FROM history WHERE period = $period
        """,
        {"period": month},
    ).fetchone()[0]
    return con.execute(
        f"""
        WITH history AS (
            SELECT region_id, period,
                   lag(period) OVER (PARTITION BY region_id ORDER BY period) AS previous_period
            FROM v_current_submissions
            WHERE period <= $period
        ),
        pairs AS (SELECT * FROM history WHERE period = $period),
        scanned AS (
            SELECT * FROM {relation(con, "agg_completion")}
            WHERE scope = $scope AND period >= $earliest AND period <= $period
        )
        SELECT c.region_id, c.group_code, c.period, p.previous_period,
               c.completion_rate AS rate, b.completion_rate AS previous_rate,
               100 * (c.completion_rate - b.completion_rate) AS change_pp
        FROM pairs p
        JOIN scanned c ON c.region_id = p.region_id AND c.period = p.period
        JOIN regions r ON r.region_id = c.region_id
        LEFT JOIN groups g ON g.group_code = c.group_code
        LEFT JOIN scanned b
          ON b.region_id = p.region_id AND b.period = p.previous_period
         AND b.group_code = c.group_code
        ORDER BY c.period, r.sort_order, coalesce(g.sort_order, 0)
        """,
        {"scope": check_scope(scope), "period": month, "earliest": earliest},
    ).df()
