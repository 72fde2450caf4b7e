"""Overdue critical subtasks and stalled subtasks, as lists and counts."""

from datetime import date

import pandas as pd
import pytest
from metrics_db import A, B, C, D, built, month

from metrics.overdue import overdue_stalled_counts, overdue_subtasks, stalled_subtasks


def build_overdue(db):
    db.submit(A, "2022-02", {"HTT-A-1.1": "!started"}, due={"HTT-A-1.1": "2022-02-15"})
    db.submit(
        A,
        "2022-03",
        {
            "HTT-A-1.1": "!started",  # due in February: overdue
            "HTT-A-1.2": "!advanced",  # due on the last day of March: overdue
            "HTT-A-1.3": "!not_started",  # due on 1 April: not yet
            "JO-A-1.1": "!done",  # done
            "JO-A-1.2": "started",  # not critical
            "ICT-A-1.1": "!",  # blank status counts as not done
        },
        due={
            "HTT-A-1.1": "2022-02-15",
            "HTT-A-1.2": "2022-03-31",
            "HTT-A-1.3": "2022-04-01",
            "JO-A-1.1": "2022-01-01",
            "JO-A-1.2": "2022-01-01",
            "ICT-A-1.1": "2022-02-01",
        },
    )
    db.submit(
        B,
        "2022-03",
        {"HTT-A-1.1": "!not_applicable", "HTT-A-1.2": "!started", "JO-A-1.1": "!not_started"},
        due={"HTT-A-1.1": "2022-01-01", "JO-A-1.1": "2022-03-01"},  # HTT-A-1.2 has no date
    )


@pytest.mark.parametrize(
    ("period", "region_id", "expected"),
    [
        (
            "2022-03",
            None,
            [
                (A, "HTT-A-1.1", "started", "2022-02-15"),
                (A, "HTT-A-1.2", "advanced", "2022-03-31"),
                (A, "ICT-A-1.1", None, "2022-02-01"),
                (B, "JO-A-1.1", "not_started", "2022-03-01"),
            ],
        ),
        ("2022-03", B, [(B, "JO-A-1.1", "not_started", "2022-03-01")]),
        ("2022-02", None, [(A, "HTT-A-1.1", "started", "2022-02-15")]),
        ("2022-04", None, []),  # a month with no submissions
    ],
)
def test_overdue_subtasks(overdue_con, period, region_id, expected):
    frame = overdue_subtasks(overdue_con, period=period, region_id=region_id)
    actual = [
        (
            r.region_id,
            r.subtask_id,
            None if pd.isna(r.status) else r.status,
            r.since.date().isoformat(),
        )
        for r in frame.itertuples()
    ]
    assert actual == expected
    assert frame["critical"].all()
    assert (frame["period"].dt.date == month(period)).all()


@pytest.fixture(scope="module")
def overdue_con():
    with built(build_overdue) as connection:
        yield connection


def build_stalled(db):
    a_history = {
        "2022-01": {
            "HTT-A-1.1": "!started",
            "HTT-A-1.2": "not_started",
            "HTT-A-1.3": "started",
            "JO-A-1.1": "done",
            "JO-A-1.2": "advanced",
            "ICT-A-1.1": "started",
        },
        "2022-02": {
            "HTT-A-1.1": "!started",
            "HTT-A-1.2": "started",
            "HTT-A-1.3": "started",
            "JO-A-1.1": "done",
            "JO-A-1.2": "",
        },  # JO-A-1.2 blank, ICT-A-1.1 missing
        # no March submission: the run goes on over the gap
        "2022-04": {
            "HTT-A-1.1": "!started",
            "HTT-A-1.2": "started",
            "HTT-A-1.3": "advanced",
            "JO-A-1.1": "done",
            "JO-A-1.2": "advanced",
            "ICT-A-1.1": "started",
        },
        "2022-05": {
            "HTT-A-1.1": "!started",
            "HTT-A-1.2": "started",
            "HTT-A-1.3": "advanced",
            "JO-A-1.1": "done",
            "JO-A-1.2": "advanced",
            "ICT-A-1.1": "started",
        },
    }
    for period, statuses in a_history.items():
        due = {"HTT-A-1.1": "2022-04-30"} if period == "2022-05" else {}
        db.submit(A, period, statuses, due=due)
    for period in ("2022-03", "2022-04"):
        db.submit(B, period, {"HTT-A-1.1": "not_applicable", "HTT-A-1.2": "not_started"})
    # B's first May file said started; the newer one, which counts, says not_started.
    db.submit(B, "2022-05", {"HTT-A-1.2": "started"}, loaded_at="2022-05-02T09:00")
    db.submit(
        B,
        "2022-05",
        {"HTT-A-1.1": "not_applicable", "HTT-A-1.2": "not_started"},
        loaded_at="2022-05-03T09:00",
    )
    db.submit(C, "2022-05", {"HTT-A-1.1": "started"})  # one month of data
    for period in ("2022-02", "2022-03", "2022-04"):  # D has no May submission
        db.submit(D, period, {"HTT-A-1.1": "!started"})


@pytest.fixture(scope="module")
def stalled_con():
    with built(build_stalled) as connection:
        yield connection


@pytest.mark.parametrize(
    ("period", "region_id", "min_submissions", "expected"),
    [
        (
            "2022-05",
            None,
            3,
            [
                (A, "HTT-A-1.1", True, "started", "2022-01", 4),
                (A, "HTT-A-1.2", False, "started", "2022-02", 3),
                (B, "HTT-A-1.2", False, "not_started", "2022-03", 3),
            ],
        ),
        (
            "2022-05",
            A,
            2,
            [
                (A, "HTT-A-1.1", True, "started", "2022-01", 4),
                (A, "HTT-A-1.2", False, "started", "2022-02", 3),
                (A, "HTT-A-1.3", False, "advanced", "2022-04", 2),
                (A, "JO-A-1.2", False, "advanced", "2022-04", 2),
                (A, "ICT-A-1.1", False, "started", "2022-04", 2),
            ],
        ),
        (
            "2022-04",
            None,
            3,
            [
                (A, "HTT-A-1.1", True, "started", "2022-01", 3),
                (D, "HTT-A-1.1", True, "started", "2022-02", 3),
            ],
        ),
        ("2022-04", D, 4, []),
        ("2022-06", None, 3, []),  # nobody submitted in June
    ],
)
def test_stalled_subtasks(stalled_con, period, region_id, min_submissions, expected):
    frame = stalled_subtasks(
        stalled_con, period=period, region_id=region_id, min_submissions=min_submissions
    )
    actual = [
        (
            r.region_id,
            r.subtask_id,
            bool(r.critical),
            r.status,
            r.since.strftime("%Y-%m"),
            r.submissions,
        )
        for r in frame.itertuples()
    ]
    assert actual == expected


def test_overdue_stalled_counts(stalled_con):
    frame = overdue_stalled_counts(stalled_con, period="2022-05")
    assert frame.to_dict("records") == [
        {"region_id": A, "overdue": 1, "stalled": 2, "stalled_critical": 1},
        {"region_id": B, "overdue": 0, "stalled": 1, "stalled_critical": 0},
        {"region_id": C, "overdue": 0, "stalled": 0, "stalled_critical": 0},
    ]


def test_overdue_stalled_counts_without_submissions(db):
    assert overdue_stalled_counts(db.con, period=date(2022, 5, 1)).empty
