"""Open red flags: when raised and how long open."""

import pytest
from metrics_db import A, B, C, D, built

from metrics.flags import open_red_flags


def build(db):
    for period in ("2022-01", "2022-02", "2022-03"):
        db.submit(A, period, {}, observations=[("Rahoitus", True, "HTT")])
    db.submit(B, "2022-01", {}, observations=[("Alku", True)])
    db.submit(B, "2022-02", {}, observations=[("Alku", False)])
    db.submit(
        B,
        "2022-03",
        {},
        observations=[("ICT", True, "ICT"), ("Yleinen", True), ("Ei lippua", False, "ICT")],
    )
    db.submit(C, "2022-01", {}, observations=[("Lippu", True)])
    db.submit(C, "2022-03", {}, observations=[("Lippu", True)])  # no February report
    db.submit(D, "2022-02", {}, observations=[("Lippu", True)])
    db.submit(D, "2022-03", {}, observations=[])


@pytest.fixture(scope="module")
def con():
    with built(build) as connection:
        yield connection


@pytest.mark.parametrize(
    ("period", "group_code", "expected"),
    [
        # region, flags, raised, months open; longest open first
        ("2022-03", None, [(A, 1, "2022-01", 3), (C, 1, "2022-01", 3), (B, 2, "2022-03", 1)]),
        ("2022-03", "ICT", [(B, 1, "2022-03", 1)]),
        ("2022-03", "HTT", [(A, 1, "2022-01", 3)]),
        ("2022-02", None, [(A, 1, "2022-01", 2), (D, 1, "2022-02", 1)]),
        ("2022-01", None, [(A, 1, "2022-01", 1), (B, 1, "2022-01", 1), (C, 1, "2022-01", 1)]),
        ("2022-04", None, []),
    ],
)
def test_open_red_flags(con, period, group_code, expected):
    frame = open_red_flags(con, period=period, group_code=group_code)
    actual = [
        (r.region_id, r.flags, r.raised.strftime("%Y-%m"), r.months_open)
        for r in frame.itertuples()
    ]
    assert actual == expected
