"""The roadmap catalogue as the pages show it, and how far the regions are with each part of
it: per subtask, task and task entity, the share of regions done in a month."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from metrics.calendar import as_month

_SEARCHED = """
    ($group IS NULL OR rm.group_code = $group)
    AND ($pattern IS NULL
         OR rm.subtask_id ILIKE $pattern OR rm.subtask_name ILIKE $pattern
         OR rm.task_name ILIKE $pattern OR rm.entity_name ILIKE $pattern)
"""


def _pattern(search: str | None) -> str | None:
    return f"%{search.strip()}%" if search and search.strip() else None


def roadmap_subtasks(
    con: duckdb.DuckDBPyConnection, *, group_code: str | None = None, search: str | None = None
) -> pd.DataFrame:
    """Catalogue rows (v_roadmap columns) in roadmap order, optionally for one group and only
    those whose id or entity, task or subtask name contains `search` (case-insensitive)."""
    return con.execute(
        f"""
        SELECT subtask_id, group_code, entity_letter, entity_name, task_no, task_name,
               subtask_no, subtask_name
        FROM v_roadmap rm
        WHERE {_SEARCHED}
        """,
        {"group": group_code, "pattern": _pattern(search)},
    ).df()


def roadmap_size(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """How many groups, entities, tasks and subtasks the catalogue holds."""
    row = con.execute(
        """
        SELECT count(DISTINCT group_code), count(DISTINCT (group_code, entity_letter)),
               count(DISTINCT (group_code, entity_letter, task_no)), count(*)
        FROM v_roadmap
        """
    ).fetchone()
    return dict(zip(("groups", "entities", "tasks", "subtasks"), row, strict=True))


def subtask_completion(
    con: duckdb.DuckDBPyConnection,
    *,
    period: date | str,
    group_code: str | None = None,
    search: str | None = None,
) -> pd.DataFrame:
    """Every catalogue subtask (roadmap order; narrowed like roadmap_subtasks) with how far the
    regions that submitted for `period` are with it. Columns: the roadmap_subtasks columns,
    regions_applicable (regions for which it is not 'not applicable'; a blank or unlisted
    row applies), regions_done (counts), share_done (done ÷ applicable, 0–1; NaN when it
    applies to no region) and regions_not_done (list of region ids, official order: applicable
    and not done, not reported included)."""
    frame = con.execute(
        f"""
        WITH per_subtask AS (
            SELECT v.subtask_id,
                   count(*) FILTER (WHERE v.status IS DISTINCT FROM 'not_applicable')
                       AS regions_applicable,
                   count(*) FILTER (WHERE v.status = 'done') AS regions_done,
                   list(v.region_id ORDER BY r.sort_order)
                       FILTER (WHERE v.status IS NULL OR v.status NOT IN ('done', 'not_applicable'))
                       AS regions_not_done
            FROM v_subtask_status v
            JOIN regions r USING (region_id)
            WHERE v.period = $period
            GROUP BY v.subtask_id
        )
        SELECT rm.subtask_id, rm.group_code, rm.entity_letter, rm.entity_name, rm.task_no,
               rm.task_name, rm.subtask_no, rm.subtask_name,
               coalesce(p.regions_applicable, 0) AS regions_applicable,
               coalesce(p.regions_done, 0) AS regions_done,
               CASE WHEN p.regions_applicable > 0
                    THEN p.regions_done / p.regions_applicable END AS share_done,
               coalesce(p.regions_not_done, []) AS regions_not_done
        FROM v_roadmap rm
        JOIN subtasks s USING (subtask_id)
        JOIN groups g ON g.group_code = rm.group_code
        LEFT JOIN per_subtask p ON p.subtask_id = rm.subtask_id
        WHERE {_SEARCHED}
        ORDER BY g.sort_order, s.sort_key
        """,
        {"period": as_month(period), "group": group_code, "pattern": _pattern(search)},
    ).df()
    frame["regions_not_done"] = frame["regions_not_done"].map(list)
    return frame


def _aggregate(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    grouped = frame.groupby(keys, sort=False).agg(
        subtasks=("subtask_id", "size"),
        applicable=("regions_applicable", "sum"),
        done=("regions_done", "sum"),
    )
    grouped = grouped.reset_index()
    grouped["share_done"] = grouped["done"] / grouped["applicable"].where(grouped["applicable"] > 0)
    return grouped


def task_completion(
    con: duckdb.DuckDBPyConnection, *, period: date | str, group_code: str | None = None
) -> pd.DataFrame:
    """Per task (roadmap order) in `period`: group_code, entity_letter, entity_name, task_no,
    task_name, subtasks (count), applicable and done (counts of region × subtask pairs, as in
    subtask_completion), share_done (done ÷ applicable, 0–1; NaN when nothing applies)."""
    frame = subtask_completion(con, period=period, group_code=group_code)
    keys = ["group_code", "entity_letter", "entity_name", "task_no", "task_name"]
    return _aggregate(frame, keys)


def entity_completion(
    con: duckdb.DuckDBPyConnection, *, period: date | str, group_code: str | None = None
) -> pd.DataFrame:
    """Per task entity (roadmap order) in `period`: group_code, entity_letter, entity_name,
    subtasks (count), applicable and done (counts of region × subtask pairs), share_done
    (done ÷ applicable, 0–1; NaN when nothing applies)."""
    frame = subtask_completion(con, period=period, group_code=group_code)
    return _aggregate(frame, ["group_code", "entity_letter", "entity_name"])
