"""Rows of one preparation group's sheet: which subtask each row is about, and what it says.

A workbook holds some 560 subtask rows and a round of 22 workbooks repeats the same few
hundred distinct values (ids, statuses, Kyllä/Ei, month ends), so each cell value is read
once per process: the readers below are cached by value and type (1, 1.0 and True differ),
and a row costs a few dictionary look-ups."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache

from common import catalogue
from loaders.reading.messages import problem
from loaders.reading.normalise import ValueProblem, is_blank, parse_date, parse_status, parse_yes_no
from loaders.reading.rows import ParsedWorkbook
from loaders.reading.sheets import column_letter, find_header, text_value

_FULL_ID = re.compile(r"^([A-Z]+)\s*-\s*([A-Z])\s*-\s*(\d+)\.(\d+)\.?$")
_SHORT_ID = re.compile(r"^([A-Z])\s*[-.]?\s*(\d+)\.(\d+)\.?$")
_BARE_ID = re.compile(r"^(\d+)\.(\d+)\.?$")
_ENTITY = re.compile(r"^([A-Z])(?:[.)]|\s|$)")
_LEADING_NUMBER = re.compile(r"^(\d+)\.(\d+)\.?(?:\s|$)")
_DATA_COLUMNS = ("status", "critical", "expected_completion", "comment", "challenges")
_CACHE_SIZE = 1 << 14


@cache
def known_ids() -> frozenset[str]:
    return frozenset(s.subtask_id for s in catalogue.subtasks())


@lru_cache(maxsize=_CACHE_SIZE)
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


@lru_cache(maxsize=_CACHE_SIZE, typed=True)
def entity_letter(value: object) -> str | None:
    """The entity letter a cell of the entity column starts with ('A. Hallinto' -> 'A')."""
    text = text_value(value)
    if text and (match := _ENTITY.match(catalogue.normalise(text).upper())):
        return match[1]
    return None


@lru_cache(maxsize=_CACHE_SIZE, typed=True)
def id_text(id_cell: object, name_cell: object) -> str | None:
    raw = text_value(id_cell)
    name = text_value(name_cell)
    name_number = _LEADING_NUMBER.match(name.strip()) if name else None
    # A bare id typed into a number cell loses its trailing zero (1.10 -> 1.1); the number at
    # the start of the subtask's name, when there is one, is then the better witness.
    if name_number and (raw is None or isinstance(id_cell, float)):
        return f"{name_number[1]}.{name_number[2]}"
    return raw


def _cached_reading(parse):
    """`parse` cached by value and type, returning (result, None) or (None, ValueProblem)."""

    @lru_cache(maxsize=_CACHE_SIZE, typed=True)
    def read(value: object) -> tuple[object, ValueProblem | None]:
        try:
            return parse(value), None
        except ValueProblem as error:
            return None, error.with_traceback(None)  # cached: keep no frames alive

    return read


_status = _cached_reading(parse_status)
_yes_no = _cached_reading(parse_yes_no)
_date = _cached_reading(parse_date)
_text = lru_cache(maxsize=_CACHE_SIZE, typed=True)(text_value)
_blank = lru_cache(maxsize=_CACHE_SIZE, typed=True)(is_blank)


def _columns(body: list[list[object]], positions: list[int | None]) -> list[Sequence[object]]:
    """The cells of the columns at `positions` (None where a column or a cell is absent)."""
    if not body:
        return [() for _ in positions]
    if len(set(map(len, body))) == 1:  # calamine's rows are one width: transpose in C
        transposed = list(zip(*body, strict=True))
        width = len(transposed)
        return [
            transposed[p] if p is not None and p < width else (None,) * len(body) for p in positions
        ]
    return [
        [row[p] if p < len(row) else None for row in body] if p is not None else [None] * len(body)
        for p in positions
    ]


def read_group_sheet(
    sheet: str,
    group: str,
    rows: list[list[object]],
    parsed: ParsedWorkbook,
    first_rows: dict[str, tuple[str, int]],
) -> int | None:
    """Append the sheet's status rows and problems to `parsed`; returns the header row's list
    index (None when there is none). `first_rows` remembers where each id was first seen in
    this workbook, to report duplicates across sheets."""
    found = find_header(rows, {"subtask_id", "status"}) or find_header(rows, {"subtask", "status"})
    if found is None:
        parsed.problems.append(problem("no_header", sheet=sheet))
        return None
    header_index, columns, _ = found
    id_column = column_letter(columns.get("subtask_id", columns.get("subtask", 0)))
    where = {key: column_letter(columns.get(key, 0)) for key in _DATA_COLUMNS}
    keys = ("entity", "subtask_id", "subtask", *_DATA_COLUMNS)
    entities, ids, names, *data = _columns(
        rows[header_index + 1 :], [columns.get(key) for key in keys]
    )
    raw_status, raw_critical, raw_date, comments, challenges = data
    # Every cell read once per distinct value, column by column; the loop only decides.
    cells = zip(
        range(header_index + 2, len(rows) + 1),  # Excel's row number
        map(entity_letter, entities),
        map(id_text, ids, names),
        map(_status, raw_status),
        map(_yes_no, raw_critical),
        map(_date, raw_date),
        zip(*data, strict=True),
        strict=True,
    )
    known = known_ids()
    statuses = parsed.statuses
    entity: str | None = None
    for excel_row, letter, raw_id, status, critical, expected, row in cells:
        if letter:
            entity = letter
        if raw_id is None:
            if not all(map(_blank, row)):
                parsed.problems.append(
                    problem("missing_id", sheet=sheet, row=excel_row, column=id_column)
                )
            continue
        subtask_id = _subtask_id(raw_id, group, entity)
        if subtask_id is None or subtask_id not in known:
            parsed.problems.append(
                problem("unknown_id", sheet=sheet, row=excel_row, column=id_column, value=raw_id)
            )
            continue
        if subtask_id in first_rows:
            first_sheet, first_row = first_rows[subtask_id]
            shown_first = first_row if first_sheet == sheet else f"{first_sheet}!{first_row}"
            parsed.problems.append(
                problem(
                    "duplicate_id",
                    sheet=sheet,
                    row=excel_row,
                    column=id_column,
                    value=subtask_id,
                    first=shown_first,
                )
            )
            continue
        first_rows[subtask_id] = (sheet, excel_row)
        if status[1] is not None:
            _add(
                parsed, "bad_status", "error", sheet, excel_row, where["status"], row[0], status[1]
            )
            continue
        if critical[1] is not None:
            _add(
                parsed,
                "bad_value",
                "warning",
                sheet,
                excel_row,
                where["critical"],
                row[1],
                critical[1],
            )
        if expected[1] is not None:
            column = where["expected_completion"]
            _add(parsed, "bad_date", "warning", sheet, excel_row, column, row[2], expected[1])
        statuses.append(
            (  # a StatusRow as a plain tuple
                subtask_id,
                bool(critical[0]),
                status[0],
                _text(row[0]),
                expected[0],
                _text(row[3]),
                _text(row[4]),
                sheet,
                excel_row,
            )
        )
    return header_index


def _add(parsed, key, severity, sheet, row, column, value, error: ValueProblem) -> None:
    parsed.problems.append(
        problem(
            key,
            severity,
            sheet=sheet,
            row=row,
            column=column,
            value=value,
            detail=error.messages,
        )
    )
