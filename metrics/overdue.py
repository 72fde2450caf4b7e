"""Overdue and stalled subtasks: the two lists a facilitator goes through first, and their
counts per region."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from metrics.calendar import add_months, as_month

LIST_COLUMNS = [
    "region_id",
    "period",
    "subtask_id",
    "group_code",
    "subtask_name",
    "critical",
    "status",
    "since",
]


def overdue_subtasks(
    con: duckdb.DuckDBPyConnection, *, period: date | str, region_id: str | None = None
) -> pd.DataFrame:
    """Critical subtasks of the `period` submissions that are not done (nor not applicable)
    although their expected completion falls before the end of the reporting month (on or
    before its last day). A critical row with a blank status counts as not done. Columns:
    LIST_COLUMNS (critical is always true; since = the expected completion date), in region
    and roadmap order."""
    month = as_month(period)
    return con.execute(
        """
        SELECT v.region_id, v.period, v.subtask_id, v.group_code, s.subtask_name, v.critical,
               v.status, v.expected_completion AS since
        FROM v_subtask_status v
        JOIN subtasks s USING (subtask_id)
        JOIN regions r USING (region_id)
        WHERE v.period = $period AND ($region IS NULL OR v.region_id = $region)
          AND v.critical
          AND v.status IS DISTINCT FROM 'done' AND v.status IS DISTINCT FROM 'not_applicable'
          AND v.expected_completion < $next_month
        ORDER BY r.sort_order, s.sort_key
        """,
        {"period": month, "region": region_id, "next_month": add_months(month, 1)},
    ).df()


def stalled_subtasks(
    con: duckdb.DuckDBPyConnection,
    *,
    period: date | str,
    region_id: str | None = None,
    min_submissions: int = 3,
) -> pd.DataFrame:
    """Subtasks whose status in the `period` submission is not started, started or advanced
    and was the same in each of the region's last `min_submissions` or more consecutive
    submissions (its current submissions up to `period`, whatever months lie between). A
    blank status or a missing row breaks the run: not reporting is a reporting gap, not a
    standstill. Done and not applicable are never stalled. Columns: LIST_COLUMNS plus
    submissions (length of the run, count); since = the month of the first submission of
    the run."""
    return con.execute(
        """
        WITH subs AS (
            SELECT submission_id, region_id, period,
                   row_number() OVER (PARTITION BY region_id ORDER BY period DESC) AS recency
            FROM v_current_submissions
            WHERE period <= $period AND ($region IS NULL OR region_id = $region)
        ),
        latest AS (
            SELECT s.region_id, s.period, r.subtask_id, r.status, r.critical
            FROM subs s JOIN status_reports r USING (submission_id)
            WHERE s.recency = 1 AND s.period = $period
              AND r.status IN ('not_started', 'started', 'advanced')
        ),
        same AS (
            SELECT l.region_id, l.subtask_id, s.period, s.recency,
                   row_number() OVER (PARTITION BY l.region_id, l.subtask_id
                                      ORDER BY s.recency) AS position
            FROM latest l
            JOIN subs s ON s.region_id = l.region_id
            JOIN status_reports r
              ON r.submission_id = s.submission_id AND r.subtask_id = l.subtask_id
             AND r.status = l.status
        ),
        runs AS (
            -- The run is unbroken while the n-th matching submission is also the n-th latest.
            SELECT region_id, subtask_id, count(*) AS submissions, min(period) AS since
            FROM same WHERE recency = position
            GROUP BY region_id, subtask_id
        )
        SELECT l.region_id, l.period, l.subtask_id, s.group_code, s.subtask_name, l.critical,
               l.status, u.since, u.submissions
        FROM latest l
        JOIN runs u USING (region_id, subtask_id)
        JOIN subtasks s USING (subtask_id)
        JOIN regions r USING (region_id)
        WHERE u.submissions >= $min_submissions
        ORDER BY r.sort_order, s.sort_key
        """,
        {"period": as_month(period), "region": region_id, "min_submissions": min_submissions},
    ).df()


def overdue_stalled_counts(
    con: duckdb.DuckDBPyConnection, *, period: date | str, min_submissions: int = 3
) -> pd.DataFrame:
    """How many subtasks are overdue and stalled per region that submitted for `period`
    (zero included), in the official region order. Columns: region_id, overdue, stalled,
    stalled_critical (counts)."""
    regions = con.execute(
        """
        SELECT cs.region_id FROM v_current_submissions cs JOIN regions r USING (region_id)
        WHERE cs.period = ? ORDER BY r.sort_order
        """,
        [as_month(period)],
    ).df()["region_id"]
    overdue = overdue_subtasks(con, period=period)
    stalled = stalled_subtasks(con, period=period, min_submissions=min_submissions)
    counts = pd.DataFrame(
        {
            "overdue": overdue["region_id"].value_counts(),
            "stalled": stalled["region_id"].value_counts(),
            "stalled_critical": stalled.loc[stalled["critical"], "region_id"].value_counts(),
        }
    )
    counts = counts.reindex(regions).fillna(0).astype(int)
    return counts.rename_axis("region_id").reset_index()
