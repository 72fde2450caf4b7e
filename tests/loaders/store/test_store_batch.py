"""Writing files in batches: one transaction for several files, yet a file that cannot be
written leaves the files before it stored and nothing of itself, and a hash seen earlier in
the same batch is 'unchanged'."""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import pytest

from loaders.reading.rows import ParsedWorkbook, StatusRow
from loaders.store.batch import Parsed, store_batch


def _workbook(region_id: str) -> ParsedWorkbook:
    row = StatusRow("HTT-A-1.1", True, "done", "Valmis", None, None, None, "HTT", 5)
    return ParsedWorkbook(region_id, date(2022, 3, 1), statuses=[tuple(row)])


def _item(name: str, digest: str, region_id: str) -> Parsed:
    return Parsed(name, digest * 64, _workbook(region_id), datetime(2022, 3, 4, 12, 0))


def _stored(con) -> list[tuple]:
    return con.execute(
        "SELECT s.file_name, r.subtask_id, r.status FROM submissions s "
        "LEFT JOIN status_reports r USING (submission_id) ORDER BY s.file_name"
    ).fetchall()


def test_a_batch_writes_every_file_and_skips_a_repeated_hash(con):
    results = store_batch(
        con,
        [
            _item("a.xlsx", "a", "pirkanmaa"),
            _item("b.xlsx", "b", "kainuu"),
            _item("c.xlsx", "a", "kainuu"),
        ],
    )
    assert [(r.file_name, r.outcome, r.rows) for r in results] == [
        ("a.xlsx", "loaded", 1),
        ("b.xlsx", "loaded", 1),
        ("c.xlsx", "unchanged", 0),
    ]
    assert _stored(con) == [("a.xlsx", "HTT-A-1.1", "done"), ("b.xlsx", "HTT-A-1.1", "done")]


def test_a_file_that_cannot_be_written_keeps_the_files_before_it(con):
    batch = [
        _item("a.xlsx", "a", "pirkanmaa"),
        _item("bad.xlsx", "b", "no-such-region"),  # the schema refuses the region
        _item("c.xlsx", "c", "kainuu"),
    ]
    with pytest.raises(duckdb.ConstraintException):
        store_batch(con, batch)
    assert _stored(con) == [("a.xlsx", "HTT-A-1.1", "done")]
