"""Pace of critical completion, the forecast date and the delivery-confidence rating."""

import math
from datetime import date

import pytest
from metrics_db import SUBTASKS, built

from metrics.pace import forecast_date, pace_forecast, rate_forecast, rating_definitions

D = date.fromisoformat


def statuses(done: int, applicable: int) -> dict[str, str]:
    """`applicable` critical rows of which the first `done` are done."""
    return {s: "!done" if i < done else "!started" for i, s in enumerate(SUBTASKS[:applicable])}


# region -> [(month, done, applicable)]; the forecast is asked for June 2022.
HISTORIES = {
    # Apr .25, May .25, Jun .5: slope .125 a month, .5 left = 4 months; July is after June.
    "ita-uusimaa": [("2022-04", 1, 4), ("2022-05", 1, 4), ("2022-06", 2, 4), ("2022-07", 4, 4)],
    # December is the seventh month back and is left out; Jan–Jun 0,0,1,1,2,2 of 6:
    # slope (8/6)/17.5 = 4/52.5, 2/3 left = 8.75 months from June = 1.2.2023 + .75 × 28 days.
    "keski-uusimaa": [("2021-12", 3, 6)]
    + [(f"2022-0{m}", d, 6) for m, d in zip(range(1, 7), (0, 0, 1, 1, 2, 2), strict=True)],
    # Apr 0/6, May has no critical row (skipped), Jun 1/6: slope 1/12, 10 months -> 1.4.2023.
    "lansi-uusimaa": [("2022-04", 0, 6), ("2022-05", 0, 0), ("2022-06", 1, 6)],
    "vantaa-kerava": [("2022-05", 2, 4), ("2022-06", 2, 4)],  # flat
    "varsinais-suomi": [("2022-05", 3, 4), ("2022-06", 2, 4)],  # regressing
    "satakunta": [("2022-05", 2, 4), ("2022-06", 4, 4)],  # complete
    "kanta-hame": [("2022-06", 2, 4)],  # one month
    "pirkanmaa": [("2022-06", 4, 4)],  # one month, complete
    "paijat-hame": [("2022-06", 0, 0)],  # nothing critical
    "kymenlaakso": [("2022-07", 2, 4)],  # nothing up to June: no row
    # A report from long ago still counts: slope .5 over 29 months, .5 left = 29 months.
    "etela-karjala": [("2020-01", 0, 4), ("2022-06", 2, 4)],
}

EXPECTED = [
    # region, months_used, latest_period, latest_rate, slope, complete, forecast, rating
    ("ita-uusimaa", 3, "2022-06-01", 0.5, 0.125, False, "2022-10-01", "on_track"),
    ("keski-uusimaa", 6, "2022-06-01", 1 / 3, 4 / 52.5, False, "2023-02-22", "at_risk"),
    ("lansi-uusimaa", 2, "2022-06-01", 1 / 6, 1 / 12, False, "2023-04-01", "off_track"),
    ("vantaa-kerava", 2, "2022-06-01", 0.5, 0.0, False, None, "off_track"),
    ("varsinais-suomi", 2, "2022-06-01", 0.5, -0.25, False, None, "off_track"),
    ("satakunta", 2, "2022-06-01", 1.0, 0.5, True, "2022-06-01", "on_track"),
    ("kanta-hame", 1, "2022-06-01", 0.5, math.nan, False, None, "off_track"),
    ("pirkanmaa", 1, "2022-06-01", 1.0, math.nan, True, "2022-06-01", "on_track"),
    ("paijat-hame", 0, None, math.nan, math.nan, False, None, "off_track"),
    ("etela-karjala", 2, "2022-06-01", 0.5, 0.5 / 29, False, "2024-11-01", "off_track"),
]


def build(db):
    for region_id, history in HISTORIES.items():
        for period, done, applicable in history:
            db.submit(region_id, period, statuses(done, applicable))


@pytest.fixture(scope="module")
def paced():
    with built(build) as con:
        yield pace_forecast(con, period="2022-06")


def test_pace_forecast_regions_in_order(paced):
    assert list(paced["region_id"]) == [row[0] for row in EXPECTED]


@pytest.mark.parametrize("expected", EXPECTED, ids=[row[0] for row in EXPECTED])
def test_pace_forecast(paced, expected):
    region_id, months_used, latest, rate, slope, complete, forecast, rating = expected
    row = paced.set_index("region_id").loc[region_id]
    assert row.months_used == months_used
    assert row.latest_period == (D(latest) if latest else None)
    assert row.latest_rate == pytest.approx(rate, nan_ok=True)
    assert row.slope_per_month == pytest.approx(slope, nan_ok=True)
    assert bool(row.complete) is complete
    assert row.forecast_date == (D(forecast) if forecast else None)
    assert row.rating == rating


@pytest.mark.parametrize(
    ("latest", "rate", "slope", "expected"),
    [
        ("2022-06-01", 0.5, 0.125, "2022-10-01"),
        ("2022-01-01", 0.5, 0.2, "2022-03-16"),  # 2.5 months: March + 15.5 of its 31 days
        ("2022-06-01", 1 / 3, 4 / 52.5, "2023-02-22"),
        ("2022-06-01", 1.0, math.nan, "2022-06-01"),
        ("2022-06-01", 0.5, 0.0, None),
        ("2022-06-01", 0.5, -0.1, None),
        ("2022-06-01", 0.5, math.nan, None),
        ("2022-06-01", 0.5, 1e-6, None),  # beyond a century
    ],
)
def test_forecast_date(latest, rate, slope, expected):
    assert forecast_date(D(latest), rate, slope) == (D(expected) if expected else None)


@pytest.mark.parametrize(
    ("complete", "forecast", "expected"),
    [
        (False, "2022-12-31", "on_track"),
        (False, "2023-01-01", "at_risk"),
        (False, "2023-03-31", "at_risk"),
        (False, "2023-04-01", "off_track"),
        (False, None, "off_track"),
        (True, None, "on_track"),
        (True, "2023-05-01", "on_track"),
    ],
)
def test_rate_forecast(complete, forecast, expected):
    forecast = D(forecast) if forecast else None
    assert rate_forecast(complete, forecast, rating_definitions()) == expected


def test_rating_definitions_file():
    ratings = rating_definitions()
    assert list(ratings["code"]) == ["on_track", "at_risk", "off_track"]
    assert list(ratings["forecast_by"]) == [D("2022-12-31"), D("2023-03-31"), None]
    for column in ("fi", "en", "definition_fi", "definition_en"):
        assert ratings[column].str.len().min() > 0
    assert ratings["colour"].str.fullmatch(r"#[0-9A-F]{6}").all()
    assert ratings["colour"].is_unique
