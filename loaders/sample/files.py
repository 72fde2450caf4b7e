"""From the story to file specs: which files exist, what their cells say and how each region
habitually fills the workbook (renamed sheets, its own words for statuses, dates typed as
text), plus the one-off mess: title rows, a month typed by hand, a late or corrected file."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from common import catalogue
from loaders.reading.workbook_format import STATUS_CHOICES
from loaders.sample.data import fillers, region_starts, rng, status_spellings
from loaders.sample.render import FileSpec, Mess, sheet_aliases
from loaders.sample.rows import Row
from loaders.sample.story import month_at
from loaders.template.writer import STATUS_CODES, ObservationValues, SubtaskValues

DEADLINE_DAY = 5
LATE_DAY = 12
TITLE_ROWS_CHANCE = 0.06
TYPED_PERIOD_CHANCE = 0.08
TYPED_UPDATED_CHANCE = 0.05
SHORT_NAME_CHANCE = 0.05
STYLE_CHANCE = 0.7  # a region with its own status words uses them in most months
TEXT_DATE_CHANCE = 0.6
STRAY_LATE_CHANCE = 0.005


@dataclass(frozen=True)
class Habits:
    """How a region fills its workbooks from month index `since` on."""

    filled_by: str
    since: int
    sheet_names: tuple[tuple[str, str], ...] = ()
    status_style: str | None = None  # a style of data/sample_texts/statuses.csv
    text_dates: bool = False
    swedish_name: bool = False


def habits(seed: int, region_ids: list[str]) -> dict[str, Habits]:
    """Region id -> its habits; a few regions rename sheets, use their own status words or
    type dates as text."""
    r = rng(seed, "habits")
    bilingual = [i for i in region_ids if "sv" in region_starts()[i]["languages"].split("|")]
    swedish = r.choice(bilingual)
    others = [i for i in region_ids if i != swedish]
    styled = dict.fromkeys(r.sample(others, 3), "arki") | {r.choice(others): "prosentti"}
    styled[swedish] = "ruotsi"
    renamers = set(r.sample(region_ids, 4))
    text_dates = set(r.sample(region_ids, 3))
    aliases = sheet_aliases()
    found = {}
    for region_id in region_ids:
        own = rng(seed, "habit", region_id)
        names = tuple(
            (code, own.choice(aliases[code]))
            for code in catalogue.GROUP_CODES
            if region_id in renamers and aliases[code] and own.random() < 0.7
        )
        found[region_id] = Habits(
            filled_by=own.choice(fillers()["taytta"]),
            since=own.randint(1, 8),
            sheet_names=names,
            status_style=styled.get(region_id),
            text_dates=region_id in text_dates,
            swedish_name=region_id == swedish,
        )
    return found


@cache
def _month_end(index: int) -> date:
    month = month_at(index)
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def cells(
    rows: dict[str, Row], critical: frozenset[str], r, style: str | None, text_dates: bool
) -> dict[str, SubtaskValues]:
    """The cells of every subtask row of one file."""
    labels = dict(zip(STATUS_CODES, STATUS_CHOICES, strict=True))
    words = status_spellings().get(style or "", {})
    share = r.uniform(0.3, 1.0)
    values = {}
    for subtask_id, row in rows.items():
        status = labels[row.status] if row.status else None
        if row.status in words and r.random() < share:
            status = r.choice(words[row.status])
        expected: date | str | None = None
        if row.expected is not None:
            expected = _month_end(row.expected)
            if text_dates:
                expected = f"{expected.day}.{expected.month}.{expected.year}"
        values[subtask_id] = SubtaskValues(
            subtask_id in critical, status, expected, row.comment, row.challenges
        )
    return values


def updated_at(r, period: date, day: int | None = None) -> datetime:
    """When the file was saved: a working day from the 1st to the 5th unless `day` is given."""
    if day is None:
        weekdays = [d for d in range(1, DEADLINE_DAY + 1) if period.replace(day=d).weekday() < 5]
        day = r.choice(weekdays)
    return datetime(period.year, period.month, day, r.randint(8, 16), r.randint(0, 59))


def file_spec(
    seed: int,
    path: Path,
    region_id: str,
    t: int,
    rows: dict[str, Row],
    observations: list[ObservationValues],
    critical: frozenset[str],
    habit: Habits,
    day: int | None = None,
) -> FileSpec:
    """The spec of one file; `day` forces the day of the month it was saved."""
    r = rng(seed, "file", path.name)
    period = month_at(t)
    settled = t >= habit.since
    style = habit.status_style if settled and r.random() < STYLE_CHANCE else None
    text_dates = habit.text_dates and settled and r.random() < TEXT_DATE_CHANCE
    values = cells(rows, critical, r, style, text_dates)
    if day is None and r.random() < STRAY_LATE_CHANCE:
        day = r.randint(DEADLINE_DAY + 3, DEADLINE_DAY + 9)
    updated = updated_at(r, period, day)
    region = next(x for x in catalogue.regions() if x["region_id"] == region_id)
    region_cell = None
    if habit.swedish_name and style:
        region_cell = region["name_sv"]
    elif r.random() < SHORT_NAME_CHANCE:
        region_cell = region["short_fi"]
    title_rows = r.choice((1, 2)) if r.random() < TITLE_ROWS_CHANCE else 0
    mess = Mess(
        title_rows=title_rows,
        title_text=r.choice(fillers()["otsikko"]) if title_rows else "",
        sheet_names=habit.sheet_names if settled else (),
        region_cell=region_cell,
        period_cell=(
            r.choice((f"{period.month}/{period.year}", datetime(period.year, period.month, 1)))
            if r.random() < TYPED_PERIOD_CHANCE
            else None
        ),
        updated_cell=(
            f"{updated.day}.{updated.month}.{updated.year}"
            if r.random() < TYPED_UPDATED_CHANCE
            else None
        ),
    )
    return FileSpec(
        path, region_id, period, values, tuple(observations), habit.filled_by, updated, mess
    )
