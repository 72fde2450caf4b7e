"""The blank submission workbook (tilannekuvapohja, version 1) for one region and month,
generated from the roadmap catalogue and optionally pre-filled with last month's answers.

The format (sheet names, header labels, choices) comes from `loaders.reading.workbook_format`, the
rows from `common.catalogue`; the look from `loaders.template.styles`. The workbook is built as a
`loaders.template.book.Book` and written by `loaders.template.xlsx`: the dashboard's download,
`python -m loaders template` and the sample all go through here."""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb

from common import catalogue
from common.settings import ROADMAP_DIR

# The choices are re-exported for the sample generator.
from loaders.reading.workbook_format import (
    FORMAT_VERSION,
    STATUS_CHOICES,  # noqa: F401
    STATUS_CODES,
    SUBTASK_COLUMNS,
    YES_NO_CHOICES,
)
from loaders.template import styles as template_styles
from loaders.template.book import Book
from loaders.template.words import FINNISH, TemplateWords, swedish_instruction_rows, template_words

VERSION_LABEL = FINNISH.version_label
EMPTY_OBSERVATION_ROWS = 30
YES, NO = YES_NO_CHOICES


@dataclass(frozen=True)
class SubtaskValues:
    """What to pre-fill on one subtask row; status and dates as people write them."""

    critical: bool = False
    status: str | None = None
    expected_completion: date | str | None = None
    comment: str | None = None
    challenges: str | None = None


@dataclass(frozen=True)
class ObservationValues:
    """One row of the Huomiot sheet, as written; red_flag True/False becomes Kyllä/Ei."""

    kind: str
    group: str | None
    text: str
    severity: str | None
    red_flag: bool | str = False


def default_critical_ids() -> frozenset[str]:
    """Subtask ids listed in data/roadmap/critical_sample.csv (column subtask_id), or an empty
    set when the file does not exist."""
    path = ROADMAP_DIR / "critical_sample.csv"
    if not path.exists():
        return frozenset()
    with path.open(encoding="utf-8", newline="") as handle:
        return frozenset(row["subtask_id"].strip() for row in csv.DictReader(handle))


def _region_name(region_id: str, lang: str = "fi") -> str:
    for region in catalogue.regions():
        if region["region_id"] == region_id:
            return region[f"name_{lang}"]
    known = ", ".join(r["region_id"] for r in catalogue.regions())
    raise ValueError(f"Unknown region id {region_id!r}; expected one of: {known}")


def _check_values(values: Mapping[str, SubtaskValues]) -> None:
    unknown = sorted(set(values) - {s.subtask_id for s in catalogue.subtasks()})
    if unknown:
        shown = ", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else "")
        raise ValueError(f"{len(unknown)} subtask id(s) not in the roadmap catalogue: {shown}")


def _subtask_row(
    subtask: catalogue.Subtask,
    given: SubtaskValues | None,
    critical_ids: Collection[str],
    words: TemplateWords = FINNISH,
) -> list[object]:
    # Criticality is the region's own assessment: what it said last, else the default list.
    critical = given.critical if given is not None else subtask.subtask_id in critical_ids
    given = given or SubtaskValues()
    cells = {
        "subtask_id": subtask.subtask_id,
        "entity": f"{subtask.entity_letter}. {subtask.entity_name}",
        "task": f"{subtask.task_no}. {subtask.task_name}",
        "subtask": subtask.subtask_name,
        "critical": words.yes_no[0] if critical else words.yes_no[1],
        "status": given.status,
        "expected_completion": given.expected_completion,
        "comment": given.comment,
        "challenges": given.challenges,
    }
    return [cells[key] for key in SUBTASK_COLUMNS]


def build_workbook(
    region_id: str,
    period: date,
    values: Mapping[str, SubtaskValues] | None = None,
    observations: Sequence[ObservationValues] = (),
    filled_by: str = "",
    updated: datetime | date | None = None,
    default_critical: Collection[str] | None = None,
    lang: str = "fi",
) -> Book:
    """The submission workbook for `region_id` and the month of `period`: Perustiedot, one
    sheet per preparation group, Huomiot and Ohjeet. A subtask's Kriittinen comes from
    `values` when given there, else from `default_critical` (default: default_critical_ids()).
    In Swedish (`lang` 'sv') the sheet names, headers, drop-down words and instructions are
    Swedish (Grunduppgifter, Iakttagelser, Anvisningar); the roadmap's names stay Finnish."""
    w = template_words(lang)
    region_name = _region_name(region_id, lang)
    values = values or {}
    _check_values(values)
    critical_ids = default_critical_ids() if default_critical is None else set(default_critical)
    month = f"{period:%Y-%m}"

    book = Book()
    info = [
        (w.info_labels["region"], region_name),
        (w.info_labels["period"], month),
        (w.info_labels["filled_by"], filled_by),
        (w.info_labels["updated"], updated),
        (w.version_label, FORMAT_VERSION),
    ]
    template_styles.write_pairs(book.add(w.info_sheet), info)

    group_names = {g["group_code"]: g[f"name_{lang}"] for g in catalogue.groups()}
    subtask_choices = {"critical": w.yes_no, "status": w.status_choices}
    for code in catalogue.GROUP_CODES:
        rows = [
            _subtask_row(s, values.get(s.subtask_id), critical_ids, w)
            for s in catalogue.subtasks()
            if s.group_code == code
        ]
        title = w.group_title.format(code=code, name=group_names[code], month=month)
        template_styles.write_table(book.add(code), title, w.subtask_columns, rows, subtask_choices)

    observation_rows = [
        [o.kind, o.group, o.text, o.severity, _yes_no(o.red_flag, w)] for o in observations
    ]
    observation_choices = {
        "kind": w.kind_choices,
        "group": catalogue.GROUP_CODES,
        "severity": w.severity_choices,
        "red_flag": w.yes_no,
    }
    # Empty rows below the given ones still carry the drop-downs, for new observations.
    template_styles.write_table(
        book.add(w.observations_sheet),
        w.observations_title.format(region=region_name, month=month),
        w.observation_columns,
        observation_rows,
        observation_choices,
        spare_rows=EMPTY_OBSERVATION_ROWS,
    )
    template_styles.write_instructions(
        book.add(w.instructions_sheet),
        group_names,
        swedish_instruction_rows(group_names) if lang == "sv" else None,
    )
    return book


def _yes_no(value: bool | str, words: TemplateWords = FINNISH) -> str:
    return value if isinstance(value, str) else words.yes_no[0 if value else 1]


def write_workbook(path: Path, region_id: str, period: date, **kwargs) -> Path:
    """Save build_workbook(region_id, period, **kwargs) to `path`; returns `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    build_workbook(region_id, period, **kwargs).save(path)
    return path


def template_bytes(region_id: str, period: date, **kwargs) -> bytes:
    """The workbook of build_workbook(region_id, period, **kwargs) as .xlsx file bytes."""
    buffer = io.BytesIO()
    build_workbook(region_id, period, **kwargs).save(buffer)
    return buffer.getvalue()


_PREVIOUS_SQL = """
WITH latest AS (
    SELECT max(period) AS period FROM v_current_submissions WHERE region_id = ? AND period < ?
)
SELECT st.subtask_id, st.critical, st.status, st.expected_completion, st.comment
FROM v_subtask_status st
JOIN latest USING (period)
WHERE st.region_id = ? AND st.source_row IS NOT NULL
ORDER BY st.subtask_id
"""


def previous_values(
    con: duckdb.DuckDBPyConnection, region_id: str, period: date, lang: str = "fi"
) -> dict[str, SubtaskValues]:
    """What the region's newest current submission before the month of `period` said, per
    subtask id, with status codes turned back into the template's labels; empty when there
    is none. Subtasks that submission did not mention are left out, so defaults apply."""
    month = period.replace(day=1)
    labels = dict(zip(STATUS_CODES, template_words(lang).status_choices, strict=True))
    rows = con.cursor().execute(_PREVIOUS_SQL, [region_id, month, region_id]).fetchall()
    return {
        subtask_id: SubtaskValues(
            critical=bool(critical),
            status=labels.get(status),
            expected_completion=expected,
            comment=comment,
        )
        for subtask_id, critical, status, expected, comment in rows
    }
