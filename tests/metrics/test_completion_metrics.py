"""Completion, coverage, national distribution and change, against hand-counted figures."""

import math
from datetime import date

import pandas as pd
import pytest
from metrics_db import A, B, C, D, E, month, submit_national_march

from metrics.completion import (
    available_periods,
    completion,
    completion_change,
    national_distribution,
    reporting_coverage,
)

NAN = math.nan


def same(actual, expected) -> bool:
    if expected is None or (isinstance(expected, float) and math.isnan(expected)):
        return actual is None or actual != actual
    if isinstance(expected, float):
        return actual == pytest.approx(expected)
    return actual == expected


# Region A, March 2022: HTT 1.1 !done, 1.2 !started, 1.3 not applicable; JO 1.1 done,
# JO 1.2 blank; ICT 1.1 not in the workbook.
@pytest.mark.parametrize(
    ("scope", "group_code", "applicable", "done", "reported", "rate"),
    [
        ("all", "ALL", 5, 2, 3, 0.4),
        ("all", "HTT", 2, 1, 2, 0.5),
        ("all", "JO", 2, 1, 1, 0.5),
        ("all", "ICT", 1, 0, 0, 0.0),
        ("critical", "ALL", 2, 1, 2, 0.5),
        ("critical", "HTT", 2, 1, 2, 0.5),
        ("critical", "JO", 0, 0, 0, NAN),
        ("critical", "ICT", 0, 0, 0, NAN),
    ],
)
def test_completion_counts(db, scope, group_code, applicable, done, reported, rate):
    submit_national_march(db)
    frame = completion(db.con, scope=scope, period="2022-03", region_id=A, group_code=group_code)
    assert len(frame) == 1
    row = frame.iloc[0]
    assert (row.applicable, row.done, row.reported) == (applicable, done, reported)
    assert same(row.completion_rate, rate)


def test_completion_rows_and_order(db):
    submit_national_march(db)
    db.submit(A, "2022-04", {"HTT-A-1.1": "!done"})
    frame = completion(db.con, scope="critical", region_id=A)
    assert list(zip(frame["period"].dt.date, frame["group_code"], strict=True)) == [
        (month(p), g) for p in ("2022-03", "2022-04") for g in ("ALL", "HTT", "JO", "ICT")
    ]
    march = completion(db.con, scope="all", period=date(2022, 3, 1), group_code="ALL")
    assert list(march["region_id"]) == [A, B, C, D, E]


def test_completion_uses_the_newest_file_of_a_month(db):
    db.submit(A, "2022-03", {"HTT-A-1.1": "!started"}, loaded_at="2022-03-02T10:00")
    db.submit(A, "2022-03", {"HTT-A-1.1": "!done"}, loaded_at="2022-03-03T10:00")
    frame = completion(db.con, period="2022-03", group_code="ALL")
    assert list(frame["completion_rate"]) == [1.0]


def test_completion_rejects_unknown_scope(db):
    with pytest.raises(ValueError, match="scope"):
        completion(db.con, scope="kriittinen")


@pytest.mark.parametrize(
    ("region_id", "group_code", "reported", "applicable", "coverage"),
    [
        (A, "ALL", 3, 5, 0.6),
        (A, "HTT", 2, 2, 1.0),
        (A, "JO", 1, 2, 0.5),
        (A, "ICT", 0, 1, 0.0),
        (E, "HTT", 1, 2, 0.5),  # 1.3 not applicable, 1.2 not listed
        (B, "ALL", 2, 6, 2 / 6),
    ],
)
def test_reporting_coverage(db, region_id, group_code, reported, applicable, coverage):
    submit_national_march(db)
    frame = reporting_coverage(db.con, period="2022-03").set_index(["region_id", "group_code"])
    row = frame.loc[(region_id, group_code)]
    assert (row.reported, row.applicable) == (reported, applicable)
    assert row.coverage == pytest.approx(coverage)


def test_reporting_coverage_with_nothing_applicable(db):
    db.submit(A, "2022-03", {s: "not_applicable" for s in ("JO-A-1.1", "JO-A-1.2")})
    row = reporting_coverage(db.con, period="2022-03").set_index("group_code").loc["JO"]
    assert (row.reported, row.applicable) == (0, 0)
    assert math.isnan(row.coverage)


# Critical rates in March: ALL A .5, B 1, C .5 (2 of 4), D 0, E none;
# HTT A .5, B 1, C 0, D 0; JO only C .5; ICT only C 1.
@pytest.mark.parametrize(
    ("group_code", "regions", "median", "q1", "q3", "low", "high"),
    [
        ("ALL", 4, 0.5, 0.375, 0.625, 0.0, 1.0),
        ("HTT", 4, 0.25, 0.0, 0.625, 0.0, 1.0),
        ("JO", 1, 0.5, 0.5, 0.5, 0.5, 0.5),
        ("ICT", 1, 1.0, 1.0, 1.0, 1.0, 1.0),
    ],
)
def test_national_distribution(db, group_code, regions, median, q1, q3, low, high):
    submit_national_march(db)
    frame = national_distribution(db.con, scope="critical").set_index("group_code")
    row = frame.loc[group_code]
    assert row.regions == regions
    assert [row["median"], row.q1, row.q3, row["min"], row["max"]] == pytest.approx(
        [median, q1, q3, low, high]
    )


def test_national_distribution_month_without_submissions(db):
    submit_national_march(db)
    assert national_distribution(db.con, period="2022-04").empty
    assert list(national_distribution(db.con)["group_code"]) == ["ALL", "HTT", "JO", "ICT"]


def test_national_distribution_until_a_month_leaves_out_the_later_months(db):
    """The national page's trend as it stood in the month shown: a later month's row would
    put a point on the chart that the headline's month has not reached."""
    db.submit(A, "2022-01", {"HTT-A-1.1": "!started"})
    submit_national_march(db)
    months = sorted({p.date() for p in national_distribution(db.con)["period"]})
    assert months == [date(2022, 1, 1), date(2022, 3, 1)]
    until = national_distribution(db.con, until="2022-02")
    assert sorted({p.date() for p in until["period"]}) == [date(2022, 1, 1)]
    assert len(national_distribution(db.con, until="2022-03")) == len(national_distribution(db.con))


CHANGE_HISTORY = [
    (
        A,
        "2022-01",
        {
            "HTT-A-1.1": "!started",
            "HTT-A-1.2": "!started",
            "JO-A-1.1": "!done",
            "JO-A-1.2": "!started",
        },
    ),
    (
        A,
        "2022-03",
        {
            "HTT-A-1.1": "!done",
            "HTT-A-1.2": "!started",
            "HTT-A-1.3": "!done",
            "JO-A-1.1": "!done",
            "JO-A-1.2": "!started",
        },
    ),
    (B, "2022-02", {"HTT-A-1.1": "!done"}),
    (B, "2022-03", {"HTT-A-1.1": "!done", "HTT-A-1.2": "!started"}),
    (C, "2022-03", {"ICT-A-1.1": "!done"}),
    (D, "2022-02", {"HTT-A-1.1": "!done"}),
]


@pytest.mark.parametrize(
    ("region_id", "group_code", "previous", "rate", "previous_rate", "change_pp"),
    [
        (A, "ALL", "2022-01", 0.6, 0.25, 35.0),  # February missing: compared with January
        (A, "HTT", "2022-01", 2 / 3, 0.0, 200 / 3),
        (A, "JO", "2022-01", 0.5, 0.5, 0.0),
        (A, "ICT", "2022-01", NAN, NAN, NAN),
        (B, "ALL", "2022-02", 0.5, 1.0, -50.0),
        (B, "HTT", "2022-02", 0.5, 1.0, -50.0),
        (C, "ALL", None, 1.0, NAN, NAN),  # first submission
    ],
)
def test_completion_change(db, region_id, group_code, previous, rate, previous_rate, change_pp):
    for args in CHANGE_HISTORY:
        db.submit(*args)
    frame = completion_change(db.con, scope="critical", period="2022-03")
    assert sorted(set(frame["region_id"])) == sorted([A, B, C])  # D did not report in March
    assert len(frame) == 12
    row = frame.set_index(["region_id", "group_code"]).loc[(region_id, group_code)]
    expected_previous = month(previous) if previous else None
    previous_actual = None if pd.isna(row.previous_period) else row.previous_period.date()
    assert previous_actual == expected_previous
    assert same(row.rate, rate)
    assert same(row.previous_rate, previous_rate)
    assert same(row.change_pp, change_pp)


def test_available_periods(db):
    assert available_periods(db.con) == []
    for args in CHANGE_HISTORY:
        db.submit(*args)
    assert available_periods(db.con) == [month("2022-01"), month("2022-02"), month("2022-03")]
