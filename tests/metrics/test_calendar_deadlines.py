"""The reporting calendar: deadlines on the 5th, moved over weekends and Finnish holidays."""

from datetime import date

import pytest

from metrics.calendar import (
    add_months,
    as_month,
    deadline,
    easter_sunday,
    finnish_holidays,
    is_working_day,
    month_end,
)


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2022-01-01", "2022-01-05"),  # Wednesday
        ("2022-04-01", "2022-04-05"),  # Tuesday
        ("2022-03-01", "2022-03-07"),  # Saturday -> Monday
        ("2022-06-01", "2022-06-06"),  # Whit Sunday -> Monday
        ("2021-04-01", "2021-04-06"),  # Easter Monday -> Tuesday
        ("2026-04-01", "2026-04-07"),  # Easter Sunday, Easter Monday -> Tuesday
        ("2016-05-01", "2016-05-06"),  # Ascension Day (Thursday) -> Friday
        ("2020-01-01", "2020-01-07"),  # Sunday, then Epiphany on Monday -> Tuesday
        ("2021-12-01", "2021-12-07"),  # Sunday, then Independence Day -> Tuesday
    ],
)
def test_deadline(period, expected):
    assert deadline(date.fromisoformat(period)) == date.fromisoformat(expected)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2016, "2016-03-27"),
        (2019, "2019-04-21"),
        (2021, "2021-04-04"),
        (2022, "2022-04-17"),
        (2023, "2023-04-09"),
        (2026, "2026-04-05"),
    ],
)
def test_easter_sunday(year, expected):
    assert easter_sunday(year) == date.fromisoformat(expected)


def test_finnish_holidays_2022():
    expected = {
        "2022-01-01",
        "2022-01-06",
        "2022-04-15",
        "2022-04-17",
        "2022-04-18",
        "2022-05-01",
        "2022-05-26",
        "2022-06-05",
        "2022-06-24",
        "2022-06-25",
        "2022-11-05",
        "2022-12-06",
        "2022-12-24",
        "2022-12-25",
        "2022-12-26",
    }
    assert finnish_holidays(2022) == {date.fromisoformat(d) for d in expected}


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2022-06-23", True),
        ("2022-06-24", False),
        ("2022-12-06", False),
        ("2022-12-07", True),
        ("2022-03-05", False),
        ("2022-03-06", False),
        ("2022-03-07", True),
    ],
)
def test_is_working_day(day, expected):
    assert is_working_day(date.fromisoformat(day)) is expected


@pytest.mark.parametrize(
    ("period", "months", "expected"),
    [
        ("2022-03-01", 1, "2022-04-01"),
        ("2022-12-01", 1, "2023-01-01"),
        ("2022-01-01", -1, "2021-12-01"),
        ("2022-07-01", 6, "2023-01-01"),
    ],
)
def test_add_months(period, months, expected):
    assert add_months(date.fromisoformat(period), months) == date.fromisoformat(expected)


@pytest.mark.parametrize(
    ("period", "expected"),
    [("2022-02-01", "2022-02-28"), ("2024-02-01", "2024-02-29"), ("2022-12-01", "2022-12-31")],
)
def test_month_end(period, expected):
    assert month_end(date.fromisoformat(period)) == date.fromisoformat(expected)


@pytest.mark.parametrize("value", ["2022-03", "2022-03-15", date(2022, 3, 31), date(2022, 3, 1)])
def test_as_month(value):
    assert as_month(value) == date(2022, 3, 1)
