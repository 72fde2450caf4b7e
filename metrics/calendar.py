"""Reporting calendar: the monthly deadline and Finnish working days.

A submission for period 2022-03-01 is the March 2022 report. Its deadline is the 5th of the
reporting month, moved to the next working day when the 5th falls on a weekend or a Finnish
public holiday (the official ones plus Midsummer Eve and Christmas Eve, when offices close)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

DEADLINE_DAY = 5

# (month, day) of the holidays that fall on the same date every year.
_FIXED_HOLIDAYS = ((1, 1), (1, 6), (5, 1), (12, 6), (12, 24), (12, 25), (12, 26))
# Days from Easter Sunday: Good Friday, Easter Sunday, Easter Monday, Ascension Day, Whitsun.
_EASTER_OFFSETS = (-2, 0, 1, 39, 49)


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday) // 451
    month, day = divmod(h + weekday - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _saturday_on_or_after(day: date) -> date:
    return day + timedelta(days=(5 - day.weekday()) % 7)


@cache
def finnish_holidays(year: int) -> frozenset[date]:
    """The Finnish public holidays of `year` on which offices are closed, as dates."""
    days = {date(year, month, day) for month, day in _FIXED_HOLIDAYS}
    easter = easter_sunday(year)
    days |= {easter + timedelta(days=offset) for offset in _EASTER_OFFSETS}
    midsummer_day = _saturday_on_or_after(date(year, 6, 20))
    days |= {midsummer_day - timedelta(days=1), midsummer_day}
    days.add(_saturday_on_or_after(date(year, 10, 31)))  # All Saints' Day
    return frozenset(days)


def is_working_day(day: date) -> bool:
    """True on Monday to Friday unless the day is a Finnish public holiday."""
    return day.weekday() < 5 and day not in finnish_holidays(day.year)


def next_working_day(day: date) -> date:
    """`day` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def deadline(period: date) -> date:
    """The submission deadline of the report for the month of `period`: the 5th of that month,
    or the next working day."""
    return next_working_day(date(period.year, period.month, DEADLINE_DAY))


def month_end(period: date) -> date:
    """The last day of the month of `period`."""
    following = date(period.year + period.month // 12, period.month % 12 + 1, 1)
    return following - timedelta(days=1)


def add_months(period: date, months: int) -> date:
    """The first day of the month `months` after (or before, if negative) the month of
    `period`."""
    index = period.year * 12 + period.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def as_month(value: date | str) -> date:
    """The first day of the month `value` falls in; accepts a date, datetime, pandas
    Timestamp or an ISO string ('2022-03' or '2022-03-15')."""
    if isinstance(value, str):
        value = date.fromisoformat(value + "-01" if len(value) == 7 else value[:10])
    return date(value.year, value.month, 1)
