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
            [  # region order, then the longest overdue first
                (A, "ICT-A-1.1", None, "2022-02-01"),
                (A, "HTT-A-1.1", "started", "2022-02-15"),
                (A, "HTT-A-1.2", "advanced", "2022-03-31"),
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
                (B, "HTT-A-1.2", False, "not_started", "2022-03", 3),  # its phase has begun
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
                # Not started although its phase (VATE, from 7/2021) has begun: however short
                # the run.
                (B, "HTT-A-1.2", False, "not_started", "2022-03", 2),
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


def build_urgency(db):
    statuses = {
        "ICT-A-1.1": "!not_started",  # overdue: stalled (due), first
        "HTT-A-1.3": "not_started",  # due within the next month: stalled (due)
        "JO-A-1.1": "not_started",  # not started, not yet due: not stalled
        "JO-A-1.2": "!started",  # no move in three reports, critical: before HTT-A-1.1
        "HTT-A-1.1": "started",  # no move in three reports, due on the same day
        "HTT-A-1.2": "not_started",  # a VATE task; phase 3 began 7/2021 (phase)
    }
    due = {
        "ICT-A-1.1": "2022-04-15",
        "HTT-A-1.3": "2022-06-20",
        "JO-A-1.1": "2022-09-30",
        "JO-A-1.2": "2022-08-31",
        "HTT-A-1.1": "2022-08-31",
        "HTT-A-1.2": "2022-12-31",
    }
    db.submit(A, "2022-03", statuses, due=due)
    db.submit(A, "2022-04", statuses, due=due)
    db.submit(A, "2022-05", statuses, due=due)
    db.submit(A, "2022-06", {**statuses, "HTT-A-1.1": "advanced"}, due=due)
    # Before the VATE phase began its work not started is not stalled; from July it is.
    db.submit(B, "2021-06", {"HTT-A-1.1": "not_started"})
    db.submit(B, "2021-07", {"HTT-A-1.1": "not_started"})


@pytest.fixture(scope="module")
def urgency_con():
    with built(build_urgency) as connection:
        yield connection


@pytest.mark.parametrize(
    ("period", "region_id", "scope", "expected"),
    [
        (
            "2022-05",
            A,
            "all",
            [
                ("ICT-A-1.1", "due", -46, True),
                ("HTT-A-1.3", "due", 20, False),
                ("JO-A-1.2", "no_move", 92, False),
                ("HTT-A-1.1", "no_move", 92, False),
                ("HTT-A-1.2", "phase", 214, False),
            ],
        ),
        (
            "2022-05",
            A,
            "critical",
            [("ICT-A-1.1", "due", -46, True), ("JO-A-1.2", "no_move", 92, False)],
        ),
        # HTT-A-1.1 moved to advanced: no longer stalled; HTT-A-1.3 is now overdue.
        (
            "2022-06",
            A,
            "all",
            [
                ("ICT-A-1.1", "due", -76, True),
                ("HTT-A-1.3", "due", -10, True),
                ("JO-A-1.2", "no_move", 62, False),
                ("HTT-A-1.2", "phase", 184, False),
            ],
        ),
        ("2021-06", B, "all", []),
        ("2021-07", B, "all", [("HTT-A-1.1", "phase", None, False)]),
    ],
)
def test_stalled_is_work_that_should_move_most_urgent_first(
    urgency_con, period, region_id, scope, expected
):
    frame = stalled_subtasks(urgency_con, period=period, region_id=region_id, scope=scope)
    actual = [
        (
            r.subtask_id,
            r.reason,
            None if pd.isna(r.days_left) else int(r.days_left),
            bool(r.overdue),
        )
        for r in frame.itertuples()
    ]
    assert actual == expected


def test_stalled_refuses_an_unknown_scope(urgency_con):
    with pytest.raises(ValueError, match="scope"):
        stalled_subtasks(urgency_con, period="2022-05", scope="kriittiset")


def test_overdue_comes_longest_overdue_first(overdue_con):
    frame = overdue_subtasks(overdue_con, period="2022-03", region_id=A)
    assert list(frame["subtask_id"]) == ["ICT-A-1.1", "HTT-A-1.1", "HTT-A-1.2"]
    assert list(frame["days_left"]) == [-58, -44, 0]
