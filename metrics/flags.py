"""Red flags (punainen lippu): a region asks for support by flagging an observation.

A flag is open for a region in month M when its current submission for M has at least one
observation with red_flag set. It was raised in the first month of the current run of
consecutive flagged submissions (a month without a submission neither raises nor lowers a
flag), and lowered in a month whose previous submission had a flag and this one has none."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from metrics.calendar import as_month


def open_red_flags(
    con: duckdb.DuckDBPyConnection, *, period: date | str, group_code: str | None = None
) -> pd.DataFrame:
    """The regions with an open red flag in `period`, counting only observations for
    `group_code` when one is given. Columns: region_id, period, flags (flagged observations
    this month, count), raised (first month of the current run), months_open (calendar
    months from raised to period, both included: raised in January and open in March is 3).
    Longest open first, then region order."""
    return con.execute(
        """
        WITH flagged AS (
            SELECT cs.region_id, cs.period,
                   count(o.seq) FILTER (WHERE o.red_flag
                                          AND ($group IS NULL OR o.group_code = $group))
                       AS flags
            FROM v_current_submissions cs
            LEFT JOIN observations o USING (submission_id)
            WHERE cs.period <= $period
            GROUP BY cs.region_id, cs.period
        ),
        cleared AS (
            SELECT region_id, max(period) AS cleared FROM flagged WHERE flags = 0
            GROUP BY region_id
        ),
        runs AS (
            SELECT f.region_id, min(f.period) AS raised
            FROM flagged f LEFT JOIN cleared c USING (region_id)
            WHERE f.flags > 0 AND (c.cleared IS NULL OR f.period > c.cleared)
            GROUP BY f.region_id
        )
        SELECT f.region_id, f.period, f.flags, u.raised,
               datediff('month', u.raised, f.period) + 1 AS months_open
        FROM flagged f
        JOIN runs u USING (region_id)
        JOIN regions r USING (region_id)
        WHERE f.period = $period AND f.flags > 0
        ORDER BY months_open DESC, r.sort_order
        """,
        {"period": as_month(period), "group": group_code},
    ).df()
