"""The parsed rows of a workbook: what it means, and the cell it came from.

A worker process builds some 560 rows per workbook and sends them to the writing process,
so the rows travel as plain tuples in the field order of StatusRow and ObservationRow (which
is also the order of the table columns): pickling a named tuple per row cost 4 ms a
workbook between the processes, plain tuples 0.8 ms. `StatusRow._make(row)` reads one by
name."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from loaders.reading.messages import Problem


class StatusRow(NamedTuple):
    """One subtask row, in the column order of the status_reports table (after its key)."""

    subtask_id: str
    critical: bool
    status: str | None
    status_raw: str | None
    expected_completion: date | None
    comment: str | None
    challenges: str | None
    source_sheet: str
    source_row: int


class ObservationRow(NamedTuple):
    """One observation row, in the column order of the observations table (after its key)."""

    seq: int
    kind: str
    group_code: str | None
    text: str
    severity: str | None
    red_flag: bool
    source_sheet: str
    source_row: int


@dataclass
class ParsedWorkbook:
    region_id: str
    period: date
    filled_by: str | None = None
    reported_at: datetime | None = None
    statuses: list[tuple] = field(default_factory=list)  # in StatusRow's field order
    observations: list[tuple] = field(default_factory=list)  # in ObservationRow's order
    problems: list[Problem] = field(default_factory=list)
    # Set when the workbook reads but is no report (no status filled in): it is logged
    # against its region and month as rejected, and none of its rows is stored.
    refusal: Problem | None = None
