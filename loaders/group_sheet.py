"""Rows of one preparation group's sheet: which subtask each row is about, and what it says."""

from __future__ import annotations

import re
from functools import cache

from loaders import catalogue
from loaders.messages import problem
from loaders.normalise import ValueProblem, is_blank, parse_date, parse_status, parse_yes_no
from loaders.rows import ParsedWorkbook, StatusRow
from loaders.sheets import cell, column_letter, find_header, text_value

_FULL_ID = re.compile(r"^([A-Z]+)\s*-\s*([A-Z])\s*-\s*(\d+)\.(\d+)\.?$")
_SHORT_ID = re.compile(r"^([A-Z])\s*[-.]?\s*(\d+)\.(\d+)\.?$")
_BARE_ID = re.compile(r"^(\d+)\.(\d+)\.?$")
_ENTITY = re.compile(r"^([A-Z])(?:[.)]|\s|$)")
_LEADING_NUMBER = re.compile(r"^(\d+)\.(\d+)\.?(?:\s|$)")
_DATA_COLUMNS = ("status", "critical", "expected_completion", "comment", "challenges")


@cache
def known_ids() -> frozenset[str]:
    return frozenset(s.subtask_id for s in catalogue.subtasks())


def _subtask_id(raw: str, group: str, entity: str | None) -> str | None:
    """The full id for an id written in full, short or bare form, or None if unreadable."""
    text = catalogue.normalise(raw).upper()
    if match := _FULL_ID.match(text):
        return f"{match[1]}-{match[2]}-{int(match[3])}.{int(match[4])}"
    if match := _SHORT_ID.match(text):
        return f"{group}-{match[1]}-{int(match[2])}.{int(match[3])}"
    if (match := _BARE_ID.match(text)) and entity:
        return f"{group}-{entity}-{int(match[1])}.{int(match[2])}"
    return None


def read_group_sheet(
    sheet: str,
    group: str,
    rows: list[list[object]],
    parsed: ParsedWorkbook,
    first_rows: dict[str, tuple[str, int]],
) -> None:
    """Append the sheet's status rows and problems to `parsed`. `first_rows` remembers where
    each id was first seen in this workbook, to report duplicates across sheets."""
    found = find_header(rows, {"subtask_id", "status"}) or find_header(rows, {"subtask", "status"})
    if found is None:
        parsed.problems.append(problem("no_header", sheet=sheet))
        return
    header_index, columns, _ = found
    entity: str | None = None
    id_column = column_letter(columns.get("subtask_id", columns.get("subtask", 0)))
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        excel_row = index + 1
        entity_text = text_value(cell(row, columns, "entity"))
        if entity_text and (match := _ENTITY.match(catalogue.normalise(entity_text).upper())):
            entity = match[1]
        raw_id = _raw_id(row, columns)
        has_data = any(not is_blank(cell(row, columns, key)) for key in _DATA_COLUMNS)
        if raw_id is None:
            if has_data:
                parsed.problems.append(
                    problem("missing_id", sheet=sheet, row=excel_row, column=id_column)
                )
            continue
        subtask_id = _subtask_id(raw_id, group, entity)
        if subtask_id is None or subtask_id not in known_ids():
            parsed.problems.append(
                problem("unknown_id", sheet=sheet, row=excel_row, column=id_column, value=raw_id)
            )
            continue
        if subtask_id in first_rows:
            first_sheet, first_row = first_rows[subtask_id]
            where = first_row if first_sheet == sheet else f"{first_sheet}!{first_row}"
            parsed.problems.append(
                problem(
                    "duplicate_id",
                    sheet=sheet,
                    row=excel_row,
                    column=id_column,
                    value=subtask_id,
                    first=where,
                )
            )
            continue
        first_rows[subtask_id] = (sheet, excel_row)
        status_row = _status_row(sheet, excel_row, subtask_id, row, columns, parsed)
        if status_row is not None:
            parsed.statuses.append(status_row)


def _raw_id(row: list[object], columns: dict[str, int]) -> str | None:
    raw = text_value(cell(row, columns, "subtask_id"))
    name = text_value(cell(row, columns, "subtask"))
    name_number = _LEADING_NUMBER.match(name.strip()) if name else None
    # A bare id typed into a number cell loses its trailing zero (1.10 -> 1.1); the number at
    # the start of the subtask's name, when there is one, is then the better witness.
    if name_number and (raw is None or isinstance(cell(row, columns, "subtask_id"), float)):
        return f"{name_number[1]}.{name_number[2]}"
    return raw


def _status_row(sheet, excel_row, subtask_id, row, columns, parsed) -> StatusRow | None:
    def where(key: str) -> dict:
        return {"sheet": sheet, "row": excel_row, "column": column_letter(columns.get(key, 0))}

    raw_status = cell(row, columns, "status")
    try:
        status = parse_status(raw_status)
    except ValueProblem as error:
        parsed.problems.append(
            problem(
                "bad_status",
                **where("status"),
                value=raw_status,
                detail=(error.message_fi, error.message_en),
            )
        )
        return None
    critical = False
    raw_critical = cell(row, columns, "critical")
    try:
        critical = bool(parse_yes_no(raw_critical))
    except ValueProblem as error:
        parsed.problems.append(
            problem(
                "bad_value",
                "warning",
                **where("critical"),
                value=raw_critical,
                detail=(error.message_fi, error.message_en),
            )
        )
    expected = None
    raw_date = cell(row, columns, "expected_completion")
    try:
        expected = parse_date(raw_date)
    except ValueProblem as error:
        parsed.problems.append(
            problem(
                "bad_date",
                "warning",
                **where("expected_completion"),
                value=raw_date,
                detail=(error.message_fi, error.message_en),
            )
        )
    return StatusRow(
        subtask_id=subtask_id,
        critical=critical,
        status=status,
        status_raw=text_value(raw_status),
        expected_completion=expected,
        comment=text_value(cell(row, columns, "comment")),
        challenges=text_value(cell(row, columns, "challenges")),
        source_sheet=sheet,
        source_row=excel_row,
    )
