"""The record of the monthly discussion with a region: when it was held, who took part,
whether the workbook was validated (and the statuses corrected in it), notes, the edited
agenda and the actions agreed.

Storage is append-only (tables `discussions`, `discussion_actions`, `discussion_corrections`
in schema.sql): each save writes a new version with who saved it and when, and the views
`v_discussions`, `v_discussion_actions`, `v_discussion_corrections` show the latest one.
Saving is optimistic: the caller says which version it edited (0 for a new record), and if
someone else saved meanwhile `save_discussion` raises StaleRecord and writes nothing."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

import duckdb

from loaders.store import aggregates

if TYPE_CHECKING:
    import pandas as pd

ACTION_STATES = ("open", "in_progress", "done", "dropped")
STATUSES = ("not_started", "started", "advanced", "done", "not_applicable")
ACTION_COLUMNS = ["seq", "what", "who", "due", "state"]
PREVIOUS_ACTION_COLUMNS = ["region_id", "period", "held_on", *ACTION_COLUMNS]


@dataclass(frozen=True)
class Action:
    """One agreed action: what, who (free text), due date (or None), state (ACTION_STATES)."""

    what: str
    who: str = ""
    due: date | None = None
    state: str = "open"


@dataclass(frozen=True)
class Correction:
    """A subtask status agreed in the discussion (a code of STATUSES): the validated value."""

    subtask_id: str
    status: str


@dataclass(frozen=True)
class Record:
    """One region's discussion for one reporting month (`period`, the month's first day).
    version 0 = not saved yet; saved_by and saved_at describe the latest save."""

    region_id: str
    period: date
    held_on: date | None = None
    participants: str = ""
    validated: bool = False
    corrections_note: str = ""
    notes: str = ""
    agenda: str = ""
    actions: tuple[Action, ...] = ()
    corrections: tuple[Correction, ...] = ()
    version: int = 0
    saved_by: str | None = None
    saved_at: datetime | None = None

    def actions_frame(self) -> pd.DataFrame:
        """The actions as a DataFrame: ACTION_COLUMNS (seq from 1, due a date or None)."""
        import pandas as pd  # for the dashboard's editor; the load commands never need it

        rows = [(i, a.what, a.who, a.due, a.state) for i, a in enumerate(self.actions, 1)]
        return pd.DataFrame(rows, columns=ACTION_COLUMNS)

    def corrections_frame(self) -> pd.DataFrame:
        """The corrections as a DataFrame: subtask_id, status."""
        import pandas as pd

        rows = [(c.subtask_id, c.status) for c in self.corrections]
        return pd.DataFrame(rows, columns=["subtask_id", "status"])


class StaleRecord(Exception):
    """Someone saved the record after the version the caller edited. `current` is the
    record as it is now in the database, `attempted` the one that was not saved."""

    def __init__(self, current: Record | None, attempted: Record, expected_version: int):
        self.current = current
        self.attempted = attempted
        self.expected_version = expected_version
        found = current.version if current else 0
        super().__init__(
            f"discussion {attempted.region_id} {attempted.period:%Y-%m}: edited version "
            f"{expected_version}, the database has version {found}"
        )


def _month(period: date | str) -> date:
    day = date.fromisoformat(period + "-01") if isinstance(period, str) else period
    return day.replace(day=1)


def discussion_record(
    con: duckdb.DuckDBPyConnection, region_id: str, period: date | str
) -> Record | None:
    """The latest saved record of the region's discussion for `period`, or None."""
    month = _month(period)
    row = con.execute(
        """
        SELECT version, held_on, participants, validated, corrections_note, notes, agenda,
               saved_by, saved_at
        FROM v_discussions WHERE region_id = ? AND period = ?
        """,
        [region_id, month],
    ).fetchone()
    if row is None:
        return None
    version = row[0]
    actions = con.execute(
        """
        SELECT what, who, due, state FROM discussion_actions
        WHERE region_id = ? AND period = ? AND version = ? ORDER BY seq
        """,
        [region_id, month, version],
    ).fetchall()
    corrections = con.execute(
        """
        SELECT c.subtask_id, c.status FROM discussion_corrections c
        JOIN subtasks s USING (subtask_id)
        WHERE c.region_id = ? AND c.period = ? AND c.version = ? ORDER BY s.sort_key
        """,
        [region_id, month, version],
    ).fetchall()
    return Record(
        region_id=region_id,
        period=month,
        held_on=row[1],
        participants=row[2],
        validated=row[3],
        corrections_note=row[4],
        notes=row[5],
        agenda=row[6],
        actions=tuple(Action(what, who, due, state) for what, who, due, state in actions),
        corrections=tuple(Correction(s, status) for s, status in corrections),
        version=version,
        saved_by=row[7],
        saved_at=row[8],
    )


def _check(record: Record) -> None:
    for action in record.actions:
        if not action.what.strip():
            raise ValueError("an action needs a description (what)")
        if action.state not in ACTION_STATES:
            raise ValueError(f"unknown action state {action.state!r}")
    seen = set()
    for correction in record.corrections:
        if correction.status not in STATUSES:
            raise ValueError(f"unknown status {correction.status!r}")
        if correction.subtask_id in seen:
            raise ValueError(f"{correction.subtask_id} corrected twice")
        seen.add(correction.subtask_id)


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back the open transaction, if the failure left one open."""
    with contextlib.suppress(duckdb.TransactionException):  # a failed COMMIT rolled back
        con.execute("ROLLBACK")


def save_discussion(
    con: duckdb.DuckDBPyConnection, record: Record, *, expected_version: int, user: str
) -> Record:
    """Save `record` as the next version, in one transaction, and return it as stored.
    `expected_version` is the version the user edited (0 for a new record); when the
    database holds another version, nothing is written and StaleRecord is raised. `user`
    (who saves) is recorded with the time. Use a cursor of its own: the transaction runs on
    `con`. Raises ValueError for an action without a description, an unknown state or
    status, or a subtask corrected twice."""
    if not user or not user.strip():
        raise ValueError("who saves the record must be known")
    _check(record)
    month = _month(record.period)
    con.execute("BEGIN TRANSACTION")
    try:
        found = con.execute(
            "SELECT coalesce(max(version), 0) FROM discussions WHERE region_id = ? AND period = ?",
            [record.region_id, month],
        ).fetchone()[0]
        if found != expected_version:
            con.execute("ROLLBACK")
            raise StaleRecord(
                discussion_record(con, record.region_id, month), record, expected_version
            )
        was_fresh = aggregates.is_fresh(con)
        version = found + 1
        key = [record.region_id, month, version]
        con.execute(
            """
            INSERT INTO discussions (region_id, period, version, held_on, participants,
                validated, corrections_note, notes, agenda, saved_by, saved_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, current_localtimestamp())
            """,
            [
                *key,
                record.held_on,
                record.participants.strip(),
                bool(record.validated),
                record.corrections_note.strip(),
                record.notes.strip(),
                record.agenda.strip(),
                user.strip(),
            ],
        )
        if record.actions:
            con.executemany(
                "INSERT INTO discussion_actions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    [*key, seq, a.what.strip(), a.who.strip(), a.due, a.state]
                    for seq, a in enumerate(record.actions, start=1)
                ],
            )
        if record.corrections:
            con.executemany(
                "INSERT INTO discussion_corrections VALUES (?, ?, ?, ?, ?)",
                [[*key, c.subtask_id, c.status] for c in record.corrections],
            )
        # The corrections of the latest version are the official statuses (v_completion).
        aggregates.refresh_after_write(con, [(record.region_id, month)], was_fresh)
        con.execute("COMMIT")
    except StaleRecord:
        raise
    except Exception as error:
        _rollback(con)
        # A writer without the app's lock may have saved the same version first: DuckDB then
        # refuses the duplicate key, and the caller learns whose save got in.
        current = discussion_record(con, record.region_id, month)
        if (current.version if current else 0) != expected_version:
            raise StaleRecord(current, record, expected_version) from error
        raise
    return discussion_record(con, record.region_id, month)


def previous_actions(
    con: duckdb.DuckDBPyConnection, region_id: str, period: date | str
) -> pd.DataFrame:
    """The actions agreed in the region's latest discussion before `period` (its most recent
    record for an earlier month), with their state as last saved. Columns:
    PREVIOUS_ACTION_COLUMNS (period = the month of that discussion, held_on its date, seq
    the action's number, due a date or NaT, state a code of ACTION_STATES). Empty when there
    is no earlier record."""
    return con.execute(
        """
        WITH earlier AS (
            SELECT max(period) AS period FROM v_discussions
            WHERE region_id = $region AND period < $period
        )
        SELECT a.region_id, a.period, d.held_on, a.seq, a.what, a.who, a.due, a.state
        FROM v_discussion_actions a
        JOIN earlier e USING (period)
        JOIN v_discussions d USING (region_id, period)
        WHERE a.region_id = $region
        ORDER BY a.seq
        """,
        {"region": region_id, "period": _month(period)},
    ).df()
