"""The roadmap catalogue as the pages show it."""

from __future__ import annotations

import duckdb
import pandas as pd


def roadmap_subtasks(
    con: duckdb.DuckDBPyConnection, *, group_code: str | None = None, search: str | None = None
) -> pd.DataFrame:
    """Catalogue rows (v_roadmap columns) in roadmap order, optionally for one group and only
    those whose id or entity, task or subtask name contains `search` (case-insensitive)."""
    pattern = f"%{search.strip()}%" if search and search.strip() else None
    return con.execute(
        """
        SELECT subtask_id, group_code, entity_letter, entity_name, task_no, task_name,
               subtask_no, subtask_name
        FROM v_roadmap
        WHERE ($group IS NULL OR group_code = $group)
          AND ($pattern IS NULL
               OR subtask_id ILIKE $pattern OR subtask_name ILIKE $pattern
               OR task_name ILIKE $pattern OR entity_name ILIKE $pattern)
        """,
        {"group": group_code, "pattern": pattern},
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
