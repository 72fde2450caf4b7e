"""The human mess a loader must handle is in the sample, and all of it loads."""

from __future__ import annotations

import python_calamine as calamine

from common import catalogue
from loaders.template.writer import STATUS_CHOICES
from tests.loaders.sample.conftest import query


def test_file_names_and_folders(sample):
    for path in sample.summary.clean_files:
        assert path.exists()
        assert path.parent.parent == sample.out / "clean"
        region_id, month = path.stem.split("_")[:2]
        assert path.parent.name == month
        assert region_id in {r["region_id"] for r in catalogue.regions()}
    assert len(sample.summary.clean_files) == 22 * 17 - 1 + 1  # one missing, one resubmitted


def test_a_late_file_among_files_sent_by_the_fifth(sample):
    days = query(
        sample,
        "SELECT day(reported_at), count(*) FROM v_current_submissions GROUP BY 1 ORDER BY 1",
    )
    late = sum(n for day, n in days if day > 5)
    on_time = sum(n for day, n in days if day <= 5)
    assert 1 <= late <= 0.03 * (late + on_time)
    assert max(day for day, _ in days) >= 10


def test_the_corrected_resubmission_supersedes_the_original(sample):
    rows = query(
        sample,
        """SELECT file_name, superseded, submission_id FROM v_submissions
           WHERE (region_id, period) IN (SELECT region_id, period FROM v_submissions
                                         WHERE superseded)
           ORDER BY loaded_at""",
    )
    assert [(name.endswith("_korjattu.xlsx"), superseded) for name, superseded, _ in rows] == [
        (False, True),
        (True, False),
    ]
    original, corrected = rows[0][2], rows[1][2]
    changed = query(
        sample,
        """SELECT count(*) FROM status_reports a JOIN status_reports b USING (subtask_id)
           WHERE a.submission_id = ? AND b.submission_id = ?
             AND a.status IS DISTINCT FROM b.status""",
        [original, corrected],
    )[0][0]
    assert changed > 0


def test_status_words_drift_from_the_drop_down(sample):
    raw = {
        word
        for (word,) in query(sample, "SELECT DISTINCT status_raw FROM status_reports")
        if word is not None
    }
    odd = raw - set(STATUS_CHOICES)
    assert any("%" in word for word in odd)
    assert any(word != word.strip() for word in odd)
    assert len(odd) >= 8


def _sheets(path) -> dict[str, list[list[object]]]:
    book = calamine.CalamineWorkbook.from_path(str(path))
    try:
        return {
            n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names
        }
    finally:
        book.close()


def test_files_carry_title_rows_renamed_sheets_and_text_dates(sample):
    renamed = title_rows = text_dates = typed_months = 0
    for path in sample.summary.clean_files:
        sheets = _sheets(path)
        renamed += not set(catalogue.GROUP_CODES) <= set(sheets)
        info = {row[0]: row[1] for row in sheets["Perustiedot"] if row and row[0]}
        typed_months += not (
            isinstance(info["Raportointikuukausi"], str) and "-" in info["Raportointikuukausi"]
        )
        group_sheets = [n for n in sheets if catalogue.resolve_group(n)]
        first = sheets[group_sheets[0]]
        header_row = next(i for i, row in enumerate(first) if "Tunnus" in row)
        title_rows += header_row > 1
        column = first[header_row].index("Arvioitu valmistumisaika")
        text_dates += any(
            isinstance(row[column], str) and row[column].count(".") == 2
            for row in first[header_row + 1 :]
        )
    files = len(sample.summary.clean_files)
    for count in (renamed, title_rows, text_dates, typed_months):
        assert 0 < count < files / 2
