"""Read one submission workbook into rows that mean something, keeping for every value the
sheet and row it came from, and every problem with its cell. Pure reading: nothing here
touches the database. The workbook may be an .xlsx, an .ods or an .xls (loaders.safety.formats)."""

from __future__ import annotations

import io
from pathlib import Path

import python_calamine as calamine

from common import catalogue
from loaders.reading.group_sheet import read_group_sheet
from loaders.reading.hidden import hidden_content
from loaders.reading.info_sheet import read_info
from loaders.reading.messages import WorkbookRejected, problem
from loaders.reading.observation_sheet import read_observation_sheet
from loaders.reading.rows import ParsedWorkbook
from loaders.reading.sheet_groups import group_sheets, unread_groups
from loaders.reading.sheets import column_letter
from loaders.reading.workbook_format import (
    INFO_SHEET,
    INSTRUCTIONS_SHEET,
    OBSERVATIONS_SHEET,
    SWEDISH_SHEETS,
)
from loaders.safety.filecheck import CheckedFile, check_file
from loaders.safety.xmlscan import MAX_COLUMNS, MAX_ROWS, SheetScan


def _open(checked: CheckedFile) -> calamine.CalamineWorkbook:
    # From the bytes, never the file name: calamine then tells the format from the content.
    try:
        return calamine.CalamineWorkbook.from_filelike(io.BytesIO(checked.raw))
    except calamine.PasswordError:
        raise WorkbookRejected(problem("password")) from None
    except Exception as error:  # calamine raises several types for broken files
        key = {"xls": "xls", "ods": "ods"}.get(checked.kind, "corrupt")
        raise WorkbookRejected(problem(key, detail=type(error).__name__)) from None


def _rows(book: calamine.CalamineWorkbook, name: str) -> list[list[object]]:
    # Keep leading empty rows and columns so that list positions are Excel's row numbers.
    return book.get_sheet_by_name(name).to_python(skip_empty_area=False)


def read_workbook(path: Path) -> ParsedWorkbook:
    """The workbook at `path` as parsed rows and problems. Raises WorkbookRejected when the
    file as a whole cannot be loaded (not a workbook, no region or month, no group sheet);
    a workbook with no status filled in comes back with `refusal` set."""
    checked = check_file(path)
    scans = checked.scans
    book = _open(checked)
    try:
        visible = {m.name: m.visible for m in book.sheets_metadata}
        names = list(book.sheet_names)
        if checked.kind != "xlsx":  # the XML scan covers .xlsx; bound the others here
            _reject_far_sheets(book, names)
        rows: dict[str, list[list[object]]] = {}

        def rows_of(name: str) -> list[list[object]]:
            if name not in rows:
                rows[name] = _rows(book, name)
            return rows[name]

        info_sheet = _named(names, INFO_SHEET)
        if info_sheet is None:
            raise WorkbookRejected(problem("no_info_sheet"))
        observation_sheet = _named(names, OBSERVATIONS_SHEET)
        skip = {info_sheet, observation_sheet, _named(names, INSTRUCTIONS_SHEET)}
        groups, sheet_problems = group_sheets(names, rows_of, skip)
        _reject_uncached_formulas([info_sheet, *groups.values(), observation_sheet], scans)
        parsed = read_info(info_sheet, rows_of(info_sheet))
        _report_hidden(info_sheet, rows_of(info_sheet), None, visible, scans, parsed)
        if not groups:
            raise WorkbookRejected(problem("no_group_sheets"))
        parsed.problems += sheet_problems
        first_rows: dict[str, tuple[str, int]] = {}
        for code, name in groups.items():
            header = read_group_sheet(name, code, rows_of(name), parsed, first_rows)
            _report_hidden(name, rows_of(name), header, visible, scans, parsed)
        parsed.problems += unread_groups(groups, names, parsed.statuses)
        if observation_sheet:
            sheet_rows = rows_of(observation_sheet)
            header = read_observation_sheet(observation_sheet, sheet_rows, parsed)
            _report_hidden(observation_sheet, sheet_rows, header, visible, scans, parsed)
        if not _statuses_filled(parsed):
            month = f"{parsed.period.month}/{parsed.period.year}"
            parsed.refusal = problem("empty_workbook", month=month)
        return parsed
    finally:
        book.close()


def _statuses_filled(parsed: ParsedWorkbook) -> int:
    """How many status cells the workbook fills, readable or not."""
    unreadable = sum(p.key == "bad_status" for p in parsed.problems)
    return unreadable + sum(row[2] is not None for row in parsed.statuses)


def _reject_far_sheets(book: calamine.CalamineWorkbook, names: list[str]) -> None:
    """The far-cell limit for formats without an XML scan, from the parsed sheet's size."""
    for name in names:
        sheet = book.get_sheet_by_name(name)
        # calamine's total_height and total_width are the last row's and column's 0-based index.
        height, width = sheet.total_height + 1, sheet.total_width + 1
        if height > MAX_ROWS or width > MAX_COLUMNS:
            raise WorkbookRejected(
                problem(
                    "far_cell_sheet",
                    sheet=name,
                    sheet_name=name,
                    rows_found=height,
                    columns_found=column_letter(width - 1),
                    rows=MAX_ROWS,
                    columns=column_letter(MAX_COLUMNS - 1),
                )
            )


def _named(names: list[str], wanted: str) -> str | None:
    """The sheet among `names` called `wanted`, in Finnish or in Swedish (Perustiedot or
    Grunduppgifter), whatever the case; None when there is none."""
    forms = {wanted.casefold(), SWEDISH_SHEETS.get(wanted, wanted).casefold()}
    return next((n for n in names if catalogue.normalise(n) in forms), None)


def _reject_uncached_formulas(read: list[str | None], scans: dict[str, SheetScan]) -> None:
    """A formula that no program ever calculated reads as blank: refuse the file rather than
    store blanks (a status cell among them would count as not reported). Sheets the loader
    does not read (instructions) may hold them."""
    for name in read:
        scan = scans.get(name) if name else None
        if scan and scan.uncached_count:
            cell = scan.uncached_formulas[0]
            letters = cell.rstrip("0123456789")
            raise WorkbookRejected(
                problem(
                    "formula_without_value",
                    sheet=name,
                    row=int(cell[len(letters) :]),
                    column=letters,
                    value=cell,
                    sheet_name=name,
                    count=scan.uncached_count,
                )
            )


def _report_hidden(
    name: str,
    rows: list[list[object]],
    header: int | None,
    visible: dict[str, object],
    scans: dict[str, SheetScan],
    parsed: ParsedWorkbook,
) -> None:
    """Warn about what Excel hides on a sheet that was read: the sheet itself, rows and columns
    that hold data, and merged cells below the header row (`header` is its list index; None
    when every row is data)."""
    state = visible.get(name)
    if state == calamine.SheetVisibleEnum.VeryHidden:
        parsed.problems.append(problem("very_hidden_sheet", "warning", sheet=name))
    elif state != calamine.SheetVisibleEnum.Visible:
        parsed.problems.append(problem("hidden_sheet", "warning", sheet=name))
    scan = scans.get(name)
    if scan is None:
        return
    first_data_row = 1 if header is None else header + 2
    parsed.problems += hidden_content(name, rows, first_data_row, scan)
