"""The Perustiedot sheet: label -> value rows saying whose report this is and for which month.

People and programs move the labels: pandas writes a row number into column A, someone
inserts an empty column or a title row. A label counts wherever it stands in the first few
columns of a row; its value is the next filled cell to its right."""

from __future__ import annotations

from datetime import date, datetime

from common import catalogue
from loaders.reading.messages import WorkbookRejected, problem
from loaders.reading.normalise import ValueProblem, parse_date, parse_period
from loaders.reading.rows import ParsedWorkbook
from loaders.reading.sheets import column_letter, label_key, text_value
from loaders.reading.workbook_format import INFO_LABELS

LABEL_COLUMNS = 6  # a label may stand in any of the first columns (index, empty columns)


def _filled(value: object) -> bool:
    return isinstance(value, (date, datetime)) or text_value(value) is not None


def info_values(rows: list[list[object]]) -> dict[str, tuple[object, int, int]]:
    """Label key -> (value, row index, column index of the value) for label/value rows; the
    first row that gives a label wins. A label without a value points at the cell beside it."""
    found: dict[str, tuple[object, int, int]] = {}
    for r, row in enumerate(rows):
        for c, cell in enumerate(row[:LABEL_COLUMNS]):
            key = label_key(cell)
            if key not in INFO_LABELS:
                continue
            if key not in found:
                at = next((k for k in range(c + 1, len(row)) if _filled(row[k])), None)
                found[key] = (None, r, c + 1) if at is None else (row[at], r, at)
            break
    return found


def read_info(sheet: str, rows: list[list[object]]) -> ParsedWorkbook:
    """The region, month, filler and update time the sheet gives; raises WorkbookRejected when
    the region or the month is missing or unreadable."""
    values = info_values(rows)
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
                detail=error.messages,
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
                    detail=error.messages,
                )
            )
    elif isinstance(updated, date):
        parsed.reported_at = datetime(updated.year, updated.month, updated.day)
    return parsed
