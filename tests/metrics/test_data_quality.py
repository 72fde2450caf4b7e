"""Submitted or missing, on time, partial, and row problems per region and month."""

import pandas as pd
import pytest
from metrics_db import A, B, C, D, built, month

from common.catalogue import regions
from metrics.quality import data_quality, submission_tracker

# Deadlines: 5.1.2022 (Wednesday); 5.2.2022 is a Saturday -> 7.2.; 5.3.2022 Saturday -> 7.3.


def build(db):
    db.submit(A, "2022-01", {}, loaded_at="2022-01-05T16:00")  # on the deadline day
    db.submit(B, "2022-01", {}, loaded_at="2022-01-06T09:00")  # a day late
    # Nobody reports for February.
    db.submit(A, "2022-03", {}, reported_at="2022-03-07", loaded_at="2022-03-10T08:00")
    db.submit(B, "2022-03", {}, loaded_at="2022-03-01T10:00", errors=5)  # superseded
    db.submit(
        B, "2022-03", {}, status="partial", loaded_at="2022-03-02T12:00", errors=2, warnings=1
    )
    db.submit(C, "2022-03", {}, reported_at="2022-03-08", loaded_at="2022-03-01T08:00")


@pytest.fixture(scope="module")
def con():
    with built(build) as connection:
        yield connection


@pytest.mark.parametrize(
    ("region_id", "period", "expected"),
    [
        # submitted, partial, submitted_at, on_time, errors, warnings, problems, state
        (A, "2022-01", (True, False, "2022-01-05 16:00", True, 0, 0, 0, "on_time")),
        (B, "2022-01", (True, False, "2022-01-06 09:00", False, 0, 0, 0, "late")),
        (A, "2022-02", (False, False, None, False, 0, 0, 0, "missing")),
        # Päivitetty (reported_at) counts over the load time, either way.
        (A, "2022-03", (True, False, "2022-03-07 00:00", True, 0, 0, 0, "on_time")),
        (C, "2022-03", (True, False, "2022-03-08 00:00", False, 0, 0, 0, "late")),
        # the newest file counts; info rows are not problems
        (B, "2022-03", (True, True, "2022-03-02 12:00", True, 2, 1, 3, "partial")),
        (D, "2022-03", (False, False, None, False, 0, 0, 0, "missing")),
    ],
)
def test_data_quality(con, region_id, period, expected):
    frame = data_quality(con).set_index(["region_id", "period"])
    row = frame.loc[(region_id, pd.Timestamp(month(period)))]
    submitted_at = (
        None if pd.isna(row.submitted_at) else row.submitted_at.strftime("%Y-%m-%d %H:%M")
    )
    actual = (
        bool(row.submitted),
        bool(row.partial),
        submitted_at,
        bool(row.on_time),
        row.errors,
        row.warnings,
        row.problems,
        row.state,
    )
    assert actual == expected


def test_data_quality_covers_every_region_and_month(con):
    frame = data_quality(con)
    assert len(frame) == 3 * len(regions())
    assert list(frame["period"].drop_duplicates().dt.date) == [
        month("2022-01"),
        month("2022-02"),
        month("2022-03"),
    ]
    deadlines = frame.drop_duplicates("period")["deadline"].dt.strftime("%Y-%m-%d")
    assert list(deadlines) == ["2022-01-05", "2022-02-07", "2022-03-07"]
    assert (frame[frame["period"].dt.month == 2]["state"] == "missing").all()


@pytest.mark.parametrize(("period", "submitted"), [("2022-03", 3), ("2022-02", 0), ("2022-04", 0)])
def test_data_quality_one_month(con, period, submitted):
    frame = data_quality(con, period=period)
    assert len(frame) == len(regions())
    assert frame["submitted"].sum() == submitted
    assert list(frame["region_id"]) == [r["region_id"] for r in regions()]


def test_data_quality_empty_database(db):
    assert data_quality(db.con).empty
    assert submission_tracker(db.con).empty


def test_submission_tracker(con):
    table = submission_tracker(con)
    assert table.shape == (len(regions()), 3)
    assert list(table.index) == [r["region_id"] for r in regions()]
    assert list(table.loc[A]) == ["on_time", "missing", "on_time"]
    assert list(table.loc[B]) == ["late", "missing", "partial"]
    assert list(table.loc[C]) == ["missing", "missing", "late"]
