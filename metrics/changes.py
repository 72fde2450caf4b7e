"""What changed in one region since its previous submission: the facilitator's starting
point for the monthly discussion."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from metrics.calendar import as_month
from metrics.completion import check_scope
from metrics.overdue import overdue_subtasks

MOVE_COLUMNS = [
    "subtask_id",
    "group_code",
    "subtask_name",
    "critical",
    "previous_status",
    "status",
]
OBSERVATION_COLUMNS = ["kind", "group_code", "text", "severity", "red_flag"]


def previous_period(
    con: duckdb.DuckDBPyConnection, *, region_id: str, period: date | str
) -> date | None:
    """The month of the region's latest current submission before `period`, or None."""
    row = con.execute(
        "SELECT max(period) FROM v_current_submissions WHERE region_id = ? AND period < ?",
        [region_id, as_month(period)],
    ).fetchone()
    return row[0]


def _moves(
    con: duckdb.DuckDBPyConnection, region_id: str, now: date, before: date | None
) -> pd.DataFrame:
    """Status moves between the two months: MOVE_COLUMNS plus move (the result key)."""
    return con.execute(
        """
        WITH steps (status, step) AS (
            VALUES ('not_started', 0), ('started', 1), ('advanced', 2), ('done', 3)
        ),
        pairs AS (
            SELECT n.subtask_id, n.critical, o.status AS previous_status, n.status,
                   ns.step - os.step AS delta
            FROM v_current_submissions cn
            JOIN status_reports n ON n.submission_id = cn.submission_id
            JOIN v_current_submissions co ON co.region_id = cn.region_id AND co.period = $before
            JOIN status_reports o
              ON o.submission_id = co.submission_id AND o.subtask_id = n.subtask_id
            JOIN steps ns ON ns.status = n.status
            JOIN steps os ON os.status = o.status
            WHERE cn.region_id = $region AND cn.period = $now
        )
        SELECT CASE WHEN p.delta > 0 AND p.status = 'done' THEN 'newly_done'
                    WHEN p.delta > 0 THEN 'moved_forward' ELSE 'moved_back' END AS move,
               p.subtask_id, s.group_code, s.subtask_name, p.critical, p.previous_status,
               p.status
        FROM pairs p JOIN subtasks s USING (subtask_id)
        WHERE p.delta <> 0
        ORDER BY s.sort_key
        """,
        {"region": region_id, "now": now, "before": before},
    ).df()


def _observations(
    con: duckdb.DuckDBPyConnection, region_id: str, month: date | None
) -> pd.DataFrame:
    """The month's observations: OBSERVATION_COLUMNS plus key (the text to compare)."""
    return con.execute(
        """
        SELECT o.kind, o.group_code, o.text, o.severity, o.red_flag,
               lower(trim(regexp_replace(o.text, '\\s+', ' ', 'g'))) AS key
        FROM v_current_submissions cs JOIN observations o USING (submission_id)
        WHERE cs.region_id = ? AND cs.period = ?
        ORDER BY o.seq
        """,
        [region_id, month],
    ).df()


def changes_since_previous(
    con: duckdb.DuckDBPyConnection, *, region_id: str, period: date | str, scope: str = "all"
) -> dict[str, pd.DataFrame]:
    """The changes in the region's `period` submission against its previous one
    (previous_period), as DataFrames keyed by:
    newly_done, moved_forward, moved_back — status moves on the scale not_started < started <
    advanced < done, each list disjoint (a move that ends in done is only newly_done); a move
    needs both statuses on that scale, so blank and not applicable are never moves. `scope`
    'critical' counts the critical subtasks only, 'all' every subtask. Columns:
    MOVE_COLUMNS. Empty without a previous submission.
    newly_overdue — overdue now (overdue_subtasks) but not overdue in the previous month's
    own terms. Columns: as overdue_subtasks.
    new_observations — observations whose text (case and spacing aside) the previous
    submission did not have. Columns: OBSERVATION_COLUMNS.
    flags_raised — this month's flagged observations if the previous submission had none;
    flags_lowered — the previous submission's flagged observations if this one has none.
    Without a previous submission everything this month counts as new. All frames are empty
    when the region has no submission for `period`."""
    now = as_month(period)
    submitted = con.execute(
        "SELECT count(*) FROM v_current_submissions WHERE region_id = ? AND period = ?",
        [region_id, now],
    ).fetchone()[0]
    before = previous_period(con, region_id=region_id, period=now) if submitted else None
    check_scope(scope)
    moves = _moves(con, region_id, now, before)
    if scope == "critical":
        moves = moves[moves["critical"].astype(bool)]
    result = {
        name: moves.loc[moves["move"] == name, MOVE_COLUMNS].reset_index(drop=True)
        for name in ("newly_done", "moved_forward", "moved_back")
    }
    overdue = overdue_subtasks(con, period=now, region_id=region_id)
    if before is not None:
        earlier = overdue_subtasks(con, period=before, region_id=region_id)
        overdue = overdue[~overdue["subtask_id"].isin(earlier["subtask_id"])]
    result["newly_overdue"] = overdue.reset_index(drop=True)

    current = _observations(con, region_id, now)
    previous = _observations(con, region_id, before)
    new = current[~current["key"].isin(previous["key"])]
    result["new_observations"] = new[OBSERVATION_COLUMNS].reset_index(drop=True)
    flagged_now = current.loc[current["red_flag"], OBSERVATION_COLUMNS]
    flagged_before = previous.loc[previous["red_flag"], OBSERVATION_COLUMNS]
    none = current.loc[[], OBSERVATION_COLUMNS]
    raised = flagged_before.empty and not flagged_now.empty
    lowered = not flagged_before.empty and flagged_now.empty
    result["flags_raised"] = (flagged_now if raised else none).reset_index(drop=True)
    result["flags_lowered"] = (flagged_before if lowered else none).reset_index(drop=True)
    return result
