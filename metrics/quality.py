"""Data quality of the monthly reporting: who submitted, on time or not, in full or in part,
and how many row problems the loader logged."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from metrics.calendar import deadline
from metrics.completion import optional_month

# One state per region and month for a tracker cell, worst first.
STATES = ("missing", "partial", "late", "on_time")


def data_quality(
    con: duckdb.DuckDBPyConnection, *, period: date | str | None = None
) -> pd.DataFrame:
    """One row per region and month: `period` alone, or every calendar month from the first
    to the last month with a submission (so a month nobody submitted for shows as missing).
    Columns: region_id, period, submitted (bool), partial (bool: the loader kept only part of
    the file), submitted_at (the workbook's Päivitetty date when given, else the load time;
    NaT when missing), deadline (Timestamp at midnight: the 5th, or the next Finnish
    working day), on_time (bool: submitted on or before the deadline day; false when
    missing), errors, warnings, problems (counts of the current submission's ingest_log rows;
    problems = errors + warnings; 0 when missing), state (first that holds of STATES:
    missing, partial, late, on_time). Rows by month and official region order."""
    frame = con.execute(
        """
        WITH months AS (
            SELECT CAST(unnest(generate_series(coalesce($period, min(period)),
                                               coalesce($period, max(period)),
                                               INTERVAL 1 MONTH)) AS DATE) AS period
            FROM v_current_submissions
        ),
        logged AS (
            SELECT submission_id,
                   count(*) FILTER (WHERE severity = 'error') AS errors,
                   count(*) FILTER (WHERE severity = 'warning') AS warnings
            FROM ingest_log WHERE submission_id IS NOT NULL
            GROUP BY submission_id
        )
        SELECT r.region_id, m.period, cs.submission_id IS NOT NULL AS submitted,
               coalesce(cs.status = 'partial', false) AS partial,
               coalesce(cs.reported_at, cs.loaded_at) AS submitted_at,
               coalesce(l.errors, 0) AS errors, coalesce(l.warnings, 0) AS warnings
        FROM months m
        CROSS JOIN regions r
        LEFT JOIN v_current_submissions cs ON cs.region_id = r.region_id AND cs.period = m.period
        LEFT JOIN logged l ON l.submission_id = cs.submission_id
        ORDER BY m.period, r.sort_order
        """,
        {"period": optional_month(period)},
    ).df()
    deadlines = {p: pd.Timestamp(deadline(p.date())) for p in frame["period"].unique()}
    frame["deadline"] = pd.to_datetime(frame["period"].map(deadlines)).astype("datetime64[us]")
    frame["on_time"] = frame["submitted"] & (
        frame["submitted_at"].dt.normalize() <= frame["deadline"]
    )
    frame["problems"] = frame["errors"] + frame["warnings"]
    frame["state"] = "on_time"
    frame.loc[~frame["on_time"], "state"] = "late"
    frame.loc[frame["partial"], "state"] = "partial"
    frame.loc[~frame["submitted"], "state"] = "missing"
    columns = [
        "region_id",
        "period",
        "submitted",
        "partial",
        "submitted_at",
        "deadline",
        "on_time",
        "errors",
        "warnings",
        "problems",
        "state",
    ]
    return frame[columns]


def submission_tracker(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The data_quality state of every region (rows, official order) in every month
    (columns, oldest first), as codes from STATES."""
    frame = data_quality(con)
    order = list(dict.fromkeys(frame["region_id"]))
    table = frame.pivot(index="region_id", columns="period", values="state")
    return table.reindex(order)
