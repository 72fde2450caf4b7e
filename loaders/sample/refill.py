"""Refill one built workbook with the next month's answers instead of building it afresh: a
region's workbooks differ only in their cells, and building is half the cost of a file.

A refilled workbook must read exactly like build_workbook's for the same spec; the sample
tests compare the two cell by cell."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from common import catalogue
from loaders.reading.sheets import find_header
from loaders.reading.workbook_format import INFO_LABELS, INFO_SHEET, OBSERVATIONS_SHEET
from loaders.sample.render import FileSpec, apply_mess, render
from loaders.template.styles import style_value
from loaders.template.writer import YES_NO_CHOICES, build_workbook

YES, NO = YES_NO_CHOICES
_ROW_KEYS = ("critical", "status", "expected_completion", "comment", "challenges")
_OBSERVATION_KEYS = ("kind", "group", "text", "severity", "red_flag")


def _header(sheet) -> tuple[int, dict[str, int]]:
    """(Excel row of the header, column key -> Excel column) of a built table."""
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(max_row=10)]
    found = find_header(rows, {"subtask_id", "status"}) or find_header(rows, {"kind", "text"})
    if found is None:
        raise ValueError(f"no header on sheet {sheet.title}")
    index, columns, _ = found
    return index + 1, {key: col + 1 for key, col in columns.items()}


def _set(cell, value) -> None:
    if cell.value != value:
        style_value(cell, value)


class Refill:
    """One region's workbook, built for its first spec and refilled for each later one.
    Every cell a spec or its mess may change is reset by `refill`."""

    def __init__(self, spec: FileSpec):
        self.base_month = f"{spec.period:%Y-%m}"
        self.book: Workbook = build_workbook(
            spec.region_id,
            spec.period,
            values=spec.values,
            observations=spec.observations,
            filled_by=spec.filled_by,
            updated=spec.updated,
            default_critical=(),
        )
        labels = {label: key for key, label in INFO_LABELS.items()}
        self.info = {
            labels[label.value]: (value, value.value)
            for label, value in self.book[INFO_SHEET].iter_rows(min_col=1, max_col=2)
            if label.value in labels
        }
        self.sheets = {
            name: self.book[name] for name in (*catalogue.GROUP_CODES, OBSERVATIONS_SHEET)
        }
        self.titles = {
            name: sheet.cell(row=1, column=1).value for name, sheet in self.sheets.items()
        }
        self.rows: dict[str, tuple[str, int]] = {}
        self.columns: dict[str, dict[str, int]] = {}
        for code in catalogue.GROUP_CODES:
            header, self.columns[code] = _header(self.sheets[code])
            ids = self.sheets[code].iter_rows(
                min_row=header + 1, min_col=self.columns[code]["subtask_id"],
                max_col=self.columns[code]["subtask_id"],
            )  # fmt: skip
            self.rows |= {cell.value: (code, cell.row) for (cell,) in ids if cell.value}
        self.notes_header, self.notes_columns = _header(self.sheets[OBSERVATIONS_SHEET])
        self.notes_used = len(spec.observations)
        apply_mess(self.book, spec.mess)

    def _month(self, value: object, month: str) -> object:
        return value.replace(self.base_month, month) if isinstance(value, str) else value

    def refill(self, spec: FileSpec) -> None:
        """Put the cells of `spec` (same region, any month) in place of the current ones."""
        month = f"{spec.period:%Y-%m}"
        for name, sheet in self.sheets.items():
            sheet.title = name
            _set(sheet.cell(row=1, column=1), self._month(self.titles[name], month))
        given_info = {"filled_by": spec.filled_by, "updated": spec.updated}
        for key, (cell, original) in self.info.items():
            _set(cell, given_info.get(key, self._month(original, month)))
        for subtask_id, values in spec.values.items():
            code, row = self.rows[subtask_id]
            sheet, columns = self.sheets[code], self.columns[code]
            critical = YES if values.critical else NO
            given = (critical, values.status, values.expected_completion, values.comment,
                     values.challenges)  # fmt: skip
            for key, value in zip(_ROW_KEYS, given, strict=True):
                _set(sheet.cell(row=row, column=columns[key]), value)
        notes = self.sheets[OBSERVATIONS_SHEET]
        for index in range(max(self.notes_used, len(spec.observations))):
            given = (None,) * len(_OBSERVATION_KEYS)
            if index < len(spec.observations):
                o = spec.observations[index]
                flag = o.red_flag if isinstance(o.red_flag, str) else YES if o.red_flag else NO
                given = (o.kind, o.group, o.text, o.severity, flag)
            row = self.notes_header + 1 + index
            for key, value in zip(_OBSERVATION_KEYS, given, strict=True):
                _set(notes.cell(row=row, column=self.notes_columns[key]), value)
        self.notes_used = len(spec.observations)
        apply_mess(self.book, spec.mess)


def render_region(specs: list[FileSpec]) -> list[Path]:
    """Write one region's files, each as render(spec) would; returns their paths. A file with
    title rows added is built afresh, since inserting rows moves every cell below."""
    refill: Refill | None = None
    for spec in specs:
        if spec.mess.title_rows:
            render(spec)
            continue
        if refill is None:
            refill = Refill(spec)
        else:
            refill.refill(spec)
        spec.path.parent.mkdir(parents=True, exist_ok=True)
        refill.book.save(spec.path)
    return [spec.path for spec in specs]
