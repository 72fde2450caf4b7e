"""Read one submission workbook into rows that mean something, keeping for every value the
sheet and row it came from, and every problem with its cell. Pure reading: nothing here
touches the database."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import python_calamine as calamine

from loaders import catalogue
from loaders.filecheck import check_file
from loaders.group_sheet import read_group_sheet
from loaders.hidden import hidden_content
from loaders.messages import WorkbookRejected, problem
from loaders.normalise import ValueProblem, parse_date, parse_period
from loaders.observation_sheet import read_observation_sheet
from loaders.rows import ParsedWorkbook
from loaders.sheets import column_letter, label_key, text_value
from loaders.workbook_format import INFO_SHEET, OBSERVATIONS_SHEET, SWEDISH_SHEETS
from loaders.xmlscan import SheetScan


def _open(path: Path) -> calamine.CalamineWorkbook:
    try:
        return calamine.CalamineWorkbook.from_path(str(path))
    except calamine.PasswordError:
        raise WorkbookRejected(problem("password")) from None
    except Exception as error:  # calamine raises several types for broken files
        raise WorkbookRejected(problem("corrupt", detail=type(error).__name__)) from None


def _rows(book: calamine.CalamineWorkbook, name: str) -> list[list[object]]:
    # Keep leading empty rows and columns so that list positions are Excel's row numbers.
    return book.get_sheet_by_name(name).to_python(skip_empty_area=False)


def read_workbook(path: Path) -> ParsedWorkbook:
    """The workbook at `path` as parsed rows and problems. Raises WorkbookRejected when the
    file as a whole cannot be loaded (not an .xlsx, no region or month, no group sheet)."""
    scans = check_file(path)
    book = _open(path)
    try:
        visible = {m.name: m.visible for m in book.sheets_metadata}
        names = list(book.sheet_names)
        _reject_uncached_formulas(names, scans)
        parsed = _read_info(book, names)
        info_sheet = _named(names, INFO_SHEET)
        _report_hidden(info_sheet, _rows(book, info_sheet), None, visible, scans, parsed)
        seen: dict[str, str] = {}
        first_rows: dict[str, tuple[str, int]] = {}
        for name in names:
            code = catalogue.resolve_group(name)
            if code is None:
                continue
            if code in seen:
                parsed.problems.append(
                    problem(
                        "duplicate_group_sheet", "warning", sheet=name, group=code, first=seen[code]
                    )
                )
                continue
            seen[code] = name
            rows = _rows(book, name)
            header = read_group_sheet(name, code, rows, parsed, first_rows)
            _report_hidden(name, rows, header, visible, scans, parsed)
        if not seen:
            raise WorkbookRejected(problem("no_group_sheets"))
        for code in catalogue.GROUP_CODES:
            if code not in seen:
                parsed.problems.append(problem("missing_group_sheet", "warning", group=code))
        observation_sheet = _named(names, OBSERVATIONS_SHEET)
        if observation_sheet:
            rows = _rows(book, observation_sheet)
            header = read_observation_sheet(observation_sheet, rows, parsed)
            _report_hidden(observation_sheet, rows, header, visible, scans, parsed)
        return parsed
    finally:
        book.close()


def _named(names: list[str], wanted: str) -> str | None:
    """The sheet among `names` called `wanted`, in Finnish or in Swedish (Perustiedot or
    Grunduppgifter), whatever the case; None when there is none."""
    forms = {wanted.casefold(), SWEDISH_SHEETS.get(wanted, wanted).casefold()}
    return next((n for n in names if catalogue.normalise(n) in forms), None)


def _reject_uncached_formulas(names: list[str], scans: dict[str, SheetScan]) -> None:
    """A formula that no program ever calculated reads as blank: refuse the file rather than
    store blanks (a status cell among them would count as not reported). Sheets the loader
    does not read (instructions) may hold them."""
    for name in names:
        scan = scans.get(name)
        read = catalogue.resolve_group(name) or _named([name], INFO_SHEET)
        read = read or _named([name], OBSERVATIONS_SHEET)
        if scan and scan.uncached_count and read:
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


def _info_values(rows: list[list[object]]) -> dict[str, tuple[object, int, int]]:
    """Label key -> (value, row index, column index) for label/value rows."""
    found: dict[str, tuple[object, int, int]] = {}
    for r, row in enumerate(rows):
        filled = [(c, v) for c, v in enumerate(row) if text_value(v) is not None]
        if len(filled) >= 1:
            key = label_key(filled[0][1])
            if key and key not in found:
                value = filled[1] if len(filled) > 1 else (None, None)
                found[key] = (value[1], r, value[0] if value[0] is not None else 1)
    return found


def _read_info(book: calamine.CalamineWorkbook, names: list[str]) -> ParsedWorkbook:
    sheet = _named(names, INFO_SHEET)
    if sheet is None:
        raise WorkbookRejected(problem("no_info_sheet"))
    values = _info_values(_rows(book, sheet))
    region_raw, r_row, r_col = values.get("region", (None, 0, 1))
    if text_value(region_raw) is None:
        raise WorkbookRejected(problem("no_region", sheet=sheet))
    region_id = catalogue.resolve_region(str(region_raw))
    if region_id is None:
        raise WorkbookRejected(
            problem(
                "unknown_region",
                sheet=sheet,
                row=r_row + 1,
                column=column_letter(r_col),
                value=region_raw,
            )
        )
    period_raw, p_row, p_col = values.get("period", (None, 0, 1))
    if text_value(period_raw) is None and not isinstance(period_raw, (date, datetime)):
        raise WorkbookRejected(problem("no_period", sheet=sheet))
    try:
        period = parse_period(period_raw)
    except ValueProblem as error:
        raise WorkbookRejected(
            problem(
                "bad_period",
                sheet=sheet,
                row=p_row + 1,
                column=column_letter(p_col),
                value=period_raw,
                detail=(error.message_fi, error.message_en),
            )
        ) from None
    parsed = ParsedWorkbook(region_id=region_id, period=period)
    parsed.filled_by = text_value(values.get("filled_by", (None,))[0])
    updated, u_row, u_col = values.get("updated", (None, 0, 1))
    if isinstance(updated, datetime):
        parsed.reported_at = updated
    elif updated is not None and text_value(updated) is not None:
        try:
            day = parse_date(updated)
            parsed.reported_at = datetime(day.year, day.month, day.day) if day else None
        except ValueProblem as error:
            parsed.problems.append(
                problem(
                    "bad_value",
                    "warning",
                    sheet=sheet,
                    row=u_row + 1,
                    column=column_letter(u_col),
                    value=updated,
                    detail=(error.message_fi, error.message_en),
                )
            )
    elif isinstance(updated, date):
        parsed.reported_at = datetime(updated.year, updated.month, updated.day)
    return parsed
