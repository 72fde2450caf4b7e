"""Write one sample workbook: the template filled in, then roughed up the way people's files
are (title rows added above the table, sheets renamed, the month or date typed by hand) before
the template writer saves it. Runs in worker processes, so everything it needs travels in the
FileSpec."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from common import catalogue
from loaders.reading.workbook_format import INFO_LABELS, INFO_SHEET, OBSERVATIONS_SHEET
from loaders.template.book import Book
from loaders.template.writer import ObservationValues, SubtaskValues, build_workbook

MAX_SHEET_NAME = 31  # Excel's limit


@dataclass(frozen=True)
class Mess:
    """How one file drifts from the template. Cell values set here replace the template's
    (None keeps it)."""

    title_rows: int = 0
    title_text: str = ""
    sheet_names: tuple[tuple[str, str], ...] = ()  # (group code, the sheet name used)
    region_cell: object = None
    period_cell: object = None
    updated_cell: object = None


@dataclass(frozen=True)
class FileSpec:
    path: Path
    region_id: str
    period: date
    values: dict[str, SubtaskValues]
    observations: tuple[ObservationValues, ...]
    filled_by: str
    updated: datetime
    mess: Mess = field(default_factory=Mess)


def sheet_aliases() -> dict[str, tuple[str, ...]]:
    """Group code -> the other names people give its sheet (from groups.csv), that fit in a
    sheet name."""
    return {
        group["group_code"]: tuple(
            alias
            for alias in dict.fromkeys([group["name_fi"], *group["sheet_aliases"].split("|")])
            if alias
            and alias != group["group_code"]
            and len(alias) <= MAX_SHEET_NAME
            and not any(ch in alias for ch in "[]:*?/\\")
        )
        for group in catalogue.groups()
    }


def _set_info(book: Book, key: str, value: object) -> None:
    sheet = book[INFO_SHEET]
    for (row, column), (label, _) in sorted(sheet.cells.items()):
        if column == 1 and label == INFO_LABELS[key]:
            sheet.set(row, 2, value)
            return


def apply_mess(book: Book, mess: Mess) -> None:
    """Rough up `book` in place as `mess` says."""
    for key, value in (
        ("region", mess.region_cell),
        ("period", mess.period_cell),
        ("updated", mess.updated_cell),
    ):
        if value is not None:
            _set_info(book, key, value)
    if mess.title_rows:
        for name in (*catalogue.GROUP_CODES, OBSERVATIONS_SHEET):
            sheet = book[name]
            sheet.insert_rows(mess.title_rows)
            sheet.set(1, 1, mess.title_text)
    for code, name in mess.sheet_names:
        book[code].name = name


def render(spec: FileSpec) -> Path:
    """Write the workbook of `spec` to spec.path; returns the path."""
    book = build_workbook(
        spec.region_id,
        spec.period,
        values=spec.values,
        observations=spec.observations,
        filled_by=spec.filled_by,
        updated=spec.updated,
        default_critical=(),
    )
    apply_mess(book, spec.mess)
    spec.path.parent.mkdir(parents=True, exist_ok=True)
    book.save(spec.path)
    return spec.path
