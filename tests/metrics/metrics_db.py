"""A small, hand-countable database for the metric tests.

`db` is a real DuckDB made by open_database(':memory:') with the catalogue cut down to the
six subtasks in SUBTASKS, so that 'all' scope figures can be counted by hand whatever the
full catalogue holds. Tests insert submissions, status rows, observations and ingest_log rows
directly through MetricsDb.submit:

    db.submit("lappi", "2022-03", {"HTT-A-1.1": "!done", "HTT-A-1.2": "started"},
              due={"HTT-A-1.2": "2022-02-15"}, observations=[("Rahoitus", True)])

A leading "!" marks the row critical (Kriittinen = Kyllä); "" is a blank status (not
reported); a subtask left out of the dict is not in the workbook at all."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime

import duckdb

from loaders.store.database import open_database

SUBTASKS = ("HTT-A-1.1", "HTT-A-1.2", "HTT-A-1.3", "JO-A-1.1", "JO-A-1.2", "ICT-A-1.1")
# Regions in their official order, the first four of data/regions.csv.
A, B, C, D = "ita-uusimaa", "keski-uusimaa", "lansi-uusimaa", "vantaa-kerava"


def month(text: str) -> date:
    """'2022-03' -> date(2022, 3, 1)."""
    return date.fromisoformat(text + "-01")


class MetricsDb:
    def __init__(self) -> None:
        self.con = open_database(":memory:")
        self.con.execute(
            "DELETE FROM subtasks WHERE NOT list_contains(?, subtask_id)", [list(SUBTASKS)]
        )
        self._files = 0

    def submit(
        self,
        region_id: str,
        period: str,
        statuses: Mapping[str, str] | None = None,
        *,
        due: Mapping[str, str] | None = None,
        observations: Iterable[tuple] = (),
        status: str = "loaded",
        reported_at: str | None = None,
        loaded_at: str | None = None,
        errors: int = 0,
        warnings: int = 0,
    ) -> int:
        """Insert one submission with its rows; returns its submission_id. loaded_at
        defaults to noon on the 2nd of the reporting month (on time)."""
        self._files += 1
        start = month(period)
        loaded = (
            datetime.fromisoformat(loaded_at)
            if loaded_at
            else datetime(start.year, start.month, 2, 12)
        )
        reported = datetime.fromisoformat(reported_at) if reported_at else None
        submission_id = self.con.execute(
            """
            INSERT INTO submissions (file_name, sha256, region_id, period, status,
                                     reported_at, loaded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING submission_id
            """,
            [
                f"{region_id}-{period}-{self._files}.xlsx",
                hashlib.sha256(str(self._files).encode()).hexdigest(),
                region_id,
                start,
                status,
                reported,
                loaded,
            ],
        ).fetchone()[0]
        due = due or {}
        rows = []
        for row, (subtask_id, code) in enumerate((statuses or {}).items(), start=2):
            critical = code.startswith("!")
            value = code.lstrip("!") or None
            expected = date.fromisoformat(due[subtask_id]) if subtask_id in due else None
            rows.append(
                (
                    submission_id,
                    subtask_id,
                    critical,
                    value,
                    value,
                    expected,
                    subtask_id.split("-")[0],
                    row,
                )
            )
        if rows:
            self.con.executemany(
                """
                INSERT INTO status_reports (submission_id, subtask_id, critical, status,
                    status_raw, expected_completion, source_sheet, source_row)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                rows,
            )
        for seq, observation in enumerate(observations, start=1):
            text, red_flag, *group = observation
            self.con.execute(
                """
                INSERT INTO observations (submission_id, seq, kind, group_code, text,
                    severity, red_flag, source_sheet, source_row)
                VALUES (?, ?, 'riski', ?, ?, 'korkea', ?, 'Huomiot', ?)
                """,
                [submission_id, seq, group[0] if group else None, text, red_flag, seq + 1],
            )
        for severity, count in (("error", errors), ("warning", warnings), ("info", 1)):
            for _ in range(count):
                self.con.execute(
                    """
                    INSERT INTO ingest_log (submission_id, file_name, region_id, period,
                        severity, message_fi, message_en, logged_at)
                    VALUES (?, 'x.xlsx', ?, ?, ?, 'viesti', 'message', ?)
                    """,
                    [submission_id, region_id, start, severity, loaded],
                )
        return submission_id


# Five regions' March 2022 reports, used by the completion, distribution and peer tests.
# E has no critical row; ICT-A-1.1 is missing from every workbook but C's.
E = "varsinais-suomi"
NATIONAL_MARCH = {
    A: {
        "HTT-A-1.1": "!done",
        "HTT-A-1.2": "!started",
        "HTT-A-1.3": "not_applicable",
        "JO-A-1.1": "done",
        "JO-A-1.2": "",
    },
    B: {"HTT-A-1.1": "!done", "HTT-A-1.2": "!done"},
    C: {
        "HTT-A-1.1": "!started",
        "JO-A-1.1": "!done",
        "JO-A-1.2": "!not_started",
        "ICT-A-1.1": "!done",
    },
    D: {"HTT-A-1.1": "!not_started"},
    E: {"HTT-A-1.1": "done", "HTT-A-1.3": "!not_applicable"},
}


def submit_national_march(db: MetricsDb) -> None:
    for region_id, statuses in NATIONAL_MARCH.items():
        db.submit(region_id, "2022-03", statuses)


@contextmanager
def built(*builders: Callable[[MetricsDb], None]) -> Iterator[duckdb.DuckDBPyConnection]:
    """A fresh database filled by each of `builders` in turn, closed on exit; for module
    fixtures shared by tests that only read."""
    db = MetricsDb()
    for build in builders:
        build(db)
    try:
        yield db.con
    finally:
        db.con.close()
