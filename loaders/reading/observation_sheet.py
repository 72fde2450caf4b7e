"""Rows of the Huomiot sheet: observations, wishes and risks, with severity and red flags."""

from __future__ import annotations

from common import catalogue
from loaders.reading.messages import problem
from loaders.reading.normalise import ValueProblem, parse_kind, parse_severity, parse_yes_no
from loaders.reading.rows import ObservationRow, ParsedWorkbook
from loaders.reading.sheets import cell, column_letter, find_header, text_value


def read_observation_sheet(
    sheet: str, rows: list[list[object]], parsed: ParsedWorkbook
) -> int | None:
    """Append the sheet's observations and problems to `parsed`; returns the header row's list
    index (None when there is none). A row without a description is empty, whatever else it
    holds (the template pre-fills drop-downs)."""
    found = find_header(rows, {"kind", "text"})
    if found is None:
        parsed.problems.append(problem("no_header", "warning", sheet=sheet))
        return None
    header_index, columns, _ = found
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        excel_row = index + 1
        text = text_value(cell(row, columns, "text"))
        if text is None:
            continue

        def where(key: str, row_number: int = excel_row) -> dict:
            return {"sheet": sheet, "row": row_number, "column": column_letter(columns.get(key, 0))}

        raw_kind = cell(row, columns, "kind")
        try:
            kind = parse_kind(raw_kind)
        except ValueProblem as error:
            parsed.problems.append(
                problem(
                    "bad_kind",
                    **where("kind"),
                    value=raw_kind,
                    detail=error.messages,
                )
            )
            continue
        severity = red_flag = None
        raw_severity = cell(row, columns, "severity")
        try:
            severity = parse_severity(raw_severity)
        except ValueProblem as error:
            parsed.problems.append(
                problem(
                    "bad_value",
                    "warning",
                    **where("severity"),
                    value=raw_severity,
                    detail=error.messages,
                )
            )
        raw_flag = cell(row, columns, "red_flag")
        try:
            red_flag = parse_yes_no(raw_flag)
        except ValueProblem as error:
            parsed.problems.append(
                problem(
                    "bad_value",
                    "warning",
                    **where("red_flag"),
                    value=raw_flag,
                    detail=error.messages,
                )
            )
        raw_group = text_value(cell(row, columns, "group"))
        observation = ObservationRow(
            seq=len(parsed.observations) + 1,
            kind=kind,
            group_code=catalogue.resolve_group(raw_group) if raw_group else None,
            text=text,
            severity=severity,
            red_flag=bool(red_flag),
            source_sheet=sheet,
            source_row=excel_row,
        )
        parsed.observations.append(tuple(observation))  # plain tuples travel cheaply
    return header_index
