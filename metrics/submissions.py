"""The files the loader has seen and what it said about them: every file with its outcome,
every logged problem, and the submission state of each region and month including months
whose only file was rejected."""

from __future__ import annotations

import duckdb
import pandas as pd

from loaders.store.thin import THIN_SHARE
from metrics.quality import data_quality

# Submission states of a tracker cell, worst first: quality.STATES with 'rejected' (no
# accepted file, but a rejected one that names the region and month) after 'missing'.
SUBMISSION_STATES = ("missing", "rejected", "partial", "late", "on_time")
SEVERITIES = ("error", "warning", "info")


def submission_states(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per region and month from the first to the last month with an accepted
    submission (data_quality's rows). Columns: region_id, period, state (a code of
    SUBMISSION_STATES), submitted_at, deadline, errors, warnings (counts). A month with no
    accepted file is 'rejected' when a rejected file named that region and month, else
    'missing'. Rows by month, then official region order."""
    frame = data_quality(con)
    rejected = con.execute(
        """
        SELECT DISTINCT region_id, period FROM v_submissions
        WHERE status = 'rejected' AND region_id IS NOT NULL AND period IS NOT NULL
        """
    ).fetchall()
    keys = pd.MultiIndex.from_frame(frame[["region_id", "period"]])
    rejected_keys = [(region_id, pd.Timestamp(period)) for region_id, period in rejected]
    was_rejected = keys.isin(rejected_keys) if rejected_keys else False
    frame.loc[(frame["state"] == "missing") & was_rejected, "state"] = "rejected"
    columns = ["region_id", "period", "state", "submitted_at", "deadline", "errors", "warnings"]
    return frame[columns]


def submission_files(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every file the loader has seen, newest load first. Columns: file_name, region_id,
    period (NaT/None when a rejected file did not say), status ('loaded', 'partial',
    'rejected'), superseded (bool: a newer accepted file for the same region and month
    replaced it), reported_at, loaded_at, errors, warnings (counts of its ingest_log rows)."""
    return con.execute(
        """
        WITH logged AS (
            SELECT submission_id,
                   count(*) FILTER (WHERE severity = 'error') AS errors,
                   count(*) FILTER (WHERE severity = 'warning') AS warnings
            FROM ingest_log GROUP BY submission_id
        )
        SELECT s.file_name, s.region_id, s.period, s.status, s.superseded, s.reported_at,
               s.loaded_at, coalesce(l.errors, 0) AS errors, coalesce(l.warnings, 0) AS warnings
        FROM v_submissions s
        LEFT JOIN logged l USING (submission_id)
        ORDER BY s.loaded_at DESC, s.submission_id DESC
        """
    ).df()


def ingest_problems(
    con: duckdb.DuckDBPyConnection,
    *,
    file_name: str | None = None,
    severity: str | None = None,
) -> pd.DataFrame:
    """The loader's log (v_ingest_log), newest load first, then by file, sheet and row
    (problems of a whole file or sheet first), optionally for one file name and one severity
    ('error', 'warning', 'info'). Columns: file_name, region_id, period, severity, sheet,
    row, column, value, message_fi, message_sv, message_en, logged_at; message_sv is NULL
    for problems logged before Swedish messages existed."""
    if severity is not None and severity not in SEVERITIES:
        raise ValueError(f"severity must be one of {SEVERITIES}, not {severity!r}")
    return con.execute(
        """
        SELECT file_name, region_id, period, severity, sheet, "row", "column", value,
               message_fi, message_sv, message_en, logged_at
        FROM v_ingest_log
        WHERE ($file IS NULL OR file_name = $file)
          AND ($severity IS NULL OR severity = $severity)
        ORDER BY logged_at DESC, file_name, sheet NULLS FIRST, "row" NULLS FIRST, "column"
        """,
        {"file": file_name, "severity": severity},
    ).df()


def thin_resubmissions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Current files that fill clearly fewer statuses than the accepted file of the same region
    and month they replaced (fewer than loaders.store.thin.THIN_SHARE of its statuses): loaded, but
    worth a call to the region. Newest load first. Columns: region_id, period, file_name,
    filled, replaced_file, replaced_filled (counts of filled statuses), loaded_at."""
    return con.execute(
        """
        WITH filled AS (
            SELECT s.submission_id, s.region_id, s.period, s.file_name, s.loaded_at,
                   s.superseded, count(r.status) AS filled
            FROM v_submissions s
            LEFT JOIN status_reports r USING (submission_id)
            WHERE s.status <> 'rejected'
            GROUP BY ALL
        ),
        paired AS (
            SELECT *, lag(file_name) OVER w AS replaced_file, lag(filled) OVER w AS replaced_filled
            FROM filled
            WINDOW w AS (PARTITION BY region_id, period ORDER BY loaded_at, submission_id)
        )
        SELECT region_id, period, file_name, filled, replaced_file, replaced_filled, loaded_at
        FROM paired
        WHERE NOT superseded AND replaced_filled IS NOT NULL AND filled < ? * replaced_filled
        ORDER BY loaded_at DESC, submission_id DESC
        """,
        [THIN_SHARE],
    ).df()
