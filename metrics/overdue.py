"""Overdue and stalled subtasks: the two lists a facilitator goes through first, and their
counts per region. Both lists come most urgent first (by_urgency); a page, a pack and an
agenda show the first TOP of them and count the rest."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from common.catalogue import subtask_phases
from metrics.calendar import add_months, as_month
from metrics.completion import check_scope

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
# What a facilitator's list shows first; the rest is counted and a click away.
TOP = 10
# Not started and due within this many months after the reporting month: near.
NEAR_MONTHS = 1


def by_urgency(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` (with region_order, overdue, days_left, critical and roadmap_order) sorted most
    urgent first within each region: overdue first, then fewest days to the expected
    completion (none last), then critical first, then roadmap order; the two order columns
    dropped and a fresh index."""
    ordered = frame.assign(_late=~frame["overdue"].astype(bool), _minor=~frame["critical"])
    ordered = ordered.sort_values(
        ["region_order", "_late", "days_left", "_minor", "roadmap_order"],
        na_position="last",
        kind="stable",
    )
    return ordered.drop(columns=["region_order", "roadmap_order", "_late", "_minor"]).reset_index(
        drop=True
    )


def overdue_subtasks(
    con: duckdb.DuckDBPyConnection, *, period: date | str, region_id: str | None = None
) -> pd.DataFrame:
    """Critical subtasks of the `period` submissions that are not done (nor not applicable)
    although their expected completion falls before the end of the reporting month (on or
    before its last day). A critical row with a blank status counts as not done. Columns:
    LIST_COLUMNS (critical is always true; since = the expected completion date) plus
    expected_completion (the same date), days_left (days from the month's last day to the
    expected completion: 0 or less) and overdue (always true); in region order, the longest
    overdue first (by_urgency)."""
    month = as_month(period)
    frame = con.execute(
        """
        SELECT v.region_id, v.period, v.subtask_id, v.group_code, s.subtask_name, v.critical,
               v.status, v.expected_completion AS since,
               v.expected_completion,
               datediff('day', $next_month - INTERVAL 1 DAY, v.expected_completion)
                   AS days_left,
               TRUE AS overdue, r.sort_order AS region_order, s.sort_key AS roadmap_order
        FROM v_subtask_status v
        JOIN subtasks s USING (subtask_id)
        JOIN regions r USING (region_id)
        WHERE v.period = $period AND ($region IS NULL OR v.region_id = $region)
          AND v.critical
          AND v.status IS DISTINCT FROM 'done' AND v.status IS DISTINCT FROM 'not_applicable'
          AND v.expected_completion < $next_month
        """,
        {"period": month, "region": region_id, "next_month": add_months(month, 1)},
    ).df()
    return by_urgency(frame)


def _runs(con: duckdb.DuckDBPyConnection, month: date, region_id: str | None) -> pd.DataFrame:
    """Every not started, started or advanced row of the `month` submissions with the length
    of its run of identical statuses (submissions) and the run's first month (since)."""
    return con.execute(
        """
        WITH subs AS (
            SELECT submission_id, region_id, period,
                   row_number() OVER (PARTITION BY region_id ORDER BY period DESC) AS recency
            FROM v_current_submissions
            WHERE period <= $period AND ($region IS NULL OR region_id = $region)
        ),
        latest AS (
            SELECT s.region_id, s.period, r.subtask_id, r.status, r.critical,
                   r.expected_completion
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
               l.status, u.since, u.submissions, l.expected_completion,
               datediff('day', $next_month - INTERVAL 1 DAY, l.expected_completion)
                   AS days_left,
               coalesce(l.expected_completion < $next_month, FALSE) AS overdue,
               r.sort_order AS region_order, s.sort_key AS roadmap_order
        FROM latest l
        JOIN runs u USING (region_id, subtask_id)
        JOIN subtasks s USING (subtask_id)
        JOIN regions r USING (region_id)
        """,
        {"period": month, "region": region_id, "next_month": add_months(month, 1)},
    ).df()


def stalled_subtasks(
    con: duckdb.DuckDBPyConnection,
    *,
    period: date | str,
    region_id: str | None = None,
    scope: str = "all",
    min_submissions: int = 3,
) -> pd.DataFrame:
    """Work that should be moving in the `period` submissions and is not:

    - started or advanced, and the same in each of the region's last `min_submissions` or
      more consecutive submissions (its current submissions up to `period`, whatever months
      lie between; a blank status or a missing row breaks the run) — reason 'no_move';
    - not started although its expected completion falls before the end of the month
      after the reporting month (NEAR_MONTHS; past or near) — reason 'due';
    - not started although the phase it belongs to (common.catalogue.subtask_phases,
      data/phases.csv) has begun by the end of the reporting month — reason 'phase'.

    Not started and not yet due is not stalled, however long; done and not applicable never
    are. `scope` 'critical' keeps the critical subtasks only, 'all' keeps every one. Columns:
    LIST_COLUMNS plus submissions (length of the run of the same status, count),
    expected_completion, days_left (days from the month's last day to the expected
    completion; negative or 0 = overdue, None without a date), overdue (bool) and reason;
    since = the month of the first submission of the run. Most urgent first within each
    region (by_urgency)."""
    check_scope(scope)
    month = as_month(period)
    rows = _runs(con, month, region_id)
    moving = rows["status"].isin(["started", "advanced"])
    no_move = moving & (rows["submissions"] >= min_submissions)
    near = add_months(month, 1 + NEAR_MONTHS)
    due = ~moving & (rows["expected_completion"] < pd.Timestamp(near)).fillna(False)
    month_end = pd.Timestamp(add_months(month, 1))
    begun = {i for i, (_, starts) in subtask_phases().items() if pd.Timestamp(starts) < month_end}
    phase = ~moving & ~due & rows["subtask_id"].isin(begun)
    reason = pd.Series(None, index=rows.index, dtype="object")
    reason[no_move], reason[due], reason[phase] = "no_move", "due", "phase"
    keep = no_move | due | phase
    if scope == "critical":
        keep &= rows["critical"].astype(bool)
    return by_urgency(rows[keep].assign(reason=reason[keep]))


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
