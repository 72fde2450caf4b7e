"""The submission workbook as plain data — sheets of cells with a named look, column widths,
drop-down lists, frozen panes, an auto filter — and its writing as .xlsx with XlsxWriter.

`loaders.template.writer` builds a Book, the sample generator may rough it up (rename sheets,
insert title rows, drop sheets, overwrite cells) and `save` writes it. Rows and columns count
from 1, as in Excel."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

import xlsxwriter

from loaders.template.styles import DATE_FORMAT, DATETIME_FORMAT, LOOKS, TEXT_FORMAT

Cell = tuple[object, str]  # (value, look: a key of styles.LOOKS)


@dataclass
class Choices:
    """A drop-down list on one column's rows `first`..`last`."""

    column: int
    first: int
    last: int
    words: tuple[str, ...]


@dataclass
class Sheet:
    name: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)  # column -> Excel character units
    choices: list[Choices] = field(default_factory=list)
    freeze: tuple[int, int] | None = None  # the top left cell that scrolls (row, column)
    filter: tuple[int, int, int, int] | None = None  # first row, column, last row, column

    def value(self, row: int, column: int) -> object:
        """The value of a cell; None when it is empty."""
        return self.cells.get((row, column), (None, ""))[0]

    def set(self, row: int, column: int, value: object, look: str | None = None) -> None:
        """Put `value` in a cell; the cell keeps its look unless `look` is given. An empty
        string leaves the cell empty."""
        kept = self.cells.get((row, column), (None, "plain"))[1]
        self.cells[row, column] = (None if value == "" else value, look or kept)

    def add_choices(self, column: int, first: int, last: int, words: Sequence[str]) -> None:
        """A drop-down list of `words` on rows `first`..`last` of `column`."""
        self.choices.append(Choices(column, first, last, tuple(words)))

    def insert_rows(self, count: int) -> None:
        """Insert `count` empty rows above row 1, moving everything down as Excel does."""
        self.cells = {(row + count, col): cell for (row, col), cell in self.cells.items()}
        self.choices = [
            Choices(c.column, c.first + count, c.last + count, c.words) for c in self.choices
        ]
        if self.freeze:
            self.freeze = (self.freeze[0] + count, self.freeze[1])
        if self.filter:
            first, left, last, right = self.filter
            self.filter = (first + count, left, last + count, right)


@dataclass
class Book:
    sheets: list[Sheet] = field(default_factory=list)

    @property
    def sheetnames(self) -> list[str]:
        return [sheet.name for sheet in self.sheets]

    def __iter__(self) -> Iterator[Sheet]:
        return iter(self.sheets)

    def __getitem__(self, name: str) -> Sheet:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise KeyError(name)

    def __delitem__(self, name: str) -> None:
        self.sheets.remove(self[name])

    def add(self, name: str) -> Sheet:
        """A new empty sheet at the end; returns it."""
        self.sheets.append(Sheet(name))
        return self.sheets[-1]

    def save(self, target: Path | BinaryIO) -> None:
        """Write the book as an .xlsx file to `target`, a path or a binary file object."""
        target = str(target) if isinstance(target, Path) else target
        with xlsxwriter.Workbook(target, {"in_memory": True}) as workbook:
            formats = _Formats(workbook)
            for sheet in self.sheets:
                _write_sheet(workbook.add_worksheet(sheet.name), sheet, formats)


class _Formats:
    """XlsxWriter formats by (look, number format), each made once per workbook."""

    def __init__(self, workbook: xlsxwriter.Workbook):
        self.workbook = workbook
        self.made: dict[tuple[str, str | None], object] = {}

    def get(self, look: str, number_format: str | None):
        key = (look, number_format)
        if key not in self.made:
            properties = dict(LOOKS[look])
            if number_format:
                properties["num_format"] = number_format
            self.made[key] = self.workbook.add_format(properties) if properties else None
        return self.made[key]


def _number_format(value: object) -> str | None:
    if isinstance(value, datetime):
        return DATETIME_FORMAT
    if isinstance(value, date):
        return DATE_FORMAT
    # "@" keeps Excel from turning "3/2022" into a date when someone edits the cell.
    return TEXT_FORMAT if isinstance(value, str) else None


def _write_sheet(out, sheet: Sheet, formats: _Formats) -> None:
    for column, width in sheet.widths.items():
        out.set_column(column - 1, column - 1, width)
    for (row, column), (value, look) in sheet.cells.items():
        style = formats.get(look, _number_format(value))
        if isinstance(value, str):
            out.write_string(row - 1, column - 1, value, style)
        elif isinstance(value, (date, datetime)):
            out.write_datetime(row - 1, column - 1, value, style)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            out.write_number(row - 1, column - 1, value, style)
        elif value is None:
            out.write_blank(row - 1, column - 1, None, style)
        else:
            raise TypeError(f"cannot write {value!r} to sheet {sheet.name}")
    for c in sheet.choices:
        out.data_validation(
            c.first - 1, c.column - 1, c.last - 1, c.column - 1,
            # Lenient: people may still type a synonym (the loader maps them), so no error.
            {"validate": "list", "source": list(c.words), "ignore_blank": True,
             "show_error": False, "error_type": "warning"},
        )  # fmt: skip
    if sheet.freeze:
        out.freeze_panes(sheet.freeze[0] - 1, sheet.freeze[1] - 1)
    if sheet.filter:
        first, left, last, right = sheet.filter
        out.autofilter(first - 1, left - 1, last - 1, right - 1)
