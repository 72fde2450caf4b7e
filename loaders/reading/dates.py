"""The grammar of dates as people write them in a submission workbook.

Every accepted form is read as a Span: the first and last day it stands for and its unit.
`1.3.2022` is one day; `3/2022` and `maaliskuu 2022` a month; `Q2/2022` a quarter; `H1/2022`
a half-year; `kevät 2022` a season; `2022` a year. Winter (`talvi 2022`) is the winter that
ends in February of the year named (1.12.2021–28.2.2022), so every season of a year falls in
that year; `talvi 2022–2023` names the other one. Day-first always; a two-digit year
(`1.3.22`) is 20yy. Numbers are Excel serial days, except whole numbers 2019–2030 (years).

The words (months, seasons, quarter and half names, filler words) are passed in as a
DateWords read from data/vocabulary by loaders.reading.normalise, so this module reads no files."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

from common.catalogue import normalise

FIRST_YEAR, LAST_YEAR = 2019, 2030
# Excel's day 0 for every serial after 60 (its 1900 leap-year bug shifts the earlier ones).
_EXCEL_EPOCH = date(1899, 12, 30)
_LAST_SERIAL = 2_958_465  # 31.12.9999

_TIME = r"(?:[ t](?:klo ?)?\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?)?"
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME)
_DAY_FIRST = re.compile(r"(\d{1,2}) ?[./] ?(\d{1,2}) ?[./] ?(\d{4}|\d{2})\.?" + _TIME)
_MONTH_YEAR = re.compile(r"(\d{1,2}) ?[./-] ?(\d{4})")
_YEAR_MONTH = re.compile(r"(\d{4}) ?[./-] ?(\d{1,2})")
_WORD = r"([^\W\d_]+)\.?"
# A numbered part of a year: 'q2/2022', '2q 2022', '2. kvartaali 2022', '2022 q2', 'h1-2022'.
_PART = re.compile(rf"(?:([1-4])\.? ?{_WORD}|{_WORD} ?([1-4])) ?[/ -]? ?(\d{{4}})")
_PART_YEAR_FIRST = re.compile(rf"(\d{{4}}) ?[/ -]? ?{_WORD} ?([1-4])")
# A named month or season: 'maaliskuu 2022', 'mar-2022', 'talvi 2022-2023', '2022 maaliskuu'.
_NAMED = re.compile(rf"{_WORD} ?[/ -]? ?(\d{{4}})(?: ?[-/] ?(\d{{4}}|\d{{2}}))?")
_NAMED_YEAR_FIRST = re.compile(rf"(\d{{4}}) {_WORD}")
_YEAR = re.compile(r"(\d{4})")
_PART_MONTHS = {"quarter": 3, "half": 6}


class DateWords(NamedTuple):
    months: dict[str, int]  # word -> month number
    seasons: dict[str, tuple[int, int]]  # word -> (first month, last month)
    parts: dict[str, str]  # word -> 'quarter' | 'half'
    fillers: frozenset[str]  # words that do not change the date: 'mennessä', 'by'
    no_date: frozenset[str]  # whole values that say there is no date: '-', 'ei tiedossa'


def date_words(
    months: Iterable[dict[str, str]],
    seasons: Iterable[dict[str, str]],
    words: Iterable[dict[str, str]],
) -> DateWords:
    """The DateWords in the rows of months.csv, seasons.csv and date_words.csv."""
    kinds: dict[str, set[str]] = {
        "quarter": set(),
        "half": set(),
        "filler": set(),
        "no_date": set(),
    }
    for row in words:
        kinds[row["kind"]].add(normalise(row["word"]))
    return DateWords(
        months={normalise(row["word"]): int(row["month"]) for row in months},
        seasons={
            normalise(row["word"]): (int(row["start_month"]), int(row["end_month"]))
            for row in seasons
        },
        parts={word: kind for kind in ("quarter", "half") for word in kinds[kind]},
        fillers=frozenset(kinds["filler"]),
        no_date=frozenset(kinds["no_date"]),
    )


class Span(NamedTuple):
    first: date
    last: date
    unit: str  # 'day' | 'month' | 'quarter' | 'half' | 'season' | 'year'


class DateError(ValueError):
    """Why a value is not a date: a key of data/vocabulary/problems.csv and its fields."""

    def __init__(self, key: str, **fields: object):
        super().__init__(key)
        self.key = key
        self.fields = fields


def read_span(value: object, words: DateWords) -> Span | None:
    """The days a cell value stands for, or None when it says there is no date."""
    if isinstance(value, date):  # a datetime too: the time of day is dropped
        return _day(value.year, value.month, value.day)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise DateError("unknown_date")
    if isinstance(value, int | float):
        return _number(value)
    text = normalise(value)
    if text in words.no_date:
        return None
    text = " ".join(token for token in text.split(" ") if token not in words.fillers)
    for reader in (_numeric, _part, _named):
        if (span := reader(text, words)) is not None:
            return span
    raise DateError("unknown_date")


def _number(number: float) -> Span:
    if float(number).is_integer() and FIRST_YEAR <= number <= LAST_YEAR:
        return _year(int(number))
    if not 1 <= number <= _LAST_SERIAL:
        raise DateError("bad_serial")
    day = _EXCEL_EPOCH + timedelta(days=int(number))
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise DateError("bad_serial")
    return Span(day, day, "day")


def _numeric(text: str, words: DateWords) -> Span | None:
    if match := _ISO.fullmatch(text):
        return _day(int(match[1]), int(match[2]), int(match[3]))
    if match := _DAY_FIRST.fullmatch(text):
        year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
        return _day(year, int(match[2]), int(match[1]))
    if match := _MONTH_YEAR.fullmatch(text):
        return _months(int(match[2]), int(match[1]), int(match[1]), "month")
    if match := _YEAR_MONTH.fullmatch(text):
        return _months(int(match[1]), int(match[2]), int(match[2]), "month")
    if match := _YEAR.fullmatch(text):
        return _year(int(match[1]))
    return None


def _part(text: str, words: DateWords) -> Span | None:
    if match := _PART.fullmatch(text):
        number, word, year = match[1] or match[4], match[2] or match[3], match[5]
    elif match := _PART_YEAR_FIRST.fullmatch(text):
        year, word, number = match[1], match[2], match[3]
    else:
        return None
    unit = words.parts.get(word)
    if unit is None:
        return None
    length = _PART_MONTHS[unit]
    if int(number) * length > 12:
        raise DateError("no_such_date")
    last = int(number) * length
    return _months(int(year), last - length + 1, last, unit)


def _named(text: str, words: DateWords) -> Span | None:
    if match := _NAMED.fullmatch(text):
        word, year, second = match[1], int(match[2]), match[3]
    elif match := _NAMED_YEAR_FIRST.fullmatch(text):
        word, year, second = match[2], int(match[1]), None
    else:
        return None
    if word in words.months and second is None:
        return _months(year, words.months[word], words.months[word], "month")
    if word not in words.seasons:
        return None
    first, last = words.seasons[word]
    wraps = first > last
    if second is not None:
        # Only a winter spans two years, and only consecutive ones: 'talvi 2022-2023'.
        end = int(second) + (2000 if len(second) == 2 else 0)
        if not wraps or end != year + 1:
            raise DateError("unknown_date")
        year = end
    if wraps:
        _check_year(year)
        return Span(date(year - 1, first, 1), _month_end(year, last), "season")
    return _months(year, first, last, "season")


def _day(year: int, month: int, day: int) -> Span:
    _check_year(year)
    try:
        found = date(year, month, day)
    except ValueError:
        raise DateError("no_such_date") from None
    return Span(found, found, "day")


def _months(year: int, first: int, last: int, unit: str) -> Span:
    _check_year(year)
    if not 1 <= first <= last <= 12:
        raise DateError("no_such_date")
    return Span(date(year, first, 1), _month_end(year, last), unit)


def _year(year: int) -> Span:
    _check_year(year)
    return Span(date(year, 1, 1), date(year, 12, 31), "year")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _check_year(year: int) -> None:
    # Typo guard: the reform's reporting ran 2021-2023; a year far off is a slip of the keyboard.
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DateError("year_out_of_range", year=year, first=FIRST_YEAR, last=LAST_YEAR)
