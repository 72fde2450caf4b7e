"""The submission workbook as plain data — sheets of cells with a named look, column widths,
drop-down lists, frozen panes, an auto filter — written as .xlsx by loaders.template.xlsx.

`loaders.template.writer` builds a Book, the sample generator may rough it up (rename sheets,
insert title rows, drop sheets, overwrite cells) and `save` writes it. Rows and columns count
from 1, as in Excel."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from loaders.template.xlsx import write_book

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
        write_book(self, target)
