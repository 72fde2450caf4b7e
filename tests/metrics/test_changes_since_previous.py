"""What changed in a region since its previous submission."""

import pytest
from metrics_db import A, B, C, D, built, month

from metrics.changes import changes_since_previous, previous_period


def build(db):
    db.submit(A, "2022-01", {"HTT-A-1.1": "!not_started"}, observations=[("Vanha huomio", False)])
    db.submit(
        A,
        "2022-02",
        {
            "HTT-A-1.1": "!started",
            "HTT-A-1.2": "advanced",
            "HTT-A-1.3": "!done",
            "JO-A-1.1": "!not_started",
            "JO-A-1.2": "",
            "ICT-A-1.1": "!started",
        },
        due={"HTT-A-1.1": "2022-02-20", "JO-A-1.1": "2022-02-01", "ICT-A-1.1": "2022-03-15"},
        observations=[("Rahoitus  riittämätön", True), ("ICT-aikataulu", False)],
    )
    db.submit(
        A,
        "2022-03",
        {
            "HTT-A-1.1": "!done",
            "HTT-A-1.2": "done",
            "HTT-A-1.3": "!advanced",
            "JO-A-1.1": "!started",
            "JO-A-1.2": "advanced",
            "ICT-A-1.1": "!started",
        },
        due={"HTT-A-1.1": "2022-02-20", "JO-A-1.1": "2022-02-01", "ICT-A-1.1": "2022-03-15"},
        observations=[("rahoitus riittämätön", True), ("Henkilöstöpula", False)],
    )
    db.submit(B, "2022-02", {"HTT-A-1.1": "started"}, observations=[("Apua", True)])
    db.submit(B, "2022-03", {"HTT-A-1.1": "not_applicable"}, observations=[("Apua", False)])
    db.submit(C, "2022-02", {}, observations=[("Kaikki hyvin", False)])
    db.submit(C, "2022-03", {}, observations=[("Kaikki hyvin", False), ("Tukea", True)])
    db.submit(
        D,
        "2022-03",
        {"HTT-A-1.1": "!started"},
        due={"HTT-A-1.1": "2022-01-31"},
        observations=[("Ensimmäinen", True)],
    )


@pytest.fixture(scope="module")
def con():
    with built(build) as connection:
        yield connection


MOVE = ["subtask_id", "critical", "previous_status", "status"]


@pytest.mark.parametrize(
    ("region_id", "period", "key", "columns", "expected"),
    [
        (
            A,
            "2022-03",
            "newly_done",
            MOVE,
            [("HTT-A-1.1", True, "started", "done"), ("HTT-A-1.2", False, "advanced", "done")],
        ),
        (A, "2022-03", "moved_forward", MOVE, [("JO-A-1.1", True, "not_started", "started")]),
        (A, "2022-03", "moved_back", MOVE, [("HTT-A-1.3", True, "done", "advanced")]),
        # JO-A-1.1 was overdue in February already; ICT-A-1.1 is due 15.3.
        (A, "2022-03", "newly_overdue", ["subtask_id", "since"], [("ICT-A-1.1", "2022-03-15")]),
        (A, "2022-03", "new_observations", ["text", "red_flag"], [("Henkilöstöpula", False)]),
        (A, "2022-03", "flags_raised", ["text"], []),  # flagged both months
        (A, "2022-03", "flags_lowered", ["text"], []),
        (A, "2022-02", "moved_forward", MOVE, [("HTT-A-1.1", True, "not_started", "started")]),
        (A, "2022-02", "flags_raised", ["text"], [("Rahoitus  riittämätön",)]),
        (B, "2022-03", "moved_back", MOVE, []),  # to not applicable is not a move
        (B, "2022-03", "new_observations", ["text"], []),
        (B, "2022-03", "flags_lowered", ["text", "red_flag"], [("Apua", True)]),
        (B, "2022-03", "flags_raised", ["text"], []),
        (C, "2022-03", "flags_raised", ["text"], [("Tukea",)]),
        (C, "2022-03", "new_observations", ["text"], [("Tukea",)]),
        # D's first submission: no moves, everything else is new.
        (D, "2022-03", "moved_forward", MOVE, []),
        (D, "2022-03", "newly_overdue", ["subtask_id"], [("HTT-A-1.1",)]),
        (D, "2022-03", "new_observations", ["text"], [("Ensimmäinen",)]),
        (D, "2022-03", "flags_raised", ["text"], [("Ensimmäinen",)]),
        # A did not submit in April: nothing, not even a lowered flag.
        (A, "2022-04", "flags_lowered", ["text"], []),
        (A, "2022-04", "newly_done", MOVE, []),
    ],
)
def test_changes_since_previous(con, region_id, period, key, columns, expected):
    frame = changes_since_previous(con, region_id=region_id, period=period)[key]
    rows = [
        tuple(v.date().isoformat() if hasattr(v, "date") else v for v in row)
        for row in frame[columns].itertuples(index=False)
    ]
    assert rows == expected


def test_changes_since_previous_keys_and_columns(con):
    result = changes_since_previous(con, region_id=A, period="2022-04")
    assert list(result) == [
        "newly_done",
        "moved_forward",
        "moved_back",
        "newly_overdue",
        "new_observations",
        "flags_raised",
        "flags_lowered",
    ]
    assert all(frame.empty for frame in result.values())
    assert "subtask_name" in result["moved_back"].columns
    assert "severity" in result["flags_lowered"].columns


@pytest.mark.parametrize(
    ("region_id", "period", "expected"),
    [
        (A, "2022-03", "2022-02"),
        (A, "2022-01", None),
        (A, "2022-05", "2022-03"),
        (D, "2022-03", None),
    ],
)
def test_previous_period(con, region_id, period, expected):
    got = previous_period(con, region_id=region_id, period=period)
    assert got == (month(expected) if expected else None)
