"""The parsed rows of a workbook: what it means, and the cell it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from loaders.messages import Problem


@dataclass(frozen=True)
class StatusRow:
    subtask_id: str
    critical: bool
    status: str | None
    status_raw: str | None
    expected_completion: date | None
    comment: str | None
    challenges: str | None
    source_sheet: str
    source_row: int


@dataclass(frozen=True)
class ObservationRow:
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
    statuses: list[StatusRow] = field(default_factory=list)
    observations: list[ObservationRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
