"""What Excel hides on a sheet that the loader reads anyway: hidden rows and columns that hold
data, and merged cells that hide values or spread one value over several rows. Each becomes
a warning naming the sheet and the rows, columns or range; the data is loaded as read, so
nothing hidden is loaded silently."""

from __future__ import annotations

import re

from loaders.reading.messages import Problem, problem
from loaders.reading.normalise import is_blank
from loaders.reading.sheets import column_letter
from loaders.safety.xmlscan import SheetScan, column_index

_RANGE = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Za-z]{1,3})\$?([0-9]{1,7}))?")


def hidden_content(
    sheet: str, rows: list[list[object]], first_data_row: int, scan: SheetScan
) -> list[Problem]:
    """Warnings for `sheet`, whose parsed grid is `rows` (list index = Excel row - 1). Hidden
    columns and merged ranges count from `first_data_row` (Excel's numbering) down: a hidden
    column's header or a merged title is harmless."""
    found: list[Problem] = []
    hidden_rows = [r for r in scan.hidden_rows if 0 < r <= len(rows) and _filled(rows[r - 1])]
    if hidden_rows:
        shown = _spans(hidden_rows, str)
        found.append(problem("hidden_rows", "warning", sheet=sheet, row=hidden_rows[0], rows=shown))
    body = rows[first_data_row - 1 :]  # a hidden column's header alone is no data
    hidden_columns = sorted(
        c for c in scan.hidden_columns if any(c < len(r) and not is_blank(r[c]) for r in body)
    )
    if hidden_columns:
        shown = _spans(hidden_columns, column_letter)
        found.append(
            problem(
                "hidden_columns",
                "warning",
                sheet=sheet,
                column=column_letter(hidden_columns[0]),
                columns=shown,
            )
        )
    for ref in scan.merged:
        if (warning := _merge_warning(sheet, rows, first_data_row, ref)) is not None:
            found.append(warning)
    return found


def _merge_warning(sheet, rows, first_data_row, ref: str) -> Problem | None:
    """A warning when the merged range `ref` reaches the data rows and either spans several
    rows (one value shown for all, read for the first only) or covers a cell other than its
    first that holds a value (read, but Excel does not show it)."""
    match = _RANGE.fullmatch(ref.strip())
    if match is None:
        return None
    top, left = int(match[2]), column_index(match[1].upper())
    bottom = int(match[4] or top)
    right = min(column_index((match[3] or match[1]).upper()), max(map(len, rows), default=0))
    if bottom < first_data_row:
        return None
    covered = (
        (r, c)
        for r in range(top, min(bottom, len(rows)) + 1)
        for c in range(left, right + 1)
        if (r, c) != (top, left)
    )
    hides_value = any(c < len(rows[r - 1]) and not is_blank(rows[r - 1][c]) for r, c in covered)
    if bottom == top and not hides_value:
        return None
    first = f"{column_letter(left)}{top}"
    return problem(
        "merged_cells",
        "warning",
        sheet=sheet,
        row=top,
        column=column_letter(left),
        value=ref,
        first=first,
    )


def _filled(row: list[object]) -> bool:
    return any(not is_blank(value) for value in row)


def _spans(numbers: list[int], show) -> str:
    """'5–7, 12' for [5, 6, 7, 12]; `show` turns a number into its text (a column letter)."""
    spans: list[list[int]] = []
    for number in numbers:
        if spans and number == spans[-1][1] + 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    return ", ".join(show(a) if a == b else f"{show(a)}–{show(b)}" for a, b in spans)
