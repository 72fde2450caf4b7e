"""The files the loader has seen, its problem log, and tracker states with rejected files."""

from datetime import date, datetime

import pandas as pd
import pytest
from metrics_db import A, B, C, built, month

from metrics.submissions import ingest_problems, submission_files, submission_states


def reject(db, file_name, region_id=None, period=None, loaded_at="2022-03-04T09:00"):
    """A rejected file, with one error in the log, as loaders.ingest.store writes it."""
    loaded = datetime.fromisoformat(loaded_at)
    submission_id = db.con.execute(
        """
        INSERT INTO submissions (file_name, sha256, region_id, period, status, loaded_at)
        VALUES (?, repeat(?, 64), ?, ?, 'rejected', ?) RETURNING submission_id
        """,
        [file_name, file_name[0], region_id, period and month(period), loaded],
    ).fetchone()[0]
    db.con.execute(
        """
        INSERT INTO ingest_log (submission_id, file_name, region_id, period, severity,
                                message_fi, message_en, logged_at)
        VALUES (?, ?, ?, ?, 'error', 'Tiedosto hylättiin.', 'The file was rejected.', ?)
        """,
        [submission_id, file_name, region_id, period and month(period), loaded],
    )


def build(db):
    db.submit(A, "2022-02", {})
    db.submit(A, "2022-03", {}, loaded_at="2022-03-02T08:00", errors=2, warnings=1)
    db.submit(B, "2022-03", {}, loaded_at="2022-03-01T08:00")
    db.submit(B, "2022-03", {}, loaded_at="2022-03-03T08:00", status="partial")
    reject(db, "bad.xlsx", C, "2022-03")  # the only file of C for March
    reject(db, "csv.xlsx", loaded_at="2022-03-06T09:00")  # says neither region nor month
    reject(db, "old.xlsx", A, "2022-03", loaded_at="2022-03-05T09:00")  # A has one accepted


@pytest.fixture(scope="module")
def con():
    with built(build) as connection:
        yield connection


@pytest.mark.parametrize(
    ("region_id", "period", "state"),
    [
        (A, "2022-03", "on_time"),
        (B, "2022-03", "partial"),
        (C, "2022-03", "rejected"),
        (C, "2022-02", "missing"),
        ("lappi", "2022-03", "missing"),
    ],
)
def test_submission_states(con, region_id, period, state):
    frame = submission_states(con).set_index(["region_id", "period"])
    assert frame.loc[(region_id, pd.Timestamp(month(period))), "state"] == state


def test_states_cover_every_region_and_month(con):
    frame = submission_states(con)
    assert len(frame) == 2 * 22
    assert set(frame["state"]) == {"on_time", "partial", "rejected", "missing"}


def test_submission_files_newest_first_with_their_problem_counts(con):
    frame = submission_files(con)
    rows = [
        (r.file_name, r.status, bool(r.superseded), r.errors, r.warnings)
        for r in frame.itertuples()
    ]
    b_files = [r for r in rows if r[0].startswith(B)]
    assert rows[:3] == [
        ("csv.xlsx", "rejected", False, 1, 0),
        ("old.xlsx", "rejected", False, 1, 0),
        ("bad.xlsx", "rejected", False, 1, 0),
    ]
    assert b_files == [
        (f"{B}-2022-03-4.xlsx", "partial", False, 0, 0),
        (f"{B}-2022-03-3.xlsx", "loaded", True, 0, 0),
    ]
    assert (f"{A}-2022-03-2.xlsx", "loaded", False, 2, 1) in rows
    assert frame.loc[frame["file_name"] == "csv.xlsx", "region_id"].isna().all()


@pytest.mark.parametrize(
    ("file_name", "severity", "expected"),
    [
        # MetricsDb logs every submission's problems as 'x.xlsx', plus one info row each.
        (None, None, 3 + 2 + 1 + 4),
        (None, "error", 3 + 2),
        ("bad.xlsx", None, 1),
        ("x.xlsx", "warning", 1),
        ("x.xlsx", "info", 4),
        ("nothing.xlsx", None, 0),
    ],
)
def test_ingest_problems_filters(con, file_name, severity, expected):
    frame = ingest_problems(con, file_name=file_name, severity=severity)
    assert len(frame) == expected
    if severity:
        assert set(frame["severity"]) == {severity}


def test_ingest_problems_rejects_an_unknown_severity(con):
    with pytest.raises(ValueError, match="severity"):
        ingest_problems(con, severity="fatal")


def test_rejected_periods_compare_as_dates(con):
    frame = submission_states(con)
    assert frame["period"].min() == pd.Timestamp(date(2022, 2, 1))
